// The flags of `npm run webhooks:simulate`: messages as before (no --event), booking events
// per provider, and every flag that does not fit its event refused with a message (exit 2).
import { describe, expect, it } from "vitest";
import { parseSimulateArgs } from "./simulate-args";

const run = (argv: string[]) => {
  const parsed = parseSimulateArgs(argv);
  if (parsed.kind !== "run") throw new Error(`expected a run, got ${JSON.stringify(parsed)}`);
  return parsed.args;
};
const refused = (argv: string[]) => {
  const parsed = parseSimulateArgs(argv);
  if (parsed.kind !== "error") throw new Error(`expected an error, got ${JSON.stringify(parsed)}`);
  return parsed.message;
};

describe("parseSimulateArgs", () => {
  it("no --event is an inbound message, as before", () => {
    expect(run(["--provider", "ghl"])).toEqual({
      event: "message",
      provider: "ghl",
      clientId: null,
      url: "http://localhost:3000",
    });
    expect(
      run(["--provider", "ghl", "--event", "message", "--channel", "email", "--text", " Hi ", "--url", "http://x:1/"]),
    ).toEqual({ event: "message", provider: "ghl", channel: "email", text: "Hi", clientId: null, url: "http://x:1" });
  });

  it("GoHighLevel appointment events with --lead, --start and --appointment-id", () => {
    expect(
      run([
        "--provider",
        "ghl",
        "--event",
        "appointment-create",
        "--lead",
        "+12125550123",
        "--start",
        "2026-12-08T15:00",
      ]),
    ).toEqual({
      event: "appointment-create",
      provider: "ghl",
      lead: "+12125550123",
      start: "2026-12-08T15:00",
      appointmentId: null,
      clientId: null,
      url: "http://localhost:3000",
    });
    expect(
      run(["--provider", "ghl", "--event", "appointment-update", "--appointment-id", "Aw8RtN3qZx6LmPc2KvYb"]),
    ).toMatchObject({ event: "appointment-update", start: null, appointmentId: "Aw8RtN3qZx6LmPc2KvYb" });
    expect(run(["--provider", "ghl", "--event", "appointment-delete"])).toMatchObject({ event: "appointment-delete" });
  });

  it("Calendly events; a Calendly --appointment-id is an invitee URI", () => {
    const uri = "https://api.calendly.com/scheduled_events/3c8f2a1d/invitees/a7e41c9b";
    for (const event of [
      "invitee-created",
      "invitee-canceled",
      "invitee-rescheduled",
      "no-show-created",
      "no-show-deleted",
    ])
      expect(run(["--provider", "calendly", "--event", event])).toMatchObject({ event, provider: "calendly" });
    expect(
      run([
        "--provider",
        "calendly",
        "--event",
        "invitee-rescheduled",
        "--appointment-id",
        uri,
        "--start",
        "2026-12-08T15:00:00Z",
      ]),
    ).toMatchObject({ appointmentId: uri, start: "2026-12-08T15:00:00Z" });
    expect(refused(["--provider", "calendly", "--event", "invitee-canceled", "--appointment-id", "abc"])).toContain(
      "--appointment-id for Calendly is an invitee URI",
    );
  });

  it.each([
    [["--provider", "calendly"], "--provider calendly needs --event: one of invitee-created"],
    [["--provider", "calendly", "--event", "message"], "Calendly sends booking events only"],
    [["--provider", "ghl", "--event", "invitee-created"], "--event invitee-created needs --provider calendly"],
    [["--provider", "calendly", "--event", "appointment-create"], "--event appointment-create needs --provider ghl"],
    [["--provider", "smartlead", "--event", "appointment-create"], "--event appointment-create needs --provider ghl"],
    [["--provider", "ghl", "--event", "book"], "--event must be one of message, appointment-create"],
    [["--provider", "hubspot"], "--provider must be one of ghl, unipile, smartlead, instantly, calendly"],
    [["--provider", "ghl", "--event", "appointment-create", "--text", "hi"], "--text applies to --event message only"],
    [
      ["--provider", "ghl", "--event", "appointment-create", "--channel", "sms"],
      "--channel applies to --event message only",
    ],
    [["--provider", "ghl", "--start", "2026-12-08T15:00"], "--start applies to booking events only"],
    [["--provider", "ghl", "--appointment-id", "x"], "--appointment-id applies to booking events only"],
    [["--provider", "ghl", "--event", "appointment-delete", "--start", "2026-12-08T15:00"], "--start does not apply"],
    [["--provider", "calendly", "--event", "no-show-created", "--start", "2026-12-08T15:00"], "--start does not apply"],
    [
      ["--provider", "ghl", "--event", "appointment-create", "--appointment-id", "x"],
      "--appointment-id does not apply",
    ],
    [["--provider", "ghl", "--event", "appointment-create", "--start", "tomorrow"], "--start must be an ISO date-time"],
    [["--provider", "ghl", "--event", "appointment-create", "--start", "2026-02-30T10:00"], "--start must be an ISO"],
    [["--provider", "ghl", "--event", "appointment-update", "--appointment-id", "a b"], "one id without spaces"],
    [["--provider", "smartlead", "--channel", "sms"], "--channel applies to --provider ghl only"],
    [["--provider", "ghl", "--event"], "argument missing"],
  ])("%j is refused: %s", (argv, message) => {
    expect(refused(argv)).toContain(message);
  });

  it("--help needs nothing else", () => {
    expect(parseSimulateArgs(["--event", "nonsense", "-h"])).toEqual({ kind: "help" });
  });
});
