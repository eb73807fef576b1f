// The URL an admin pastes into the provider. GoHighLevel has one app-wide URL (its
// deliveries name their location); every other provider gets a URL per connection,
// so the path alone says which connection's secret to check.
import type { Provider } from "@/lib/generated/prisma/enums";
import { PROVIDER_SLUG } from "./providers";

/**
 * The public origin webhooks are posted to: LEADCLOCK_PUBLIC_URL, else BETTER_AUTH_URL,
 * else the origin of the request that asked (callers pass all three; nothing is read
 * from the environment here). LEADCLOCK_PUBLIC_URL keeps its path (an app behind a
 * proxy prefix); the others contribute their origin only.
 */
export function resolvePublicBaseUrl(sources: {
  publicUrl?: string | null;
  authUrl?: string | null;
  requestOrigin?: string | null;
}): string {
  const candidates = [
    [sources.publicUrl, true],
    [sources.authUrl, false],
    [sources.requestOrigin, false],
  ] as const;
  for (const [candidate, keepPath] of candidates) {
    const trimmed = candidate?.trim();
    if (!trimmed) continue;
    try {
      const url = new URL(trimmed);
      if (url.protocol !== "http:" && url.protocol !== "https:") continue;
      return keepPath ? `${url.origin}${url.pathname}`.replace(/\/+$/, "") : url.origin;
    } catch {
      // not a URL: try the next source
    }
  }
  throw new Error("No public URL: set LEADCLOCK_PUBLIC_URL (e.g. https://app.example.com)");
}

export function webhookUrlFor({
  baseUrl,
  provider,
  connectionId,
}: {
  baseUrl: string;
  provider: Provider;
  connectionId: string;
}): string {
  const base = baseUrl.replace(/\/+$/, "");
  if (provider === "GHL") return `${base}/api/webhooks/ghl`;
  return `${base}/api/webhooks/${PROVIDER_SLUG[provider]}/${connectionId}`;
}
