// The Response Timing tab as a manager uses it: the window and a filter change the
// numbers and the charts, and a downloaded CSV holds exactly the rows of the table.
import { expect, test, type Page } from "@playwright/test";
import { downloadCsv, drainResponseTiming, signIn, workspaceIdOf } from "./helpers";

test.beforeAll(async ({ request }) => {
  await drainResponseTiming(request);
});

async function settled(page: Page) {
  await expect(page.getByTestId("analytics-results")).toHaveAttribute("aria-busy", "false");
}

/** The table's rows as text cells, header row excluded. */
async function tableRows(page: Page, section: string): Promise<string[][]> {
  return page
    .getByTestId(`section-${section}`)
    .locator("tbody tr")
    .evaluateAll((rows) =>
      rows.map((row) => Array.from(row.querySelectorAll("th, td"), (cell) => cell.textContent?.trim() ?? "")),
    );
}

test("a manager changes the window and a filter, sees the charts update and downloads CSVs matching the tables", async ({
  page,
}) => {
  await signIn(page, "manager@northwind.demo");
  await page.getByRole("link", { name: "Analytics" }).click();
  await expect(page.getByRole("link", { name: "Analytics" })).toHaveAttribute("aria-current", "page");
  for (const title of [
    "Setter response time vs booking rate",
    "AI chosen delay vs booking rate",
    "AI drift vs booking rate",
    "Setter vs AI as first responder",
    "Per setter",
  ]) {
    await expect(page.getByRole("heading", { name: title })).toBeVisible();
  }
  const setterChart = page.getByTestId("section-setter-buckets").locator("svg.recharts-surface").first();
  await expect(setterChart.locator(".recharts-bar-rectangle").first()).toBeVisible();
  const summary30 = await page.getByTestId("analytics-summary").innerText();
  const chart30 = await setterChart.innerHTML();

  await page.getByRole("button", { name: "90 days" }).click();
  await expect(page).toHaveURL(/range=90d/);
  await settled(page);
  await expect(page.getByRole("button", { name: "90 days" })).toHaveAttribute("aria-pressed", "true");
  await expect.poll(() => page.getByTestId("analytics-summary").innerText()).not.toBe(summary30);
  const summary90 = await page.getByTestId("analytics-summary").innerText();
  expect(await setterChart.innerHTML()).not.toBe(chart30);

  await page.getByLabel("Channel").selectOption("sms");
  await expect(page).toHaveURL(/channel=sms/);
  await settled(page);
  await expect.poll(() => page.getByTestId("analytics-summary").innerText()).not.toBe(summary90);

  // The view is in the URL: a reload shows the same filters.
  await page.reload();
  await expect(page.getByLabel("Channel")).toHaveValue("sms");
  await expect(page.getByRole("button", { name: "90 days" })).toHaveAttribute("aria-pressed", "true");

  const shown = await tableRows(page, "setter-buckets");
  expect(shown.length).toBe(7);
  const csv = await downloadCsv(page, () =>
    page.getByRole("link", { name: "Download CSV of Setter response time vs booking rate" }).click(),
  );
  expect(csv.map((row) => row.bucket)).toEqual(shown.map((cells) => cells[0]));
  for (const [index, cells] of shown.entries()) {
    const row = csv[index]!;
    // Table columns: bucket, leads, booked, not booked, pending, booked no time, eligible, rate, CI.
    expect([row.leads, row.booked, row.notBooked, row.pending, row.bookedNoTimestamp, row.eligible]).toEqual(
      cells.slice(1, 7).map((value) => value.replaceAll(",", "")),
    );
  }

  const setters = await tableRows(page, "setters");
  const settersCsv = await downloadCsv(page, () =>
    page.getByRole("link", { name: "Download CSV of Per setter" }).click(),
  );
  expect(settersCsv.map((row) => row.setter)).toEqual(setters.map((cells) => cells[0]));

  const anchors = await downloadCsv(page, () =>
    page.getByRole("link", { name: /Download every anchor in this window/ }).click(),
  );
  const answered = Number(
    (
      await page
        .getByTestId("analytics-summary")
        .getByText(/^[\d,]+$/)
        .first()
        .innerText()
    ).replaceAll(",", ""),
  );
  expect(anchors.length).toBe(answered);
  expect(new Set(anchors.map((row) => row.channel))).toEqual(new Set(["sms"]));
});

test("a custom window of local days shows in the URL and bad URL values fall back with a warning", async ({ page }) => {
  await signIn(page, "manager@northwind.demo");
  const clientId = workspaceIdOf(page);
  await page.goto(`/w/${clientId}/analytics?range=custom&from=2026-11-01&to=2026-11-15&channel=fax`);
  await expect(page.getByRole("status")).toContainText(/channel/i);
  await expect(page.getByLabel("From")).toHaveValue("2026-11-01");
  await expect(page.getByLabel("To (included)")).toHaveValue("2026-11-15");
  await expect(page.getByLabel("Channel")).toHaveValue("");
});

test("a setter gets 404 for the analytics tab and its CSV export", async ({ browser }) => {
  const page = await browser.newPage();
  await signIn(page, "setter@northwind.demo");
  const clientId = workspaceIdOf(page);
  for (const path of [`/w/${clientId}/analytics`, `/w/${clientId}/analytics/export?table=anchors`]) {
    const response = await page.request.get(path);
    expect(response.status(), path).toBe(404);
  }
  await page.close();
});
