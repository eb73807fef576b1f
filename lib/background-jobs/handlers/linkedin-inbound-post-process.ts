// LINKEDIN_INBOUND_POST_PROCESS: LinkedIn replies through Unipile.
// The work is shared (inbound-post-process.ts); this file only says what differs.
import type { PostProcessConfig } from "@/lib/post-processing/post-process-config";
import type { JobHandler } from "../job-handler";
import { createInboundPostProcess } from "./inbound-post-process";

export function createLinkedinInboundPostProcess(config: PostProcessConfig): JobHandler {
  return createInboundPostProcess(
    { type: "LINKEDIN_INBOUND_POST_PROCESS", channel: "linkedin", historySync: false },
    config,
  );
}
