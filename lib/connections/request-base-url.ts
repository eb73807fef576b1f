// For pages and actions: the public base URL of webhooks from the environment, else
// from this request's origin (the host the admin is using right now).
import "server-only";
import { headers } from "next/headers";
import { env } from "@/lib/env";
import { resolvePublicBaseUrl } from "./webhook-url";

export async function requestBaseUrl(): Promise<string> {
  const config = env();
  if (config.LEADCLOCK_PUBLIC_URL || config.BETTER_AUTH_URL) {
    return resolvePublicBaseUrl({ publicUrl: config.LEADCLOCK_PUBLIC_URL, authUrl: config.BETTER_AUTH_URL });
  }
  const h = await headers();
  const host = h.get("x-forwarded-host") ?? h.get("host");
  const first = host?.split(",")[0]?.trim();
  const local = !first || /^(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/.test(first);
  const proto = h.get("x-forwarded-proto")?.split(",")[0]?.trim() || (local ? "http" : "https");
  return resolvePublicBaseUrl({ requestOrigin: first ? `${proto}://${first}` : null });
}
