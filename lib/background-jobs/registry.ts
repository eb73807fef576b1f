// Which function runs each job type. `satisfies JobHandlers` makes a new job type fail the
// typecheck until it has a handler.
import { env } from "@/lib/env";
import { postProcessConfigFromEnv, type PostProcessConfig } from "@/lib/post-processing/post-process-config";
import { createAiAutoSendDelayed } from "./handlers/ai-auto-send-delayed";
import { createEmailInboundPostProcess } from "./handlers/email-inbound-post-process";
import { createInstantlyInboundPostProcess } from "./handlers/instantly-inbound-post-process";
import { createLeadScoringPostProcess } from "./handlers/lead-scoring-post-process";
import { createLinkedinInboundPostProcess } from "./handlers/linkedin-inbound-post-process";
import { createSmartleadInboundPostProcess } from "./handlers/smartlead-inbound-post-process";
import { createSmsInboundPostProcess } from "./handlers/sms-inbound-post-process";
import type { JobHandler, JobHandlers } from "./job-handler";
import { PermanentJobError } from "./job-handler";

const notYet =
  (what: string): JobHandler =>
  async () => {
    throw new PermanentJobError(`${what}: no handler in this version`);
  };

// The environment is read when the first job runs, not at import: importing the registry
// (the runner, its tests, `next build`) needs no AI or GoHighLevel settings.
let config: PostProcessConfig | undefined;
const withConfig =
  (create: (config: PostProcessConfig) => JobHandler): JobHandler =>
  (ctx) =>
    create((config ??= postProcessConfigFromEnv(env())))(ctx);

export const jobHandlers = {
  AI_AUTO_SEND_DELAYED: createAiAutoSendDelayed(),
  SMS_INBOUND_POST_PROCESS: withConfig(createSmsInboundPostProcess),
  EMAIL_INBOUND_POST_PROCESS: withConfig(createEmailInboundPostProcess),
  LINKEDIN_INBOUND_POST_PROCESS: withConfig(createLinkedinInboundPostProcess),
  SMARTLEAD_INBOUND_POST_PROCESS: withConfig(createSmartleadInboundPostProcess),
  INSTANTLY_INBOUND_POST_PROCESS: withConfig(createInstantlyInboundPostProcess),
  LEAD_SCORING_POST_PROCESS: withConfig(createLeadScoringPostProcess),
  APPOINTMENT_RECONCILE: notYet("APPOINTMENT_RECONCILE"),
} satisfies JobHandlers;
