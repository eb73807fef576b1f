// GoHighLevel authentication on a real database: every way a delivery can fail to prove it
// came from GoHighLevel is a 401 — never a 500 — and writes nothing (docs/webhooks.md).
import { generateKeyPairSync, sign } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";
import { createWorkspace } from "../helpers/fixtures";
import {
  generateGhlTestKeys,
  ghlBody,
  ghlConfig,
  ghlRequest,
  rowCounts,
  signGhl,
} from "../helpers/ghl-webhook-fixtures";
import { receiveWebhook } from "@/lib/webhooks/ingest";

const keys = generateGhlTestKeys();
const other = generateGhlTestKeys();
const config = ghlConfig(keys);
const quiet = { warn: () => undefined, error: () => undefined };
const NOW = new Date("2026-10-14T15:02:13.000Z");

let db: TestDatabase;

async function status(body: string, headers: Record<string, string>, now = NOW): Promise<number> {
  const response = await receiveWebhook({
    request: ghlRequest(body, headers),
    provider: "GHL",
    db: db.prisma,
    config,
    now,
    log: quiet,
  });
  if (response.status === 401) expect(await response.json()).toEqual({ received: false, error: "unauthorized" });
  return response.status;
}

const body = ghlBody("InboundMessage.sms.json"); // timestamp 2026-10-14T15:02:12.031Z

beforeAll(async () => {
  db = await createTestDatabase();
  const clientId = (await createWorkspace(db.prisma, "Auth Co")).id;
  await db.prisma.providerConnection.create({
    data: { clientId, provider: "GHL", externalAccountId: "Xq3LpRt8vYb2NcK7WmZa" },
  });
  await db.prisma.providerConnection.create({
    data: {
      clientId,
      provider: "GHL",
      externalAccountId: "DisabledLocation",
      disabledAt: new Date("2026-01-01T00:00:00Z"),
    },
  });
});

afterAll(async () => {
  await db?.drop();
});

describe("GoHighLevel signatures", () => {
  const cases: [string, () => Promise<number>][] = [
    ["tampered body (Ed25519)", () => status(body.replace("3pm", "4pm"), signGhl(body, keys))],
    ["tampered body (RSA)", () => status(body.replace("3pm", "4pm"), signGhl(body, keys, "rsa"))],
    ["signed with another Ed25519 key", () => status(body, signGhl(body, other))],
    ["signed with another RSA key", () => status(body, signGhl(body, other, "rsa"))],
    ["stale timestamp (6 min old)", () => status(body, signGhl(body, keys), new Date(NOW.getTime() + 6 * 60_000))],
    ["future timestamp (6 min ahead)", () => status(body, signGhl(body, keys), new Date(NOW.getTime() - 6 * 60_000))],
    [
      "unreadable timestamp",
      () => {
        const odd = ghlBody("InboundMessage.sms.json", { timestamp: "soon" });
        return status(odd, signGhl(odd, keys));
      },
    ],
    ["no signature header", () => status(body, { "content-type": "application/json" })],
    ["x-ghl-signature empty", () => status(body, { "x-ghl-signature": "" })],
    ["x-ghl-signature N/A", () => status(body, { "x-ghl-signature": "N/A" })],
    ["x-ghl-signature not base64", () => status(body, { "x-ghl-signature": "!!!not-base64!!!" })],
    ["x-ghl-signature too short", () => status(body, { "x-ghl-signature": Buffer.alloc(10).toString("base64") })],
    ["x-ghl-signature 64 zero bytes", () => status(body, { "x-ghl-signature": Buffer.alloc(64).toString("base64") })],
    ["x-wh-signature not base64", () => status(body, { "x-wh-signature": "%%%" })],
    ["x-wh-signature wrong length", () => status(body, { "x-wh-signature": Buffer.alloc(100).toString("base64") })],
    [
      "a bad x-ghl-signature is not rescued by a good x-wh-signature (no downgrade)",
      () =>
        status(body, { ...signGhl(body, keys, "rsa"), "x-ghl-signature": signGhl(body, other)["x-ghl-signature"]! }),
    ],
    [
      "an RSA key signing as Ed25519 (wrong scheme)",
      () => {
        const rsa = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey;
        return status(body, { "x-ghl-signature": sign("sha256", Buffer.from(body), rsa).toString("base64") });
      },
    ],
    [
      "unknown locationId (checked after the signature passes)",
      () => {
        const foreign = ghlBody("InboundMessage.sms.json", { locationId: "SomeoneElsesLocation" });
        return status(foreign, signGhl(foreign, keys));
      },
    ],
    [
      "disabled connection",
      () => {
        const disabled = ghlBody("InboundMessage.sms.json", { locationId: "DisabledLocation" });
        return status(disabled, signGhl(disabled, keys));
      },
    ],
  ];

  it.each(cases)("%s → 401, nothing written", async (_name, run) => {
    expect(await run()).toBe(401);
    expect(await rowCounts(db.prisma)).toEqual({ events: 0, messages: 0, leads: 0, jobs: 0 });
  });

  it("the edges of the ±5 minute window are accepted", async () => {
    const early = ghlBody("InboundMessage.sms.json", { messageId: "Edge1" });
    const late = ghlBody("InboundMessage.sms.json", { messageId: "Edge2" });
    const stamp = Date.parse("2026-10-14T15:02:12.031Z");
    expect(await status(early, signGhl(early, keys), new Date(stamp + 5 * 60_000))).toBe(200);
    expect(await status(late, signGhl(late, keys), new Date(stamp - 5 * 60_000))).toBe(200);
  });

  it("a body without timestamp needs only its signature (the per-event docs omit it)", async () => {
    const untimed = ghlBody("InboundMessage.sms.json", { messageId: "Untimed", timestamp: undefined });
    expect(await status(untimed, signGhl(untimed, keys, "both"), new Date("2030-01-01T00:00:00Z"))).toBe(200);
  });

  it("a signed body with no locationId is authentic: 200, stored as rejected on no connection, nothing else", async () => {
    const none = ghlBody("InboundMessage.sms.json", { locationId: undefined, webhookId: "no-location-1" });
    const before = await rowCounts(db.prisma);
    expect(await status(none, signGhl(none, keys))).toBe(200);
    expect(await rowCounts(db.prisma)).toEqual({ ...before, events: before.events + 1 });
    expect(await db.prisma.webhookEvent.findFirstOrThrow({ where: { dedupeKey: "no-location-1" } })).toMatchObject({
      status: "rejected",
      connectionId: null,
      clientId: null,
    });
  });
});
