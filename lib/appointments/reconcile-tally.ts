// The counters a reconcile run reports (issue 10 §4): one tally per workspace, summed per run.
import type { BookingChange } from "./booking-state";

export type ProviderTally = {
  checked: number;
  booked: number;
  canceled: number;
  rescheduled: number;
  completed: number;
  noShow: number;
  errors: number;
};

export type ReconcileTally = {
  leadsChecked: number;
  bookedFound: number;
  canceledFound: number;
  rescheduledFound: number;
  completedFound: number;
  noShowFound: number;
  tasksCreated: number;
  noChange: number;
  skippedNoCreds: number;
  errors: number;
  /** Pending webhook events applied to leads that appeared since. */
  pendingApplied: number;
  byProvider: { ghl: ProviderTally; calendly: ProviderTally };
};

const providerTally = (): ProviderTally => ({
  checked: 0,
  booked: 0,
  canceled: 0,
  rescheduled: 0,
  completed: 0,
  noShow: 0,
  errors: 0,
});

export function emptyTally(): ReconcileTally {
  return {
    leadsChecked: 0,
    bookedFound: 0,
    canceledFound: 0,
    rescheduledFound: 0,
    completedFound: 0,
    noShowFound: 0,
    tasksCreated: 0,
    noChange: 0,
    skippedNoCreds: 0,
    errors: 0,
    pendingApplied: 0,
    byProvider: { ghl: providerTally(), calendly: providerTally() },
  };
}

const FOUND: Record<Exclude<BookingChange, "no-change">, [keyof ReconcileTally, keyof ProviderTally]> = {
  booked: ["bookedFound", "booked"],
  canceled: ["canceledFound", "canceled"],
  rescheduled: ["rescheduledFound", "rescheduled"],
  completed: ["completedFound", "completed"],
  "no-show": ["noShowFound", "noShow"],
};

export function countLead(tally: ReconcileTally, provider: "GHL" | "CALENDLY", change: BookingChange, task: boolean) {
  const p = provider === "GHL" ? tally.byProvider.ghl : tally.byProvider.calendly;
  tally.leadsChecked += 1;
  p.checked += 1;
  if (task) tally.tasksCreated += 1;
  if (change === "no-change") {
    tally.noChange += 1;
    return;
  }
  const [total, perProvider] = FOUND[change];
  (tally[total] as number) += 1;
  p[perProvider] += 1;
}

export function countError(tally: ReconcileTally, provider: "GHL" | "CALENDLY") {
  tally.errors += 1;
  (provider === "GHL" ? tally.byProvider.ghl : tally.byProvider.calendly).errors += 1;
}

export function addTally(into: ReconcileTally, from: ReconcileTally): ReconcileTally {
  for (const key of Object.keys(from) as (keyof ReconcileTally)[]) {
    if (key === "byProvider") continue;
    (into[key] as number) += from[key] as number;
  }
  for (const provider of ["ghl", "calendly"] as const) {
    for (const key of Object.keys(from.byProvider[provider]) as (keyof ProviderTally)[]) {
      into.byProvider[provider][key] += from.byProvider[provider][key];
    }
  }
  return into;
}
