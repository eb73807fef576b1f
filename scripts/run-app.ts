// `npm run dev | demo | start`: prepares the database (embedded PostgreSQL unless
// DATABASE_URL is set), applies migrations, seeds demo data for `demo`, then runs Next.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import { parseArgs } from "node:util";
import { z } from "zod";
import { DEMO_LOGINS } from "@/lib/demo/demo-logins";
import { seedDemo } from "@/lib/demo/seed-demo";
import { loadProjectEnv } from "@/lib/dev-db/load-env";
import { startLocalCron } from "@/lib/dev-db/local-cron";
import { localGhlKeys } from "@/lib/dev-db/local-ghl-keys";
import { localSecret } from "@/lib/dev-db/local-secrets";
import { applyMigrations } from "@/lib/dev-db/migrate";
import { resolveDatabase } from "@/lib/dev-db/resolve-database";
import { EnvError, parseEnv } from "@/lib/env";
import { createPrismaClient } from "@/lib/prisma-client";

// e2e: the production server on a fresh embedded database with demo data (Playwright).
const modeSchema = z.enum(["dev", "demo", "start", "e2e"]);
const E2E_DATA_DIR = path.join(".data", "e2e-postgres");
const portSchema = z.coerce.number().int().min(1).max(65535);

function fail(message: string, code = 1): never {
  console.error(`\n✖ ${message}\n`);
  process.exit(code);
}

async function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen({ port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

async function waitForHealth(url: string, child: ChildProcess, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && child.exitCode === null) {
    try {
      const response = await fetch(url);
      if (response.ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return false;
}

async function main() {
  loadProjectEnv();
  const { positionals } = parseArgs({ allowPositionals: true, strict: true });
  const mode = modeSchema.safeParse(positionals[0]);
  if (!mode.success) fail("usage: tsx scripts/run-app.ts <dev|demo|start|e2e>", 2);
  const production = mode.data === "start" || mode.data === "e2e";
  const withDemoData = mode.data === "demo" || mode.data === "e2e";
  const port = portSchema.safeParse(process.env.PORT ?? "3000");
  if (!port.success) fail(`PORT must be a port number, got ${JSON.stringify(process.env.PORT)}`, 2);
  // NEXT_DIST_DIR (next.config.ts) lets a second build live next to .next (e.g. the benchmarks').
  const distDir = process.env.NEXT_DIST_DIR || ".next";
  if (production && !(await fs.stat(path.join(distDir, "BUILD_ID")).catch(() => null))) {
    fail("There is no production build yet. Run `npm run build` first.");
  }
  if (!(await portIsFree(port.data)))
    fail(`Port ${port.data} is already in use. Stop what runs there or set PORT=<another port>.`);

  if (mode.data === "e2e" && !process.env.DATABASE_URL) await fs.rm(E2E_DATA_DIR, { recursive: true, force: true });
  const database = await resolveDatabase({
    onLog: () => undefined,
    ...(mode.data === "e2e" ? { dataDir: E2E_DATA_DIR, port: Number(process.env.EMBEDDED_PG_PORT ?? 54329) + 10 } : {}),
  }).catch((error: Error) => fail(error.message));
  const local = database.embedded !== null;
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: database.url,
    DIRECT_URL: database.directUrl,
    BETTER_AUTH_URL: process.env.BETTER_AUTH_URL || `http://localhost:${port.data}`,
    PORT: String(port.data),
  };
  // On a local machine generate what a deployment would configure.
  if (!childEnv.BETTER_AUTH_SECRET && (local || !production)) childEnv.BETTER_AUTH_SECRET = localSecret("auth");
  if (!childEnv.CRON_SECRET && local) childEnv.CRON_SECRET = localSecret("cron");
  if (!childEnv.LEADCLOCK_ENCRYPTION_KEY && (local || !production))
    childEnv.LEADCLOCK_ENCRYPTION_KEY = localSecret("encryption");
  // No local machine has GoHighLevel's private key: verify against a local pair (.data/) instead.
  if (!childEnv.GHL_WEBHOOK_ED25519_PUBLIC_KEY && (local || !production || mode.data === "e2e"))
    childEnv.GHL_WEBHOOK_ED25519_PUBLIC_KEY = localGhlKeys().publicKeyPem;
  try {
    parseEnv({ ...childEnv, NODE_ENV: production ? "production" : "development" });
  } catch (error) {
    await database.embedded?.stop();
    fail(error instanceof EnvError ? error.message : String(error));
  }

  const applied = await applyMigrations({ connectionString: database.directUrl }).catch(async (error: Error) => {
    await database.embedded?.stop();
    return fail(`Migrations failed: ${error.message}`);
  });
  console.log(applied.length ? `✔ Applied ${applied.length} migration(s)` : "✔ Database schema is up to date");

  if (withDemoData) {
    const prisma = createPrismaClient(database.directUrl, { max: 1 });
    const workspaces = await prisma.client.count();
    await prisma.$disconnect();
    if (workspaces === 0) {
      const { counts, elapsedMs } = await seedDemo({ connectionString: database.directUrl });
      const summary = Object.entries(counts)
        .filter(([, count]) => count > 0)
        .map(([table, count]) => `${count.toLocaleString("en-US")} ${table}`)
        .join(", ");
      console.log(`✔ Seeded demo data in ${(elapsedMs / 1000).toFixed(1)}s: ${summary}`);
    } else {
      console.log("✔ Demo data already present (rebuild it with: npm run db:seed -- --reset)");
    }
  }

  const nextArgs = production ? ["start", "-p", String(port.data)] : ["dev", "-p", String(port.data)];
  const child = spawn(process.execPath, ["node_modules/next/dist/bin/next", ...nextArgs], {
    env: childEnv,
    stdio: "inherit",
  });

  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    if (child.exitCode === null) {
      child.kill("SIGTERM");
      await new Promise((resolve) => child.once("exit", resolve));
    }
    await database.embedded?.stop();
    process.exit(code);
  };
  process.on("SIGINT", () => void shutdown(0));
  process.on("SIGTERM", () => void shutdown(0));
  child.on("exit", (code) => void shutdown(code ?? 0));

  const url = `http://localhost:${port.data}`;
  if (await waitForHealth(`${url}/api/health`, child, 120_000)) {
    const lines = [`\n  Leadclock is running at ${url}`];
    lines.push(local ? `  Database: embedded PostgreSQL (${database.embedded?.dataDir})` : "  Database: DATABASE_URL");
    if (withDemoData) {
      lines.push("\n  Demo logins (password for all: " + DEMO_LOGINS[0]?.password + ")");
      for (const login of DEMO_LOGINS)
        lines.push(`    ${login.email.padEnd(28)} ${login.role.padEnd(8)} ${login.workspaceName}`);
    }
    const cronSecret = childEnv.CRON_SECRET;
    const localCron = local && !production && cronSecret && process.env.LOCAL_CRON !== "off";
    if (localCron)
      lines.push(
        "\n  Response timing: computed now and every 5 minutes; background jobs: run every minute," +
          " like Vercel Cron (LOCAL_CRON=off to disable).",
      );
    lines.push("\n  Press Ctrl-C to stop.\n");
    console.log(lines.join("\n"));
    if (localCron) startLocalCron({ baseUrl: url, secret: cronSecret });
  }
}

main().catch((error) => fail(error instanceof Error ? (error.stack ?? error.message) : String(error)));
