"use client";

import { PageError } from "@/components/ui/page-error";

export default function JobsError({ retry }: { error: unknown; retry: () => void }) {
  return <PageError title="Background jobs" what="The jobs" retry={retry} />;
}
