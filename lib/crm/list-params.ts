// The CRM page's URL contract (?q=&channel=&booked=&awaiting=&sort=&page=&lead=).
// Pure: parses untrusted query strings (a bad value falls back to its default rather
// than failing the page, so a hand-edited or stale link still shows something useful)
// and builds links that carry only non-default values.
import { z } from "zod";
import { CHANNELS, type Channel } from "@/lib/channels";
import { UUID_PATTERN } from "@/lib/uuid";

export const MAX_PAGE = 100_000;
export const MAX_QUERY_LENGTH = 100;

export type LeadListParams = {
  q: string;
  channel: Channel | null;
  booked: "yes" | "no" | null;
  awaiting: boolean;
  sort: "newest" | "oldest";
  page: number;
  lead: string | null;
  /** Bookings: only leads with an open follow-up task (?followup=1). */
  followUp: boolean;
};

export const DEFAULT_LIST_PARAMS: LeadListParams = {
  q: "",
  channel: null,
  booked: null,
  awaiting: false,
  sort: "newest",
  page: 1,
  lead: null,
  followUp: false,
};

const schema = z.object({
  // Whitespace collapsed so "  ann   lee " searches what the user meant.
  q: z
    .string()
    .transform((raw) => raw.replace(/\s+/g, " ").trim())
    .pipe(z.string().max(MAX_QUERY_LENGTH))
    .catch(""),
  channel: z.enum(CHANNELS).nullable().catch(null),
  booked: z.enum(["yes", "no"]).nullable().catch(null),
  awaiting: z
    .literal("1")
    .nullable()
    .transform((v) => v === "1")
    .catch(false),
  sort: z
    .literal("oldest")
    .nullable()
    .transform((v): LeadListParams["sort"] => v ?? "newest")
    .catch("newest"),
  page: z.coerce
    .number()
    .int()
    .min(1)
    .max(MAX_PAGE)
    .nullable()
    .transform((v) => v ?? 1)
    .catch(1),
  lead: z
    .string()
    .regex(UUID_PATTERN)
    .transform((v) => v.toLowerCase())
    .nullable()
    .catch(null),
  followUp: z
    .literal("1")
    .nullable()
    .transform((v) => v === "1")
    .catch(false),
});

type RawParams = Record<string, string | string[] | undefined>;

/** The first value of a repeated parameter; absent → null. */
function first(raw: RawParams, key: string): string | null {
  const value = raw[key];
  if (Array.isArray(value)) return value[0] ?? null;
  return value ?? null;
}

export function parseLeadListParams(raw: RawParams): LeadListParams {
  return schema.parse({
    q: first(raw, "q") ?? "",
    channel: first(raw, "channel") || null,
    booked: first(raw, "booked") || null,
    awaiting: first(raw, "awaiting") || null,
    sort: first(raw, "sort") || null,
    page: first(raw, "page") || null,
    lead: first(raw, "lead") || null,
    followUp: first(raw, "followup") || null,
  });
}

/**
 * A CRM link with `overrides` applied. Changing a filter goes back to page 1 unless a
 * page is given, so a narrower result never lands on an empty page.
 */
export function crmHref(clientId: string, params: LeadListParams, overrides: Partial<LeadListParams> = {}): string {
  const filterChanged = (["q", "channel", "booked", "awaiting", "sort", "followUp"] as const).some(
    (k) => k in overrides,
  );
  const next: LeadListParams = {
    ...params,
    ...(filterChanged && !("page" in overrides) ? { page: 1 } : {}),
    ...overrides,
  };
  const search = new URLSearchParams();
  if (next.q) search.set("q", next.q);
  if (next.channel) search.set("channel", next.channel);
  if (next.booked) search.set("booked", next.booked);
  if (next.awaiting) search.set("awaiting", "1");
  if (next.followUp) search.set("followup", "1");
  if (next.sort === "oldest") search.set("sort", "oldest");
  if (next.page > 1) search.set("page", String(next.page));
  if (next.lead) search.set("lead", next.lead);
  const query = search.toString();
  return `/w/${clientId}/crm${query ? `?${query}` : ""}`;
}

/** True when any list filter differs from the default (for "Clear filters"). */
export function hasListFilters(params: LeadListParams): boolean {
  return Boolean(
    params.q || params.channel || params.booked || params.awaiting || params.followUp || params.sort !== "newest",
  );
}
