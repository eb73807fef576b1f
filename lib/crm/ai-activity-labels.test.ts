import { describe, expect, it } from "vitest";
import { activityInFlight, autoSendLabel, postProcessLabel } from "./ai-activity-labels";
import type { AiActivityItem } from "./lead-detail-types";

const TZ = "America/New_York";
const runAt = new Date("2026-03-08T06:59:00.000Z"); // 1:59 AM EST, just before the DST switch
const item = (patch: Partial<AiActivityItem>): AiActivityItem => ({
  inboundMessageId: "m",
  channel: "sms",
  sentAt: runAt,
  excerpt: "yes",
  sentiment: null,
  postProcess: null,
  draft: null,
  autoSend: null,
  ...patch,
});

describe("autoSendLabel", () => {
  it("says when a pending send is scheduled, in the workspace's zone", () => {
    const label = autoSendLabel(
      { status: "PENDING", runAt, finishedAt: null, note: null },
      TZ,
      new Date(runAt.getTime() - 1000),
    );
    expect(label).toEqual({ text: "scheduled for Mar 8, 2026, 1:59 AM EST", tone: "waiting" });
  });

  it("says a pending send is due once its time passed", () => {
    const label = autoSendLabel(
      { status: "PENDING", runAt, finishedAt: null, note: null },
      TZ,
      new Date(runAt.getTime() + 1000),
    );
    expect(label.text).toBe("due since Mar 8, 2026, 1:59 AM EST, about to run");
  });

  it("shows the job's note after it ran", () => {
    const finishedAt = new Date("2026-03-08T07:01:00.000Z"); // 3:01 AM EDT
    const label = autoSendLabel(
      { status: "SUCCEEDED", runAt, finishedAt, note: "delivery not configured" },
      TZ,
      finishedAt,
    );
    expect(label).toEqual({ text: "ran Mar 8, 2026, 3:01 AM EDT: delivery not configured", tone: "done" });
  });

  it("marks failures and cancellations", () => {
    expect(autoSendLabel({ status: "FAILED", runAt, finishedAt: null, note: null }, TZ, runAt).tone).toBe("problem");
    expect(autoSendLabel({ status: "CANCELED", runAt, finishedAt: null, note: null }, TZ, runAt).text).toBe("canceled");
  });
});

describe("postProcessLabel", () => {
  it("names every job state", () => {
    expect(postProcessLabel(null).text).toBe("not post-processed");
    expect(postProcessLabel({ status: "FAILED", note: null, finishedAt: null }).tone).toBe("problem");
    expect(postProcessLabel({ status: "SUCCEEDED", note: "sentiment POSITIVE", finishedAt: runAt }).text).toBe(
      "classified",
    );
  });
});

describe("activityInFlight", () => {
  it("is true while post-processing is queued or an auto-send is due within two minutes", () => {
    expect(activityInFlight([item({ postProcess: { status: "PENDING", note: null, finishedAt: null } })], runAt)).toBe(
      true,
    );
    const pending = item({ autoSend: { status: "PENDING", runAt, finishedAt: null, note: null } });
    expect(activityInFlight([pending], new Date(runAt.getTime() - 60_000))).toBe(true);
    expect(activityInFlight([pending], new Date(runAt.getTime() - 10 * 60_000))).toBe(false);
    expect(activityInFlight([item({})], runAt)).toBe(false);
  });
});
