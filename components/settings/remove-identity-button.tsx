"use client";

import { useState, useTransition } from "react";
import { removeMemberProviderIdentity } from "@/actions/connection-actions";

export function RemoveIdentityButton({
  clientId,
  identityId,
  label,
}: {
  clientId: string;
  identityId: string;
  label: string;
}) {
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  return (
    <>
      <button
        type="button"
        aria-label={label}
        disabled={pending}
        onClick={() =>
          startTransition(async () => {
            const result = await removeMemberProviderIdentity({ clientId, identityId });
            setError(result.ok ? null : result.error);
          })
        }
        className="text-xs font-medium text-slate-500 hover:text-red-700 disabled:opacity-60"
      >
        {pending ? "…" : "Remove"}
      </button>
      {error ? (
        <span role="alert" className="text-xs text-red-700">
          {error}
        </span>
      ) : null}
    </>
  );
}
