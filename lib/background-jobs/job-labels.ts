// Display names of job types and states for the ops page (pure: safe in client components).
import type { BackgroundJobStatus, BackgroundJobType } from "@/lib/generated/prisma/enums";

export const JOB_TYPE_LABEL: Record<BackgroundJobType, string> = {
  SMS_INBOUND_POST_PROCESS: "SMS post-process",
  EMAIL_INBOUND_POST_PROCESS: "Email post-process",
  LINKEDIN_INBOUND_POST_PROCESS: "LinkedIn post-process",
  SMARTLEAD_INBOUND_POST_PROCESS: "SmartLead post-process",
  INSTANTLY_INBOUND_POST_PROCESS: "Instantly post-process",
  LEAD_SCORING_POST_PROCESS: "Lead scoring",
  AI_AUTO_SEND_DELAYED: "Delayed AI auto-send",
  APPOINTMENT_RECONCILE: "Appointment reconcile",
};

export const JOB_STATUS_LABEL: Record<BackgroundJobStatus, string> = {
  PENDING: "pending",
  RUNNING: "running",
  SUCCEEDED: "succeeded",
  FAILED: "failed",
  CANCELED: "canceled",
};
