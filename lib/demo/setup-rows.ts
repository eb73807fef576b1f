// Workspaces, business hours, users, credentials and memberships: the fixed part of
// the demo that every lead refers to.
import { hashPassword } from "better-auth/crypto";
import { createBusinessClock } from "./business-clock";
import { DEMO_PASSWORD } from "./demo-logins";
import { DAY, MINUTE, type Member, type WorkspaceRuntime } from "./lead-context";
import { Rng } from "./rng";
import {
  iso,
  type AccountRow,
  type BusinessHoursRow,
  type ClientMemberRow,
  type ClientRow,
  type UserRow,
} from "./rows";
import { DEMO_WORKSPACES, demoPeople } from "./workspaces";

export type SetupRows = {
  workspaces: WorkspaceRuntime[];
  clients: ClientRow[];
  businessHours: BusinessHoursRow[];
  users: UserRow[];
  accounts: AccountRow[];
  members: ClientMemberRow[];
};

/** The account predates all demo leads (which go back ~120 days). */
const ACCOUNT_AGE = 150 * DAY;

export async function buildSetupRows(seed: number, now: number): Promise<SetupRows> {
  const rng = new Rng(seed, "setup");
  const origin = now - ACCOUNT_AGE;
  const people = demoPeople();
  const userIds = new Map<string, string>();
  const users: UserRow[] = [];
  const accounts: AccountRow[] = [];
  // Salts are random, so the hashes are the one non-deterministic value of the seed.
  const hashes = await Promise.all(people.map(() => hashPassword(DEMO_PASSWORD)));
  people.forEach((person, k) => {
    // better-auth's id shape: 32 alphanumeric characters.
    const userId = rng.token(32);
    const at = iso(origin + k * 7 * MINUTE);
    userIds.set(person.key, userId);
    users.push({
      id: userId,
      name: person.name,
      email: person.email,
      emailVerified: true,
      createdAt: at,
      updatedAt: at,
    });
    accounts.push({
      id: rng.token(32),
      accountId: userId,
      providerId: "credential",
      userId,
      password: hashes[k] ?? "",
      createdAt: at,
      updatedAt: at,
    });
  });

  const workspaces: WorkspaceRuntime[] = [];
  const clients: ClientRow[] = [];
  const businessHours: BusinessHoursRow[] = [];
  const members: ClientMemberRow[] = [];
  DEMO_WORKSPACES.forEach((ws, w) => {
    const id = rng.uuid();
    const at = iso(origin + (w + 1) * 90 * MINUTE);
    clients.push({
      id,
      name: ws.name,
      timezone: ws.timezone,
      autoSendEnabled: ws.autoSendEnabled,
      aiDelayMinSeconds: ws.aiDelayMinSeconds,
      aiDelayMaxSeconds: ws.aiDelayMaxSeconds,
      createdAt: at,
      updatedAt: at,
    });
    for (const [dayOfWeek, startMinute, endMinute] of ws.hours) {
      businessHours.push({ id: rng.uuid(), clientId: id, dayOfWeek, startMinute, endMinute, createdAt: at });
    }
    const runtimeMembers: Member[] = ws.people.map((person) => {
      const userId = userIds.get(person.key) ?? "";
      members.push({ id: rng.uuid(), clientId: id, userId, role: person.role, createdAt: at, updatedAt: at });
      return { ...person, userId };
    });
    workspaces.push({
      ...ws,
      id,
      clock: createBusinessClock(ws.timezone, ws.hours),
      members: runtimeMembers,
      owners: runtimeMembers.filter((m) => m.leadShare > 0).map((m) => [m, m.leadShare] as const),
    });
  });
  return { workspaces, clients, businessHours, users, accounts, members };
}
