// The drawer's appointment section (docs/bookings.md): where the lead's booking stands as the
// providers last told us — status, start time in the workspace's zone, provider, when it was
// last checked — with "Check now" and the lead's open follow-up tasks (each done in one click).
// Server component; the buttons are a client island.
import type { LeadAppointmentView } from "@/lib/appointments/lead-appointment";
import { formatInTimeZone } from "@/lib/format";
import { CheckAppointmentButton, CompleteTaskButton } from "./crm-appointment-buttons";
import { humanize } from "./crm-badges";

const PROVIDER_LABEL = { GHL: "GoHighLevel", CALENDLY: "Calendly" } as const;
const TASK_LABEL = {
  APPOINTMENT_CANCELED: "Appointment cancelled: follow up",
  APPOINTMENT_RESCHEDULED: "Appointment moved: confirm the new time",
} as const;

export function CrmAppointment({
  clientId,
  leadId,
  appointment,
  timeZone,
}: {
  clientId: string;
  leadId: string;
  appointment: LeadAppointmentView;
  timeZone: string;
}) {
  const a = appointment;
  const at = (date: Date | null) => (date ? formatInTimeZone(date, timeZone) : "—");
  return (
    <section aria-labelledby="crm-appointment-title" className="space-y-3">
      <div className="flex items-center justify-between gap-3">
        <h3 id="crm-appointment-title" className="text-sm font-semibold text-slate-900">
          Appointment
        </h3>
        {a.canCheck ? <CheckAppointmentButton clientId={clientId} leadId={leadId} /> : null}
      </div>
      <dl className="grid grid-cols-2 gap-x-4 gap-y-1 text-sm sm:grid-cols-4">
        <div>
          <dt className="text-xs text-slate-500">Status</dt>
          <dd className="font-medium text-slate-900">{a.status ? humanize(a.status) : "none found"}</dd>
        </div>
        <div>
          <dt className="text-xs text-slate-500">Starts</dt>
          <dd className="text-slate-800">{at(a.startAt)}</dd>
        </div>
        <div>
          <dt className="text-xs text-slate-500">Provider</dt>
          <dd className="text-slate-800">{a.provider ? PROVIDER_LABEL[a.provider] : "—"}</dd>
        </div>
        <div>
          <dt className="text-xs text-slate-500">Last checked</dt>
          <dd className="text-slate-800">{a.lastCheckedAt ? at(a.lastCheckedAt) : "never"}</dd>
        </div>
      </dl>
      {a.openTasks.length > 0 ? (
        <ul aria-label="Follow-up tasks" className="space-y-2">
          {a.openTasks.map((task) => (
            <li
              key={task.id}
              className="flex items-center justify-between gap-3 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-amber-200"
            >
              <span>
                {TASK_LABEL[task.kind]} <span className="text-xs text-amber-700">({at(task.createdAt)})</span>
              </span>
              <CompleteTaskButton clientId={clientId} taskId={task.id} />
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
