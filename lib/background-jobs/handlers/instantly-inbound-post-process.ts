// INSTANTLY_INBOUND_POST_PROCESS: Instantly email replies. An auto_reply_received delivery is
// classified OUT_OF_OFFICE without asking a model (its WebhookEvent.eventType says so).
// The work is shared (inbound-post-process.ts); this file only says what differs.
import type { PostProcessConfig } from "@/lib/post-processing/post-process-config";
import type { JobHandler } from "../job-handler";
import { createInboundPostProcess } from "./inbound-post-process";

export function createInstantlyInboundPostProcess(config: PostProcessConfig): JobHandler {
  return createInboundPostProcess(
    { type: "INSTANTLY_INBOUND_POST_PROCESS", channel: "email", historySync: false },
    config,
  );
}
