// Reads a GoHighLevel conversation's recent SMS messages:
// GET {base}/conversations/{conversationId}/messages (Version 2021-04-15, bearer token),
// paged with lastMessageId while nextPage is true, bounded by pages and messages. The
// live API wraps the page in { messages: { lastMessageId, nextPage, messages } } while
// the published schema shows it unwrapped (highlevel-api-docs issue #54): both are read.
// Failures are returned, not thrown: history is best-effort context, never worth a job.
import { z } from "zod";

export const GHL_API_VERSION = "2021-04-15";
const PAGE_LIMIT_MAX = 100;

export type GhlHistoryMessage = {
  id: string;
  direction: "inbound" | "outbound";
  body: string;
  dateAdded: Date;
  userId: string | null;
  messageType: string | null;
};

export type GhlHistoryResult = {
  messages: GhlHistoryMessage[];
  pages: number;
  /** Entries that were not SMS or not readable (no id, no date). */
  skipped: number;
  stoppedBy: "end" | "max-pages" | "max-messages" | "error";
  error: { status: number | null; message: string } | null;
};

const messageSchema = z.object({
  id: z.string().min(1),
  direction: z.enum(["inbound", "outbound"]),
  body: z.string().nullish(),
  dateAdded: z.string().refine((value) => !Number.isNaN(Date.parse(value)), "not a date"),
  userId: z.string().nullish(),
  messageType: z.string().nullish(),
});

const pageSchema = z.object({
  lastMessageId: z.string().nullish(),
  nextPage: z.boolean().nullish(),
  messages: z.array(z.unknown()),
});

const envelopeSchema = z.union([z.object({ messages: pageSchema }), pageSchema]);

type Page = z.infer<typeof pageSchema>;

function unwrap(data: z.infer<typeof envelopeSchema>): Page {
  return Array.isArray(data.messages) ? (data as Page) : (data.messages as Page);
}

function isSms(messageType: string | null | undefined): boolean {
  // Reactions are emoji on an existing message, not a message of the thread.
  return !messageType || (/SMS/i.test(messageType) && !/REACTION/i.test(messageType));
}

export async function fetchGhlConversationHistory(args: {
  baseUrl: string;
  apiKey: string;
  conversationId: string;
  maxPages: number;
  maxMessages: number;
  requestTimeoutMs: number;
  /** The job's signal: when it fires the fetch is abandoned and the abort rethrown. */
  signal: AbortSignal;
}): Promise<GhlHistoryResult> {
  const messages: GhlHistoryMessage[] = [];
  let skipped = 0;
  let pages = 0;
  let cursor: string | null = null;
  const seenCursors = new Set<string>();
  const done = (stoppedBy: GhlHistoryResult["stoppedBy"], error: GhlHistoryResult["error"] = null) => ({
    messages: messages.slice(0, args.maxMessages),
    pages,
    skipped,
    stoppedBy,
    error,
  });

  while (true) {
    if (pages >= args.maxPages) return done("max-pages");
    const url = new URL(
      `${args.baseUrl.replace(/\/+$/, "")}/conversations/${encodeURIComponent(args.conversationId)}/messages`,
    );
    url.searchParams.set("limit", String(Math.min(PAGE_LIMIT_MAX, args.maxMessages - messages.length)));
    url.searchParams.set("type", "TYPE_SMS");
    if (cursor) url.searchParams.set("lastMessageId", cursor);

    let response: Response;
    try {
      response = await fetch(url, {
        headers: { Authorization: `Bearer ${args.apiKey}`, Version: GHL_API_VERSION, Accept: "application/json" },
        signal: AbortSignal.any([args.signal, AbortSignal.timeout(args.requestTimeoutMs)]),
      });
    } catch (error) {
      if (args.signal.aborted) throw args.signal.reason ?? error;
      const timedOut = error instanceof Error && error.name === "TimeoutError";
      return done("error", {
        status: null,
        message: timedOut ? `no answer within ${args.requestTimeoutMs} ms` : `request failed: ${String(error)}`,
      });
    }
    pages += 1;
    if (!response.ok) {
      await response.body?.cancel();
      return done("error", { status: response.status, message: `GoHighLevel answered ${response.status}` });
    }
    const parsed = envelopeSchema.safeParse(await response.json().catch(() => null));
    if (!parsed.success) return done("error", { status: response.status, message: "unexpected response shape" });
    const page = unwrap(parsed.data);
    const list = page.messages;
    for (const raw of list) {
      const entry = messageSchema.safeParse(raw);
      if (!entry.success || !isSms(entry.data.messageType)) {
        skipped += 1;
        continue;
      }
      messages.push({
        id: entry.data.id,
        direction: entry.data.direction,
        body: entry.data.body ?? "",
        dateAdded: new Date(entry.data.dateAdded),
        userId: entry.data.userId ?? null,
        messageType: entry.data.messageType ?? null,
      });
    }
    if (messages.length >= args.maxMessages) return done("max-messages");
    const next = page.lastMessageId ?? null;
    if (!page.nextPage || list.length === 0 || !next || seenCursors.has(next)) return done("end");
    seenCursors.add(next);
    cursor = next;
  }
}
