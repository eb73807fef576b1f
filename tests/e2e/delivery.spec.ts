// Delivery in the browser (issue 9 §3): a member replies from the drawer and sees "Sent"; with
// the provider failing, the drawer shows the failure and "Try again" sends exactly once. The
// provider is the fake provider server (tests/helpers/fake-provider-server.ts), started here on
// 127.0.0.1; an admin adds a live Instantly connection pointed at it (per-connection API base
// URL), and a signed reply_received webhook on that connection gives a lead whose thread
// replies through it.
import { expect, test } from "@playwright/test";
import { readProviderFixture } from "../helpers/provider-fixtures";
import { startFakeProviderServer, type FakeProviders } from "../helpers/fake-provider-server";
import { signIn, workspaceIdOf } from "./helpers";

let fake: FakeProviders;

test.beforeAll(async () => {
  fake = await startFakeProviderServer({ uniqueIds: true });
});
test.afterAll(async () => {
  await fake?.close();
});

test("a setter's reply goes out through the provider; a failure offers Try again, which sends once", async ({
  page,
  request,
}) => {
  await signIn(page, "admin@leadclock.demo");
  const workspaceId = workspaceIdOf(page);
  await page.goto(`/w/${workspaceId}/settings/connections`);
  const account = `e2e-delivery-${Date.now()}`;
  const form = page.getByRole("form", { name: "Add a connection" });
  await form.getByLabel("Provider").selectOption("INSTANTLY");
  await form.getByLabel("Account id").fill(account);
  await form.getByLabel("Mode").selectOption("live");
  await form.getByLabel("API key (optional)").fill(fake.apiKey);
  await form.getByLabel("API base URL (optional)").fill(fake.baseUrl);
  await form.getByRole("button", { name: "Add connection" }).click();
  const reveal = page.getByTestId("secret-reveal");
  await expect(reveal).toContainText(`Connection added: Instantly ${account}`);
  const url = (await reveal.getByTestId("revealed-webhook-url").innerText()).trim();
  const secret = (await reveal.getByTestId("revealed-webhook-secret").innerText()).trim();

  // The lead writes in on that connection.
  const email = `delivery-${Date.now()}@example.org`;
  const payload = JSON.parse(readProviderFixture("instantly", "reply_received.json")) as Record<string, unknown>;
  Object.assign(payload, {
    // The Instantly workspace is the connection's account: a payload naming another one is ignored.
    workspace: account,
    lead_email: email,
    email,
    email_id: crypto.randomUUID(),
    firstName: "Della",
    lastName: "Very",
    timestamp: new Date().toISOString(),
  });
  const webhook = await request.post(new URL(url).pathname, {
    headers: { "content-type": "application/json", "x-webhook-secret": secret },
    data: JSON.stringify(payload),
  });
  expect(webhook.status()).toBe(200);

  await page.goto(`/w/${workspaceId}/crm?q=${encodeURIComponent(email)}`);
  await page.getByTestId("lead-row").first().getByRole("link").first().click();
  const drawer = page.getByRole("dialog");
  await drawer.getByLabel("Reply channel").selectOption({ label: "Email" });

  // 1. Sent.
  const first = `Happy to — does Tuesday at 10 work? (e2e ${Date.now()})`;
  await drawer.getByLabel("Your reply").fill(first);
  await drawer.getByRole("button", { name: "Send reply" }).click();
  await expect(drawer.getByRole("status").filter({ hasText: "Sent at" })).toBeVisible();
  await expect(drawer.getByText(first)).toHaveCount(1);
  expect(fake.accepted).toHaveLength(1);

  // 2. The provider fails: the failure shows, nothing is recorded; Try again sends once.
  fake.answer = () => ({ kind: "error", status: 500 });
  const second = `Following up with a calendar link (e2e ${Date.now()})`;
  await drawer.getByLabel("Your reply").fill(second);
  await drawer.getByRole("button", { name: "Send reply" }).click();
  await expect(drawer.getByRole("alert")).toContainText("Not sent");
  await expect(drawer.getByRole("button", { name: "Try again" })).toBeVisible();
  fake.answer = () => ({ kind: "ok" });
  await drawer.getByRole("button", { name: "Try again" }).click();
  await expect(drawer.getByRole("status").filter({ hasText: "Sent at" })).toBeVisible();
  await expect(drawer.getByText(second)).toHaveCount(1);
  expect(fake.accepted).toHaveLength(2);
  expect(fake.requests.filter((r) => JSON.stringify(r.body).includes("calendar link"))).toHaveLength(2);
});
