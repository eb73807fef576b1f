import { describe, expect, it } from "vitest";
import { formatInTimeZone } from "@/lib/format";
import type { TimingRow } from "./lead-detail-types";
import {
  aiDelayFacts,
  aiLabel,
  formatDelayWindow,
  formatSignedSeconds,
  setterLabel,
  streakLabel,
} from "./timing-labels";

const TZ = "America/New_York";
const at = (s: number) => new Date(Date.UTC(2026, 2, 2, 15, 0, 0) + s * 1000);
const base: TimingRow = {
  inboundMessageId: "m",
  channel: "sms",
  inboundSentAt: at(0),
  streakStartAt: at(0),
  streakLength: 1,
  computed: true,
  setter: null,
  ai: null,
};
const ai = (patch: Partial<NonNullable<TimingRow["ai"]>>): TimingRow => ({
  ...base,
  ai: {
    responded: null,
    chosenDelaySeconds: 250,
    minSeconds: 180,
    maxSeconds: 420,
    scheduledRunAt: at(250),
    actualDelaySeconds: null,
    jobStatus: null,
    ...patch,
  },
});

describe("formatSignedSeconds", () => {
  it.each([
    [null, "—"],
    [0, "0s"],
    [2, "+2s"],
    [-65, "-1m 5s"],
    [3700, "+1h 1m"],
  ])("%s → %s", (input, expected) => expect(formatSignedSeconds(input)).toBe(expected));
});

describe("formatDelayWindow", () => {
  it("shows the window in the duration format, or nothing without one", () => {
    expect(formatDelayWindow(180, 420)).toBe("3m–7m");
    expect(formatDelayWindow(90, 125)).toBe("1m 30s–2m 5s");
    expect(formatDelayWindow(null, 420)).toBeNull();
  });
});

describe("labels", () => {
  it("name the setter, or say there was none, or that the row is not computed", () => {
    expect(setterLabel({ ...base, setter: { ms: 252_000, sentAt: at(252), userName: "Dana" } })).toBe("4m 12s by Dana");
    expect(setterLabel({ ...base, setter: { ms: 183_600_000, sentAt: at(1), userName: null } })).toBe(
      "2d 3h by a former member",
    );
    expect(setterLabel(base)).toBe("no setter reply");
    expect(setterLabel({ ...base, computed: false })).toBe("not computed yet");
  });

  it("describe every AI state", () => {
    expect(aiLabel(base, TZ)).toEqual({ text: "no AI reply", state: "none" });
    expect(aiLabel(ai({ responded: { ms: 301_000, sentAt: at(301) } }), TZ)).toEqual({
      text: "5m 1s",
      state: "answered",
    });
    expect(aiLabel(ai({ jobStatus: "RUNNING" }), TZ, at(100)).text).toBe(
      `AI job still scheduled (runs at ${formatInTimeZone(at(250), TZ)})`,
    );
    expect(aiLabel(ai({ jobStatus: "PENDING", scheduledRunAt: null }), TZ).text).toBe("AI job still scheduled");
    expect(aiLabel(ai({ jobStatus: "FAILED" }), TZ).text).toBe("no AI reply (auto-send job failed)");
    expect(aiLabel(ai({ jobStatus: "CANCELED" }), TZ).text).toBe("no AI reply (auto-send canceled)");
    expect(aiLabel({ ...base, computed: false }, TZ).state).toBe("not-computed");
  });

  it("list delay facts only for what is known", () => {
    expect(aiDelayFacts(base, TZ)).toEqual([]);
    expect(aiDelayFacts(ai({ scheduledRunAt: null }), TZ)).toEqual([
      { label: "Chosen delay", value: "4m 10s (window 3m–7m)" },
    ]);
    expect(
      aiDelayFacts(ai({ responded: { ms: 248_000, sentAt: at(248) }, actualDelaySeconds: 248 }), TZ).at(-1),
    ).toEqual({ label: "Drift", value: "-2s" });
  });

  it("describe streaks", () => {
    expect(streakLabel(base, TZ)).toBe("1 message");
    expect(streakLabel({ ...base, streakLength: 3, streakStartAt: at(-60) }, TZ)).toBe(
      `3 messages, from ${formatInTimeZone(at(-60), TZ)}`,
    );
  });
});
