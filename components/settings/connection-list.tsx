// The workspace's provider connections with their health. Rendered on the server from
// the safe view (no secret is ever in these props); the buttons are client components.
import type { ConnectionWithHealth } from "@/lib/connections/list-connections";
import { PROVIDER_LABEL } from "@/lib/connections/providers";
import { formatCount, formatInTimeZone } from "@/lib/format";
import type { AppointmentProvider } from "@/lib/generated/prisma/enums";
import { ConnectionActions } from "./connection-actions";
import { ConnectionOAuth } from "./connection-oauth";
import { CopyableValue } from "./copy-button";

function ModeBadge({ mode }: { mode: "live" | "sandbox" }) {
  return (
    <span
      className={
        "rounded-full px-2 py-0.5 text-xs font-medium " +
        (mode === "live" ? "bg-emerald-50 text-emerald-700" : "bg-amber-50 text-amber-800")
      }
    >
      {mode === "live" ? "Live" : "Sandbox"}
    </span>
  );
}

function Fact({ label, children, testId }: { label: string; children: React.ReactNode; testId?: string }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">{label}</dt>
      <dd data-testid={testId} className="mt-0.5 text-sm text-slate-800">
        {children}
      </dd>
    </div>
  );
}

export function ConnectionList({
  clientId,
  connections,
  timeZone,
  now,
  oauthApps = [],
}: {
  clientId: string;
  connections: ConnectionWithHealth[];
  timeZone: string;
  now: Date;
  /** Booking providers whose OAuth app is configured on the server ("Connect with OAuth"). */
  oauthApps?: readonly AppointmentProvider[];
}) {
  if (connections.length === 0) {
    return <p className="text-sm text-slate-600">No provider connections yet. Add one below.</p>;
  }
  return (
    <ul className="divide-y divide-slate-100">
      {connections.map((c) => {
        const provider = PROVIDER_LABEL[c.provider];
        return (
          <li
            key={c.id}
            id={`connection-${c.id}`}
            data-testid="connection-row"
            aria-label={`${provider} ${c.externalAccountId}`}
            className={"space-y-3 py-4 first:pt-0 last:pb-0 " + (c.disabledAt ? "opacity-70" : "")}
          >
            <div className="flex flex-wrap items-center gap-2">
              <h3 className="text-sm font-semibold text-slate-900">{provider}</h3>
              <code className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs text-slate-700">
                {c.externalAccountId}
              </code>
              <ModeBadge mode={c.mode} />
              {c.label ? <span className="text-xs text-slate-500">{c.label}</span> : null}
              {c.disabledAt ? (
                <span className="rounded-full bg-slate-200 px-2 py-0.5 text-xs font-medium text-slate-700">
                  Disabled {formatInTimeZone(c.disabledAt, timeZone)}
                </span>
              ) : null}
            </div>
            <dl className="grid gap-3 sm:grid-cols-2 lg:grid-cols-6">
              <div className="min-w-0 sm:col-span-2 lg:col-span-6">
                <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">Webhook URL</dt>
                <dd className="mt-0.5">
                  <CopyableValue value={c.webhookUrl} label="Copy webhook URL" testId="webhook-url" />
                </dd>
              </div>
              <Fact label="Last event" testId="last-event">
                {c.lastEventAt ? formatInTimeZone(c.lastEventAt, timeZone) : "Never"}
              </Fact>
              <Fact label="Accepted, 24 h" testId="accepted-24h">
                <span className="tabular-nums">{formatCount(c.accepted24h)}</span>
              </Fact>
              <Fact label="Rejected, 24 h" testId="rejected-24h">
                <span className={"tabular-nums " + (c.rejected24h > 0 ? "font-semibold text-red-700" : "")}>
                  {formatCount(c.rejected24h)}
                </span>
              </Fact>
              <Fact label="Last error" testId="last-error">
                {c.lastError ? (
                  <span className="text-red-700">
                    {c.lastError}
                    {c.lastErrorAt ? (
                      <span className="block text-xs text-slate-500">{formatInTimeZone(c.lastErrorAt, timeZone)}</span>
                    ) : null}
                  </span>
                ) : (
                  "None"
                )}
              </Fact>
              {c.provider === "GHL" || c.provider === "CALENDLY" ? (
                // Bookings: the reconcile cron's last pass over this connection (docs/bookings.md).
                <Fact label="Last reconcile" testId="last-reconcile">
                  {c.lastReconcileAt ? formatInTimeZone(c.lastReconcileAt, timeZone) : "Never"}
                  {c.lastReconcileError ? <span className="block text-red-700">{c.lastReconcileError}</span> : null}
                </Fact>
              ) : null}
              <Fact label="Webhook secret">
                {c.provider === "GHL"
                  ? "GoHighLevel's signing keys"
                  : c.hasWebhookSecret
                    ? c.previousSecretValidUntil && c.previousSecretValidUntil > now
                      ? `Set · previous valid until ${formatInTimeZone(c.previousSecretValidUntil, timeZone)}`
                      : "Set"
                    : "Not set"}
              </Fact>
              <Fact label="API">
                {c.hasApiKey ? "Key set" : "No key"}
                <span className="block break-all text-xs text-slate-500">
                  {c.apiBaseUrl ?? "Provider default host"}
                </span>
              </Fact>
              {c.provider === "GHL" || c.provider === "CALENDLY" ? (
                <Fact label="OAuth" testId="oauth">
                  <ConnectionOAuth
                    connectionId={c.id}
                    provider={c.provider}
                    hasOAuth={c.hasOAuth}
                    accessExpiresAt={c.oauthAccessExpiresAt}
                    appConfigured={oauthApps.includes(c.provider)}
                    timeZone={timeZone}
                    now={now}
                  />
                </Fact>
              ) : null}
            </dl>
            <ConnectionActions
              clientId={clientId}
              connectionId={c.id}
              provider={c.provider}
              mode={c.mode}
              disabled={c.disabledAt !== null}
              apiBaseUrl={c.apiBaseUrl}
            />
          </li>
        );
      })}
    </ul>
  );
}
