"use client";

// Adds a provider account to the workspace. On success the webhook URL (and, for the
// providers that use one, the new secret) is shown once, to paste into the provider.
import { useRef, useState, useTransition } from "react";
import { createProviderConnection, type RevealedSecret } from "@/actions/connection-actions";
import { ACCOUNT_ID_LABEL, PROVIDER_LABEL, PROVIDERS } from "@/lib/connections/providers";
import type { Provider } from "@/lib/generated/prisma/enums";
import { SecretReveal } from "./secret-reveal";

const input =
  "block w-full rounded-md border border-slate-300 bg-white px-2.5 py-1.5 text-sm shadow-sm focus:border-brand-500";
const fieldLabel = "mb-1 block text-xs font-medium text-slate-600";

export function AddConnectionForm({ clientId }: { clientId: string }) {
  const [provider, setProvider] = useState<Provider>("GHL");
  const [error, setError] = useState<string | null>(null);
  const [revealed, setRevealed] = useState<RevealedSecret | null>(null);
  const [pending, startTransition] = useTransition();
  const form = useRef<HTMLFormElement>(null);

  function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const text = (name: string) => String(data.get(name) ?? "");
    startTransition(async () => {
      setError(null);
      const result = await createProviderConnection({
        clientId,
        provider: text("provider"),
        externalAccountId: text("externalAccountId"),
        mode: text("mode"),
        apiKey: text("apiKey"),
        apiBaseUrl: text("apiBaseUrl"),
      });
      if (!result.ok) {
        setError(result.error);
        return;
      }
      form.current?.reset();
      setProvider("GHL");
      setRevealed(result.data);
    });
  }

  return (
    <div className="space-y-4">
      <form
        ref={form}
        onSubmit={submit}
        aria-label="Add a connection"
        className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3"
        noValidate
      >
        <div>
          <label htmlFor="connection-provider" className={fieldLabel}>
            Provider
          </label>
          <select
            id="connection-provider"
            name="provider"
            defaultValue="GHL"
            onChange={(e) => setProvider(e.target.value as Provider)}
            className={input}
          >
            {PROVIDERS.map((p) => (
              <option key={p} value={p}>
                {PROVIDER_LABEL[p]}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="connection-account" className={fieldLabel}>
            Account id
          </label>
          <input
            id="connection-account"
            name="externalAccountId"
            required
            maxLength={200}
            autoComplete="off"
            aria-describedby="connection-account-help"
            className={input}
          />
          <p id="connection-account-help" className="mt-1 text-xs text-slate-500">
            {PROVIDER_LABEL[provider]}: {ACCOUNT_ID_LABEL[provider].toLowerCase()}
          </p>
        </div>
        <div>
          <label htmlFor="connection-mode" className={fieldLabel}>
            Mode
          </label>
          <select id="connection-mode" name="mode" defaultValue="live" className={input}>
            <option value="live">Live — replies are delivered</option>
            <option value="sandbox">Sandbox — replies are recorded, not delivered</option>
          </select>
        </div>
        <div>
          <label htmlFor="connection-api-key" className={fieldLabel}>
            API key (optional)
          </label>
          <input
            id="connection-api-key"
            name="apiKey"
            type="password"
            autoComplete="new-password"
            maxLength={4000}
            className={input}
          />
        </div>
        <div>
          <label htmlFor="connection-base-url" className={fieldLabel}>
            API base URL (optional)
          </label>
          <input
            id="connection-base-url"
            name="apiBaseUrl"
            type="url"
            placeholder="Provider default"
            maxLength={500}
            className={input}
          />
        </div>
        <div className="flex items-end">
          <button
            type="submit"
            disabled={pending}
            className="rounded-md bg-brand-600 px-3 py-1.5 text-sm font-semibold text-white shadow-sm hover:bg-brand-700 disabled:opacity-60"
          >
            {pending ? "Adding…" : "Add connection"}
          </button>
        </div>
      </form>
      {error ? (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
          {error}
        </p>
      ) : null}
      {revealed ? (
        <SecretReveal
          revealed={revealed}
          title={`Connection added: ${PROVIDER_LABEL[revealed.provider]} ${revealed.externalAccountId}`}
          onDismiss={() => setRevealed(null)}
        />
      ) : null}
    </div>
  );
}
