// SMS_INBOUND_POST_PROCESS: GoHighLevel SMS replies; the only type that imports conversation
// history (for short replies without context, see lib/post-processing/history-sync.ts).
// The work is shared (inbound-post-process.ts); this file only says what differs.
import type { PostProcessConfig } from "@/lib/post-processing/post-process-config";
import type { JobHandler } from "../job-handler";
import { createInboundPostProcess } from "./inbound-post-process";

export function createSmsInboundPostProcess(config: PostProcessConfig): JobHandler {
  return createInboundPostProcess({ type: "SMS_INBOUND_POST_PROCESS", channel: "sms", historySync: true }, config);
}
