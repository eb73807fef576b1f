// Ops run `npm run connections` from their own machine, often against the production
// database. Without LEADCLOCK_ENCRYPTION_KEY the CLI falls back to the local key in .data/,
// and every secret it wrote would be unreadable by the server (its webhooks would answer
// 401, its sends and booking checks would fail). So before a command writes a secret, the
// key must open the secrets already stored: if the database holds secrets and none of the
// most recent ones decrypt, the command is refused and nothing is written.
import { decryptSecret } from "@/lib/crypto/secret-box";
import type { Db } from "@/lib/prisma-client";
import { SafeError } from "@/lib/safe-error";

const SAMPLE = 5;

export async function assertEncryptionKeyFits({ db, key }: { db: Db; key: Buffer }): Promise<void> {
  const rows = await db.providerConnection.findMany({
    where: { OR: [{ webhookSecretEnc: { not: null } }, { apiKeyEnc: { not: null } }] },
    select: { webhookSecretEnc: true, apiKeyEnc: true },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: SAMPLE,
  });
  const stored = rows.flatMap((r) => [r.webhookSecretEnc, r.apiKeyEnc]).filter((s): s is string => Boolean(s));
  if (stored.length === 0) return;
  for (const secret of stored) {
    try {
      decryptSecret(secret, key);
      return;
    } catch {
      // try the next one: a single secret written under an older key does not decide it
    }
  }
  throw new SafeError(
    "LEADCLOCK_ENCRYPTION_KEY does not open the secrets already stored in this database, so a secret written now " +
      "would be unreadable by the server. Set LEADCLOCK_ENCRYPTION_KEY to the server's key (the local key in .data/ " +
      "only fits the local database). Nothing was written.",
  );
}
