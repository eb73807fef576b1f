// One sandbox connection per provider in each demo workspace, and each demo setter's
// GoHighLevel user id. Ids and external account ids are deterministic (fixed per
// workspace, so `npm run webhooks:simulate` and the docs can name them); the webhook
// secrets are random and stored encrypted, like real ones, so they are the one part of
// these rows that differs between two seeds.
import { generateWebhookSecret, usesWebhookSecret } from "@/lib/connections/connection-secrets";
import { PROVIDERS } from "@/lib/connections/providers";
import { encryptSecret } from "@/lib/crypto/secret-box";
import type { Provider } from "@/lib/generated/prisma/enums";
import { MINUTE, type WorkspaceRuntime } from "./lead-context";
import { Rng } from "./rng";
import { iso, type TableSpec } from "./rows";
import type { DemoWorkspace } from "./workspaces";

/** External account ids in each provider's own style (GHL: 20-char locationId, Unipile: 22-char account_id, ...). */
export const DEMO_ACCOUNT_IDS: Record<DemoWorkspace["key"], Record<Provider, string>> = {
  northwind: {
    GHL: "NwDemoLocation7Hq2Xk",
    UNIPILE: "NwDemoUnipileAcct7Hq2X",
    SMARTLEAD: "910001",
    INSTANTLY: "01970000-0000-7000-8000-00000000a001",
    CALENDLY: "https://api.calendly.com/organizations/NWDEMO0000000001",
  },
  brightside: {
    GHL: "BsDemoLocation3Vm8Wc",
    UNIPILE: "BsDemoUnipileAcct3Vm8W",
    SMARTLEAD: "910002",
    INSTANTLY: "01970000-0000-7000-8000-00000000a002",
    CALENDLY: "https://api.calendly.com/organizations/BSDEMO0000000002",
  },
};

export type ProviderConnectionRow = {
  id: string;
  clientId: string;
  provider: string;
  externalAccountId: string;
  label: string;
  mode: string;
  webhookSecretEnc: string | null;
  createdAt: string;
  updatedAt: string;
};
export const PROVIDER_CONNECTION: TableSpec<ProviderConnectionRow> = {
  table: "ProviderConnection",
  columns: [
    ["id", "uuid"],
    ["clientId", "uuid"],
    ["provider", '"Provider"'],
    ["externalAccountId", "text"],
    ["label", "text"],
    ["mode", '"ConnectionMode"'],
    ["webhookSecretEnc", "text"],
    ["createdAt", "timestamptz"],
    ["updatedAt", "timestamptz"],
  ],
};

export type MemberProviderIdentityRow = {
  id: string;
  clientId: string;
  userId: string;
  provider: string;
  externalUserId: string;
  createdAt: string;
};
export const MEMBER_PROVIDER_IDENTITY: TableSpec<MemberProviderIdentityRow> = {
  table: "MemberProviderIdentity",
  columns: [
    ["id", "uuid"],
    ["clientId", "uuid"],
    ["userId", "text"],
    ["provider", '"Provider"'],
    ["externalUserId", "text"],
    ["createdAt", "timestamptz"],
  ],
};

export function buildDemoConnectionRows({
  seed,
  now,
  workspaces,
  key,
}: {
  seed: number;
  now: number;
  workspaces: readonly WorkspaceRuntime[];
  /** The encryption key the app will decrypt the secrets with (loadEncryptionKey()). */
  key: Buffer;
}): { connections: ProviderConnectionRow[]; identities: MemberProviderIdentityRow[] } {
  // A stream of its own, so adding these rows changes no other seeded value.
  const rng = new Rng(seed, "connections");
  // Connected a day before "now": recent, but before the demo's last inbound messages.
  const at = iso(now - 24 * 60 * MINUTE);
  const connections: ProviderConnectionRow[] = [];
  const identities: MemberProviderIdentityRow[] = [];
  for (const ws of workspaces) {
    for (const provider of PROVIDERS) {
      connections.push({
        id: rng.uuid(),
        clientId: ws.id,
        provider,
        externalAccountId: DEMO_ACCOUNT_IDS[ws.key][provider],
        label: "Demo (sandbox)",
        mode: "sandbox",
        webhookSecretEnc: usesWebhookSecret(provider) ? encryptSecret(generateWebhookSecret(), key) : null,
        createdAt: at,
        updatedAt: at,
      });
    }
    for (const member of ws.members) {
      if (member.role !== "SETTER") continue;
      // GoHighLevel user ids are 20 alphanumeric characters, like its location ids.
      identities.push({
        id: rng.uuid(),
        clientId: ws.id,
        userId: member.userId,
        provider: "GHL",
        externalUserId: rng.token(20),
        createdAt: at,
      });
    }
  }
  return { connections, identities };
}
