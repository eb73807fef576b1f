// The CRM lead list part of `npm run bench:analytics`: listLeads() (its two statements, the
// page and the capped count, run in parallel) on first, deep and last pages, with and without
// the "awaiting reply" filter, each p50 against the issue's target of 50 ms.
import { LEADS_PER_PAGE, listLeads, type LeadListFilters } from "@/lib/crm/lead-list";
import type { Db } from "@/lib/prisma-client";
import { timeRuns, type RunStats } from "./analytics-bench-steps";

/** Every page of the CRM list, deep ones included, at 100k leads (issue 11 §4). */
export const CRM_PAGE_TARGET_MS = 50;
/** The deep page the issue measured (≈ 0.8 s before the stored sort keys and awaiting flag). */
export const DEEP_PAGE = 150;

export type CrmPageResult = { label: string; page: number; rows: number; stats: RunStats; pass: boolean };

type Case = { label: string; filters: LeadListFilters; page: number | "last" };

const CASES: Case[] = [
  { label: "all, newest, page 1", filters: {}, page: 1 },
  { label: `all, newest, page ${DEEP_PAGE}`, filters: {}, page: DEEP_PAGE },
  { label: "all, newest, last page", filters: {}, page: "last" },
  { label: `all, oldest, page ${DEEP_PAGE}`, filters: { sort: "oldest" }, page: DEEP_PAGE },
  { label: "awaiting, page 1", filters: { awaiting: true }, page: 1 },
  { label: `awaiting, page ${DEEP_PAGE}`, filters: { awaiting: true }, page: DEEP_PAGE },
  { label: "awaiting, last page", filters: { awaiting: true }, page: "last" },
  { label: `awaiting, oldest, page ${DEEP_PAGE}`, filters: { awaiting: true, sort: "oldest" }, page: DEEP_PAGE },
  {
    label: "awaiting + sms + not booked, page 20",
    filters: { awaiting: true, channel: "sms", booked: "no" },
    page: 20,
  },
  { label: `channel sms, page ${DEEP_PAGE}`, filters: { channel: "sms" }, page: DEEP_PAGE },
  { label: "booked, page 20", filters: { booked: "yes" }, page: 20 },
  { label: 'search "son", page 1', filters: { q: "son" }, page: 1 },
];

/** Pages of the filter's matches (the list's own count stops at 1,000, so counted here). */
async function lastPage(db: Db, clientId: string, filters: LeadListFilters): Promise<number> {
  const [row] = await db.$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM "Lead" WHERE "clientId" = ${clientId}::uuid AND (${!filters.awaiting} OR "awaitingReply")`;
  return Math.max(1, Math.ceil((row?.n ?? 0) / LEADS_PER_PAGE));
}

export async function benchCrmPages({
  db,
  clientId,
  runs,
  log,
}: {
  db: Db;
  clientId: string;
  runs: number;
  log: (line: string) => void;
}): Promise<CrmPageResult[]> {
  const results: CrmPageResult[] = [];
  for (const c of CASES) {
    // A deep page past the end (a small --leads) is measured at the last page instead.
    const last = await lastPage(db, clientId, c.filters);
    const page = c.page === "last" ? last : c.page;
    const probe = await listLeads({ db, clientId, page, filters: c.filters });
    const stats = await timeRuns(runs, () => listLeads({ db, clientId, page, filters: c.filters }));
    const pass = stats.p50Ms <= CRM_PAGE_TARGET_MS;
    results.push({ label: c.label, page, rows: probe.rows.length, stats, pass });
    log(
      `  ${`${c.label} (page ${page}, ${probe.rows.length} rows)`.padEnd(52)} p50 ${stats.p50Ms.toFixed(1).padStart(7)} ms  p90 ${stats.p90Ms.toFixed(1).padStart(7)} ms  target ≤ ${CRM_PAGE_TARGET_MS} ms: ${pass ? "PASS" : "FAIL"}`,
    );
  }
  return results;
}
