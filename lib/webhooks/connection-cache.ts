// Connections by provider + account id (or path id), kept for a few seconds per server process,
// so a delivery costs one database round trip instead of two (docs/webhooks.md "One round
// trip"). Safe because nothing is trusted from the cache alone: the one-statement write
// re-checks the connection's fingerprint (enabled, same workspace, mode, secrets and phone
// country) and answers "stale-connection" when it changed, and the pipeline then looks the
// connection up again and starts over; every other write path looks it up fresh. Unknown
// accounts are never cached, so a connection added a second ago is found at once.
import type { Provider } from "@/lib/generated/prisma/enums";
import type { ConnectionRecord } from "./find-connection";

export type ConnectionCache = {
  get(provider: Provider, key: string): ConnectionRecord | undefined;
  set(provider: Provider, key: string, connection: ConnectionRecord): void;
  forget(provider: Provider, key: string): void;
};

export const CONNECTION_CACHE_TTL_MS = 30_000;
const MAX_ENTRIES = 10_000;

export function createConnectionCache(
  options: { ttlMs?: number; maxEntries?: number; now?: () => number } = {},
): ConnectionCache {
  const ttlMs = options.ttlMs ?? CONNECTION_CACHE_TTL_MS;
  const maxEntries = options.maxEntries ?? MAX_ENTRIES;
  const now = options.now ?? Date.now;
  const entries = new Map<string, { connection: ConnectionRecord; expiresAt: number }>();
  const keyOf = (provider: Provider, key: string) => `${provider}\u0000${key}`;
  return {
    get(provider, key) {
      const entry = entries.get(keyOf(provider, key));
      if (!entry) return undefined;
      if (entry.expiresAt <= now()) {
        entries.delete(keyOf(provider, key));
        return undefined;
      }
      return entry.connection;
    },
    set(provider, key, connection) {
      // A Map iterates in insertion order: when full, the oldest entry goes.
      if (entries.size >= maxEntries) entries.delete(entries.keys().next().value!);
      entries.set(keyOf(provider, key), { connection, expiresAt: now() + ttlMs });
    },
    forget(provider, key) {
      entries.delete(keyOf(provider, key));
    },
  };
}
