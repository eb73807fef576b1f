// AI_AUTO_SEND_DELAYED: when the job comes due, the AI's draft goes out through the lead's
// connection, at most once (lib/delivery/auto-send.ts; docs/sending.md "The delayed
// auto-send"). The job's runAt, startedAt and finishedAt are what the timing engine measures.
import { loadEncryptionKey } from "@/lib/crypto/secret-box";
import { runAutoSend } from "@/lib/delivery/auto-send";
import { env } from "@/lib/env";
import type { JobHandler } from "../job-handler";

export type AutoSendHandlerOptions = {
  /** The connections' encryption key; default: LEADCLOCK_ENCRYPTION_KEY (read at the first live send). */
  key?: Buffer;
  sendTimeoutMs?: number;
  maxSlotWaitMs?: number;
};

export function createAiAutoSendDelayed(options: AutoSendHandlerOptions = {}): JobHandler {
  let key = options.key;
  const readKey = () => {
    if (!key) {
      const e = env();
      key = loadEncryptionKey({ LEADCLOCK_ENCRYPTION_KEY: e.LEADCLOCK_ENCRYPTION_KEY, NODE_ENV: e.NODE_ENV });
    }
    return key;
  };
  return (ctx) =>
    runAutoSend({
      ...ctx,
      key: readKey,
      ...(options.sendTimeoutMs !== undefined ? { sendTimeoutMs: options.sendTimeoutMs } : {}),
      ...(options.maxSlotWaitMs !== undefined ? { maxSlotWaitMs: options.maxSlotWaitMs } : {}),
    });
}
