// RED TEAM 16: does the deterministic helper reproduce what the auto-sender actually
// scheduled? For the most recent delayed auto-send jobs, compares
// computeChosenDelaySeconds(trigger, min, max) with runAt − trigger.sentAt.
//
// Mismatches are expected in two cases, which is why timing rows store both numbers:
// the workspace's window changed after the job was scheduled (the helper only knows
// today's config), or the job was enqueued late and scheduleAutoSendAt() moved runAt to
// "now" (then runAt − sentAt is longer than the chosen delay).
import { Prisma } from "@/lib/generated/prisma/client";
import type { Db } from "@/lib/prisma-client";
import { computeChosenDelaySeconds } from "@/lib/background-jobs/delayed-auto-send";

export const MAX_REPORTED_MISMATCHES = 10;

export class VerifyDelayError extends Error {
  override name = "VerifyDelayError";
}

export type DelayMismatch = {
  jobId: string;
  messageId: string;
  /** Null when today's window is invalid, so nothing can be computed. */
  expected: number | null;
  actual: number;
};

export type DelayAttributionReport = {
  sampled: number;
  matched: number;
  mismatched: number;
  /** Percent, 0..100; null when nothing was sampled. */
  matchRate: number | null;
  /** The first MAX_REPORTED_MISMATCHES, most recent first. */
  mismatches: DelayMismatch[];
};

type Row = { jobId: string; messageId: string; min: number; max: number; actual: number };

export async function verifyDelayAttribution(options: {
  db: Db;
  sample: number;
  clientId?: string | null;
}): Promise<DelayAttributionReport> {
  const { db, sample } = options;
  const clientId = options.clientId ?? null;
  if (!Number.isInteger(sample) || sample < 1) throw new RangeError(`sample must be a positive integer, got ${sample}`);
  if (clientId) {
    const found = await db.$queryRaw<
      { n: number }[]
    >`SELECT count(*)::int AS n FROM "Client" WHERE "id" = ${clientId}::uuid`;
    if (!found[0]?.n)
      throw new VerifyDelayError(`No workspace with id ${clientId} exists in this database; check --client-id.`);
  }
  const scope = clientId ? Prisma.sql`AND j."clientId" = ${clientId}::uuid` : Prisma.empty;
  // The window comes from the trigger's workspace: that is whose config chose the delay.
  const rows = await db.$queryRaw<Row[]>`
    SELECT j."id" AS "jobId", m."id" AS "messageId", c."aiDelayMinSeconds" AS "min", c."aiDelayMaxSeconds" AS "max",
           round(extract(epoch FROM (j."runAt" - m."sentAt")))::int AS "actual"
      FROM "BackgroundJob" j
      JOIN "Message" m ON m."id" = j."messageId"
      JOIN "Client" c ON c."id" = m."clientId"
     WHERE j."type" = 'AI_AUTO_SEND_DELAYED' ${scope}
     ORDER BY j."runAt" DESC, j."id" DESC
     LIMIT ${sample}`;

  const report: DelayAttributionReport = {
    sampled: rows.length,
    matched: 0,
    mismatched: 0,
    matchRate: null,
    mismatches: [],
  };
  for (const row of rows) {
    let expected: number | null;
    try {
      expected = computeChosenDelaySeconds(row.messageId, row.min, row.max);
    } catch {
      expected = null;
    }
    if (expected === row.actual) {
      report.matched += 1;
      continue;
    }
    report.mismatched += 1;
    if (report.mismatches.length < MAX_REPORTED_MISMATCHES)
      report.mismatches.push({ jobId: row.jobId, messageId: row.messageId, expected, actual: row.actual });
  }
  if (report.sampled > 0) report.matchRate = Math.round((report.matched / report.sampled) * 10_000) / 100;
  return report;
}

export function formatDelayAttributionReport(report: DelayAttributionReport): string[] {
  const lines = [
    `sampled:     ${report.sampled}`,
    `matched:     ${report.matched}`,
    `mismatched:  ${report.mismatched}`,
    `match rate:  ${report.matchRate === null ? "n/a (no delayed auto-send jobs with an existing trigger message)" : `${report.matchRate.toFixed(2)}%`}`,
  ];
  if (report.mismatches.length > 0) {
    lines.push(
      "",
      `mismatches (${report.mismatches.length === report.mismatched ? "all" : `first ${report.mismatches.length} of ${report.mismatched}`}, most recent first):`,
    );
    lines.push(`  ${"job id".padEnd(36)}  ${"expected".padStart(8)}  ${"actual".padStart(8)}`);
    for (const m of report.mismatches)
      lines.push(`  ${m.jobId}  ${String(m.expected ?? "invalid").padStart(8)}  ${String(m.actual).padStart(8)}`);
    lines.push(
      "",
      "expected = computeChosenDelaySeconds(trigger, today's window); actual = runAt − trigger.sentAt in whole seconds.",
      "actual > expected usually means the job was enqueued late (runAt clamped to now); other differences, that the window changed.",
    );
  }
  return lines;
}
