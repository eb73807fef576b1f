// One demo lead with everything that hangs off it. Each lead draws from its own RNG
// stream keyed by (seed, index), so the output does not depend on chunk sizes and any
// range of leads can be generated on its own.
import { decideBooking, type Booking } from "./booking";
import { simulateThread } from "./generate-thread";
import { DAY, HOUR, MINUTE, type LeadContext, type SimMessage, type WorkspaceRuntime } from "./lead-context";
import { Rng } from "./rng";
import { iso, isoOrNull, type LeadBatch, type LeadRow } from "./rows";
import { makeIdentity } from "./text";
import type { Channel } from "@/lib/channels";

/** Leads whose last streak arrived moments before `now` (pending AI jobs, "waiting since"). */
export function isLiveLead(index: number): boolean {
  return index < 6 || index % 97 === 3;
}

export function generateLead(args: {
  seed: number;
  index: number;
  now: number;
  workspaces: readonly WorkspaceRuntime[];
  batch: LeadBatch;
}): void {
  const { seed, index, now, workspaces, batch } = args;
  const rng = new Rng(seed, "lead", index);
  const live = isLiveLead(index);
  const leadId = rng.uuid();
  const picked = rng.weighted(workspaces.map((w) => [w, w.leadShare] as const));
  const ws = live && index < 6 ? (workspaces[index % workspaces.length] ?? picked) : picked;
  const who = makeIdentity(rng);
  const primary = rng.weighted(ws.channelWeights);
  const channels: Channel[] = [primary];
  if (rng.chance(0.25)) channels.push(rng.weighted(ws.channelWeights.filter(([c]) => c !== primary)));
  const smartlead = rng.chance(ws.smartleadShare);

  // Skewed towards recent leads, like a growing pipeline.
  const age = live ? rng.between(2 * HOUR, 40 * HOUR) : 120 * DAY * Math.pow(rng.float(), 1.25);
  const createdAt = Math.round(now - age);
  const startAt = createdAt + rng.between(2 * MINUTE, live ? HOUR : 20 * HOUR);
  const ctx: LeadContext = {
    rng,
    now,
    ws,
    who,
    channels,
    owner: rng.weighted(ws.owners),
    subjects: {},
    messages: [],
    drafts: [],
    jobs: [],
    firstResponse: null,
  };
  simulateThread(ctx, primary, startAt, { primary: true, live });
  const second = channels[1];
  if (second) simulateThread(ctx, second, startAt + rng.between(HOUR, 6 * DAY), { primary: false, live: false });
  const booking = decideBooking(ctx);

  batch.leads.push(leadRow(ctx, { leadId, index, createdAt, booking, smartlead }));
  pushMessages(ctx, leadId, smartlead, batch);
  for (const d of ctx.drafts) {
    batch.drafts.push({
      id: d.id,
      clientId: ws.id,
      leadId,
      triggerMessageId: d.triggerMessageId,
      channel: d.channel,
      content: d.content,
      status: d.status,
      createdAt: iso(d.createdAt),
      updatedAt: iso(d.updatedAt),
    });
  }
  for (const j of ctx.jobs) {
    batch.jobs.push({
      id: j.id,
      clientId: ws.id,
      leadId,
      messageId: j.messageId,
      draftId: j.draftId,
      type: "AI_AUTO_SEND_DELAYED",
      status: j.status,
      runAt: iso(j.runAt),
      startedAt: isoOrNull(j.startedAt),
      finishedAt: isoOrNull(j.finishedAt),
      lockedAt: isoOrNull(j.lockedBy ? j.startedAt : null),
      lockedBy: j.lockedBy,
      lockedUntil: j.status === "RUNNING" && j.startedAt !== null ? iso(j.startedAt + 5 * MINUTE) : null,
      attempts: j.attempts,
      maxAttempts: 5,
      lastError: j.lastError,
      dedupeKey: `ai-auto-send:${j.messageId}:${j.channel}`,
      createdAt: iso(j.createdAt),
      updatedAt: iso(j.updatedAt),
    });
  }
}

type LeadFacts = { leadId: string; index: number; createdAt: number; booking: Booking | null; smartlead: boolean };

