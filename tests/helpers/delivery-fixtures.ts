// Delivery test setup: a workspace with one connection per provider pointed at the fake
// provider server (API key encrypted as the app stores it), leads with an inbound that
// carries the reply context its webhook parser stores, the AI draft and its delayed
// auto-send job — the state post-processing leaves — and a queue runner for it.
import { randomBytes, randomUUID } from "node:crypto";
import { encryptSecret } from "@/lib/crypto/secret-box";
import { createAiAutoSendDelayed } from "@/lib/background-jobs/handlers/ai-auto-send-delayed";
import { drainJobs, type DrainResult } from "@/lib/background-jobs/drain-jobs";
import type { JobHandlers } from "@/lib/background-jobs/job-handler";
import type { Channel } from "@/lib/channels";
import type { ConnectionMode } from "@/lib/generated/prisma/enums";
import type { Db } from "@/lib/prisma-client";
import type { SendProvider } from "@/lib/providers/send-adapter";
import type { FakeProviders } from "./fake-provider-server";

export const DELIVERY_KEY = randomBytes(32);

export const CHANNEL_OF: Record<SendProvider, Channel> = {
  GHL: "sms",
  SMARTLEAD: "email",
  INSTANTLY: "email",
  UNIPILE: "linkedin",
};

/** The reply context each provider's parser stores on an inbound (unique per lead via `n`). */
export function contextFor(provider: SendProvider, n: string): Record<string, string | number> {
  switch (provider) {
    case "GHL":
      return { contactId: `contact-${n}`, conversationId: `conv-${n}` };
    case "SMARTLEAD":
      return { campaignId: 12345, statsId: `stats-${n}`, messageId: `<reply-${n}@mail.example.org>` };
    case "INSTANTLY":
      return {
        emailId: `019d9c5f-9685-78bb-9ea7-${n.padStart(12, "0").slice(-12)}`,
        emailAccount: "sales@acme.example",
      };
    case "UNIPILE":
      return { chatId: `chat-${n}`, accountId: `acc-${n}` };
  }
}

export async function createDeliveryWorkspace(db: Db, name = "Delivery Co") {
  return db.client.create({
    data: { name, timezone: "America/New_York", aiDelayMinSeconds: 180, aiDelayMaxSeconds: 420 },
  });
}

export async function createSendConnection(
  db: Db,
  fake: FakeProviders | null,
  args: { clientId: string; provider: SendProvider; mode?: ConnectionMode; baseUrl?: string },
) {
  const row = await db.providerConnection.create({
    data: {
      clientId: args.clientId,
      provider: args.provider,
      externalAccountId: `acct-${args.provider.toLowerCase()}-${randomUUID().slice(0, 8)}`,
      mode: args.mode ?? "live",
      apiKeyEnc: fake ? encryptSecret(fake.apiKey, DELIVERY_KEY) : null,
      apiBaseUrl: args.baseUrl ?? fake?.baseUrl ?? null,
    },
  });
  return { ...row, provider: args.provider };
}

export type SeededAutoSend = { leadId: string; inboundId: string; draftId: string; jobId: string; channel: Channel };

/** A lead whose inbound (through `connection`) has a PENDING draft and a PENDING auto-send at runAt. */
export async function seedAutoSend(
  db: Db,
  args: {
    clientId: string;
    connection: { id: string; provider: SendProvider };
    inboundAt: Date;
    runAt: Date;
    draft?: string;
    n?: string;
  },
): Promise<SeededAutoSend> {
  const n = args.n ?? randomUUID().slice(0, 8);
  const channel = CHANNEL_OF[args.connection.provider];
  const lead = await db.lead.create({
    data: {
      clientId: args.clientId,
      name: `Lead ${n}`,
      email: `lead-${n}@example.org`,
      phone: null,
      ...(args.connection.provider === "GHL" ? { ghlContactId: `contact-${n}` } : {}),
    },
  });
  const inbound = await db.message.create({
    data: {
      clientId: args.clientId,
      leadId: lead.id,
      channel,
      direction: "inbound",
      subject: channel === "email" ? "Quick question" : null,
      body: `Tell me more (${n})`,
      sentAt: args.inboundAt,
      connectionId: args.connection.id,
      providerContext: contextFor(args.connection.provider, n),
    },
  });
  const draft = await db.aIDraft.create({
    data: {
      clientId: args.clientId,
      leadId: lead.id,
      triggerMessageId: inbound.id,
      channel,
      content: args.draft ?? `Thanks! Does Tuesday at 3pm work? (${n})`,
    },
  });
  const job = await db.backgroundJob.create({
    data: {
      clientId: args.clientId,
      leadId: lead.id,
      messageId: inbound.id,
      draftId: draft.id,
      type: "AI_AUTO_SEND_DELAYED",
      runAt: args.runAt,
      dedupeKey: `auto-send:${inbound.id}:${draft.id}`,
    },
  });
  return { leadId: lead.id, inboundId: inbound.id, draftId: draft.id, jobId: job.id, channel };
}

const refuse = async () => {
  throw new Error("only auto-send jobs in delivery tests");
};

