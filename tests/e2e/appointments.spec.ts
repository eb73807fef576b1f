// Bookings in the browser (issue 10): a setter reads a demo lead's appointment section; an
// authentic (signed) Calendly invitee.created posted to the running app books a fresh lead,
// "Check now" asks the (sandbox) provider, a cancellation creates the "needs follow-up" task
// the CRM filter lists and "Done" clears; an admin sees the booking connections' last
// reconcile. Each run uses its own lead (a new email, created by a signed GoHighLevel email,
// answered at the end) and its own Calendly connection (added here, so its signing key is
// known), so no other spec's data is touched. The payloads come from the builders that
// `npm run webhooks:simulate` uses. Not run by helpers: the lead engineer runs the e2e suite.
import { expect, test, type Locator, type Page } from "@playwright/test";
import { DEMO_ACCOUNT_IDS } from "@/lib/demo/demo-connections";
import { DEMO_WORKSPACES } from "@/lib/demo/workspaces";
import { readLocalGhlKeys } from "@/lib/dev-db/local-ghl-keys";
import { formatInTimeZone } from "@/lib/format";
import { simulatedEventTime } from "@/lib/webhooks/simulate/booking-delivery";
import { buildCalendlyDeliveries } from "@/lib/webhooks/simulate/calendly-delivery";
import { buildGhlDelivery } from "@/lib/webhooks/simulate/ghl-delivery";
import { alphanumericId } from "@/lib/webhooks/simulate/ids";
import { cronSecret, signIn, workspaceIdOf } from "./helpers";

// The drawer shows times in the workspace's zone.
const NORTHWIND_ZONE = DEMO_WORKSPACES.find((w) => w.key === "northwind")!.timezone;

/** The drawer's appointment section and one of its facts (Status, Starts, Provider, Last checked). */
const appointmentSection = (page: Page) =>
  page.getByRole("dialog").getByRole("region", { name: "Appointment", exact: true });
const fact = (section: Locator, label: string) =>
  section.locator(`xpath=.//dt[normalize-space()="${label}"]/following-sibling::dd[1]`);

/** Reloads until `check` passes: the page is server-rendered, so a write shows on the next render. */
async function reloadUntil(page: Page, check: () => Promise<void>) {
  await expect(async () => {
    await page.reload();
    await check();
  }).toPass({ timeout: 30_000 });
}

test("a setter sees a demo lead's appointment: status, start, provider, last checked", async ({ page }) => {
  await signIn(page, "setter@northwind.demo");
  await page.getByRole("link", { name: "CRM" }).click();
  await page.getByLabel("Booking", { exact: true }).selectOption("yes");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/booked=yes/);
  await page.getByTestId("lead-row").first().getByRole("link").first().click();

  const section = appointmentSection(page);
  await expect(section.getByRole("heading", { name: "Appointment" })).toBeVisible();
  await expect(fact(section, "Status")).toHaveText(/^(booked|rescheduled|canceled|completed|no show)$/);
  await expect(fact(section, "Starts")).toHaveText(/\d{4}/);
  await expect(fact(section, "Provider")).toHaveText(/^(GoHighLevel|Calendly)$/);
  await expect(fact(section, "Last checked")).toHaveText(/\d{4}|never/);
});

