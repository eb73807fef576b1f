// Settings → Connections as an admin uses it: add a provider connection, copy its
// webhook URL (and see the secret once), rotate the secret. Managers and setters get a
// real 404 on every settings page.
import { expect, test } from "@playwright/test";
import { signIn, workspaceIdOf } from "./helpers";

const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

test("an admin adds a connection, copies its webhook URL and rotates its secret", async ({ page, context }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await signIn(page, "admin@leadclock.demo");
  const workspaceId = workspaceIdOf(page);
  await page.getByRole("link", { name: "Settings" }).click();
  await page.waitForURL(`**/w/${workspaceId}/settings/connections`);
  await expect(page.getByRole("heading", { name: "Connections", level: 1 })).toBeVisible();
  const settingsNav = page.getByRole("navigation", { name: "Settings" });
  await expect(settingsNav.getByRole("link", { name: "Connections" })).toHaveAttribute("aria-current", "page");
  await expect(settingsNav.getByRole("link", { name: "Jobs" })).toHaveAttribute(
    "href",
    `/w/${workspaceId}/settings/jobs`,
  );
  // The demo seed's sandbox connections, one per provider (GoHighLevel on its app-wide URL).
  // The admin lands in the first workspace by name, whichever of the two demo ones that is.
  await expect(page.getByTestId("connection-row").filter({ hasText: "Demo (sandbox)" })).toHaveCount(5);
  const demoGhl = page.getByTestId("connection-row").filter({ hasText: /NwDemoLocation7Hq2Xk|BsDemoLocation3Vm8Wc/ });
  await expect(demoGhl.getByTestId("webhook-url")).toHaveText(/^https?:\/\/[^/]+\/api\/webhooks\/ghl$/);
  await expect(demoGhl.getByRole("button", { name: "Rotate secret" })).toHaveCount(0);

  const account = `e2e-${Date.now()}`;
  const form = page.getByRole("form", { name: "Add a connection" });
  await form.getByLabel("Provider").selectOption("INSTANTLY");
  await form.getByLabel("Account id").fill(account);
  await form.getByLabel("Mode").selectOption("sandbox");
  await form.getByRole("button", { name: "Add connection" }).click();

  const reveal = page.getByTestId("secret-reveal");
  await expect(reveal).toContainText(`Connection added: Instantly ${account}`);
  const url = (await reveal.getByTestId("revealed-webhook-url").innerText()).trim();
  expect(url).toMatch(new RegExp(`^https?://[^/]+/api/webhooks/instantly/${UUID}$`));
  const secret = (await reveal.getByTestId("revealed-webhook-secret").innerText()).trim();
  expect(secret).toMatch(/^whsec_[\w-]{43}$/);
  await reveal.getByRole("button", { name: "Copy new webhook URL" }).click();
  await expect(reveal.getByRole("button", { name: "Copy new webhook URL" })).toHaveText("Copied");
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(url);

  // The new row lists the same URL, with no events yet; its Copy button copies it too.
  const row = page.getByTestId("connection-row").filter({ hasText: account });
  await expect(row).toHaveCount(1);
  await expect(row.getByTestId("webhook-url")).toHaveText(url);
  await expect(row.getByTestId("last-event")).toHaveText("Never");
  await expect(row.getByTestId("accepted-24h")).toHaveText("0");
  await expect(row.getByTestId("rejected-24h")).toHaveText("0");
  await expect(row).toContainText("Sandbox");
  await page.evaluate(() => navigator.clipboard.writeText(""));
  await row.getByRole("button", { name: "Copy webhook URL" }).click();
  await expect(row.getByRole("button", { name: "Copy webhook URL" })).toHaveText("Copied");
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(url);
  // The secret is shown once: it is nowhere in the list.
  await expect(page.getByTestId("connection-row").filter({ hasText: secret })).toHaveCount(0);

  // Rotating shows a new secret once; the old one stays valid for 24 hours.
  page.once("dialog", (dialog) => void dialog.accept());
  await row.getByRole("button", { name: "Rotate secret" }).click();
  const rotated = row.getByTestId("secret-reveal");
  await expect(rotated).toContainText("New webhook secret created");
  await expect(rotated).toContainText("The previous secret keeps working until");
  const newSecret = (await rotated.getByTestId("revealed-webhook-secret").innerText()).trim();
  expect(newSecret).toMatch(/^whsec_/);
  expect(newSecret).not.toBe(secret);

  await row.getByRole("button", { name: "Switch to live" }).click();
  await expect(row).toContainText("Live");
  await expect(row.getByRole("button", { name: "Switch to sandbox" })).toBeVisible();
});

test("managers and setters get a 404 on the settings pages, and see no Settings link", async ({ browser }) => {
  for (const email of ["setter@northwind.demo", "manager@northwind.demo"]) {
    const page = await browser.newPage();
    await signIn(page, email);
    const workspaceId = workspaceIdOf(page);
    await expect(page.getByRole("link", { name: "Settings" })).toHaveCount(0);
    for (const path of ["settings", "settings/connections", "settings/jobs"]) {
      const response = await page.goto(`/w/${workspaceId}/${path}`);
      expect(response?.status(), `${email} ${path}`).toBe(404);
      await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
    }
    await page.close();
  }
});
