// Words for the drawer's "AI replies" section (pure, shared by the component and its tests).
import { formatInTimeZone } from "@/lib/format";
import type { AiActivityItem } from "./lead-detail-types";

export type ActivityTone = "waiting" | "done" | "problem" | "muted";

export function postProcessLabel(postProcess: AiActivityItem["postProcess"]): { text: string; tone: ActivityTone } {
  switch (postProcess?.status) {
    case undefined:
      return { text: "not post-processed", tone: "muted" };
    case "PENDING":
      return { text: "queued: classified and drafted within a minute", tone: "waiting" };
    case "RUNNING":
      return { text: "being classified and drafted", tone: "waiting" };
    case "SUCCEEDED":
      return { text: "classified", tone: "done" };
    case "FAILED":
      return { text: "post-processing failed; an admin can retry it under Settings → Jobs", tone: "problem" };
    case "CANCELED":
      return { text: "post-processing canceled", tone: "muted" };
  }
}

export function autoSendLabel(
  autoSend: NonNullable<AiActivityItem["autoSend"]>,
  timeZone: string,
  now: Date,
): { text: string; tone: ActivityTone } {
  switch (autoSend.status) {
    case "PENDING":
      return autoSend.runAt.getTime() > now.getTime()
        ? { text: `scheduled for ${formatInTimeZone(autoSend.runAt, timeZone)}`, tone: "waiting" }
        : { text: `due since ${formatInTimeZone(autoSend.runAt, timeZone)}, about to run`, tone: "waiting" };
    case "RUNNING":
      return { text: "running now", tone: "waiting" };
    case "SUCCEEDED":
      return {
        text: `ran ${formatInTimeZone(autoSend.finishedAt ?? autoSend.runAt, timeZone)}: ${autoSend.note ?? "done"}`,
        tone: "done",
      };
    case "FAILED":
      return { text: `failed (was due ${formatInTimeZone(autoSend.runAt, timeZone)})`, tone: "problem" };
    case "CANCELED":
      return { text: "canceled", tone: "muted" };
  }
}

/** True while something in the section is about to change, so the drawer refreshes itself. */
export function activityInFlight(items: AiActivityItem[], now: Date, horizonMs = 120_000): boolean {
  return items.some(
    (item) =>
      item.postProcess?.status === "PENDING" ||
      item.postProcess?.status === "RUNNING" ||
      item.autoSend?.status === "RUNNING" ||
      (item.autoSend?.status === "PENDING" && item.autoSend.runAt.getTime() - now.getTime() <= horizonMs),
  );
}
