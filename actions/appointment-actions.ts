"use server";

// Bookings server actions for the CRM drawer (docs/bookings.md): "Check now" and marking a
// follow-up task done. The user comes from the session; lib/appointments authorizes the ids.
import { revalidatePath } from "next/cache";
import { checkLeadAppointmentForUser } from "@/lib/appointments/check-lead-now";
import { bookingCredentialsFrom } from "@/lib/appointments/credentials-from-env";
import { completeLeadTaskForUser } from "@/lib/appointments/lead-tasks";
import { runUserAction, type ActionResult } from "@/lib/auth/action-result";
import { loadEncryptionKey } from "@/lib/crypto/secret-box";
import { db } from "@/lib/db";
import { env } from "@/lib/env";

export async function checkLeadAppointmentNow(input: {
  clientId: string;
  leadId: string;
}): Promise<ActionResult<{ change: string; taskCreated: boolean }>> {
  return runUserAction("appointments.checkNow", async (userId) => {
    const config = env();
    const key = loadEncryptionKey({
      LEADCLOCK_ENCRYPTION_KEY: config.LEADCLOCK_ENCRYPTION_KEY,
      NODE_ENV: config.NODE_ENV,
    });
    const result = await checkLeadAppointmentForUser({
      db,
      userId,
      input,
      now: new Date(),
      credentials: bookingCredentialsFrom(config, key),
    });
    revalidatePath(`/w/${result.clientId}/crm`);
    return { change: result.change, taskCreated: result.taskCreated };
  });
}

export async function completeLeadTask(input: {
  clientId: string;
  taskId: string;
}): Promise<ActionResult<{ done: true }>> {
  return runUserAction("appointments.completeTask", async (userId) => {
    const done = await completeLeadTaskForUser({ db, userId, input, now: new Date() });
    revalidatePath(`/w/${done.clientId}/crm`);
    return { done: true as const };
  });
}
