// Which database errors a webhook should answer "retry later" to (429 GHL / 503 others), and a
// small retry for the ones a second attempt of the same transaction resolves by itself.
import { isDatabaseUnreachable } from "@/lib/db-errors";

// Prisma: transaction write conflict / deadlock (P2034), interactive transaction expired (P2028).
// SQLSTATE: serialization failure, deadlock detected.
const RETRYABLE_CODES = new Set(["P2034", "40001", "40P01"]);
const TRANSIENT_CODES = new Set([...RETRYABLE_CODES, "P2028"]);

function codes(error: unknown, depth = 0): string[] {
  if (error === null || typeof error !== "object" || depth > 4) return [];
  const node = error as { code?: unknown; meta?: { code?: unknown; driverAdapterError?: unknown }; cause?: unknown };
  const own = [node.code, node.meta?.code].filter((code): code is string => typeof code === "string");
  const driver = node.meta?.driverAdapterError as { cause?: { originalCode?: unknown } } | undefined;
  if (typeof driver?.cause?.originalCode === "string") own.push(driver.cause.originalCode);
  return [...own, ...codes(node.cause, depth + 1)];
}

export function isTransientDbError(error: unknown): boolean {
  return isDatabaseUnreachable(error) || codes(error).some((code) => TRANSIENT_CODES.has(code));
}

/** A unique violation (P2002) can only come from a race the locks did not foresee; one more try settles it. */
function isRetryable(error: unknown): boolean {
  return codes(error).some((code) => RETRYABLE_CODES.has(code) || code === "P2002" || code === "23505");
}

export async function withTransactionRetry<T>(run: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      if (attempt >= attempts || !isRetryable(error)) throw error;
    }
  }
}
