// Reads a webhook's raw body exactly once, as bytes, refusing anything over the hard cap
// without buffering it: a declared Content-Length over the cap is refused before a byte is
// read, and a body without one (chunked) is refused as soon as the running total passes it.
// Signatures are computed over these bytes, so nothing may re-serialize them.

/**
 * Hard cap on a webhook body: 4 MiB (4,194,304 bytes). The largest authentic deliveries we
 * know of are 1–3 MB emails with inline images; a body over the cap is answered 413.
 */
export const MAX_WEBHOOK_BODY_BYTES = 4 * 1024 * 1024;

export type BodyReadResult = { ok: true; body: Buffer } | { ok: false; reason: "too-large"; bytesSeen: number };

export async function readBodyWithCap(
  request: Request,
  maxBytes: number = MAX_WEBHOOK_BODY_BYTES,
): Promise<BodyReadResult> {
  const declared = request.headers.get("content-length");
  if (declared !== null && /^\d+$/.test(declared.trim()) && Number(declared.trim()) > maxBytes) {
    await request.body?.cancel().catch(() => undefined);
    return { ok: false, reason: "too-large", bytesSeen: Number(declared.trim()) };
  }
  if (!request.body) return { ok: true, body: Buffer.alloc(0) };
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) {
        await reader.cancel().catch(() => undefined);
        return { ok: false, reason: "too-large", bytesSeen: total };
      }
      chunks.push(value);
    }
  } finally {
    reader.releaseLock();
  }
  return { ok: true, body: Buffer.concat(chunks, total) };
}

/** Header names lower-cased (the Fetch API already does; this makes the record plain and frozen). */
export function lowerCaseHeaders(headers: Headers): Readonly<Record<string, string>> {
  const result: Record<string, string> = {};
  headers.forEach((value, name) => {
    result[name.toLowerCase()] = value;
  });
  return Object.freeze(result);
}
