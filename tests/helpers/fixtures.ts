// Small, explicit fixtures for integration tests (the demo seed is tested separately).
import { randomUUID } from "node:crypto";
import type { MemberRole } from "@/lib/generated/prisma/enums";
import type { Db } from "@/lib/prisma-client";

export async function createWorkspace(db: Db, name: string, timezone = "America/New_York") {
  return db.client.create({ data: { name, timezone } });
}

export async function createUser(db: Db, email: string, memberships: { clientId: string; role: MemberRole }[] = []) {
  const user = await db.user.create({
    data: { id: randomUUID(), name: email.split("@")[0]!, email, emailVerified: true },
  });
  for (const membership of memberships) {
    await db.clientMember.create({ data: { userId: user.id, clientId: membership.clientId, role: membership.role } });
  }
  return user;
}
