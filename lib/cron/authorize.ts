// Authorization of cron routes: Vercel Cron sends `Authorization: Bearer ${CRON_SECRET}`.
//
// Only that exact form is accepted. RFC 9110 lets the scheme be matched case-insensitively,
// but Vercel always sends "Bearer" and a second accepted spelling buys nothing, so
// "bearer x", "Bearer  x" (two spaces) and anything else are refused. (Request headers
// trim leading and trailing whitespace per the Fetch standard, so "Bearer x " arrives as
// "Bearer x".) The comparison is of sha256 digests with timingSafeEqual: equal-length
// inputs, so neither the secret's content nor its length leaks through timing.
import { createHash, timingSafeEqual } from "node:crypto";
import { envSchema } from "@/lib/env";

const digest = (value: string) => createHash("sha256").update(value, "utf8").digest();

/**
 * True only when the request carries `Authorization: Bearer <secret>` exactly. Fails
 * closed: an unset or blank secret authorizes nothing (not even "Bearer " or
 * "Bearer undefined").
 */
export function authorizeCron(request: Request, secret: string | undefined): boolean {
  if (typeof secret !== "string" || secret.trim() === "") return false;
  const presented = request.headers.get("authorization");
  if (presented === null) return false;
  return timingSafeEqual(digest(presented), digest(`Bearer ${secret}`));
}

/**
 * CRON_SECRET from the environment, validated by the same rule as lib/env.ts, without
 * parsing the rest of the environment: an unauthenticated caller must get a 401 before
 * anything else can fail. An invalid value (e.g. too short) counts as unset; `onProblem`
 * hears why, so a misconfigured deployment is visible in the log instead of a silent 401.
 */
export function cronSecretFrom(
  source: Record<string, string | undefined>,
  onProblem: (message: string) => void = () => undefined,
): string | undefined {
  const parsed = envSchema.shape.CRON_SECRET.safeParse(source.CRON_SECRET);
  if (!parsed.success) {
    onProblem(`CRON_SECRET ${parsed.error.issues[0]?.message ?? "is invalid"}; refusing every request`);
    return undefined;
  }
  if (parsed.data === undefined) onProblem("CRON_SECRET is not set; refusing every request");
  return parsed.data;
}
