"use client";

// Shown once, right after a connection is added or its secret rotated: what to paste
// into the provider. The secret is not stored anywhere the page can read it again.
import type { RevealedSecret } from "@/actions/connection-actions";
import { PROVIDER_LABEL } from "@/lib/connections/providers";
import { CopyableValue } from "./copy-button";

/** Where the secret goes at each provider (docs/webhooks.md). */
const SECRET_PLACE = {
  GHL: "",
  UNIPILE: "as the value of an Unipile-Auth header on the webhook",
  SMARTLEAD: "as the webhook's secret key",
  INSTANTLY: "as the value of an X-Webhook-Secret header on the webhook",
  CALENDLY: "as the webhook subscription's signing key",
} as const;

export function SecretReveal({
  revealed,
  title,
  onDismiss,
}: {
  revealed: RevealedSecret;
  title: string;
  onDismiss: () => void;
}) {
  const provider = PROVIDER_LABEL[revealed.provider];
  return (
    <div
      role="status"
      data-testid="secret-reveal"
      className="space-y-3 rounded-lg border border-emerald-200 bg-emerald-50 px-4 py-3 text-sm"
    >
      <p className="font-medium text-emerald-900">{title}</p>
      <div className="space-y-1">
        <p className="text-xs font-medium text-slate-600">Webhook URL to paste into {provider}</p>
        <CopyableValue value={revealed.webhookUrl} label="Copy new webhook URL" testId="revealed-webhook-url" />
      </div>
      {revealed.webhookSecret ? (
        <div className="space-y-1">
          <p className="text-xs font-medium text-slate-600">
            Webhook secret — paste it into {provider} {SECRET_PLACE[revealed.provider]}
          </p>
          <CopyableValue value={revealed.webhookSecret} label="Copy webhook secret" testId="revealed-webhook-secret" />
          <p className="text-xs text-slate-600">
            This is the only time the secret is shown. If you lose it, rotate the secret.
            {revealed.previousValidUntil
              ? ` The previous secret keeps working until ${new Date(revealed.previousValidUntil).toLocaleString("en-US")}.`
              : ""}
          </p>
        </div>
      ) : (
        <p className="text-xs text-slate-600">
          GoHighLevel signs its webhooks with its own keys: there is no secret to paste. Leadclock finds this connection
          by the location id in each delivery.
        </p>
      )}
      <button
        type="button"
        onClick={onDismiss}
        className="text-xs font-medium text-emerald-900 underline underline-offset-2 hover:text-emerald-700"
      >
        I have copied it — hide
      </button>
    </div>
  );
}
