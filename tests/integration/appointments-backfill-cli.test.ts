// `npm run backfill:appointments` as a real process against the local fake providers: bad
// flags (usage, exit 2), --dry-run writing nothing, SIGKILL 10 times at random points and
// --resume ending equal to one clean run, and a second run changing nothing.
import { spawn } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backfillAppointments } from "@/lib/appointments/backfill/run-backfill";
import type { Db } from "@/lib/prisma-client";
import { FAKE_CALENDLY_EMAIL, startFakeBookingServer, type FakeBooking } from "../helpers/fake-booking-server";
import { createBookingWorkspace, ghlRecord } from "../helpers/booking-reconcile-fixtures";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";
import { randomBytes } from "node:crypto";

const key = randomBytes(32);
const LEADS_PER_WORKSPACE = 20;
let fake: FakeBooking;
let killed: TestDatabase;
let clean: TestDatabase;
let dir: string;

type Run = { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string };

/** The CLI in one node process; `killAfter(line)` may return a delay in ms after which it is SIGKILLed. */
function cli(db: TestDatabase | null, args: string[], killAfter?: (line: string) => number | null): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ["--import", "tsx", path.join("scripts", "backfill-appointments.ts"), ...args],
      {
        cwd: path.resolve(import.meta.dirname, "../.."),
        env: {
          PATH: process.env.PATH,
          HOME: process.env.HOME,
          NODE_ENV: "test",
          ...(db ? { DATABASE_URL: db.url } : {}),
          LEADCLOCK_ENCRYPTION_KEY: key.toString("base64"),
        },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let stdout = "";
    let stderr = "";
    let pending = "";
    let scheduled = false;
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      pending += chunk.toString();
      const lines = pending.split("\n");
      pending = lines.pop() ?? "";
      for (const line of lines) {
        const delay = scheduled ? null : (killAfter?.(line) ?? null);
        if (delay !== null) {
          scheduled = true;
          setTimeout(() => child.kill("SIGKILL"), delay);
        }
      }
    });
    child.stderr.on("data", (chunk: Buffer) => void (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/** Two workspaces: GHL leads (booked, cancelled, nothing, no-show by contact) and Calendly leads. */
async function seed(db: Db) {
  for (const name of ["North", "South"]) {
    const ws = await createBookingWorkspace(db, key, fake, { name, ghl: "ok", calendly: "ok" });
    for (let i = 0; i < LEADS_PER_WORKSPACE; i++) {
      const calendly = i % 10 === 9;
      const lead = await db.lead.create({
        data: {
          clientId: ws.clientId,
          name: `${name} ${i}`,
          ghlContactId: calendly ? null : `${name}-c${i}`,
          email: calendly ? FAKE_CALENDLY_EMAIL : null,
          lastInboundAt: new Date(Date.UTC(2026, 9, 10, 0, i)),
        },
      });
      if (i % 3 === 0) {
        await db.backgroundJob.create({
          data: {
            clientId: ws.clientId,
            leadId: lead.id,
            type: "AI_AUTO_SEND_DELAYED",
            runAt: new Date("2026-10-20T00:00:00Z"),
          },
        });
      }
    }
  }
}

function answers() {
  for (const name of ["North", "South"]) {
    for (let i = 0; i < LEADS_PER_WORKSPACE; i++) {
      const contactId = `${name}-c${i}`;
      const status = ["confirmed", "cancelled", null, "noshow"][i % 4];
      fake.ghl.contactAppointments.set(
        contactId,
        status
          ? [
              ghlRecord({
                id: `${contactId}-a`,
                contactId,
                status,
                start: "2026-10-25T15:00:00Z",
                updated: `2026-10-1${i % 10}T10:00:00Z`,
              }),
            ]
          : [],
      );
    }
  }
}

/** What a run decides, keyed by lead name (ids differ between the two databases). */
async function outcome(db: TestDatabase) {
  return db.query(`
    SELECT l."name", l."status", l."appointmentStatus", l."appointmentProvider", l."appointmentStartAt",
           l."appointmentBookedAt", l."appointmentCanceledAt", l."appointmentProviderUpdatedAt", l."ghlAppointmentId",
           l."calendlyInviteeUri", l."appointmentLastCheckedAt" IS NOT NULL AS checked,
           (SELECT string_agg(t."kind"::text || ':' || substring(t."dedupeKey" from 38), ',' ORDER BY t."dedupeKey")
              FROM "LeadTask" t WHERE t."leadId" = l."id") AS tasks,
           (SELECT string_agg(j."status"::text, ',') FROM "BackgroundJob" j WHERE j."leadId" = l."id") AS jobs
      FROM "Lead" l ORDER BY l."name"`);
}

beforeAll(async () => {
  [fake, killed, clean] = await Promise.all([startFakeBookingServer(), createTestDatabase(), createTestDatabase()]);
  answers();
  await Promise.all([seed(killed.prisma), seed(clean.prisma)]);
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "backfill-appointments-"));
});
afterAll(async () => {
  await fake?.close();
  await Promise.all([killed?.drop(), clean?.drop()]);
  await fs.rm(dir, { recursive: true, force: true });
});

