import { Prisma } from "@/lib/generated/prisma/client";

/** A unique constraint refused the write (Prisma P2002): the caller answers with its own clear message. */
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}

/** A foreign key refused the write (P2003): e.g. the workspace does not exist. */
export function isForeignKeyViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2003";
}