export function deliveryHandlers(options: { sendTimeoutMs?: number; maxSlotWaitMs?: number } = {}): JobHandlers {
  return {
    AI_AUTO_SEND_DELAYED: createAiAutoSendDelayed({ key: DELIVERY_KEY, ...options }),
    SMS_INBOUND_POST_PROCESS: refuse,
    EMAIL_INBOUND_POST_PROCESS: refuse,
    LINKEDIN_INBOUND_POST_PROCESS: refuse,
    SMARTLEAD_INBOUND_POST_PROCESS: refuse,
    INSTANTLY_INBOUND_POST_PROCESS: refuse,
    LEAD_SCORING_POST_PROCESS: refuse,
    APPOINTMENT_RECONCILE: refuse,
  };
}

/** One queue run over due auto-sends with the test's clock. */
export function drainAutoSends(
  db: Db,
  now: () => Date,
  options: { concurrency?: number; sendTimeoutMs?: number; maxSlotWaitMs?: number; runnerId?: string } = {},
): Promise<DrainResult> {
  return drainJobs({
    db,
    handlers: deliveryHandlers(options),
    now,
    maxMs: 60_000,
    concurrency: options.concurrency ?? 4,
    timeoutsMs: { AI_AUTO_SEND_DELAYED: 20_000 },
    ...(options.runnerId ? { runnerId: options.runnerId } : {}),
  });
}

/**
 * The provider's echo webhook of a send it accepted, stored through the real ingest code
 * (applyParseResult → storeMessage) as the webhook route would: an outbound message with
 * the provider's id for it (SmartLead: the RFC Message-ID it assigned, which our send never saw).
 */
export async function deliverEcho(
  db: Db,
  args: {
    connection: { id: string; clientId: string; provider: SendProvider };
    lead: { email: string | null; ghlContactId?: string | null };
    providerMessageId: string;
    body: string;
    sentAt: Date;
    now: Date;
  },
) {
  const { applyParseResult } = await import("@/lib/webhooks/store-event");
  const channel = CHANNEL_OF[args.connection.provider];
  return db.$transaction((tx) =>
    applyParseResult(tx, {
      connection: {
        id: args.connection.id,
        clientId: args.connection.clientId,
        provider: args.connection.provider,
        defaultCountry: "US",
      },
      eventDedupeKey: `echo:${args.providerMessageId}`,
      now: args.now,
      result: {
        kind: "message",
        eventType: "echo",
        dedupeKey: `echo:${args.providerMessageId}`,
        occurredAt: args.sentAt,
        direction: "outbound",
        channel,
        providerMessageId: args.providerMessageId,
        lead: {
          providerLeadId: args.connection.provider === "GHL" ? (args.lead.ghlContactId ?? null) : null,
          email: args.lead.email,
          phone: null,
          name: null,
          linkedinUrl: null,
        },
        subject: null,
        body: args.body,
        bodyTruncated: false,
        sentAt: args.sentAt,
        sentAtSource: "provider",
        providerContext: {},
        senderExternalUserId: null,
        isAutoReply: false,
      },
    }),
  );
}

/** The provider's id in an accepted answer (null for SmartLead, which answers without one). */
export function acceptedId(body: unknown): string | null {
  const record = (body ?? {}) as Record<string, unknown>;
  const id = record.messageId ?? record.id ?? record.message_id;
  return typeof id === "string" ? id : null;
}

/** Many seedAutoSend()s in four statements (concurrency tests and the benchmark's shape). */
export async function seedAutoSendsBulk(
  db: Db,
  args: {
    clientId: string;
    connections: { id: string; provider: SendProvider }[];
    count: number;
    inboundAt: Date;
    runAt: (i: number) => Date;
  },
): Promise<void> {
  const rows = Array.from({ length: args.count }, (_, i) => {
    const connection = args.connections[i % args.connections.length]!;
    const n = `${i}-${randomUUID().slice(0, 6)}`;
    return {
      i,
      n,
      connection,
      channel: CHANNEL_OF[connection.provider],
      lead: randomUUID(),
      inbound: randomUUID(),
      draft: randomUUID(),
    };
  });
  await db.lead.createMany({
    data: rows.map((r) => ({
      id: r.lead,
      clientId: args.clientId,
      name: `Lead ${r.n}`,
      email: `lead-${r.n}@example.org`,
      ...(r.connection.provider === "GHL" ? { ghlContactId: `contact-${r.n}` } : {}),
    })),
  });
  await db.message.createMany({
    data: rows.map((r) => ({
      id: r.inbound,
      clientId: args.clientId,
      leadId: r.lead,
      channel: r.channel,
      direction: "inbound" as const,
      subject: r.channel === "email" ? "Quick question" : null,
      body: `Tell me more (${r.n})`,
      sentAt: args.inboundAt,
      connectionId: r.connection.id,
      providerContext: contextFor(r.connection.provider, r.n),
    })),
  });
  await db.aIDraft.createMany({
    data: rows.map((r) => ({
      id: r.draft,
      clientId: args.clientId,
      leadId: r.lead,
      triggerMessageId: r.inbound,
      channel: r.channel,
      content: `Thanks! Does Tuesday at 3pm work? (${r.n})`,
    })),
  });
  await db.backgroundJob.createMany({
    data: rows.map((r) => ({
      clientId: args.clientId,
      leadId: r.lead,
      messageId: r.inbound,
      draftId: r.draft,
      type: "AI_AUTO_SEND_DELAYED" as const,
      runAt: args.runAt(r.i),
      dedupeKey: `auto-send:${r.inbound}:${r.draft}`,
    })),
  });
}
