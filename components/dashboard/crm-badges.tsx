// Small labels shared by the CRM list and drawer.
import { CHANNEL_LABEL, type Channel } from "@/lib/channels";

const CHANNEL_STYLE: Record<Channel, string> = {
  sms: "bg-emerald-50 text-emerald-700 ring-emerald-200",
  email: "bg-sky-50 text-sky-700 ring-sky-200",
  linkedin: "bg-indigo-50 text-indigo-700 ring-indigo-200",
};

export function ChannelBadge({ channel }: { channel: Channel }) {
  return (
    <span
      className={`inline-flex items-center rounded px-1.5 py-0.5 text-[11px] font-medium ring-1 ring-inset ${CHANNEL_STYLE[channel]}`}
    >
      {CHANNEL_LABEL[channel]}
    </span>
  );
}

const SENDER_STYLE = {
  ai: "bg-violet-50 text-violet-700 ring-violet-200",
  setter: "bg-amber-50 text-amber-800 ring-amber-200",
  system: "bg-slate-100 text-slate-600 ring-slate-200",
} as const;
const SENDER_LABEL = { ai: "AI", setter: "Setter", system: "System" } as const;

export function SenderBadge({ sentBy }: { sentBy: keyof typeof SENDER_STYLE }) {
  return (
    <span
      className={`inline-flex items-center rounded px-1.5 py-0.5 text-[11px] font-semibold ring-1 ring-inset ${SENDER_STYLE[sentBy]}`}
    >
      {SENDER_LABEL[sentBy]}
    </span>
  );
}

/** "meeting booked" from MEETING_BOOKED: enum values read as words. */
export function humanize(value: string): string {
  return value.replaceAll("_", " ").toLowerCase();
}

export function StatusPill({
  children,
  tone = "slate",
}: {
  children: React.ReactNode;
  tone?: "slate" | "green" | "amber" | "red";
}) {
  const tones = {
    slate: "bg-slate-100 text-slate-700",
    green: "bg-emerald-50 text-emerald-700",
    amber: "bg-amber-50 text-amber-800",
    red: "bg-red-50 text-red-700",
  } as const;
  return (
    <span className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ${tones[tone]}`}>
      {children}
    </span>
  );
}
