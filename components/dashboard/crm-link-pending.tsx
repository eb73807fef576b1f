"use client";

// A small spinner inside a lead link while its drawer loads (the server renders the
// drawer, so a click waits for one round trip).
import { useLinkStatus } from "next/link";

export function CrmLinkPending() {
  const { pending } = useLinkStatus();
  return (
    <span
      aria-hidden="true"
      className={`ml-1.5 inline-block h-3 w-3 rounded-full border-2 border-brand-500 border-t-transparent align-middle ${pending ? "animate-spin" : "invisible"}`}
    />
  );
}
