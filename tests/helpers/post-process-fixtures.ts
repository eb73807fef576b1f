// Post-processing test fixtures: a lead with a thread, a queued job row, and a JobContext
// to call a handler with directly (the queue runner is not needed to test a handler).
import { randomBytes } from "node:crypto";
import { enqueueJobs, type NewJob } from "@/lib/background-jobs/enqueue";
import type { JobContext, JobHandler } from "@/lib/background-jobs/job-handler";
import type { BackgroundJob, BackgroundJobType, MessageChannel } from "@/lib/generated/prisma/client";
import type { PostProcessConfig } from "@/lib/post-processing/post-process-config";
import type { Db } from "@/lib/prisma-client";

export const TEST_ENCRYPTION_KEY = randomBytes(32);

export function testConfig(overrides: Partial<PostProcessConfig> = {}): PostProcessConfig {
  return {
    ai: null,
    historySync: {
      enabled: true,
      maxPages: 3,
      maxMessages: 100,
      requestTimeoutMs: 5_000,
      // Nothing listens here: a test that reaches GoHighLevel must say where.
      defaultBaseUrl: "http://127.0.0.1:9",
    },
    encryptionKey: () => TEST_ENCRYPTION_KEY,
    ...overrides,
  };
}

export type ThreadMessage = {
  /** Only to decide a tie on sentAt (thread order is sentAt, then id). */
  id?: string;
  channel?: MessageChannel;
  direction: "inbound" | "outbound";
  body: string;
  sentAt: Date;
  subject?: string;
  ghlMessageId?: string;
  connectionId?: string;
  providerContext?: Record<string, string>;
  sentBy?: "setter" | "ai" | "system";
};

export async function createLeadWithThread(
  db: Db,
  spec: {
    clientId: string;
    name: string;
    phone?: string;
    status?: "NEW" | "CONTACTED" | "ENGAGED" | "MEETING_BOOKED";
    messages: ThreadMessage[];
  },
) {
  const lead = await db.lead.create({
    data: { clientId: spec.clientId, name: spec.name, phone: spec.phone ?? null, status: spec.status ?? "CONTACTED" },
  });
  const messages = [];
  for (const m of spec.messages) {
    messages.push(
      await db.message.create({
        data: {
          ...(m.id ? { id: m.id } : {}),
          clientId: spec.clientId,
          leadId: lead.id,
          channel: m.channel ?? "sms",
          direction: m.direction,
          body: m.body,
          subject: m.subject ?? null,
          sentAt: m.sentAt,
          sentBy: m.direction === "outbound" ? (m.sentBy ?? "system") : null,
          ghlMessageId: m.ghlMessageId ?? null,
          connectionId: m.connectionId ?? null,
          providerContext: m.providerContext ?? undefined,
        },
      }),
    );
  }
  return { lead, messages };
}

const POST_PROCESS_TYPE: Record<string, BackgroundJobType> = {
  sms: "SMS_INBOUND_POST_PROCESS",
  email: "EMAIL_INBOUND_POST_PROCESS",
  linkedin: "LINKEDIN_INBOUND_POST_PROCESS",
};

/** The job the webhook pipeline enqueues for an inbound (same dedupe key). */
export async function enqueuePostProcess(
  db: Db,
  inbound: { id: string; clientId: string; leadId: string; channel: MessageChannel; sentAt: Date },
  type: BackgroundJobType = POST_PROCESS_TYPE[inbound.channel]!,
  extra: Partial<NewJob> = {},
): Promise<BackgroundJob> {
  const dedupeKey = `post-process:${inbound.id}`;
  await enqueueJobs(db, [
    {
      clientId: inbound.clientId,
      type,
      runAt: inbound.sentAt,
      dedupeKey,
      leadId: inbound.leadId,
      messageId: inbound.id,
      ...extra,
    },
  ]);
  return db.backgroundJob.findUniqueOrThrow({ where: { dedupeKey } });
}

export function jobContext(db: Db, job: BackgroundJob, now: Date, signal = new AbortController().signal): JobContext {
  return { db, job, now: () => now, signal };
}

/** Runs a handler the way the runner would (attempts bumped, note stored), minus the lease. */
export async function runHandler(db: Db, handler: JobHandler, job: BackgroundJob, now: Date) {
  const claimed = await db.backgroundJob.update({
    where: { id: job.id },
    data: { status: "RUNNING", attempts: { increment: 1 }, startedAt: now },
  });
  const result = await handler(jobContext(db, claimed, now));
  const note = result && "note" in result ? (result.note ?? null) : null;
  await db.backgroundJob.update({
    where: { id: job.id },
    data: { status: "SUCCEEDED", finishedAt: now, resultNote: note },
  });
  return note;
}
