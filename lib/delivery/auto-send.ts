// The delayed auto-send when its job comes due (docs/sending.md "The delayed auto-send"):
// re-check and record the intent in one transaction (auto-send-begin.ts), call the
// provider once, record the outbound Message (sentBy 'ai', aiDraftId, the provider's id
// and time; the draft SENT). Nothing is ever sent twice: a run that finds its intent
// already recorded without an answer (a crash, a timeout) does not call again — it looks
// for the provider's echo and, failing that within ECHO_GRACE_MS, marks the send
// `unconfirmed` for a person to check on the jobs page.
import type { BackgroundJob } from "@/lib/generated/prisma/client";
import { PermanentJobError, type JobResult } from "@/lib/background-jobs/job-handler";
import type { Db } from "@/lib/prisma-client";
import { beginAutoSend } from "./auto-send-begin";
import { callProvider, DELIVERY_TX, settleResult, waitUntil } from "./deliver";
import { cancelOwnJob, rescheduleOwnJob } from "./own-job";
import { adoptStoredEcho } from "./own-send-echo";
import { lateToleranceMs, sendLimitsFor } from "./rate-budget";
import { lockOutboundSend } from "./record-sent";

/** How long an unknown outcome waits for the provider's echo before a person is asked. */
export const ECHO_GRACE_MS = 3 * 60_000;
/** The next look for the echo while it is awaited. */
const ECHO_CHECK_MS = 30_000;

export type AutoSendDeps = {
  db: Db;
  job: BackgroundJob;
  now: () => Date;
  signal: AbortSignal;
  /** The encryption key of the connections' API keys (read only when a live send needs it). */
  key: () => Buffer;
  /** The provider call's timeout (it stays well inside the job's own). */
  sendTimeoutMs?: number;
  /** A slot of the rate budget further away than this reschedules the job instead of waiting. */
  maxSlotWaitMs?: number;
};

async function reconcile(deps: AutoSendDeps, sendId: string): Promise<JobResult> {
  const { db, job } = deps;
  const now = deps.now();
  const outcome = await db.$transaction(async (tx) => {
    const send = await lockOutboundSend(tx, sendId);
    if (!send || send.status !== "sending") return { note: `already settled (${send?.status ?? "gone"})` };
    const provider = send.connectionId
      ? (await tx.providerConnection.findUnique({ where: { id: send.connectionId }, select: { provider: true } }))
          ?.provider
      : null;
    if (provider && (await adoptStoredEcho(tx, send, provider)))
      return { note: "sent (confirmed by the provider's echo)" };
    const since = send.attemptedAt?.getTime() ?? now.getTime();
    if (now.getTime() - since < ECHO_GRACE_MS) {
      const runAt = new Date(Math.min(since + ECHO_GRACE_MS, now.getTime() + ECHO_CHECK_MS));
      return { later: runAt };
    }
    await tx.outboundSend.update({ where: { id: send.id }, data: { status: "unconfirmed" } });
    return { note: "unconfirmed: the provider never answered and no echo came; check it on the jobs page" };
  }, DELIVERY_TX);
  if ("later" in outcome && outcome.later) {
    const note = "outcome unknown: waiting for the provider's echo (never sent again)";
    await rescheduleOwnJob(db, job, { runAt: outcome.later, note, now, refundAttempt: true });
    return { note };
  }
  return { note: "note" in outcome ? outcome.note : "reconciled" };
}

export async function runAutoSend(deps: AutoSendDeps): Promise<JobResult> {
  const { db, job } = deps;
  if (!job.draftId) return { note: "skipped: the job has no draft" };
  const begun = await db.$transaction(
    (tx) => beginAutoSend(tx, { job, now: deps.now(), key: deps.key, maxSlotWaitMs: deps.maxSlotWaitMs ?? 2_000 }),
    DELIVERY_TX,
  );
  switch (begun.kind) {
    case "done":
      return { note: begun.note };
    case "cancel":
      await cancelOwnJob(db, job, { reason: begun.reason, now: deps.now() });
      return { note: begun.reason };
    case "later":
      await rescheduleOwnJob(db, job, { runAt: begun.at, note: begun.note, now: deps.now(), refundAttempt: true });
      return { note: begun.note };
    case "reconcile":
      return reconcile(deps, begun.send.id);
  }
  await waitUntil(begun.slotAt, deps.now, deps.signal);
  if (begun.target.connection.mode === "live") {
    const lateMs = deps.now().getTime() - begun.slotAt.getTime();
    if (lateMs > lateToleranceMs(sendLimitsFor(begun.target.connection.provider))) {
      // Nothing was sent: the intent goes back to waiting and the job takes a new slot at once.
      const note = `missed its rate slot by ${Math.round(lateMs)} ms (a busy runner); not sent, taking a new slot`;
      await db.outboundSend.updateMany({
        where: { id: begun.send.id, status: "sending" },
        data: { status: "waiting", lastErrorKind: "late", lastError: note },
      });
      await rescheduleOwnJob(db, job, { runAt: deps.now(), note, now: deps.now(), refundAttempt: true });
      return { note };
    }
  }
  const result = await callProvider({
    send: begun.send,
    target: begun.target,
    lead: begun.lead,
    signal: deps.signal,
    timeoutMs: deps.sendTimeoutMs ?? 10_000,
    now: deps.now,
  });
  const delivered = await settleResult(db, { send: begun.send, target: begun.target, result, now: deps.now });
  const lastAttempt = job.attempts >= job.maxAttempts;
  switch (delivered.kind) {
    case "sent":
      return { note: delivered.idSource === "sandbox" ? "sent (sandbox: nothing delivered)" : "sent" };
    case "rejected":
      throw new PermanentJobError(`not sent: ${delivered.reason}`);
    case "unknown-outcome": {
      const note = "outcome unknown: waiting for the provider's echo (never sent again)";
      const runAt = new Date(deps.now().getTime() + ECHO_CHECK_MS);
      await rescheduleOwnJob(db, job, { runAt, note, now: deps.now(), refundAttempt: true });
      return { note };
    }
    case "rate-limited":
    case "unavailable": {
      if (lastAttempt) {
        await db.outboundSend.updateMany({
          where: { id: begun.send.id, status: "waiting" },
          data: { status: "failed" },
        });
        throw new PermanentJobError(`not sent after ${job.attempts} attempts: ${delivered.reason}`);
      }
      if (delivered.kind === "unavailable") throw new Error(`not sent (will retry): ${delivered.reason}`);
      const note = `rate-limited: retrying at the provider's Retry-After (${delivered.retryAt.toISOString()})`;
      await rescheduleOwnJob(db, job, { runAt: delivered.retryAt, note, now: deps.now(), refundAttempt: false });
      return { note };
    }
  }
}
