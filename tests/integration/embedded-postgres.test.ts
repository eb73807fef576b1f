import fs from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import {
  EmbeddedPostgresError,
  findFreePort,
  startEmbeddedPostgres,
  tempClusterDir,
  type EmbeddedServer,
} from "@/lib/dev-db/embedded-postgres";
import { embeddedPort } from "@/lib/dev-db/resolve-database";

const settings = { fsync: "off", synchronous_commit: "off", full_page_writes: "off" };
const cleanup: (() => Promise<unknown>)[] = [];

afterAll(async () => {
  for (const step of cleanup.reverse()) await step();
});

async function occupiedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen({ port: 0, host: "127.0.0.1" }, resolve));
  cleanup.push(() => new Promise((resolve) => server.close(resolve)));
  return (server.address() as net.AddressInfo).port;
}

describe("startEmbeddedPostgres", () => {
  it("says clearly when its port is taken", async () => {
    const dataDir = await tempClusterDir("lc-port-");
    cleanup.push(() => fs.rm(dataDir, { recursive: true, force: true }));
    const attempt = startEmbeddedPostgres({ dataDir, port: await occupiedPort() });
    await expect(attempt).rejects.toThrow(EmbeddedPostgresError);
    await expect(startEmbeddedPostgres({ dataDir, port: await occupiedPort() })).rejects.toThrow(
      /already in use.*EMBEDDED_PG_PORT/s,
    );
  });

  it("refuses a data directory that holds something else", async () => {
    const dataDir = await tempClusterDir("lc-junk-");
    cleanup.push(() => fs.rm(dataDir, { recursive: true, force: true }));
    await fs.writeFile(path.join(dataDir, "notes.txt"), "not a database");
    await expect(startEmbeddedPostgres({ dataDir, port: await findFreePort() })).rejects.toThrow(
      /not empty but holds no PostgreSQL cluster/,
    );
    const file = path.join(dataDir, "notes.txt");
    await expect(startEmbeddedPostgres({ dataDir: file, port: await findFreePort() })).rejects.toThrow(
      /not a directory/,
    );
  });

  it("starts a real server, and a second start on the same directory joins it", async () => {
    const dataDir = await tempClusterDir("lc-real-");
    const first: EmbeddedServer = await startEmbeddedPostgres({ dataDir, port: await findFreePort(), settings });
    cleanup.push(async () => {
      await first.stop();
      await fs.rm(dataDir, { recursive: true, force: true });
    });
    expect(first.reused).toBe(false);
    await first.ensureDatabase("app");
    await first.ensureDatabase("app"); // idempotent

    const second = await startEmbeddedPostgres({ dataDir, port: await findFreePort(), settings });
    expect(second.reused).toBe(true);
    expect(second.port).toBe(first.port);
    await second.stop(); // must leave the first process's server running

    const client = new pg.Client({ connectionString: first.url("app") });
    await client.connect();
    const { rows } = await client.query<{ server_version: string }>("show server_version");
    await client.end();
    expect(rows[0]?.server_version).toMatch(/^17\./);
  });
});

describe("embeddedPort", () => {
  it("defaults to 54329 and validates EMBEDDED_PG_PORT", () => {
    expect(embeddedPort({})).toBe(54329);
    expect(embeddedPort({ EMBEDDED_PG_PORT: "55000" })).toBe(55000);
    expect(() => embeddedPort({ EMBEDDED_PG_PORT: "abc" })).toThrow(/Invalid EMBEDDED_PG_PORT="abc"/);
    expect(() => embeddedPort({ EMBEDDED_PG_PORT: "80" })).toThrow(/between 1024 and 65535/);
  });
});
