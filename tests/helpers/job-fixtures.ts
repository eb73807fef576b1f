// Small helpers for queue tests: jobs inserted directly (any state), read back by id.
import { randomUUID } from "node:crypto";
import type { BackgroundJob, BackgroundJobStatus, BackgroundJobType, Prisma } from "@/lib/generated/prisma/client";
import type { Db } from "@/lib/prisma-client";

export type JobSeed = {
  clientId: string;
  type?: BackgroundJobType;
  status?: BackgroundJobStatus;
  runAt?: Date;
  attempts?: number;
  maxAttempts?: number;
  lockedBy?: string | null;
  lockedUntil?: Date | null;
  lastError?: string | null;
  payload?: Prisma.InputJsonValue;
};

export async function insertJob(db: Db, seed: JobSeed): Promise<BackgroundJob> {
  return db.backgroundJob.create({
    data: {
      clientId: seed.clientId,
      type: seed.type ?? "LEAD_SCORING_POST_PROCESS",
      status: seed.status ?? "PENDING",
      runAt: seed.runAt ?? new Date("2026-01-01T00:00:00Z"),
      attempts: seed.attempts ?? 0,
      maxAttempts: seed.maxAttempts ?? 5,
      lockedBy: seed.lockedBy ?? null,
      lockedAt: seed.lockedBy ? new Date("2026-01-01T00:00:00Z") : null,
      lockedUntil: seed.lockedUntil ?? null,
      lastError: seed.lastError ?? null,
      dedupeKey: `test:${randomUUID()}`,
      ...(seed.payload !== undefined ? { payload: seed.payload } : {}),
    },
  });
}

export async function insertJobs(db: Db, count: number, seed: JobSeed): Promise<BackgroundJob[]> {
  const jobs: BackgroundJob[] = [];
  for (let i = 0; i < count; i++) jobs.push(await insertJob(db, seed));
  return jobs;
}

export const readJob = (db: Db, id: string) => db.backgroundJob.findUniqueOrThrow({ where: { id } });
