// The answers of the two OAuth routes (app/api/oauth/[provider]/…): redirects to sign-in or
// back to the connections page with an outcome code, or a short plain-text page when there is
// no workspace to go back to. Never cached, never a Referer (the callback URL carries the code).
import type { OAuthOutcome } from "./oauth-outcome";

const HEADERS = { "Cache-Control": "no-store", "Referrer-Policy": "no-referrer" } as const;

export function redirectTo(url: string): Response {
  return new Response(null, { status: 302, headers: { ...HEADERS, Location: url } });
}

export function plainText(status: number, message: string): Response {
  return new Response(`${message}\n`, {
    status,
    headers: { ...HEADERS, "Content-Type": "text/plain; charset=utf-8", "X-Content-Type-Options": "nosniff" },
  });
}

/** Signed out: sign in, then come back to this same URL (the code stays valid for minutes). */
export function signInRedirect(baseUrl: string, request: Request): Response {
  const url = new URL(request.url);
  return redirectTo(`${baseUrl}/sign-in?next=${encodeURIComponent(`${url.pathname}${url.search}`)}`);
}

export function connectionsPageUrl(args: {
  baseUrl: string;
  clientId: string;
  connectionId: string;
  outcome: OAuthOutcome;
}): string {
  const query = new URLSearchParams({ oauth: args.outcome, connection: args.connectionId });
  return `${args.baseUrl}/w/${args.clientId}/settings/connections?${query}#connection-${args.connectionId}`;
}
