// Leads with hand-written threads for the CRM tests. Message ids are given per lead in
// the order written, so ties on sentAt are broken exactly as the test intends.
import type { AppointmentStatus, MessageChannel } from "@/lib/generated/prisma/enums";
import type { Db } from "@/lib/prisma-client";
import { at } from "./timing-fixtures";

export type CrmMessage = [channel: MessageChannel, dir: "in" | "out", t: number];

let counter = 0;
/** Uuids that sort in creation order (the tie-break on equal sentAt). */
export function orderedId(prefix = 0xc0): string {
  counter += 1;
  return `${prefix.toString(16).padStart(8, "0")}-0000-4000-8000-${counter.toString(16).padStart(12, "0")}`;
}

export async function createCrmLead(
  db: Db,
  spec: {
    clientId: string;
    name: string;
    email?: string;
    phone?: string;
    messages?: CrmMessage[];
    appointmentStatus?: AppointmentStatus;
    appointmentCanceledAt?: Date;
    setterUserId?: string;
  },
) {
  const messages = spec.messages ?? [];
  const times = (dir: "in" | "out") => messages.filter((m) => m[1] === dir).map((m) => m[2]);
  const last = (dir: "in" | "out") => (times(dir).length ? at(Math.max(...times(dir))) : null);
  const lead = await db.lead.create({
    data: {
      clientId: spec.clientId,
      name: spec.name,
      email: spec.email ?? null,
      phone: spec.phone ?? null,
      lastInboundAt: last("in"),
      lastOutboundAt: last("out"),
      appointmentStatus: spec.appointmentStatus ?? null,
      appointmentCanceledAt: spec.appointmentCanceledAt ?? null,
      appointmentBookedAt: spec.appointmentStatus ? at(0) : null,
    },
  });
  const ids: string[] = [];
  for (const [channel, dir, t] of messages) {
    const id = orderedId();
    ids.push(id);
    await db.message.create({
      data: {
        id,
        clientId: spec.clientId,
        leadId: lead.id,
        channel,
        direction: dir === "in" ? "inbound" : "outbound",
        body: `${spec.name} ${dir} ${t}`,
        sentAt: at(t),
        sentBy: dir === "out" ? (spec.setterUserId ? "setter" : "system") : null,
        sentByUserId: dir === "out" ? (spec.setterUserId ?? null) : null,
      },
    });
  }
  return { lead, messageIds: ids };
}