test("a signed Calendly booking books a fresh lead; Check now answers; a cancellation needs a follow-up, Done clears it", async ({
  browser,
  request,
}) => {
  test.setTimeout(300_000);
  const keys = readLocalGhlKeys(process.cwd());
  expect(keys, "scripts/run-app.ts e2e creates .data/ghl-webhook-ed25519.key").not.toBeNull();
  const stamp = Date.now();
  const email = `booking-${stamp}@example.org`;
  const name = `Bea Booker ${stamp}`;

  // 1. The admin adds a Calendly connection to Northwind (its signing key is shown once).
  const setter = await browser.newPage();
  await signIn(setter, "setter@northwind.demo");
  const northwindId = workspaceIdOf(setter);
  const admin = await browser.newPage();
  await signIn(admin, "admin@leadclock.demo");
  await admin.goto(`/w/${northwindId}/settings/connections`);
  const account = `https://api.calendly.com/organizations/E2E${stamp}`;
  const form = admin.getByRole("form", { name: "Add a connection" });
  await form.getByLabel("Provider").selectOption("CALENDLY");
  await form.getByLabel("Account id").fill(account);
  await form.getByLabel("Mode").selectOption("sandbox");
  await form.getByRole("button", { name: "Add connection" }).click();
  const reveal = admin.getByTestId("secret-reveal");
  await expect(reveal).toContainText(`Connection added: Calendly ${account}`);
  const webhookUrl = (await reveal.getByTestId("revealed-webhook-url").innerText()).trim();
  const signingKey = (await reveal.getByTestId("revealed-webhook-secret").innerText()).trim();
  const connectionId = new URL(webhookUrl).pathname.split("/").at(-1)!;
  expect(new URL(webhookUrl).pathname).toBe(`/api/webhooks/calendly/${connectionId}`);

  // 2. A new lead writes in (a signed GoHighLevel email), so a booking has someone to land on.
  const inbound = buildGhlDelivery({
    connection: { id: "", externalAccountId: DEMO_ACCOUNT_IDS.northwind.GHL, webhookSecret: null },
    lead: { name, email, phone: null, providerLeadId: alphanumericId(), linkedinUrl: null },
    channel: "email",
    text: `Happy to talk, I'll grab a slot on your calendar. (e2e ${stamp})`,
    now: new Date(),
    privateKeyPem: keys!.privateKeyPem,
  });
  const wroteIn = await request.post(inbound.path, { headers: inbound.headers, data: Buffer.from(inbound.body) });
  expect(wroteIn.status()).toBe(200);
  expect(await wroteIn.json()).toEqual({ received: true, result: "stored" });

  await setter.goto(`/w/${northwindId}/crm?q=${encodeURIComponent(email)}`);
  await expect(setter.getByTestId("lead-row")).toHaveCount(1);
  await setter.getByTestId("lead-row").first().getByRole("link").first().click();
  const section = appointmentSection(setter);
  await expect(fact(section, "Status")).toHaveText("none found");

  // 3. Calendly: invitee.created, signed with the connection's key, two days out on a quarter hour.
  const startAt = new Date(Math.ceil((Date.now() + 2 * 86_400_000) / 900_000) * 900_000);
  const bookedAt = simulatedEventTime(new Date(), null);
  const created = buildCalendlyDeliveries({
    event: "invitee-created",
    connectionId,
    signingKey,
    invitee: { name, email },
    existing: null,
    startAt,
    at: bookedAt,
    now: new Date(),
    timeZone: NORTHWIND_ZONE,
  });
  const [booking] = created.deliveries;
  const booked = await request.post(booking!.path, { headers: booking!.headers, data: Buffer.from(booking!.body) });
  expect(booked.status()).toBe(200);
  expect(await booked.json()).toEqual({ received: true, result: "stored" });
  // A tampered copy is refused: the signature covers the exact bytes.
  const tampered = await request.post(booking!.path, {
    headers: booking!.headers,
    data: Buffer.from(booking!.body.replace(email, `x${email}`)),
  });
  expect(tampered.status()).toBe(401);

  await reloadUntil(setter, async () => {
    await expect(fact(section, "Status")).toHaveText("booked", { timeout: 2_000 });
  });
  await expect(fact(section, "Provider")).toHaveText("Calendly");
  await expect(fact(section, "Starts")).toHaveText(formatInTimeZone(startAt, NORTHWIND_ZONE));

  // 4. The reconcile cron, as Vercel Cron runs it (Northwind only; every eligible lead, so this
  // never-checked lead is among them, asked through the demo's sandbox Calendly connection): the
  // admin sees that booking connection's last reconcile on the connections page.
  const cron = await request.post(`/api/cron/appointment-reconcile?clientId=${northwindId}&leadsPerWorkspace=1000`, {
    headers: { authorization: `Bearer ${cronSecret()}` },
    // Up to 1000 sandbox look-ups: seconds, more on a loaded machine.
    timeout: 150_000,
  });
  expect(cron.status()).toBe(200);
  const run = (await cron.json()) as {
    success: boolean;
    workspacesProcessed: number;
    byProvider: Record<string, { checked: number }>;
  };
  expect(run).toMatchObject({ success: true, workspacesProcessed: 1 });
  expect(run.byProvider.calendly!.checked).toBeGreaterThan(0);
  await admin.goto(`/w/${northwindId}/settings/connections`);
  const demoCalendly = admin.getByTestId("connection-row").filter({ hasText: DEMO_ACCOUNT_IDS.northwind.CALENDLY });
  await expect(demoCalendly.getByTestId("last-reconcile")).toHaveText(/^[A-Z][a-z]{2} \d{1,2}, \d{4}, /);

  // 5. "Check now": the sandbox connection answers what it has stored, through the real reconcile step.
  await section.getByRole("button", { name: "Check now" }).click();
  await expect(section.getByText(/^Checked: /)).toBeVisible();
  await expect(fact(section, "Status")).toHaveText("booked");

  // 6. The invitee cancels: the lead needs a follow-up.
  const canceled = buildCalendlyDeliveries({
    event: "invitee-canceled",
    connectionId,
    signingKey,
    invitee: { name, email },
    existing: { inviteeUri: created.appointmentId, startAt, bookedAt },
    startAt: null,
    at: simulatedEventTime(new Date(), bookedAt),
    now: new Date(),
    timeZone: NORTHWIND_ZONE,
  });
  const [cancel] = canceled.deliveries;
  const cancelAnswer = await request.post(cancel!.path, { headers: cancel!.headers, data: Buffer.from(cancel!.body) });
  expect(cancelAnswer.status()).toBe(200);
  expect(await cancelAnswer.json()).toEqual({ received: true, result: "stored" });

  const task = section.getByRole("listitem").filter({ hasText: "Appointment cancelled: follow up" });
  await reloadUntil(setter, async () => {
    await expect(fact(section, "Status")).toHaveText("canceled", { timeout: 2_000 });
  });
  await expect(task).toHaveCount(1);

  // 7. The CRM's "Needs follow-up" filter lists the lead; "Done" clears the task and the listing.
  await setter.goto(`/w/${northwindId}/crm`);
  await setter.getByLabel("Search").fill(email);
  await setter.getByLabel("Needs follow-up").check();
  await setter.getByRole("button", { name: "Apply" }).click();
  await expect(setter).toHaveURL(/followup=1/);
  const rows = setter.getByTestId("lead-row");
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText(email);
  const listUrl = setter.url();
  await rows.first().getByRole("link").first().click();
  await task.getByRole("button", { name: "Done" }).click();
  await expect(task).toHaveCount(0);
  // The setter answers, so this lead is not left waiting at the top of other specs' "Awaiting reply" lists.
  const drawer = setter.getByRole("dialog");
  await drawer.getByLabel("Reply channel").selectOption({ label: "Email" });
  await drawer.getByLabel("Your reply").fill(`Sorry we missed you — here is a new link. (e2e ${stamp})`);
  await drawer.getByRole("button", { name: "Send reply" }).click();
  await expect(drawer.getByRole("status").filter({ hasText: "Sent at" })).toBeVisible();
  await setter.goto(listUrl);
  await expect(setter.getByTestId("lead-row")).toHaveCount(0);

  await setter.close();
  await admin.close();
});
