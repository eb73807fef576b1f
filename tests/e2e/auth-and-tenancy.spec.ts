import { expect, test } from "@playwright/test";
import { signIn, workspaceIdOf } from "./helpers";

test("health endpoint reports a reachable database", async ({ request }) => {
  const response = await request.get("/api/health");
  expect(response.status()).toBe(200);
  const body = await response.json();
  expect(body.status).toBe("ok");
  expect(body.database.reachable).toBe(true);
});

test("signed-out visitors are sent to sign-in", async ({ page }) => {
  await page.goto("/w/00000000-0000-4000-8000-000000000000/crm");
  await expect(page).toHaveURL(/\/sign-in$/);
  await expect(page.getByRole("heading", { name: "Sign in to your workspace" })).toBeVisible();
});

test("a wrong password is refused with a clear message", async ({ page }) => {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill("manager@northwind.demo");
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  // (Next.js's route announcer is an empty role=alert too, hence the filter.)
  await expect(
    page.getByRole("alert").filter({ hasText: "That email and password do not match an account." }),
  ).toBeVisible();
  await expect(page).toHaveURL(/\/sign-in$/);
});

test("the demo manager signs in, sees the dashboard and signs out", async ({ page }) => {
  await signIn(page, "manager@northwind.demo");
  await expect(page.getByRole("heading", { name: "Northwind Appointments" })).toBeVisible();
  await expect(page.getByTestId("current-user")).toBeVisible();

  await page.getByRole("link", { name: "CRM" }).click();
  await expect(page.getByRole("heading", { name: "Leads" })).toBeVisible();
  expect(await page.getByTestId("lead-row").count()).toBeGreaterThan(0);

  await page.getByRole("link", { name: "Analytics" }).click();
  await expect(page.getByRole("heading", { name: "Analytics" })).toBeVisible();

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await page.goto("/");
  await expect(page).toHaveURL(/\/sign-in$/);
});

test("a setter cannot open another workspace or the analytics tab", async ({ browser }) => {
  const other = await browser.newPage();
  await signIn(other, "manager@brightside.demo");
  const brightsideId = workspaceIdOf(other);
  await other.close();

  const page = await browser.newPage();
  await signIn(page, "setter@northwind.demo");
  const northwindId = workspaceIdOf(page);
  expect(northwindId).not.toBe(brightsideId);
  await expect(page.getByRole("link", { name: "Analytics" })).toHaveCount(0);

  for (const path of [`/w/${brightsideId}`, `/w/${brightsideId}/crm`, `/w/${northwindId}/analytics`]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(404);
    await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  }
  await page.close();
});

test("an admin of two workspaces switches between them", async ({ page }) => {
  await signIn(page, "admin@leadclock.demo");
  const first = workspaceIdOf(page);
  await page.getByRole("link", { name: "CRM" }).click();
  await page.waitForURL(/\/crm$/);
  const switcher = page.getByRole("combobox", { name: "Workspace" });
  const options = await switcher.locator("option").allTextContents();
  expect(options).toEqual(["Brightside Growth", "Northwind Appointments"]);
  const values = await switcher
    .locator("option")
    .evaluateAll((nodes) => nodes.map((n) => (n as HTMLOptionElement).value));
  const otherId = values.find((value) => value !== first);
  expect(otherId).toBeDefined();
  await switcher.selectOption(otherId!);
  await page.waitForURL((url) => url.pathname.endsWith("/crm") && !url.pathname.includes(first));
  await expect(page.getByRole("heading", { name: "Leads" })).toBeVisible();
});
