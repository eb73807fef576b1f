// Which connection a delivery is for: the uuid in the URL path (Unipile, SmartLead,
// Instantly) or the account id in the payload (GoHighLevel's locationId). A malformed id, an
// unknown one and a disabled connection all come back null, and the caller answers each the
// same 401, so probing ids reveals nothing.
import type { Provider } from "@/lib/generated/prisma/enums";
import type { Db } from "@/lib/prisma-client";
import { CONNECTION_SECRETS_SELECT, type EncryptedConnectionSecrets } from "@/lib/connections/connection-secrets";
import { UUID_PATTERN } from "@/lib/uuid";

export type ConnectionRecord = EncryptedConnectionSecrets & {
  id: string;
  clientId: string;
  provider: Provider;
  externalAccountId: string;
  mode: "live" | "sandbox";
  /** The workspace's country for phone numbers without a country code. */
  defaultCountry: string;
};

const SELECT = {
  id: true,
  clientId: true,
  provider: true,
  externalAccountId: true,
  mode: true,
  disabledAt: true,
  ...CONNECTION_SECRETS_SELECT,
  client: { select: { defaultCountry: true } },
} as const;

type Row = {
  id: string;
  clientId: string;
  provider: Provider;
  externalAccountId: string;
  mode: "live" | "sandbox";
  disabledAt: Date | null;
  client: { defaultCountry: string };
} & EncryptedConnectionSecrets;

function usable(row: Row | null): ConnectionRecord | null {
  if (!row || row.disabledAt) return null;
  const { client, disabledAt: _disabledAt, ...rest } = row;
  return { ...rest, defaultCountry: client.defaultCountry };
}

export async function findConnectionById(
  db: Db,
  provider: Provider,
  id: string | null,
): Promise<ConnectionRecord | null> {
  if (!id || !UUID_PATTERN.test(id)) return null;
  return usable(await db.providerConnection.findFirst({ where: { id, provider }, select: SELECT }));
}

export async function findConnectionByAccount(
  db: Db,
  provider: Provider,
  externalAccountId: string | null,
): Promise<ConnectionRecord | null> {
  if (!externalAccountId) return null;
  return usable(
    await db.providerConnection.findUnique({
      where: { provider_externalAccountId: { provider, externalAccountId } },
      select: SELECT,
    }),
  );
}
