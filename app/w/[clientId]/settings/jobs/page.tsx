import type { Metadata } from "next";
import { JobsCountsTable } from "@/components/settings/jobs-counts-table";
import { JobsProblemList } from "@/components/settings/jobs-problem-list";
import { JobsSendsToCheck } from "@/components/settings/jobs-sends-to-check";
import { Card, PageHeader } from "@/components/ui/card";
import { getJobOverview } from "@/lib/background-jobs/job-overview";
import { ADMIN_ROLES } from "@/lib/auth/client-scope";
import { requireClientScope } from "@/lib/auth/require-scope";
import { db } from "@/lib/db";
import { listSendsToCheck } from "@/lib/delivery/unconfirmed-sends";

export const metadata: Metadata = { title: "Jobs" };

export default async function JobsPage({ params }: { params: Promise<{ clientId: string }> }) {
  const { clientId } = await params;
  // The settings layout already answered 404 to non-admins; asking again costs nothing (cached).
  const scope = await requireClientScope(clientId, ADMIN_ROLES);
  const now = new Date();
  const [overview, toCheck] = await Promise.all([
    getJobOverview({ db, clientId: scope.clientId, now }),
    listSendsToCheck({ db, clientId: scope.clientId, now }),
  ]);
  return (
    <>
      <PageHeader
        title="Background jobs"
        description={`Post-processing, scoring and delayed auto-sends of this workspace · times in ${scope.timezone}`}
      />
      <Card
        title="Jobs by type"
        description="Pending, running and failed in full; succeeded and canceled over 24 hours."
      >
        <JobsCountsTable counts={overview.counts} />
      </Card>
      <Card
        title="Needs attention"
        description="Failed jobs keep their last error until retried or canceled."
        className="mt-6"
      >
        <JobsProblemList
          clientId={scope.clientId}
          problems={overview.problems}
          truncated={overview.problemsTruncated}
          timeZone={scope.timezone}
        />
      </Card>
      <Card
        title="Sends to check"
        description="The provider never confirmed these sends. Check its inbox, then say whether each went out; none is sent again."
        className="mt-6"
      >
        <JobsSendsToCheck
          clientId={scope.clientId}
          sends={toCheck.sends}
          truncated={toCheck.truncated}
          timeZone={scope.timezone}
        />
      </Card>
    </>
  );
}
