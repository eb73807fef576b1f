// The banner after "Connect with OAuth" comes back (?oauth=<outcome>&connection=<id>): one of
// the fixed sentences of lib/appointments/oauth-connect/oauth-outcome.ts, for a connection of
// this page's list. Unknown codes or connections show nothing: no text from the URL is echoed.
import { isOAuthOutcome, oauthOutcomeMessage } from "@/lib/appointments/oauth-connect/oauth-outcome";
import { isOAuthProvider } from "@/lib/appointments/oauth-connect/oauth-providers";

export function OAuthNotice({
  outcome,
  connectionId,
  connections,
}: {
  outcome: unknown;
  connectionId: unknown;
  connections: { id: string; provider: string; externalAccountId: string }[];
}) {
  const connection = connections.find((c) => c.id === connectionId);
  if (!isOAuthOutcome(outcome) || !connection || !isOAuthProvider(connection.provider)) return null;
  const ok = outcome === "connected";
  return (
    <p
      role={ok ? "status" : "alert"}
      data-testid="oauth-notice"
      className={
        "mb-6 rounded-md border px-4 py-3 text-sm " +
        (ok ? "border-emerald-200 bg-emerald-50 text-emerald-800" : "border-red-200 bg-red-50 text-red-800")
      }
    >
      {oauthOutcomeMessage({ outcome, provider: connection.provider, accountId: connection.externalAccountId })}
    </p>
  );
}
