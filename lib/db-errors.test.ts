import { DriverAdapterError } from "@prisma/driver-adapter-utils";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { Prisma } from "@/lib/generated/prisma/client";
import { createPrismaClient } from "@/lib/prisma-client";
import { isDatabaseUnreachable } from "./db-errors";

// The shape @prisma/adapter-pg gives a PostgreSQL error it has no special kind for.
const postgres = (code: string, message: string) =>
  ({
    kind: "postgres",
    code,
    severity: "FATAL",
    message,
    detail: undefined,
    column: undefined,
    hint: undefined,
    originalCode: code,
  }) as const;

const known = (code: string, cause?: ConstructorParameters<typeof DriverAdapterError>[0]) =>
  new Prisma.PrismaClientKnownRequestError("failed", {
    code,
    clientVersion: "7",
    meta: cause ? { driverAdapterError: new DriverAdapterError(cause) } : undefined,
  });

function pgError(code: string, message = "boom"): pg.DatabaseError {
  const error = new pg.DatabaseError(message, message.length, "error");
  error.code = code;
  error.severity = "FATAL";
  return error;
}

function socketError(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`connect ${code} 10.0.0.1:5432`), { code, errno: -111, syscall: "connect" });
}

describe("isDatabaseUnreachable", () => {
  it("recognises the errors a real Prisma client throws for a refused connection", async () => {
    const client = createPrismaClient("postgresql://nobody:secret@127.0.0.1:1/none");
    try {
      const raw = await client.$queryRaw`select 1`.then(
        () => null,
        (error: unknown) => error,
      );
      const tx = await client
        .$transaction(async (t) => t.$queryRaw`select 1`)
        .then(
          () => null,
          (error: unknown) => error,
        );
      expect(raw).toMatchObject({ code: "P2010" }); // "raw query failed", the adapter error says why
      expect(tx).toMatchObject({ code: "P1001" });
      expect(isDatabaseUnreachable(raw)).toBe(true);
      expect(isDatabaseUnreachable(tx)).toBe(true);
    } finally {
      await client.$disconnect();
    }
  });

  it("recognises Prisma connection codes and driver adapter kinds", () => {
    for (const code of ["P1001", "P1002", "P1008", "P1017", "P2024"])
      expect(isDatabaseUnreachable(known(code)), code).toBe(true);
    expect(isDatabaseUnreachable(known("P2010", { kind: "DatabaseNotReachable", host: "db", port: 5432 }))).toBe(true);
    expect(isDatabaseUnreachable(known("P2010", { kind: "ConnectionClosed" }))).toBe(true);
    expect(isDatabaseUnreachable(known("P2010", { kind: "SocketTimeout" }))).toBe(true);
    expect(isDatabaseUnreachable(known("P2037", { kind: "TooManyConnections", cause: "too many clients" }))).toBe(true);
    expect(
      isDatabaseUnreachable(known("P2010", postgres("57P01", "terminating connection due to administrator command"))),
    ).toBe(true);
    expect(isDatabaseUnreachable(known("P2010", postgres("08006", "connection failure")))).toBe(true);
  });

  it("recognises node-postgres and socket errors, also inside causes and AggregateErrors", () => {
    for (const code of ["57P01", "57P02", "57P03", "53300", "08000", "08001", "08003", "08006", "08P01"]) {
      expect(isDatabaseUnreachable(pgError(code)), code).toBe(true);
    }
    for (const code of ["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH"]) {
      expect(isDatabaseUnreachable(socketError(code)), code).toBe(true);
    }
    expect(isDatabaseUnreachable(new Error("Connection terminated unexpectedly"))).toBe(true);
    expect(isDatabaseUnreachable(new Error("timeout exceeded when trying to connect"))).toBe(true);
    expect(isDatabaseUnreachable(new Error("wrapped", { cause: socketError("ECONNREFUSED") }))).toBe(true);
    expect(
      isDatabaseUnreachable(
        new AggregateError([socketError("ECONNREFUSED"), socketError("ECONNREFUSED")], "connect failed"),
      ),
    ).toBe(true);
  });

  it("leaves bugs and bad data alone", () => {
    expect(
      isDatabaseUnreachable(known("P2002", { kind: "UniqueConstraintViolation", constraint: { fields: ["id"] } })),
    ).toBe(false);
    expect(isDatabaseUnreachable(known("P2010", postgres("42601", "syntax error")))).toBe(false);
    expect(isDatabaseUnreachable(known("P1000", { kind: "AuthenticationFailed", user: "app" }))).toBe(false);
    expect(isDatabaseUnreachable(pgError("23505", "duplicate key"))).toBe(false);
    expect(isDatabaseUnreachable(pgError("57014", "canceling statement due to statement timeout"))).toBe(false);
    expect(isDatabaseUnreachable(new RangeError("batchSize must be a positive integer, got 0"))).toBe(false);
    for (const value of [undefined, null, "ECONNREFUSED", 42, {}]) expect(isDatabaseUnreachable(value)).toBe(false);
  });

  it("stops on cyclic causes", () => {
    const a = new Error("a");
    const b = new Error("b", { cause: a });
    (a as { cause?: unknown }).cause = b;
    expect(isDatabaseUnreachable(a)).toBe(false);
  });
});
