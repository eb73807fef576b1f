// Headline response-timing numbers for the analytics page: anchors in the window and
// the median setter and AI response times, from ResponseTimingEvent.
import type { Db } from "@/lib/prisma-client";

export type TimingSummary = {
  anchors: number;
  setterAnswered: number;
  aiAnswered: number;
  setterMedianMs: number | null;
  aiMedianMs: number | null;
};

export async function getTimingSummary({ db, clientId, from, to }: { db: Db; clientId: string; from: Date; to: Date }): Promise<TimingSummary> {
  const [row] = await db.$queryRaw<TimingSummary[]>`
    select count(*)::int as anchors,
           count("setterResponseMs")::int as "setterAnswered",
           count("aiResponseMs")::int as "aiAnswered",
           (percentile_cont(0.5) within group (order by "setterResponseMs"))::float8 as "setterMedianMs",
           (percentile_cont(0.5) within group (order by "aiResponseMs"))::float8 as "aiMedianMs"
      from "ResponseTimingEvent"
     where "clientId" = ${clientId}::uuid and "inboundSentAt" >= ${from} and "inboundSentAt" < ${to}`;
  return row ?? { anchors: 0, setterAnswered: 0, aiAnswered: 0, setterMedianMs: null, aiMedianMs: null };
}
