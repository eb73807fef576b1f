// The CRM as a setter uses it: find a lead waiting for a reply, read its timing in the
// drawer, reply, recompute, and see the reply counted. Another workspace's lead stays hidden.
import { expect, test } from "@playwright/test";
import { drainResponseTiming, signIn, workspaceIdOf } from "./helpers";

test.beforeAll(async ({ request }) => {
  await drainResponseTiming(request);
});

test("a setter opens a waiting lead, sees its timing, replies and sees the reply timed", async ({ page }) => {
  await signIn(page, "setter@northwind.demo");
  await page.getByRole("link", { name: "CRM" }).click();
  await page.getByLabel("Awaiting reply").check();
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/awaiting=1/);
  const firstLead = page.getByTestId("lead-row").first();
  await expect(firstLead).toContainText("Awaiting reply since");
  await firstLead.getByRole("link").first().click();

  const drawer = page.getByRole("dialog");
  await expect(drawer.getByRole("heading", { name: "Response Timing" })).toBeVisible();
  const waiting = drawer.getByRole("status").filter({ hasText: "Awaiting reply since" });
  await expect(waiting).toBeVisible();
  const openChannel = (await waiting.locator("li").first().innerText()).split(":")[0]!.trim();
  const timedBefore = await drawer.getByTestId("timing-row").count();

  const body = `Thanks for your patience — does Tuesday at 10 work? (e2e ${Date.now()})`;
  await drawer.getByLabel("Reply channel").selectOption({ label: openChannel });
  await drawer.getByLabel("Your reply").fill(body);
  // Ctrl+Enter sends; pressed twice in a row it must still record one message.
  await drawer.getByLabel("Your reply").press("Control+Enter");
  await drawer.getByLabel("Your reply").press("Control+Enter");
  // The demo's connections are sandbox ones: the reply is recorded as sent, nothing is delivered.
  await expect(drawer.getByRole("status").filter({ hasText: "Sent at" })).toBeVisible();
  await expect(drawer.getByText(body)).toHaveCount(1);

  await drawer.getByRole("button", { name: "Recompute timing now" }).first().click();
  await expect(drawer.getByTestId("timing-row")).toHaveCount(timedBefore + 1);
  await expect(drawer.getByTestId("timing-row").filter({ hasText: "by Jordan Hayes" }).first()).toBeVisible();

  await page.keyboard.press("Escape");
  await expect(page.getByRole("dialog")).toHaveCount(0);
});

test("a lead of another workspace cannot be opened by tampering with the URL", async ({ browser }) => {
  const outsider = await browser.newPage();
  await signIn(outsider, "manager@brightside.demo");
  const brightsideId = workspaceIdOf(outsider);
  await outsider.goto(`/w/${brightsideId}/crm`);
  const href = await outsider.getByTestId("lead-row").first().getByRole("link").first().getAttribute("href");
  const foreignLead = new URL(href!, "http://x").searchParams.get("lead");
  expect(foreignLead).toMatch(/^[0-9a-f-]{36}$/);
  await outsider.close();

  const page = await browser.newPage();
  await signIn(page, "setter@northwind.demo");
  const northwindId = workspaceIdOf(page);
  await page.goto(`/w/${northwindId}/crm?lead=${foreignLead}`);
  await expect(page.getByRole("dialog").getByRole("heading", { name: "Lead not found" })).toBeVisible();
  await expect(page.getByRole("dialog").getByLabel("Your reply")).toHaveCount(0);
  const response = await page.goto(`/w/${brightsideId}/crm?lead=${foreignLead}`);
  expect(response?.status()).toBe(404);
  await page.close();
});
