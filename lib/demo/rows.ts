// Row shapes of the seeded tables and the SQL type of each column, in the order the
// bulk insert sends them. Timestamps are ISO strings (UTC, millisecond precision), so
// what reaches PostgreSQL never depends on the local time zone.

type Value = string | number | boolean | null;

export type TableSpec<R> = {
  table: string;
  /** [column, SQL element type]; the column name is the row key. */
  columns: readonly (readonly [keyof R & string, string])[];
};

function spec<R extends Record<string, Value>>(table: string, columns: { [K in keyof R]: string }): TableSpec<R> {
  return {
    table,
    columns: Object.entries(columns).map(([name, type]) => [name as keyof R & string, type as string] as const),
  };
}

export type ClientRow = {
  id: string;
  name: string;
  timezone: string;
  autoSendEnabled: boolean;
  aiDelayMinSeconds: number;
  aiDelayMaxSeconds: number;
  createdAt: string;
  updatedAt: string;
};
export const CLIENT = spec<ClientRow>("Client", {
  id: "uuid",
  name: "text",
  timezone: "text",
  autoSendEnabled: "boolean",
  aiDelayMinSeconds: "int4",
  aiDelayMaxSeconds: "int4",
  createdAt: "timestamptz",
  updatedAt: "timestamptz",
});

export type BusinessHoursRow = {
  id: string;
  clientId: string;
  dayOfWeek: number;
  startMinute: number;
  endMinute: number;
  createdAt: string;
};
export const BUSINESS_HOURS = spec<BusinessHoursRow>("BusinessHours", {
  id: "uuid",
  clientId: "uuid",
  dayOfWeek: "int4",
  startMinute: "int4",
  endMinute: "int4",
  createdAt: "timestamptz",
});

export type UserRow = {
  id: string;
  name: string;
  email: string;
  emailVerified: boolean;
  createdAt: string;
  updatedAt: string;
};
export const USER = spec<UserRow>("User", {
  id: "text",
  name: "text",
  email: "text",
  emailVerified: "boolean",
  createdAt: "timestamptz",
  updatedAt: "timestamptz",
});

export type AccountRow = {
  id: string;
  accountId: string;
  providerId: string;
  userId: string;
  password: string;
  createdAt: string;
  updatedAt: string;
};
export const ACCOUNT = spec<AccountRow>("Account", {
  id: "text",
  accountId: "text",
  providerId: "text",
  userId: "text",
  password: "text",
  createdAt: "timestamptz",
  updatedAt: "timestamptz",
});

export type ClientMemberRow = {
  id: string;
  clientId: string;
  userId: string;
  role: string;
  createdAt: string;
  updatedAt: string;
};
export const CLIENT_MEMBER = spec<ClientMemberRow>("ClientMember", {
  id: "uuid",
  clientId: "uuid",
  userId: "text",
  role: '"MemberRole"',
  createdAt: "timestamptz",
  updatedAt: "timestamptz",
});

export type LeadRow = {
  id: string;
  clientId: string;
  name: string;
  email: string | null;
  phone: string | null;
  linkedinUrl: string | null;
  status: string;
  sentiment: string | null;
  ghlContactId: string | null;
  smartleadLeadId: string | null;
  instantlyLeadId: string | null;
  unipileAttendeeId: string | null;
  lastInboundAt: string | null;
  lastOutboundAt: string | null;
  appointmentBookedAt: string | null;
  appointmentCanceledAt: string | null;
  appointmentStartAt: string | null;
  appointmentStatus: string | null;
  appointmentLastCheckedAt: string | null;
  appointmentProvider: string | null;
  ghlAppointmentId: string | null;
  calendlyInviteeUri: string | null;
  calendlyScheduledEventUri: string | null;
  createdAt: string;
  updatedAt: string;
};
export const LEAD = spec<LeadRow>("Lead", {
  id: "uuid",
  clientId: "uuid",
  name: "text",
  email: "text",
  phone: "text",
  linkedinUrl: "text",
  status: '"LeadStatus"',
  sentiment: '"LeadSentiment"',
  ghlContactId: "text",
  smartleadLeadId: "text",
  instantlyLeadId: "text",
  unipileAttendeeId: "text",
  lastInboundAt: "timestamptz",
  lastOutboundAt: "timestamptz",
  appointmentBookedAt: "timestamptz",
  appointmentCanceledAt: "timestamptz",
  appointmentStartAt: "timestamptz",
  appointmentStatus: '"AppointmentStatus"',
  appointmentLastCheckedAt: "timestamptz",
  appointmentProvider: '"AppointmentProvider"',
  ghlAppointmentId: "text",
  calendlyInviteeUri: "text",
  calendlyScheduledEventUri: "text",
  createdAt: "timestamptz",
  updatedAt: "timestamptz",
});

