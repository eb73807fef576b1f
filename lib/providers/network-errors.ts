// Reading the "fetch failed" errors of Node's fetch (undici): the cause carries a system or
// undici code. Some codes can only happen before a request is written (the connection or
// its TLS handshake never completed); everything else may have happened after.

// Connect-phase failures: no connection, so nothing was written.
const CONNECT_CODES = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EAI_FAIL",
  "EHOSTUNREACH",
  "EHOSTDOWN",
  "ENETUNREACH",
  "ENETDOWN",
  "EADDRNOTAVAIL",
  "UND_ERR_CONNECT_TIMEOUT",
]);
// TLS handshake failures (certificate, protocol): the request is written only after the handshake.
const TLS_CODE = /^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|HOSTNAME_MISMATCH)/;

type Coded = { code?: unknown; message?: unknown; errors?: unknown; cause?: unknown };

function causeOf(error: unknown): Coded | null {
  const cause = (error as Coded | null)?.cause ?? error;
  return cause !== null && typeof cause === "object" ? (cause as Coded) : null;
}

function codesOf(error: unknown): string[] {
  const cause = causeOf(error);
  if (!cause) return [];
  // A host with several addresses fails with an AggregateError of one error per address.
  if (Array.isArray(cause.errors)) return cause.errors.flatMap((inner) => codesOf({ cause: inner }));
  return typeof cause.code === "string" ? [cause.code] : [];
}

/** True when the error proves the request was never written (only then may a send be retried). */
export function neverWritten(error: unknown): boolean {
  const codes = codesOf(error);
  return codes.length > 0 && codes.every((code) => CONNECT_CODES.has(code) || TLS_CODE.test(code));
}

/** "could not connect (ECONNREFUSED)", "the connection was closed (UND_ERR_SOCKET: other side closed)". */
export function describeNetworkError(error: unknown): string {
  const codes = codesOf(error);
  const cause = causeOf(error);
  const message = typeof cause?.message === "string" && cause.message ? cause.message : String(error);
  if (codes.length > 0 && codes.every((code) => CONNECT_CODES.has(code))) {
    return `could not connect (${[...new Set(codes)].join(", ")})`;
  }
  if (codes.some((code) => TLS_CODE.test(code))) return `TLS failed (${codes.join(", ")}: ${message})`;
  if (codes.includes("ECONNRESET") || codes.includes("UND_ERR_SOCKET") || codes.includes("EPIPE")) {
    return `the connection was closed (${codes.join(", ")}: ${message})`;
  }
  return codes.length > 0 ? `${message} (${codes.join(", ")})` : message;
}
