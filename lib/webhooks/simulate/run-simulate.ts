// `npm run webhooks:simulate`: checks the app is up, finds the connection and lead, builds
// and authenticates the delivery, posts it, prints the answer and where to look (booking
// events: run-appointment-simulate.ts). Returns the exit code: 0 stored, 1 anything else
// (each with a message saying why).
import { loadEncryptionKey } from "@/lib/crypto/secret-box";
import { readLocalGhlKeys } from "@/lib/dev-db/local-ghl-keys";
import type { Db } from "@/lib/prisma-client";
import { buildSimulatedDelivery, DEFAULT_SIMULATED_TEXT } from "./build-delivery";
import { findDeliveredMessage } from "./find-delivered-message";
import { targetProblemMessage } from "./find-connection";
import { findSimulateTarget } from "./find-target";
import { postSimulatedDelivery } from "./post-delivery";
import { runAppointmentSimulate } from "./run-appointment-simulate";
import type { SimulateArgs } from "./simulate-args";

export type SimulateDeps = {
  env: Record<string, string | undefined>;
  cwd: string;
  now: () => Date;
  log: (line: string) => void;
  error: (line: string) => void;
  /** Opens the app's database (the embedded one when DATABASE_URL is unset). */
  openDb: () => Promise<{ db: Db; close(): Promise<void> }>;
};

const samePem = (a: string, b: string) => a.replace(/\\n/g, "\n").trim() === b.replace(/\\n/g, "\n").trim();

async function appIsUp(url: string): Promise<{ up: true } | { up: false; why: string }> {
  try {
    const response = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(10_000) });
    if (response.ok) return { up: true };
    return { up: false, why: `/api/health answered ${response.status} (is its database reachable?)` };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    return { up: false, why: cause ?? (error instanceof Error ? error.message : String(error)) };
  }
}

export async function runSimulate(args: SimulateArgs, deps: SimulateDeps): Promise<number> {
  const { log, error } = deps;
  const health = await appIsUp(args.url);
  if (!health.up) {
    error(`No Leadclock app answers at ${args.url} (${health.why}).`);
    error("Start it first (npm run demo, in another terminal), or point --url at where it runs.");
    return 1;
  }

  let ghlPrivateKeyPem: string | null = null;
  if (args.provider === "ghl") {
    const keys = readLocalGhlKeys(deps.cwd);
    if (!keys) {
      error("No local GoHighLevel signing key in .data/: start the app once with npm run demo (or dev) to create it.");
      return 1;
    }
    const configured = deps.env.GHL_WEBHOOK_ED25519_PUBLIC_KEY;
    if (configured && !samePem(configured, keys.publicKeyPem))
      error("Warning: GHL_WEBHOOK_ED25519_PUBLIC_KEY is set, so the app verifies with that key, not the local one.");
    ghlPrivateKeyPem = keys.privateKeyPem;
  }

  const { db, close } = await deps.openDb();
  try {
    if (args.event !== "message") {
      const encryptionKey = loadEncryptionKey(deps.env);
      return await runAppointmentSimulate(args, { db, now: deps.now, encryptionKey, ghlPrivateKeyPem, log, error });
    }
    const now = deps.now();
    let target;
    try {
      target = await findSimulateTarget({
        db,
        provider: args.provider,
        clientId: args.clientId,
        lead: args.lead ?? null,
        ghlChannel: args.channel ?? null,
        encryptionKey: loadEncryptionKey(deps.env),
        now,
      });
    } catch (problem) {
      const message = targetProblemMessage(problem);
      if (message === null) throw problem;
      error(message);
      return 1;
    }
    let delivery;
    try {
      delivery = buildSimulatedDelivery({
        provider: args.provider,
        connection: target.connection,
        lead: target.lead,
        text: args.text ?? DEFAULT_SIMULATED_TEXT[args.provider],
        now,
        ghlChannel: target.ghlChannel,
        ghlPrivateKeyPem,
      });
    } catch (problem) {
      error(problem instanceof Error ? problem.message : String(problem));
      return 1;
    }

    const who = target.lead.id ? target.lead.name : `${target.lead.name} (new lead)`;
    log(`Workspace: ${target.workspaceName} (${target.clientId})`);
    log(`Connection: ${target.connection.id} (${target.connection.mode}), lead: ${who}`);
    if (!(await postSimulatedDelivery({ url: args.url, delivery, provider: args.provider, log, error }))) return 1;

    const message = await findDeliveredMessage({
      db,
      provider: args.provider,
      providerMessageIds: delivery.providerMessageIds,
    });
    if (!message) {
      error("The app answered 200 but stored no message (ignored or rejected: see the answer above and WebhookEvent).");
      return 1;
    }
    log(`\nStored: message ${message.id} (${message.channel}) on lead ${message.leadId}.`);
    log(`Open the CRM: ${args.url}/w/${message.clientId}/crm?lead=${message.leadId}`);
    log(
      "Its sentiment, AI draft and scheduled auto-send appear once the background-jobs cron has run " +
        "(npm run demo runs it every minute).",
    );
    return 0;
  } finally {
    await close();
  }
}
