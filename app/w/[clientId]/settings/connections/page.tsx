import type { Metadata } from "next";
import { AddConnectionForm } from "@/components/settings/add-connection-form";
import { ConnectionList } from "@/components/settings/connection-list";
import { MemberIdentities } from "@/components/settings/member-identities";
import { OAuthNotice } from "@/components/settings/oauth-notice";
import { oauthAppsFrom } from "@/lib/appointments/oauth-connect/oauth-config";
import { Card, PageHeader } from "@/components/ui/card";
import { ADMIN_ROLES } from "@/lib/auth/client-scope";
import { requireClientScope } from "@/lib/auth/require-scope";
import { listConnections } from "@/lib/connections/list-connections";
import { listMemberIdentities } from "@/lib/connections/list-member-identities";
import { requestBaseUrl } from "@/lib/connections/request-base-url";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import type { AppointmentProvider } from "@/lib/generated/prisma/enums";

export const metadata: Metadata = { title: "Connections" };

export default async function ConnectionsPage({
  params,
  searchParams,
}: {
  params: Promise<{ clientId: string }>;
  searchParams: Promise<{ oauth?: string | string[]; connection?: string | string[] }>;
}) {
  const { clientId } = await params;
  const { oauth, connection } = await searchParams;
  // The layout already answered 404 to non-admins; asking again costs nothing (cached).
  const scope = await requireClientScope(clientId, ADMIN_ROLES);
  const now = new Date();
  const baseUrl = await requestBaseUrl();
  const [connections, members] = await Promise.all([
    listConnections({ db, clientId: scope.clientId, baseUrl, now }),
    listMemberIdentities({ db, clientId: scope.clientId }),
  ]);
  const oauthApps = Object.keys(oauthAppsFrom(env())) as AppointmentProvider[];
  return (
    <>
      <PageHeader
        title="Connections"
        description={`Provider accounts that deliver this workspace's messages · times in ${scope.timezone}`}
      />
      <OAuthNotice outcome={oauth} connectionId={connection} connections={connections} />
      <Card
        title="Provider accounts"
        description="Paste each webhook URL into the provider. Counts cover the last 24 hours of deliveries."
      >
        <ConnectionList
          clientId={scope.clientId}
          connections={connections}
          timeZone={scope.timezone}
          now={now}
          oauthApps={oauthApps}
        />
      </Card>
      <Card
        title="Add a connection"
        description="Live connections deliver replies through the provider; sandbox ones record them only."
        className="mt-6"
      >
        <AddConnectionForm clientId={scope.clientId} />
      </Card>
      <Card
        title="Member identities"
        description="A reply a member sends from the provider's own app counts as theirs when their provider id is mapped here."
        className="mt-6"
      >
        <MemberIdentities clientId={scope.clientId} members={members} />
      </Card>
    </>
  );
}
