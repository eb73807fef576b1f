// CSV export of the Response Timing tab: GET ?table=<ExportTable>&<the tab's parameters>.
// Signed-out → 401; unknown workspace, non-member and setter → the same 404; bad
// parameters → 400 naming them. `anchors` streams page by page.
import { NextResponse } from "next/server";
import { z } from "zod";
import { authorizeAnalytics, NOT_FOUND, prepareAnalytics } from "@/lib/analytics/analytics-access";
import { anchorsCsv, exportFilename, tableCsv, textStream } from "@/lib/analytics/analytics-csv";
import { issueError, resolveAnalyticsWindow } from "@/lib/analytics/analytics-window";
import { iterateAnchorRows } from "@/lib/analytics/anchor-export";
import { analyticsFilters, getResponseTimingAnalytics } from "@/lib/analytics/response-timing-analytics";
import { EXPORT_TABLES } from "@/lib/analytics/response-timing-types";
import { getAuth } from "@/lib/auth/auth";
import { db } from "@/lib/db";

export const dynamic = "force-dynamic";
export const maxDuration = 300;

const LOG = "[analytics/export]";
const noStore = { "Cache-Control": "no-store" };
const fail = (status: number, error: string) => NextResponse.json({ error }, { status, headers: noStore });

export async function GET(request: Request, context: { params: Promise<{ clientId: string }> }): Promise<Response> {
  try {
    const session = await getAuth().api.getSession({ headers: request.headers });
    if (!session) return fail(401, "Unauthorized");
    const { clientId } = await context.params;
    const scope = await authorizeAnalytics({ db, userId: session.user.id, clientId });
    if (!scope) return fail(404, NOT_FOUND);

    const params = new URL(request.url).searchParams;
    const table = z.enum(EXPORT_TABLES).safeParse(params.get("table"));
    if (!table.success) return fail(400, `table must be one of ${EXPORT_TABLES.join(", ")}.`);
    const { query, issues, setterOptions, workspace } = await prepareAnalytics({ db, scope, params });
    if (issues.length > 0) return fail(400, issues.map(issueError).join(" "));

    const now = new Date();
    const window = resolveAnalyticsWindow(query, workspace.timezone, now);
    const headers = {
      ...noStore,
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${exportFilename(table.data, window)}"`,
      "X-Content-Type-Options": "nosniff",
    };
    if (table.data === "anchors") {
      const pages = iterateAnchorRows({ db, filters: analyticsFilters(scope.clientId, query, window, now) });
      const body = textStream(anchorsCsv(pages, workspace.timezone), (error) =>
        console.error(`${LOG} stream failed:`, error),
      );
      return new Response(body, { headers });
    }
    const data = await getResponseTimingAnalytics({
      db,
      clientId: scope.clientId,
      query,
      now,
      setterOptions,
      workspace,
    });
    return new Response(tableCsv(table.data, data), { headers });
  } catch (error) {
    console.error(`${LOG} failed:`, error);
    return fail(500, "Internal error");
  }
}
