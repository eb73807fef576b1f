// Ingestion end to end on the production build, the path `npm run webhooks:simulate` takes:
// a signed GoHighLevel SMS posted to /api/webhooks/ghl for the demo workspace's sandbox
// connection, the background-jobs cron run as Vercel Cron would run it, then a setter sees
// the reply in the CRM with its sentiment and the drawer's scheduled AI auto-send.
// scripts/run-app.ts (mode e2e) gives the server the public half of .data/ghl-webhook-ed25519.key
// (GHL_WEBHOOK_ED25519_PUBLIC_KEY), so the private half signs here.
import { expect, test, type APIRequestContext } from "@playwright/test";
import { DEMO_ACCOUNT_IDS } from "@/lib/demo/demo-connections";
import { readLocalGhlKeys } from "@/lib/dev-db/local-ghl-keys";
import { buildGhlDelivery } from "@/lib/webhooks/simulate/ghl-delivery";
import { cronSecret, signIn } from "./helpers";

type CronRun = { success: boolean; claimed: number; succeeded: number; failed: number; exhausted: boolean };

/** Runs /api/cron/background-jobs until no due job is left; returns the runs' totals. */
async function drainBackgroundJobs(request: APIRequestContext): Promise<{ succeeded: number; failed: number }> {
  const totals = { succeeded: 0, failed: 0 };
  for (let run = 0; run < 30; run++) {
    const response = await request.post("/api/cron/background-jobs", {
      headers: { authorization: `Bearer ${cronSecret()}` },
    });
    expect(response.status()).toBe(200);
    const body = (await response.json()) as CronRun;
    expect(body).toMatchObject({ success: true, claimed: expect.any(Number), exhausted: expect.any(Boolean) });
    totals.succeeded += body.succeeded;
    totals.failed += body.failed;
    if (body.exhausted) return totals;
  }
  throw new Error("the background-job queue did not drain within 30 cron runs");
}

test("a simulated GoHighLevel SMS is in the CRM with its sentiment and a scheduled AI auto-send", async ({
  page,
  request,
}) => {
  test.setTimeout(120_000);
  const keys = readLocalGhlKeys(process.cwd());
  expect(keys, "scripts/run-app.ts e2e creates .data/ghl-webhook-ed25519.key").not.toBeNull();

  // A lead the demo does not have (its Northwind phones are +1212555xxxx), so the drawer
  // shows this reply alone; the delivery carries no known contactId, so GoHighLevel's new
  // contact becomes a new lead found by its phone.
  const stamp = Date.now();
  const phone = `+1646555${String(stamp % 10_000).padStart(4, "0")}`;
  const text = `Yes, I'm interested. Can we book a call Thursday at 3pm? (e2e ${stamp})`;
  const delivery = buildGhlDelivery({
    connection: { id: "", externalAccountId: DEMO_ACCOUNT_IDS.northwind.GHL, webhookSecret: null },
    lead: { name: "E2E Lead", email: null, phone, providerLeadId: null, linkedinUrl: null },
    channel: "sms",
    text,
    now: new Date(),
    privateKeyPem: keys!.privateKeyPem,
  });
  const post = () => request.post(delivery.path, { headers: delivery.headers, data: Buffer.from(delivery.body) });

  const stored = await post();
  expect(stored.status()).toBe(200);
  expect(await stored.json()).toEqual({ received: true, result: "stored" });
  // GoHighLevel retries only 429s, but a replayed delivery must change nothing.
  const again = await post();
  expect(again.status()).toBe(200);
  expect(await again.json()).toEqual({ received: true, result: "duplicate" });

  // Post-processing: sentiment, AI draft, and the delayed auto-send scheduled 3–7 minutes out
  // (Northwind's window), so it is still pending when the drawer is opened.
  const drained = await drainBackgroundJobs(request);
  expect(drained.succeeded).toBeGreaterThan(0);

  await signIn(page, "setter@northwind.demo");
  await page.getByRole("link", { name: "CRM" }).click();
  await page.getByLabel("Search").fill(phone);
  await page.getByRole("button", { name: "Apply" }).click();
  const rows = page.getByTestId("lead-row");
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText(phone);
  await rows.first().getByRole("link").first().click();

  const drawer = page.getByRole("dialog");
  await expect(drawer.getByRole("heading", { name: phone })).toBeVisible();
  const reply = drawer.getByRole("article", { name: /^Inbound sms message from/ });
  await expect(reply).toHaveCount(1);
  await expect(reply).toContainText(text);
  // The rule-based classifier (no AI model in e2e): "book a call Thursday" asks for a meeting.
  await expect(
    drawer.getByLabel("Lead", { exact: true }).getByText("meeting requested", { exact: true }),
  ).toBeVisible();
  const waiting = drawer.getByRole("status").filter({ hasText: "Awaiting reply since" });
  await expect(waiting).toBeVisible();
  await expect(waiting.locator("li").filter({ hasText: /^SMS: 1 unanswered message since/ })).toContainText(
    "AI reply scheduled for",
  );
});