function leadRow(ctx: LeadContext, { leadId, index, createdAt, booking, smartlead }: LeadFacts): LeadRow {
  const { rng, ws, who, channels } = ctx;
  const has = (c: Channel) => channels.includes(c);
  const handle = `${who.first}.${who.last}`.toLowerCase().replace(/[^a-z.]/g, "");
  let lastIn: number | null = null;
  let lastOut: number | null = null;
  for (const m of ctx.messages) {
    if (m.direction === "inbound") lastIn = Math.max(lastIn ?? m.sentAt, m.sentAt);
    else lastOut = Math.max(lastOut ?? m.sentAt, m.sentAt);
  }
  const kept = booking !== null && booking.status !== "CANCELED";
  const sentiment =
    lastIn === null
      ? null
      : kept
        ? rng.chance(0.7)
          ? "MEETING_REQUESTED"
          : "POSITIVE"
        : rng.weighted([
            ["POSITIVE", 0.3],
            ["NEUTRAL", 0.35],
            ["NEGATIVE", 0.2],
            ["OUT_OF_OFFICE", 0.05],
            ["MEETING_REQUESTED", 0.1],
          ] as const);
  const status = kept
    ? "MEETING_BOOKED"
    : lastIn === null
      ? lastOut === null
        ? "NEW"
        : "CONTACTED"
      : sentiment === "NEGATIVE"
        ? "NOT_INTERESTED"
        : rng.chance(0.04)
          ? "UNQUALIFIED"
          : "ENGAGED";
  const updatedAt = Math.max(createdAt, lastIn ?? 0, lastOut ?? 0, booking?.checkedAt ?? 0);
  return {
    id: leadId,
    clientId: ws.id,
    name: who.name,
    email: has("email") || rng.chance(0.9) ? `${handle}${rng.int(1, 99)}@${who.domain}` : null,
    phone:
      has("sms") || rng.chance(0.45)
        ? ws.phonePrefix + String(rng.int(0, 10 ** ws.phoneSuffixDigits - 1)).padStart(ws.phoneSuffixDigits, "0")
        : null,
    linkedinUrl:
      has("linkedin") || rng.chance(0.35)
        ? `https://www.linkedin.com/in/${handle.replace(".", "-")}-${rng.hex(6)}`
        : null,
    status,
    sentiment,
    ghlContactId: has("sms") ? rng.token(20) : null,
    // Sequential so the per-workspace unique constraint can never trip.
    smartleadLeadId: has("email") && smartlead ? String(20_000_000 + index) : null,
    instantlyLeadId: has("email") && !smartlead ? rng.uuid() : null,
    unipileAttendeeId: has("linkedin") ? `ACoAA${rng.token(30)}` : null,
    lastInboundAt: isoOrNull(lastIn),
    lastOutboundAt: isoOrNull(lastOut),
    appointmentBookedAt: isoOrNull(booking?.bookedAt),
    appointmentCanceledAt: isoOrNull(booking?.canceledAt),
    appointmentStartAt: isoOrNull(booking?.startAt),
    appointmentStatus: booking?.status ?? null,
    appointmentLastCheckedAt: isoOrNull(booking?.checkedAt),
    appointmentProvider: booking?.provider ?? null,
    ghlAppointmentId: booking?.ghlAppointmentId ?? null,
    calendlyInviteeUri: booking?.calendlyInviteeUri ?? null,
    calendlyScheduledEventUri: booking?.calendlyScheduledEventUri ?? null,
    createdAt: iso(createdAt),
    updatedAt: iso(updatedAt),
  };
}

function pushMessages(ctx: LeadContext, leadId: string, smartleadEmail: boolean, batch: LeadBatch): void {
  const { rng, ws, now } = ctx;
  for (const m of ctx.messages) batch.messages.push(messageRow(m));

  function messageRow(m: SimMessage) {
    const inbound = m.direction === "inbound";
    let providerKey: string;
    let ids: {
      ghlMessageId: string | null;
      smartleadMessageId: string | null;
      instantlyEmailId: string | null;
      unipileMessageId: string | null;
    };
    if (m.channel === "sms") {
      const id = rng.token(20);
      [providerKey, ids] = [
        `ghl:${id}`,
        { ghlMessageId: id, smartleadMessageId: null, instantlyEmailId: null, unipileMessageId: null },
      ];
    } else if (m.channel === "linkedin") {
      const id = rng.token(22);
      [providerKey, ids] = [
        `unipile:${id}`,
        { ghlMessageId: null, smartleadMessageId: null, instantlyEmailId: null, unipileMessageId: id },
      ];
    } else if (smartleadEmail) {
      const id = `sl_${rng.token(18)}`;
      [providerKey, ids] = [
        `smartlead:${id}`,
        { ghlMessageId: null, smartleadMessageId: id, instantlyEmailId: null, unipileMessageId: null },
      ];
    } else {
      const id = rng.uuid();
      [providerKey, ids] = [
        `instantly:${id}`,
        { ghlMessageId: null, smartleadMessageId: null, instantlyEmailId: id, unipileMessageId: null },
      ];
    }
    return {
      id: m.id,
      clientId: ws.id,
      leadId,
      channel: m.channel,
      direction: m.direction,
      subject: m.subject,
      body: m.body,
      sentAt: iso(m.sentAt),
      sentBy: m.sentBy,
      sentByUserId: m.sentByUserId,
      aiDraftId: m.aiDraftId,
      // Only webhook deliveries (inbound) carry a dedupe key; outbound rows are written by the sender.
      webhookDedupeKey: inbound ? providerKey : null,
      ...ids,
      createdAt: iso(inbound ? Math.min(now, m.sentAt + Math.round(rng.between(150, 2500))) : m.sentAt),
    };
  }
}
