"use client";

import { PageError } from "@/components/ui/page-error";

export default function ConnectionsError({ retry }: { error: unknown; retry: () => void }) {
  return <PageError title="Connections" what="The connections" retry={retry} />;
}
