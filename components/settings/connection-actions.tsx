"use client";

// The buttons of one connection: switch mode, rotate the secret (shown once), disable
// or enable, and set the API key / base URL. Each calls a server action, which
// revalidates the page, so the list shows the new state at once.
import { useState, useTransition } from "react";
import {
  disableProviderConnection,
  enableProviderConnection,
  rotateProviderConnectionSecret,
  setProviderConnectionMode,
  type RevealedSecret,
} from "@/actions/connection-actions";
import type { ActionResult } from "@/lib/auth/action-result";
import type { ConnectionMode, Provider } from "@/lib/generated/prisma/enums";
import { ConnectionCredentialsForm } from "./connection-credentials-form";
import { SecretReveal } from "./secret-reveal";

const button =
  "rounded-md border border-slate-300 bg-white px-2.5 py-1 text-xs font-medium text-slate-700 shadow-sm hover:bg-slate-50 disabled:opacity-60";

export function ConnectionActions({
  clientId,
  connectionId,
  provider,
  mode,
  disabled,
  apiBaseUrl,
}: {
  clientId: string;
  connectionId: string;
  provider: Provider;
  mode: ConnectionMode;
  disabled: boolean;
  apiBaseUrl: string | null;
}) {
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const [revealed, setRevealed] = useState<RevealedSecret | null>(null);
  const [editing, setEditing] = useState(false);
  const ref = { clientId, connectionId };

  function run<T>(action: () => Promise<ActionResult<T>>, onOk?: (data: T) => void) {
    startTransition(async () => {
      setError(null);
      const result = await action();
      if (!result.ok) setError(result.error);
      else onOk?.(result.data);
    });
  }

  const otherMode: ConnectionMode = mode === "live" ? "sandbox" : "live";
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center gap-2">
        {disabled ? (
          <button
            type="button"
            disabled={pending}
            className={button}
            onClick={() => run(() => enableProviderConnection(ref))}
          >
            Enable
          </button>
        ) : (
          <>
            <button
              type="button"
              disabled={pending}
              className={button}
              onClick={() => run(() => setProviderConnectionMode({ ...ref, mode: otherMode }))}
            >
              {otherMode === "live" ? "Switch to live" : "Switch to sandbox"}
            </button>
            {provider !== "GHL" ? (
              <button
                type="button"
                disabled={pending}
                className={button}
                onClick={() => {
                  if (!window.confirm("Create a new webhook secret? The current one keeps working for 24 hours."))
                    return;
                  run(() => rotateProviderConnectionSecret(ref), setRevealed);
                }}
              >
                Rotate secret
              </button>
            ) : null}
            <button type="button" disabled={pending} className={button} onClick={() => setEditing((v) => !v)}>
              {editing ? "Close API settings" : "API key & base URL"}
            </button>
            <button
              type="button"
              disabled={pending}
              className={`${button} text-red-700`}
              onClick={() => {
                if (!window.confirm("Disable this connection? Its webhooks will be refused until you enable it again."))
                  return;
                run(() => disableProviderConnection(ref));
              }}
            >
              Disable
            </button>
          </>
        )}
        {pending ? <span className="text-xs text-slate-500">Saving…</span> : null}
      </div>
      {error ? (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
          {error}
        </p>
      ) : null}
      {editing && !disabled ? (
        <ConnectionCredentialsForm
          clientId={clientId}
          connectionId={connectionId}
          apiBaseUrl={apiBaseUrl}
          onDone={() => setEditing(false)}
        />
      ) : null}
      {revealed ? (
        <SecretReveal revealed={revealed} title="New webhook secret created" onDismiss={() => setRevealed(null)} />
      ) : null}
    </div>
  );
}
