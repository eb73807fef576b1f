// How to read a database error. Is it "the database cannot be reached right now" (a 503 the caller should retry)
// rather than a bug or bad data (a 500)? Errors arrive wrapped several layers deep: Prisma
// (P1001 …) around the driver adapter's DriverAdapterError ({ kind: "DatabaseNotReachable" }
// in `cause`) around node-postgres errors (ECONNREFUSED, SQLSTATE 57P01, or plain Errors
// such as "Connection terminated unexpectedly"), so the whole chain is inspected.
import { Prisma } from "@/lib/generated/prisma/client";

// Prisma error codes: can't reach server, connect timeout, operation timeout, connection
// closed, pool timeout.
const PRISMA_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024"]);

// @prisma/driver-adapter-utils error kinds.
const ADAPTER_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections"]);

// Node socket / DNS error codes.
const SOCKET_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EPIPE",
  "ECONNABORTED",
]);

// SQLSTATE: admin/crash shutdown, cannot connect now (starting up / recovery), too many connections.
const SQLSTATES = new Set(["57P01", "57P02", "57P03", "53300"]);

// node-postgres and Prisma messages that carry no code.
const MESSAGES = [
  /Connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /Can't reach database server/i,
  /Unable to start a transaction in the given time/i,
];

const MAX_NODES = 32;

function codesOf(node: Record<string, unknown>): unknown[] {
  return [node.code, node.errorCode, node.originalCode, node.kind];
}

function matches(node: Record<string, unknown>): boolean {
  for (const code of codesOf(node)) {
    if (typeof code !== "string") continue;
    if (PRISMA_CODES.has(code) || ADAPTER_KINDS.has(code) || SOCKET_CODES.has(code) || SQLSTATES.has(code)) return true;
    // SQLSTATE class 08: connection exception.
    if (/^08[0-9A-Z]{3}$/.test(code)) return true;
  }
  return typeof node.message === "string" && MESSAGES.some((pattern) => pattern.test(node.message as string));
}

function children(node: Record<string, unknown>): unknown[] {
  const meta = node.meta as Record<string, unknown> | undefined;
  const nested = [node.cause, meta?.driverAdapterError, meta?.cause];
  if (Array.isArray(node.errors)) nested.push(...(node.errors as unknown[])); // AggregateError (IPv4 + IPv6 attempts)
  return nested;
}

export function isDatabaseUnreachable(error: unknown): boolean {
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  while (queue.length > 0 && seen.size < MAX_NODES) {
    const node = queue.shift();
    if (node === null || typeof node !== "object" || seen.has(node)) continue;
    seen.add(node);
    const record = node as Record<string, unknown>;
    if (matches(record)) return true;
    queue.push(...children(record));
  }
  return false;
}

/** A unique constraint refused the write (Prisma P2002): the caller answers with its own clear message. */
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}

/** A foreign key refused the write (P2003): e.g. the workspace does not exist. */
export function isForeignKeyViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2003";
}
