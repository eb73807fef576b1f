"use client";

// Sets or replaces a connection's API key (write-only: the stored key is never shown)
// and its API base URL (blank = the provider's default host).
import { useId, useState, useTransition } from "react";
import { setProviderConnectionCredentials } from "@/actions/connection-actions";

const input =
  "block w-full rounded-md border border-slate-300 bg-white px-2.5 py-1.5 text-sm shadow-sm focus:border-brand-500";

export function ConnectionCredentialsForm({
  clientId,
  connectionId,
  apiBaseUrl,
  onDone,
}: {
  clientId: string;
  connectionId: string;
  apiBaseUrl: string | null;
  onDone: () => void;
}) {
  const id = useId();
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    startTransition(async () => {
      setError(null);
      const result = await setProviderConnectionCredentials({
        clientId,
        connectionId,
        apiKey: String(data.get("apiKey") ?? ""),
        removeApiKey: data.get("removeApiKey") === "on",
        apiBaseUrl: String(data.get("apiBaseUrl") ?? ""),
      });
      if (!result.ok) setError(result.error);
      else onDone();
    });
  }

  return (
    <form onSubmit={submit} noValidate className="grid gap-3 rounded-lg bg-slate-50 p-3 sm:grid-cols-3">
      <div>
        <label htmlFor={`${id}-key`} className="mb-1 block text-xs font-medium text-slate-600">
          New API key
        </label>
        <input
          id={`${id}-key`}
          name="apiKey"
          type="password"
          autoComplete="new-password"
          placeholder="Leave blank to keep the current one"
          maxLength={4000}
          className={input}
        />
        <label className="mt-1 flex items-center gap-1.5 text-xs text-slate-600">
          <input type="checkbox" name="removeApiKey" /> Remove the stored key
        </label>
      </div>
      <div>
        <label htmlFor={`${id}-url`} className="mb-1 block text-xs font-medium text-slate-600">
          API base URL
        </label>
        <input
          id={`${id}-url`}
          name="apiBaseUrl"
          type="url"
          defaultValue={apiBaseUrl ?? ""}
          placeholder="Provider default"
          maxLength={500}
          className={input}
        />
      </div>
      <div className="flex items-end gap-2">
        <button
          type="submit"
          disabled={pending}
          className="rounded-md bg-brand-600 px-3 py-1.5 text-sm font-semibold text-white shadow-sm hover:bg-brand-700 disabled:opacity-60"
        >
          {pending ? "Saving…" : "Save API settings"}
        </button>
      </div>
      {error ? (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700 sm:col-span-3">
          {error}
        </p>
      ) : null}
    </form>
  );
}
