// How a connect attempt ended, as the code the callback puts in the connections page's URL
// (`?oauth=<outcome>&connection=<id>`) and the sentence the page shows for it. The page never
// shows text from the URL or from the provider: only these fixed sentences.
import type { AppointmentProvider } from "@/lib/generated/prisma/enums";
import { PROVIDER_LABEL } from "@/lib/connections/providers";
import { OAUTH_PROVIDERS } from "./oauth-providers";

export const OAUTH_OUTCOMES = [
  "connected",
  "not_configured",
  "denied",
  "provider_refused",
  "code_rejected",
  "client_rejected",
  "provider_error",
  "unreachable",
  "bad_answer",
  "wrong_account",
] as const;

export type OAuthOutcome = (typeof OAUTH_OUTCOMES)[number];
export type OAuthFailure = Exclude<OAuthOutcome, "connected">;

export function isOAuthOutcome(value: unknown): value is OAuthOutcome {
  return typeof value === "string" && (OAUTH_OUTCOMES as readonly string[]).includes(value);
}

export function oauthOutcomeMessage(args: {
  outcome: OAuthOutcome;
  provider: AppointmentProvider;
  accountId: string;
}): string {
  const name = PROVIDER_LABEL[args.provider];
  const prefix = OAUTH_PROVIDERS[args.provider].envPrefix;
  const account = args.provider === "GHL" ? `the location ${args.accountId}` : `the Calendly account ${args.accountId}`;
  switch (args.outcome) {
    case "connected":
      return `${name} connected with OAuth. Bookings for ${account} are now read with its token.`;
    case "not_configured":
      return `${name} OAuth is not set up on this server: set ${prefix}_CLIENT_ID and ${prefix}_CLIENT_SECRET.`;
    case "denied":
      return `${name} access was not granted. Nothing was changed.`;
    case "provider_refused":
      return `${name} refused the authorization request. Check the OAuth app's redirect URL and scopes, then try again.`;
    case "code_rejected":
      return `${name} refused the authorization code (it expired or was already used). Connect again.`;
    case "client_rejected":
      return `${name} refused this server's OAuth app credentials: check ${prefix}_CLIENT_ID and ${prefix}_CLIENT_SECRET.`;
    case "provider_error":
      return `${name} answered with an error while issuing the token. Nothing was changed; try again in a moment.`;
    case "unreachable":
      return `${name} could not be reached for the token (network error or timeout). Nothing was changed; try again.`;
    case "bad_answer":
      return `${name} answered without a usable token pair. Nothing was changed.`;
    case "wrong_account":
      return (
        `The ${name} account you authorized is not this connection's (${args.accountId}). ` +
        `Nothing was changed: connect again and choose ${account}.`
      );
  }
}
