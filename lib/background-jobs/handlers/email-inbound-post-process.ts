// EMAIL_INBOUND_POST_PROCESS: GoHighLevel email replies.
// The work is shared (inbound-post-process.ts); this file only says what differs.
import type { PostProcessConfig } from "@/lib/post-processing/post-process-config";
import type { JobHandler } from "../job-handler";
import { createInboundPostProcess } from "./inbound-post-process";

export function createEmailInboundPostProcess(config: PostProcessConfig): JobHandler {
  return createInboundPostProcess({ type: "EMAIL_INBOUND_POST_PROCESS", channel: "email", historySync: false }, config);
}
