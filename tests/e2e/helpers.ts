// Shared steps of the browser tests: sign in as a demo login, read the workspace id from
// the URL, run the response-timing cron, and read a downloaded CSV.
import { readFileSync } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import { expect, type APIRequestContext, type Download, type Page } from "@playwright/test";
import { parse } from "csv-parse/sync";

export const PASSWORD = "leadclock-demo";

export async function signIn(page: Page, email: string) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(/\/w\/[0-9a-f-]{36}$/);
}

export function workspaceIdOf(page: Page): string {
  const match = /\/w\/([0-9a-f-]{36})/.exec(page.url());
  if (!match?.[1]) throw new Error(`no workspace id in ${page.url()}`);
  return match[1];
}

/** Clicks a download link and returns the CSV's rows as objects keyed by the header. */
export async function downloadCsv(page: Page, click: () => Promise<void>): Promise<Record<string, string>[]> {
  const [download]: [Download, void] = await Promise.all([page.waitForEvent("download"), click()]);
  expect(download.suggestedFilename()).toMatch(/\.csv$/);
  const text = await fs.readFile(await download.path(), "utf8");
  return parse(text, { columns: true, skip_empty_lines: true, bom: true }) as Record<string, string>[];
}

/** The server's cron secret: CRON_SECRET, else the one scripts/run-app.ts generated under .data/. */
export function cronSecret(): string {
  const fromEnv = process.env.CRON_SECRET?.trim();
  if (fromEnv) return fromEnv;
  return readFileSync(path.join(process.cwd(), ".data", "cron.secret"), "utf8").trim();
}

/** Runs the response-timing cron until its queue is drained, as Vercel Cron would have by now. */
export async function drainResponseTiming(request: APIRequestContext) {
  for (let run = 0; run < 50; run++) {
    const response = await request.post("/api/cron/response-timing", {
      headers: { authorization: `Bearer ${cronSecret()}` },
    });
    expect(response.status()).toBe(200);
    if ((await response.json()).exhausted === true) return;
  }
  throw new Error("the response-timing queue did not drain within 50 runs");
}
