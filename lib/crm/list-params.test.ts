import { describe, expect, it } from "vitest";
import { crmHref, DEFAULT_LIST_PARAMS, hasListFilters, parseLeadListParams } from "./list-params";

const LEAD = "3f2b8c1e-0000-4000-8000-00000000abcd";

describe("parseLeadListParams", () => {
  it("reads every parameter of the URL contract", () => {
    expect(
      parseLeadListParams({
        q: "  Ann   Lee ",
        channel: "sms",
        booked: "no",
        awaiting: "1",
        sort: "oldest",
        page: "3",
        lead: LEAD.toUpperCase(),
        followup: "1",
      }),
    ).toEqual({
      q: "Ann Lee",
      channel: "sms",
      booked: "no",
      awaiting: true,
      sort: "oldest",
      page: 3,
      lead: LEAD,
      followUp: true,
    });
  });

  it("falls back to defaults for missing, empty and bad values", () => {
    expect(parseLeadListParams({})).toEqual(DEFAULT_LIST_PARAMS);
    expect(parseLeadListParams({ q: "", channel: "", booked: "", awaiting: "", sort: "", page: "", lead: "" })).toEqual(
      DEFAULT_LIST_PARAMS,
    );
    expect(
      parseLeadListParams({
        q: "x".repeat(101),
        channel: "fax",
        booked: "maybe",
        awaiting: "yes",
        sort: "newest",
        page: "-2",
        lead: "'; drop table",
      }),
    ).toEqual(DEFAULT_LIST_PARAMS);
    expect(parseLeadListParams({ page: "1.5" }).page).toBe(1);
    expect(parseLeadListParams({ page: "100001" }).page).toBe(1);
    expect(parseLeadListParams({ page: "abc" }).page).toBe(1);
  });

  it("takes the first of repeated parameters", () => {
    expect(parseLeadListParams({ channel: ["email", "sms"], page: ["2", "9"] })).toMatchObject({
      channel: "email",
      page: 2,
    });
  });
});

describe("crmHref", () => {
  const base = "00000000-0000-4000-8000-000000000001";
  it("writes only non-default values", () => {
    expect(crmHref(base, DEFAULT_LIST_PARAMS)).toBe(`/w/${base}/crm`);
    expect(
      crmHref(base, {
        ...DEFAULT_LIST_PARAMS,
        q: "a&b",
        channel: "email",
        booked: "yes",
        awaiting: true,
        sort: "oldest",
        page: 2,
        lead: LEAD,
      }),
    ).toBe(`/w/${base}/crm?q=a%26b&channel=email&booked=yes&awaiting=1&sort=oldest&page=2&lead=${LEAD}`);
  });

  it("goes back to page 1 when a filter changes, and keeps the page otherwise", () => {
    const onPage3 = { ...DEFAULT_LIST_PARAMS, page: 3 };
    expect(crmHref(base, onPage3, { channel: "sms" })).toBe(`/w/${base}/crm?channel=sms`);
    expect(crmHref(base, onPage3, { lead: LEAD })).toBe(`/w/${base}/crm?page=3&lead=${LEAD}`);
    expect(crmHref(base, onPage3, { q: "x", page: 2 })).toBe(`/w/${base}/crm?q=x&page=2`);
  });

  it("round-trips through the parser", () => {
    const params = { ...DEFAULT_LIST_PARAMS, q: "ann lee", booked: "no" as const, awaiting: true, page: 4 };
    const url = new URL(crmHref(base, params), "http://x");
    expect(parseLeadListParams(Object.fromEntries(url.searchParams))).toEqual(params);
  });
});

describe("hasListFilters", () => {
  it("ignores page and lead", () => {
    expect(hasListFilters({ ...DEFAULT_LIST_PARAMS, page: 4, lead: LEAD })).toBe(false);
    expect(hasListFilters({ ...DEFAULT_LIST_PARAMS, sort: "oldest" })).toBe(true);
  });
});
