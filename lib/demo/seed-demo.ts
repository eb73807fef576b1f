// Writes the demo data set. The same (seed, now, leads) always produces identical rows
// (apart from password hashes, whose salts are random). Leads are generated and
// inserted in chunks, one transaction each, so memory stays flat at any size; the
// next chunk is generated while the previous one is being written.
import { setImmediate as yieldToEventLoop } from "node:timers/promises";
import pg from "pg";
import { loadEncryptionKey } from "@/lib/crypto/secret-box";
import { insertRows } from "./bulk-insert";
import { buildDemoConnectionRows, MEMBER_PROVIDER_IDENTITY, PROVIDER_CONNECTION } from "./demo-connections";
import { generateLead } from "./generate-lead";
import type { WorkspaceRuntime } from "./lead-context";
import {
  ACCOUNT,
  AI_DRAFT,
  BACKGROUND_JOB,
  BUSINESS_HOURS,
  CLIENT,
  CLIENT_MEMBER,
  LEAD,
  MESSAGE,
  USER,
  emptyBatch,
  type LeadBatch,
} from "./rows";
import { buildSetupRows } from "./setup-rows";

export const DEFAULT_DEMO_LEADS = 1500;
export const DEFAULT_DEMO_SEED = 1;
const DEFAULT_CHUNK_LEADS = 2000;
const WRITER_SESSIONS = 2;
/** Serialises concurrent seeders on one database. */
const SEED_LOCK_KEY = 72707370;

/** Every table the seed writes or wipes whose rows are deterministic, children first. */
export const DEMO_TABLES = [
  "ResponseTimingEvent",
  "BackgroundJob",
  "AIDraft",
  "Message",
  "Lead",
  "MemberProviderIdentity",
  "ClientMember",
  "BusinessHours",
  "Client",
  "Session",
  "Account",
  "Verification",
  "User",
] as const;

/** Seeded too, but with random webhook secrets: the same seed gives the same rows except those. */
export const DEMO_SECRET_TABLES = ["ProviderConnection"] as const;

export type SeedProgress = { leads: number; totalLeads: number; messages: number; elapsedMs: number };

export type SeedDemoOptions = {
  connectionString: string;
  leads?: number;
  seed?: number;
  /** Reference time; every timestamp is derived from it. Defaults to the start of the current UTC hour. */
  now?: Date;
  /** Wipe existing workspaces, users and their data first. Without it a non-empty database is refused. */
  reset?: boolean;
  chunkLeads?: number;
  /** Encrypts the demo connections' webhook secrets; default loadEncryptionKey() (the app's key). */
  encryptionKey?: Buffer;
  onProgress?: (progress: SeedProgress) => void;
};

type SeededTable = (typeof DEMO_TABLES)[number] | (typeof DEMO_SECRET_TABLES)[number];
export type SeedDemoResult = { counts: Record<SeededTable, number>; elapsedMs: number };

/** The database already holds data and `reset` was not given. */
export class SeedRefusedError extends Error {
  override name = "SeedRefusedError";
}

export function startOfUtcHour(date: Date): Date {
  const d = new Date(date.getTime());
  d.setUTCMinutes(0, 0, 0);
  return d;
}

async function inTransaction(client: pg.Client, work: () => Promise<void>): Promise<void> {
  await client.query("BEGIN");
  try {
    await work();
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  }
}

async function writeBatch(client: pg.Client, batch: LeadBatch): Promise<void> {
  // Message.aiDraftId and AIDraft.triggerMessageId point at each other: write the
  // messages without a draft first, then the drafts, then the messages that carry one.
  const plain = batch.messages.filter((m) => m.aiDraftId === null);
  const withDraft = batch.messages.filter((m) => m.aiDraftId !== null);
  await inTransaction(client, async () => {
    await client.query("SET LOCAL synchronous_commit = off");
    await insertRows(client, LEAD, batch.leads);
    await insertRows(client, MESSAGE, plain);
    await insertRows(client, AI_DRAFT, batch.drafts);
    await insertRows(client, MESSAGE, withDraft);
    await insertRows(client, BACKGROUND_JOB, batch.jobs);
  });
}

async function generateChunk(args: {
  seed: number;
  from: number;
  to: number;
  now: number;
  workspaces: readonly WorkspaceRuntime[];
}): Promise<LeadBatch> {
  const batch = emptyBatch();
  for (let index = args.from; index < args.to; index++) {
    generateLead({ seed: args.seed, index, now: args.now, workspaces: args.workspaces, batch });
    // Let the pg client send the previous chunk's next statement meanwhile.
    if ((index - args.from) % 100 === 99) await yieldToEventLoop();
  }
  return batch;
}

