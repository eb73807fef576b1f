// Which function runs each job type. `satisfies JobHandlers` makes a new job type fail the
// typecheck until it has a handler.
import type { JobHandler, JobHandlers } from "./job-handler";
import { PermanentJobError } from "./job-handler";

const notYet =
  (what: string): JobHandler =>
  async () => {
    throw new PermanentJobError(`${what}: no handler in this version`);
  };

export const jobHandlers = {
  AI_AUTO_SEND_DELAYED: notYet("AI_AUTO_SEND_DELAYED"),
  SMS_INBOUND_POST_PROCESS: notYet("SMS_INBOUND_POST_PROCESS"),
  EMAIL_INBOUND_POST_PROCESS: notYet("EMAIL_INBOUND_POST_PROCESS"),
  LINKEDIN_INBOUND_POST_PROCESS: notYet("LINKEDIN_INBOUND_POST_PROCESS"),
  SMARTLEAD_INBOUND_POST_PROCESS: notYet("SMARTLEAD_INBOUND_POST_PROCESS"),
  INSTANTLY_INBOUND_POST_PROCESS: notYet("INSTANTLY_INBOUND_POST_PROCESS"),
  LEAD_SCORING_POST_PROCESS: notYet("LEAD_SCORING_POST_PROCESS"),
  APPOINTMENT_RECONCILE: notYet("APPOINTMENT_RECONCILE"),
} satisfies JobHandlers;
