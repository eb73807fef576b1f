// The conversation channels and how people read them. Shared by the CRM, analytics,
// providers and jobs, so it depends on nothing.
export const CHANNELS = ["sms", "email", "linkedin"] as const;
export type Channel = (typeof CHANNELS)[number];

export const CHANNEL_LABEL: Record<Channel, string> = { sms: "SMS", email: "Email", linkedin: "LinkedIn" };