describe("backfill:appointments CLI", () => {
  it("bad flags: usage, exit 2", async () => {
    const results = await Promise.all([
      cli(null, ["--dry-run", "--apply"]),
      cli(null, ["--resume"]),
      cli(null, ["--client-id", "nope"]),
      cli(null, ["--lead-concurrency", "0"]),
      cli(null, ["--max-leads", "ten"]),
      cli(null, ["--frobnicate"]),
    ]);
    expect(results.map((r) => r.code)).toEqual([2, 2, 2, 2, 2, 2]);
    expect(results.map((r) => r.stderr.split("\n")[0])).toEqual([
      "backfill:appointments: --dry-run and --apply cannot be used together; choose one",
      "backfill:appointments: --resume needs --state-file PATH (the file written by the run to resume)",
      "backfill:appointments: --client-id must be a UUID",
      "backfill:appointments: --lead-concurrency must be at least 1",
      "backfill:appointments: --max-leads must be a whole number",
      expect.stringMatching(/^backfill:appointments: Unknown option '--frobnicate'/),
    ]);
    for (const r of results) expect(r.stderr).toContain("Usage: npm run backfill:appointments");
  });

  it("--dry-run (the default) asks the providers and writes nothing", async () => {
    const before = await outcome(clean);
    const run = await cli(clean, ["--max-leads", "10"]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^\[batch 1\] workspace [0-9a-f-]{36}: checked 10, booked \d+, .*elapsed \d+\.\ds$/m);
    expect(run.stdout).toMatch(/--max-leads reached/);
    expect(await outcome(clean)).toEqual(before);
  });

  // 12+ CLI processes (~2 s each to start on a quiet machine); the timeout allows for a loaded one.
  it(
    "SIGKILLed 10 times at random points and resumed: equal to one clean run; a second run changes nothing",
    { timeout: 300_000 },
    async () => {
      // The reference: one uninterrupted run, in process.
      await backfillAppointments({
        db: clean.prisma,
        mode: "apply",
        clientId: null,
        staleDays: 7,
        leadConcurrency: 2,
        clientConcurrency: 1,
        maxLeads: null,
        stateFile: null,
        resume: null,
        credentials: { encryptionKey: key },
        now: () => new Date(),
        log: () => undefined,
        shouldStop: () => false,
      });
      const reference = await outcome(clean);
      expect(reference.filter((r) => r.checked)).toHaveLength(2 * LEADS_PER_WORKSPACE);

      const file = path.join(dir, "state.json");
      let kills = 0;
      for (let attempt = 0; kills < 10 && attempt < 14; attempt++) {
        fake.resetRateLimits();
        const started = await fs.stat(file).then(
          () => true,
          () => false,
        );
        const flags = ["--apply", "--batch-size", "2", "--state-file", file, ...(started ? ["--resume"] : [])];
        // A random point: during startup/the first batch, or just after a batch's state write.
        const early = Math.random() < 0.3;
        const run = await cli(killed, flags, (line) =>
          early
            ? line.startsWith("Applying")
              ? Math.floor(Math.random() * 300)
              : null
            : line.startsWith("[batch")
              ? Math.floor(Math.random() * 60)
              : null,
        );
        if (run.signal === "SIGKILL") kills += 1;
        else expect(run.code, run.stderr).toBe(0);
      }
      expect(kills).toBe(10);
      const resumed = await cli(killed, ["--apply", "--batch-size", "2", "--state-file", file, "--resume"]);
      expect(resumed.stderr).toBe("");
      expect(resumed.code).toBe(0);
      expect(resumed.stdout).toMatch(/Backfill complete\./);
      expect(await outcome(killed)).toEqual(reference);

      // Twice: a fresh run (even re-asking everyone with --stale-days 0) changes nothing.
      const again = await cli(killed, ["--apply", "--stale-days", "0", "--lead-concurrency", "4"]);
      expect(again.code).toBe(0);
      expect(again.stdout).toMatch(
        /Totals: checked 40, booked 0, canceled 0, rescheduled 0, tasks 0, no change 40, errors 0/,
      );
      expect(await outcome(killed)).toEqual(reference);
    },
  );
});
