// "Check now" in the CRM drawer: one reconcile step for one lead, for any member of its
// workspace (setters included). The provider is the one the lead's booking came from, else
// GoHighLevel by contact id, else Calendly by email. Provider failures are shown as a plain
// sentence (SafeError) and marked on the connection like the cron's.
import type { Db } from "@/lib/prisma-client";
import { isProviderApiError } from "@/lib/providers/provider-api-error";
import { SafeError } from "@/lib/safe-error";
import { requireLeadAccess } from "@/lib/crm/lead-access";
import type { BookingCredentialsConfig } from "./booking-connections";
import { providerFor } from "./eligible-leads";
import { reconcileLead, type ReconcileLeadResult } from "./reconcile-lead";
import { openWorkspace } from "./reconcile-workspace";

export const NO_BOOKING_CONNECTION =
  "No booking connection can check this lead (it needs a GoHighLevel contact or an email).";

export async function checkLeadAppointmentForUser(args: {
  db: Db;
  userId: string;
  input: unknown;
  now: Date;
  credentials: BookingCredentialsConfig;
}): Promise<ReconcileLeadResult & { clientId: string }> {
  const { db, now } = args;
  const { scope, leadId } = await requireLeadAccess(db, args.userId, args.input);
  const lead = await db.lead.findUniqueOrThrow({
    where: { id: leadId },
    select: { id: true, email: true, ghlContactId: true, ghlAppointmentId: true, appointmentProvider: true },
  });
  const context = await openWorkspace({
    db,
    clientId: scope.clientId,
    now,
    dryRun: false,
    credentials: args.credentials,
  });
  const provider = providerFor(lead, context.available);
  const reader = provider ? context.readers.get(provider) : undefined;
  if (!reader) throw new SafeError(NO_BOOKING_CONNECTION);
  try {
    return { ...(await reconcileLead({ db, lead, connection: reader, now })), clientId: scope.clientId };
  } catch (error) {
    if (!isProviderApiError(error)) throw error;
    await db.providerConnection.update({
      where: { id: reader.connectionId },
      data: { lastReconcileAt: now, lastReconcileErrorAt: now, lastReconcileError: error.message.slice(0, 500) },
    });
    throw new SafeError(
      error.kind === "rate-limited"
        ? "The booking provider asks us to slow down; try again in a minute."
        : error.kind === "unauthorized" || error.kind === "forbidden"
          ? "The booking connection's credentials were refused; an admin needs to update them."
          : "The booking provider did not answer; try again in a moment.",
    );
  }
}