export type MessageRow = {
  id: string;
  clientId: string;
  leadId: string;
  channel: string;
  direction: string;
  subject: string | null;
  body: string;
  sentAt: string;
  sentBy: string | null;
  sentByUserId: string | null;
  aiDraftId: string | null;
  webhookDedupeKey: string | null;
  ghlMessageId: string | null;
  smartleadMessageId: string | null;
  instantlyEmailId: string | null;
  unipileMessageId: string | null;
  createdAt: string;
};
export const MESSAGE = spec<MessageRow>("Message", {
  id: "uuid",
  clientId: "uuid",
  leadId: "uuid",
  channel: '"MessageChannel"',
  direction: '"MessageDirection"',
  subject: "text",
  body: "text",
  sentAt: "timestamptz",
  sentBy: '"MessageSender"',
  sentByUserId: "text",
  aiDraftId: "uuid",
  webhookDedupeKey: "text",
  ghlMessageId: "text",
  smartleadMessageId: "text",
  instantlyEmailId: "text",
  unipileMessageId: "text",
  createdAt: "timestamptz",
});

export type AIDraftRow = {
  id: string;
  clientId: string;
  leadId: string;
  triggerMessageId: string;
  channel: string;
  content: string;
  status: string;
  createdAt: string;
  updatedAt: string;
};
export const AI_DRAFT = spec<AIDraftRow>("AIDraft", {
  id: "uuid",
  clientId: "uuid",
  leadId: "uuid",
  triggerMessageId: "uuid",
  channel: '"MessageChannel"',
  content: "text",
  status: '"AIDraftStatus"',
  createdAt: "timestamptz",
  updatedAt: "timestamptz",
});

export type BackgroundJobRow = {
  id: string;
  clientId: string;
  leadId: string | null;
  messageId: string | null;
  draftId: string | null;
  type: string;
  status: string;
  runAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  lockedAt: string | null;
  lockedBy: string | null;
  lockedUntil: string | null;
  attempts: number;
  maxAttempts: number;
  lastError: string | null;
  dedupeKey: string | null;
  createdAt: string;
  updatedAt: string;
};
export const BACKGROUND_JOB = spec<BackgroundJobRow>("BackgroundJob", {
  id: "uuid",
  clientId: "uuid",
  leadId: "uuid",
  messageId: "uuid",
  draftId: "uuid",
  type: '"BackgroundJobType"',
  status: '"BackgroundJobStatus"',
  runAt: "timestamptz",
  startedAt: "timestamptz",
  finishedAt: "timestamptz",
  lockedAt: "timestamptz",
  lockedBy: "text",
  lockedUntil: "timestamptz",
  attempts: "int4",
  maxAttempts: "int4",
  lastError: "text",
  dedupeKey: "text",
  createdAt: "timestamptz",
  updatedAt: "timestamptz",
});

/** What one chunk of leads produces. */
export type LeadBatch = {
  leads: LeadRow[];
  messages: MessageRow[];
  drafts: AIDraftRow[];
  jobs: BackgroundJobRow[];
};

export const emptyBatch = (): LeadBatch => ({ leads: [], messages: [], drafts: [], jobs: [] });

export const iso = (ms: number): string => new Date(ms).toISOString();
export const isoOrNull = (ms: number | null | undefined): string | null => (ms == null ? null : iso(ms));
