// The shared setup of the GoHighLevel ingest tests (webhooks-ghl*.test.ts): one workspace with
// a GHL connection for the fixtures' location on its own database, fresh TEST keys, and a
// `deliver` that signs a body and runs it through the real pipeline. Call at the top of a file.
import { afterAll, beforeAll, beforeEach, expect } from "vitest";
import { ingestWebhook } from "@/lib/webhooks/ingest";
import { createTestDatabase, type TestDatabase } from "./test-database";
import { createWorkspace } from "./fixtures";
import { generateGhlTestKeys, ghlConfig, ghlRequest, receivedJustAfter, signGhl } from "./ghl-webhook-fixtures";

export const LOCATION = "Xq3LpRt8vYb2NcK7WmZa";
export const CONTACT = "Hn4TgQw9ZkLm2PxR7sBv";
export const CONVERSATION = "Ud8KsN2cVb6QpLr4TyXe";
export const quiet = { warn: () => undefined, error: () => undefined };

export function ghlIngestHarness() {
  const keys = generateGhlTestKeys();
  const config = ghlConfig(keys);
  const h = {
    db: undefined as unknown as TestDatabase,
    clientId: "",
    connectionId: "",
    keys,
    config,
    async deliver(body: string, now = receivedJustAfter(body), headers = signGhl(body, keys)) {
      return ingestWebhook({
        request: ghlRequest(body, headers),
        provider: "GHL",
        db: h.db.prisma,
        config,
        now,
        log: quiet,
      });
    },
    async onlyLead() {
      const leads = await h.db.prisma.lead.findMany();
      expect(leads).toHaveLength(1);
      return leads[0]!;
    },
  };

  beforeAll(async () => {
    h.db = await createTestDatabase();
    h.clientId = (await createWorkspace(h.db.prisma, "GHL Co")).id;
    h.connectionId = (
      await h.db.prisma.providerConnection.create({
        data: { clientId: h.clientId, provider: "GHL", externalAccountId: LOCATION },
      })
    ).id;
  });

  beforeEach(async () => {
    await h.db.query(
      `TRUNCATE "WebhookEvent", "BackgroundJob", "AIDraft", "Message", "Lead", "MemberProviderIdentity" CASCADE`,
    );
    await h.db.query(
      `UPDATE "ProviderConnection" SET "lastEventAt" = NULL, "lastError" = NULL, "lastErrorAt" = NULL, "disabledAt" = NULL`,
    );
  });

  afterAll(async () => {
    await h.db?.drop();
  });

  return h;
}