export async function seedDemo(options: SeedDemoOptions): Promise<SeedDemoResult> {
  const totalLeads = options.leads ?? DEFAULT_DEMO_LEADS;
  const seed = options.seed ?? DEFAULT_DEMO_SEED;
  const now = (options.now ?? startOfUtcHour(new Date())).getTime();
  const chunkLeads = options.chunkLeads ?? DEFAULT_CHUNK_LEADS;
  if (!Number.isSafeInteger(totalLeads) || totalLeads < 0)
    throw new RangeError(`leads must be a whole number >= 0, got ${totalLeads}`);
  if (!Number.isSafeInteger(seed) || seed < 0 || seed > 0xffffffff)
    throw new RangeError(`seed must be a whole number in 0..4294967295, got ${seed}`);
  if (!Number.isFinite(now)) throw new RangeError("now must be a valid date");
  if (!Number.isSafeInteger(chunkLeads) || chunkLeads < 1)
    throw new RangeError(`chunkLeads must be a whole number >= 1, got ${chunkLeads}`);

  const started = performance.now();
  const client = new pg.Client({ connectionString: options.connectionString });
  await client.connect();
  try {
    const setup = await buildSetupRows(seed, now);
    const demoConnections = buildDemoConnectionRows({
      seed,
      now,
      workspaces: setup.workspaces,
      key: options.encryptionKey ?? loadEncryptionKey(),
    });
    await inTransaction(client, async () => {
      await client.query("SELECT pg_advisory_xact_lock($1)", [SEED_LOCK_KEY]);
      const { rows } = await client.query<{ clients: number; users: number }>(
        `SELECT (SELECT count(*)::int FROM "Client") AS clients, (SELECT count(*)::int FROM "User") AS users`,
      );
      const existing = rows[0] ?? { clients: 0, users: 0 };
      if ((existing.clients > 0 || existing.users > 0) && !options.reset) {
        throw new SeedRefusedError(
          `The database already has ${existing.clients} workspace(s) and ${existing.users} user(s). ` +
            `Run again with --reset to delete all workspaces, users and their data and seed from scratch.`,
        );
      }
      if (options.reset) {
        const tables = [...DEMO_TABLES, ...DEMO_SECRET_TABLES];
        await client.query(`TRUNCATE ${tables.map((t) => `"${t}"`).join(", ")} CASCADE`);
      }
      await insertRows(client, USER, setup.users);
      await insertRows(client, ACCOUNT, setup.accounts);
      await insertRows(client, CLIENT, setup.clients);
      await insertRows(client, BUSINESS_HOURS, setup.businessHours);
      await insertRows(client, CLIENT_MEMBER, setup.members);
      await insertRows(client, PROVIDER_CONNECTION, demoConnections.connections);
      await insertRows(client, MEMBER_PROVIDER_IDENTITY, demoConnections.identities);
    });

    // Chunks touch disjoint leads, so two sessions can write them side by side; row
    // contents do not depend on which session wrote what.
    const extras: pg.Client[] = [];
    for (let k = 1; k < WRITER_SESSIONS; k++) {
      const extra = new pg.Client({ connectionString: options.connectionString });
      extras.push(extra);
      await extra.connect();
    }
    const writers = [client, ...extras];
    const inFlight = new Set<Promise<void>>();
    let leadsWritten = 0;
    let messagesWritten = 0;
    try {
      for (let from = 0; from < totalLeads; from += chunkLeads) {
        const to = Math.min(totalLeads, from + chunkLeads);
        const batch = await generateChunk({ seed, from, to, now, workspaces: setup.workspaces });
        while (writers.length === 0) await Promise.race(inFlight);
        const writer = writers.pop() as pg.Client;
        const task: Promise<void> = writeBatch(writer, batch).then(() => {
          inFlight.delete(task);
          writers.push(writer);
          leadsWritten += batch.leads.length;
          messagesWritten += batch.messages.length;
          options.onProgress?.({
            leads: leadsWritten,
            totalLeads,
            messages: messagesWritten,
            elapsedMs: performance.now() - started,
          });
        });
        // Awaited below; the handler keeps a failure meanwhile from crashing the process.
        task.catch(() => undefined);
        inFlight.add(task);
      }
      await Promise.all(inFlight);
    } finally {
      await Promise.allSettled(inFlight);
      for (const extra of extras) await extra.end().catch(() => undefined);
    }

    const counts = {} as SeedDemoResult["counts"];
    for (const table of [...DEMO_TABLES, ...DEMO_SECRET_TABLES]) {
      const { rows } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${table}"`);
      counts[table] = rows[0]?.n ?? 0;
    }
    return { counts, elapsedMs: performance.now() - started };
  } finally {
    await client.end();
  }
}
