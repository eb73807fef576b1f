"use client";

import { PageError } from "@/components/ui/page-error";

export default function CrmError({ retry }: { error: unknown; retry: () => void }) {
  return <PageError title="Leads" what="The lead list" retry={retry} />;
}
