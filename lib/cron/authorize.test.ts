import { describe, expect, it, vi } from "vitest";
import { authorizeCron, cronSecretFrom } from "./authorize";

const SECRET = "s3cret-value-that-is-long-enough";

function request(authorization?: string): Request {
  const headers = new Headers();
  if (authorization !== undefined) headers.set("authorization", authorization);
  return new Request("http://localhost/api/cron/response-timing", { headers });
}

describe("authorizeCron", () => {
  it("accepts exactly `Bearer <secret>`", () => {
    expect(authorizeCron(request(`Bearer ${SECRET}`), SECRET)).toBe(true);
  });

  it("refuses a missing header, a wrong secret and near misses", () => {
    expect(authorizeCron(request(), SECRET)).toBe(false);
    expect(authorizeCron(request("Bearer wrong"), SECRET)).toBe(false);
    expect(authorizeCron(request(`Bearer ${SECRET}x`), SECRET)).toBe(false);
    expect(authorizeCron(request(`Bearer ${SECRET.slice(0, -1)}`), SECRET)).toBe(false);
    expect(authorizeCron(request(SECRET), SECRET)).toBe(false);
    expect(authorizeCron(request(""), SECRET)).toBe(false);
    expect(authorizeCron(request("Bearer"), SECRET)).toBe(false);
  });

  it("refuses other schemes, lowercase `bearer` and extra spaces", () => {
    expect(authorizeCron(request(`Basic ${SECRET}`), SECRET)).toBe(false);
    expect(authorizeCron(request(`Token ${SECRET}`), SECRET)).toBe(false);
    expect(authorizeCron(request(`bearer ${SECRET}`), SECRET)).toBe(false);
    expect(authorizeCron(request(`BEARER ${SECRET}`), SECRET)).toBe(false);
    expect(authorizeCron(request(`Bearer  ${SECRET}`), SECRET)).toBe(false);
    expect(authorizeCron(request(`Bearer\t${SECRET}`), SECRET)).toBe(false);
    expect(authorizeCron(request(`Bearer ${SECRET}, Bearer ${SECRET}`), SECRET)).toBe(false);
  });

  it("ignores surrounding whitespace, which the Fetch standard strips from header values", () => {
    expect(request(`  Bearer ${SECRET}  `).headers.get("authorization")).toBe(`Bearer ${SECRET}`);
    expect(authorizeCron(request(`  Bearer ${SECRET}  `), SECRET)).toBe(true);
  });

  it("fails closed when the secret is unset or blank", () => {
    for (const secret of [undefined, "", "   "]) {
      for (const header of [
        undefined,
        "",
        "Bearer",
        "Bearer ",
        "Bearer undefined",
        "Bearer null",
        `Bearer ${secret ?? ""}`,
      ]) {
        expect(authorizeCron(request(header), secret), `${JSON.stringify(secret)} / ${JSON.stringify(header)}`).toBe(
          false,
        );
      }
    }
  });

  it("compares digests, so a different-length secret is refused without throwing", () => {
    expect(authorizeCron(request(`Bearer ${"x".repeat(5000)}`), SECRET)).toBe(false);
    expect(authorizeCron(request("Bearer x"), SECRET)).toBe(false);
  });
});

describe("cronSecretFrom", () => {
  it("returns a valid CRON_SECRET without needing the rest of the environment", () => {
    const problem = vi.fn();
    expect(cronSecretFrom({ CRON_SECRET: SECRET }, problem)).toBe(SECRET);
    expect(problem).not.toHaveBeenCalled();
  });

  it("treats unset, empty and too-short values as unset and says why", () => {
    const problem = vi.fn();
    expect(cronSecretFrom({}, problem)).toBeUndefined();
    expect(cronSecretFrom({ CRON_SECRET: "" }, problem)).toBeUndefined();
    expect(cronSecretFrom({ CRON_SECRET: "short" }, problem)).toBeUndefined();
    expect(problem.mock.calls.map(([message]) => message)).toEqual([
      "CRON_SECRET is not set; refusing every request",
      "CRON_SECRET is not set; refusing every request",
      "CRON_SECRET must be at least 16 characters; refusing every request",
    ]);
  });
});
