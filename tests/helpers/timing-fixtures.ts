// Builds threads for response-timing tests from a compact description (the format of
// tests/fixtures/timing-cases.md): keys become uuids that sort in the order written,
// times are seconds after a base instant.
import type { AIDraftStatus, BackgroundJobStatus, MessageChannel, MessageSender } from "@/lib/generated/prisma/enums";
import type { Db } from "@/lib/prisma-client";

export const BASE = new Date("2026-03-02T15:00:00.000Z"); // a Monday, 10:00 in New York

export type MessageSpec = {
  key: string;
  lead: string;
  channel: MessageChannel;
  t: number;
  dir: "in" | "out";
  sentBy?: MessageSender;
  user?: string;
  draft?: string;
};
export type DraftSpec = {
  key: string;
  trigger: string;
  channel: MessageChannel;
  status?: AIDraftStatus;
  job?: { runAt: number; startedAt?: number; finishedAt?: number; status?: BackgroundJobStatus };
};

export class Keys {
  private readonly ids = new Map<string, string>();
  constructor(private readonly prefix: number) {}
  id(key: string): string {
    let id = this.ids.get(key);
    if (!id) {
      const n = this.ids.size + 1;
      id = `${this.prefix.toString(16).padStart(8, "0")}-0000-4000-8000-${n.toString(16).padStart(12, "0")}`;
      this.ids.set(key, id);
    }
    return id;
  }
  keyOf(id: string | null): string | null {
    if (id === null) return null;
    for (const [key, value] of this.ids) if (value === id) return key;
    return `?${id}`;
  }
}

export const at = (seconds: number) => new Date(BASE.getTime() + seconds * 1000);

export async function buildScenario(
  db: Db,
  keys: Keys,
  spec: { clientId: string; leads: string[]; users?: string[]; messages: MessageSpec[]; drafts?: DraftSpec[] },
): Promise<void> {
  for (const user of spec.users ?? []) {
    await db.user.upsert({
      where: { id: keys.id(user) },
      update: {},
      create: { id: keys.id(user), name: user, email: `${keys.id(user)}@test.example` },
    });
  }
  for (const lead of spec.leads) {
    await db.lead.create({ data: { id: keys.id(lead), clientId: spec.clientId, name: lead } });
  }
  const draftOf = new Map((spec.drafts ?? []).map((d) => [d.key, d]));
  // Inbound first, so drafts can reference their triggers before outbound messages reference drafts.
  const ordered = [...spec.messages].sort((a, b) => (a.dir === b.dir ? 0 : a.dir === "in" ? -1 : 1));
  let draftsCreated = false;
  for (const m of ordered) {
    if (m.dir === "out" && !draftsCreated) {
      draftsCreated = true;
      for (const d of draftOf.values()) await createDraft(db, keys, spec.clientId, spec.messages, d);
    }
    await db.message.create({
      data: {
        id: keys.id(m.key),
        clientId: spec.clientId,
        leadId: keys.id(m.lead),
        channel: m.channel,
        direction: m.dir === "in" ? "inbound" : "outbound",
        body: m.key,
        sentAt: at(m.t),
        sentBy: m.dir === "out" ? (m.sentBy ?? "system") : null,
        sentByUserId: m.user ? keys.id(m.user) : null,
        aiDraftId: m.draft ? keys.id(m.draft) : null,
      },
    });
  }
  if (!draftsCreated) for (const d of draftOf.values()) await createDraft(db, keys, spec.clientId, spec.messages, d);
}

async function createDraft(db: Db, keys: Keys, clientId: string, messages: MessageSpec[], d: DraftSpec) {
  const trigger = messages.find((m) => m.key === d.trigger);
  if (!trigger) throw new Error(`draft ${d.key}: unknown trigger ${d.trigger}`);
  await db.aIDraft.create({
    data: {
      id: keys.id(d.key),
      clientId,
      leadId: keys.id(trigger.lead),
      triggerMessageId: keys.id(d.trigger),
      channel: d.channel,
      content: d.key,
      status: d.status ?? "SENT",
    },
  });
  if (d.job) {
    await db.backgroundJob.create({
      data: {
        id: keys.id(`job:${d.key}`),
        clientId,
        leadId: keys.id(trigger.lead),
        messageId: keys.id(d.trigger),
        draftId: keys.id(d.key),
        type: "AI_AUTO_SEND_DELAYED",
        status: d.job.status ?? "SUCCEEDED",
        runAt: at(d.job.runAt),
        startedAt: d.job.startedAt === undefined ? null : at(d.job.startedAt),
        finishedAt: d.job.finishedAt === undefined ? null : at(d.job.finishedAt),
        dedupeKey: `job:${keys.id(d.key)}`,
      },
    });
  }
}
