// Flags of `npm run webhooks:simulate` (scripts/webhooks-simulate.ts). Without --event it
// posts an inbound message (as before); --event sends a GoHighLevel or Calendly booking event.
// A string result is the error message (usage, exit 2).
import { z } from "zod";
import { parseFlags } from "@/lib/cli/flags";
import { parseProviderInstant } from "@/lib/providers/iso-instant";
import { UUID_PATTERN } from "@/lib/uuid";
import {
  actsOnExisting,
  APPOINTMENT_EVENTS,
  CALENDLY_EVENTS,
  GHL_APPOINTMENT_EVENTS,
  isCalendlyEvent,
  isGhlAppointmentEvent,
  takesStart,
  type AppointmentEvent,
  type AppointmentProviderSlug,
} from "./appointment-events";
import { SIMULATE_PROVIDERS, type SimulateProvider } from "./types";

export const DEFAULT_SIMULATE_URL = "http://localhost:3000";

export const SIMULATE_USAGE = `Usage: npm run webhooks:simulate -- --provider ghl|unipile|smartlead|instantly|calendly [options]

Posts a webhook, shaped and authenticated like the provider's own, to the running app (start
it with npm run demo), for the demo workspace's sandbox connection: an inbound reply (the
default), or with --event a booking event (GoHighLevel appointment, Calendly invitee).

  --provider P          ghl (SMS or email), unipile (LinkedIn), smartlead or instantly (email),
                        calendly (booking events only)
  --event E             message (default; not for calendly), or a booking event:
                          ghl:      ${GHL_APPOINTMENT_EVENTS.join(", ")}
                          calendly: ${CALENDLY_EVENTS.slice(0, 3).join(", ")},
                                    ${CALENDLY_EVENTS.slice(3).join(", ")}
  --lead VALUE          the lead's email address or phone number. A message from an unknown one
                        creates a new lead; a booking event needs an existing lead (GoHighLevel:
                        with a contact id; Calendly: with an email). Default: a demo lead that fits
  --text "..."          message only: the reply's text (default: a reply asking for a call)
  --channel sms|email   message, GoHighLevel only (default: email when --lead is an email, else sms)
  --start ISO           create / update / reschedule: the slot's start, with an offset or in the
                        workspace's zone (default: tomorrow 10:00 in the workspace's zone; for a
                        move, one day after the current start)
  --appointment-id ID   update / delete / cancel / reschedule / no-show: the appointment (GoHighLevel
                        appointment id, Calendly invitee URI; default: the lead's current one)
  --client-id UUID      use this workspace's connection instead of the demo workspace's
  --url URL             where the app runs (default ${DEFAULT_SIMULATE_URL})
  -h, --help            show this help

Examples:
  npm run webhooks:simulate -- --provider ghl
  npm run webhooks:simulate -- --provider smartlead --lead jane.doe@example.org --text "Not interested, thanks"
  npm run webhooks:simulate -- --provider calendly --event invitee-created --lead jane.doe@example.org
  npm run webhooks:simulate -- --provider calendly --event invitee-rescheduled --lead jane.doe@example.org --start 2026-12-08T15:00
  npm run webhooks:simulate -- --provider ghl --event appointment-delete`;

const CLI_PROVIDERS = [...SIMULATE_PROVIDERS, "calendly"] as const;
const EVENTS = ["message", ...APPOINTMENT_EVENTS] as const;

const raw = z.object({
  provider: z.enum(CLI_PROVIDERS, { error: `--provider must be one of ${CLI_PROVIDERS.join(", ")}` }),
  event: z.enum(EVENTS, { error: `--event must be one of ${EVENTS.join(", ")}` }).optional(),
  lead: z.string().trim().min(1, "--lead must not be empty").optional(),
  text: z.string().trim().min(1, "--text must not be empty").max(10_000, "--text is too long").optional(),
  channel: z.enum(["sms", "email"], { error: "--channel must be sms or email" }).optional(),
  start: z
    .string()
    .trim()
    .refine(
      (value) => parseProviderInstant(value) !== null,
      "--start must be an ISO date-time such as 2026-12-08T15:00",
    )
    .optional(),
  "appointment-id": z
    .string()
    .trim()
    .regex(/^\S{1,500}$/, "--appointment-id must be one id without spaces")
    .optional(),
  "client-id": z.string().regex(UUID_PATTERN, "--client-id must be a UUID").optional(),
  url: z
    .url({ protocol: /^https?$/, error: "--url must be an http(s) URL such as http://localhost:3000" })
    .default(DEFAULT_SIMULATE_URL),
});
type Raw = z.output<typeof raw>;

