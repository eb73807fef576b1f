// Plain-language labels for the drawer's Response Timing section. Pure, so the exact
// wording of every case ("no setter reply", "AI job still scheduled …") is unit-tested.
import { formatDuration, formatInTimeZone } from "@/lib/format";
import type { TimingRow } from "./lead-detail-types";

export const NOT_COMPUTED = "not computed yet";
export const NO_SETTER_REPLY = "no setter reply";
export const NO_AI_REPLY = "no AI reply";

/** "+2s", "-1m 5s", "0s": drift is signed, and zero means exactly on schedule. */
export function formatSignedSeconds(seconds: number | null): string {
  if (seconds === null) return "—";
  if (seconds === 0) return "0s";
  return `${seconds > 0 ? "+" : "-"}${formatDuration(Math.abs(seconds) * 1000)}`;
}

/** "3m–7m": the workspace's delay window at the time the row was derived. */
export function formatDelayWindow(minSeconds: number | null, maxSeconds: number | null): string | null {
  if (minSeconds === null || maxSeconds === null) return null;
  return `${formatDuration(minSeconds * 1000)}–${formatDuration(maxSeconds * 1000)}`;
}

export function setterLabel(row: TimingRow): string {
  if (!row.computed) return NOT_COMPUTED;
  if (!row.setter) return NO_SETTER_REPLY;
  return `${formatDuration(row.setter.ms)} by ${row.setter.userName ?? "a former member"}`;
}

export type AiLabel = { text: string; state: "answered" | "scheduled" | "none" | "not-computed" };

/** `now` tells a job that is due from one the cron has not reached yet ("was due at"). */
export function aiLabel(row: TimingRow, timeZone: string, now?: Date): AiLabel {
  if (!row.computed) return { text: NOT_COMPUTED, state: "not-computed" };
  const ai = row.ai;
  if (ai?.responded) return { text: formatDuration(ai.responded.ms), state: "answered" };
  if (ai && (ai.jobStatus === "PENDING" || ai.jobStatus === "RUNNING")) {
    const at = ai.scheduledRunAt;
    const overdue = at !== null && now !== undefined && at.getTime() < now.getTime();
    const when = at ? ` (${overdue ? "was due at" : "runs at"} ${formatInTimeZone(at, timeZone)})` : "";
    return { text: `AI job still scheduled${when}`, state: "scheduled" };
  }
  if (ai?.jobStatus === "FAILED") return { text: `${NO_AI_REPLY} (auto-send job failed)`, state: "none" };
  if (ai?.jobStatus === "CANCELED") return { text: `${NO_AI_REPLY} (auto-send canceled)`, state: "none" };
  return { text: NO_AI_REPLY, state: "none" };
}

/** The delay-attribution facts of a row, as label/value pairs (empty without an AI job or reply). */
export function aiDelayFacts(row: TimingRow, timeZone: string): { label: string; value: string }[] {
  const ai = row.ai;
  if (!row.computed || !ai) return [];
  const facts: { label: string; value: string }[] = [];
  if (ai.chosenDelaySeconds !== null) {
    const window = formatDelayWindow(ai.minSeconds, ai.maxSeconds);
    facts.push({
      label: "Chosen delay",
      value: `${formatDuration(ai.chosenDelaySeconds * 1000)}${window ? ` (window ${window})` : ""}`,
    });
  }
  if (ai.scheduledRunAt) facts.push({ label: "Scheduled", value: formatInTimeZone(ai.scheduledRunAt, timeZone) });
  if (ai.actualDelaySeconds !== null) {
    facts.push({ label: "Actual delay", value: formatDuration(ai.actualDelaySeconds * 1000) });
    if (ai.chosenDelaySeconds !== null)
      facts.push({ label: "Drift", value: formatSignedSeconds(ai.actualDelaySeconds - ai.chosenDelaySeconds) });
  }
  return facts;
}

/** "1 message" / "3 messages, from Mar 2, 2026, 10:00 AM EST". */
export function streakLabel(
  row: Pick<TimingRow, "streakLength" | "streakStartAt" | "inboundSentAt">,
  timeZone: string,
): string {
  if (row.streakLength <= 1) return "1 message";
  return `${row.streakLength} messages, from ${formatInTimeZone(row.streakStartAt, timeZone)}`;
}
