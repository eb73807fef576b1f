"use client";

// Maps a member to their id at a provider (GoHighLevel user id, sending mailbox, ...).
import { useRef, useState, useTransition } from "react";
import { addMemberProviderIdentity } from "@/actions/connection-actions";
import { MEMBER_ID_LABEL, PROVIDER_LABEL, PROVIDERS } from "@/lib/connections/providers";
import type { Provider } from "@/lib/generated/prisma/enums";

const input =
  "block w-full rounded-md border border-slate-300 bg-white px-2.5 py-1.5 text-sm shadow-sm focus:border-brand-500";
const fieldLabel = "mb-1 block text-xs font-medium text-slate-600";

export function MemberIdentityForm({
  clientId,
  members,
}: {
  clientId: string;
  members: { userId: string; name: string }[];
}) {
  const [provider, setProvider] = useState<Provider>("GHL");
  const [error, setError] = useState<string | null>(null);
  const [added, setAdded] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const form = useRef<HTMLFormElement>(null);

  function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const userId = String(data.get("userId") ?? "");
    startTransition(async () => {
      setError(null);
      setAdded(null);
      const result = await addMemberProviderIdentity({
        clientId,
        userId,
        provider: String(data.get("provider") ?? ""),
        externalUserId: String(data.get("externalUserId") ?? ""),
      });
      if (!result.ok) {
        setError(result.error);
        return;
      }
      const name = members.find((m) => m.userId === userId)?.name ?? "the member";
      setAdded(`Mapped ${result.data.externalUserId} to ${name}.`);
      form.current?.reset();
      setProvider("GHL");
    });
  }

  return (
    <form ref={form} onSubmit={submit} noValidate className="space-y-3" aria-labelledby="identity-form-title">
      <h3 id="identity-form-title" className="text-sm font-semibold text-slate-900">
        Map a member
      </h3>
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
        <div>
          <label htmlFor="identity-member" className={fieldLabel}>
            Member
          </label>
          <select id="identity-member" name="userId" className={input} defaultValue={members[0]?.userId}>
            {members.map((m) => (
              <option key={m.userId} value={m.userId}>
                {m.name}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="identity-provider" className={fieldLabel}>
            Provider
          </label>
          <select
            id="identity-provider"
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
          <label htmlFor="identity-external" className={fieldLabel}>
            {MEMBER_ID_LABEL[provider]}
          </label>
          <input id="identity-external" name="externalUserId" maxLength={200} autoComplete="off" className={input} />
        </div>
        <div className="flex items-end">
          <button
            type="submit"
            disabled={pending || members.length === 0}
            className="rounded-md bg-brand-600 px-3 py-1.5 text-sm font-semibold text-white shadow-sm hover:bg-brand-700 disabled:opacity-60"
          >
            {pending ? "Saving…" : "Add identity"}
          </button>
        </div>
      </div>
      {error ? (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
          {error}
        </p>
      ) : null}
      {added ? (
        <p role="status" className="text-xs text-slate-600">
          {added}
        </p>
      ) : null}
    </form>
  );
}