/** The cross-flag rules: which events a provider sends, and which flags an event takes. */
function crossCheck(flags: Raw, ctx: z.RefinementCtx) {
  const issue = (message: string) => ctx.addIssue({ code: "custom", message });
  const event = flags.event ?? (flags.provider === "calendly" ? null : "message");
  if (event === null) return issue(`--provider calendly needs --event: one of ${CALENDLY_EVENTS.join(", ")}`);
  if (event === "message") {
    if (flags.provider === "calendly")
      issue("Calendly sends booking events only: --event message needs another --provider");
    if (flags.channel && flags.provider !== "ghl") issue("--channel applies to --provider ghl only");
    if (flags.start) issue("--start applies to booking events only (--event ...)");
    if (flags["appointment-id"]) issue("--appointment-id applies to booking events only (--event ...)");
    return;
  }
  if (isGhlAppointmentEvent(event) && flags.provider !== "ghl") issue(`--event ${event} needs --provider ghl`);
  if (isCalendlyEvent(event) && flags.provider !== "calendly") issue(`--event ${event} needs --provider calendly`);
  if (flags.text) issue("--text applies to --event message only");
  if (flags.channel) issue("--channel applies to --event message only");
  if (flags.start && !takesStart(event)) issue(`--start does not apply to --event ${event} (it keeps the slot)`);
  if (flags["appointment-id"] && !actsOnExisting(event))
    issue(`--appointment-id does not apply to --event ${event} (it makes a new appointment)`);
  const id = flags["appointment-id"];
  if (id && flags.provider === "calendly" && !/\/scheduled_events\/[^/]+\/invitees\/[^/]+$/.test(id))
    issue("--appointment-id for Calendly is an invitee URI (https://api.calendly.com/scheduled_events/…/invitees/…)");
}

export type SimulateMessageArgs = {
  event: "message";
  provider: SimulateProvider;
  lead?: string;
  text?: string;
  channel?: "sms" | "email";
  clientId: string | null;
  url: string;
};

export type SimulateAppointmentArgs = {
  event: AppointmentEvent;
  provider: AppointmentProviderSlug;
  lead?: string;
  /** As typed; read with the workspace's zone when it has no offset. */
  start: string | null;
  appointmentId: string | null;
  clientId: string | null;
  url: string;
};

export type SimulateArgs = SimulateMessageArgs | SimulateAppointmentArgs;

const schema = raw.superRefine(crossCheck).transform((flags): SimulateArgs => {
  const common = {
    ...(flags.lead ? { lead: flags.lead } : {}),
    clientId: flags["client-id"] ?? null,
    url: flags.url.replace(/\/+$/, ""),
  };
  const event = flags.event ?? "message";
  if (event === "message")
    return {
      event,
      provider: flags.provider as SimulateProvider,
      ...(flags.text ? { text: flags.text } : {}),
      ...(flags.channel ? { channel: flags.channel } : {}),
      ...common,
    };
  return {
    event,
    provider: flags.provider as AppointmentProviderSlug,
    start: flags.start ?? null,
    appointmentId: flags["appointment-id"] ?? null,
    ...common,
  };
});

const options = {
  provider: { type: "string" },
  event: { type: "string" },
  lead: { type: "string" },
  text: { type: "string" },
  channel: { type: "string" },
  start: { type: "string" },
  "appointment-id": { type: "string" },
  "client-id": { type: "string" },
  url: { type: "string" },
} as const;

export type ParsedSimulateArgs =
  { kind: "run"; args: SimulateArgs } | { kind: "help" } | { kind: "error"; message: string };

export function parseSimulateArgs(argv: string[]): ParsedSimulateArgs {
  // --help needs no --provider.
  if (argv.includes("--help") || argv.includes("-h")) return { kind: "help" };
  const parsed = parseFlags(argv, options, schema);
  return typeof parsed === "string" ? { kind: "error", message: parsed } : { kind: "run", args: parsed };
}
