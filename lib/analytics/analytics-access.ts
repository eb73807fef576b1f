// Who may read the Response Timing tab, and the request pipeline shared by the page, the
// server action and the CSV route: workspace scope (managers and admins only; unknown
// workspace, non-member and setter all get the same "Not found"), query-string parsing,
// and the setter filter checked against the workspace's setters.
import { z } from "zod";
import { canViewAnalytics, findClientScope, type ClientScope } from "@/lib/auth/client-scope";
import { SafeError } from "@/lib/safe-error";
import { db as appDb } from "@/lib/db";
import type { Db } from "@/lib/prisma-client";
import {
  issueError,
  issueWarning,
  parseAnalyticsQuery,
  type AnalyticsIssue,
  type SearchParamsInput,
} from "./analytics-window";
import {
  findAnalyticsWorkspace,
  getResponseTimingAnalytics,
  listSetterOptions,
  type AnalyticsWorkspace,
  type SetterOption,
} from "./response-timing-analytics";
import type { AnalyticsQuery, ResponseTimingAnalytics } from "./response-timing-types";

export const NOT_FOUND = "Not found";

/** The action's input: the workspace and the tab's query-string parameters, as strings. */
export const analyticsInputSchema = z.strictObject({
  clientId: z.string().max(100),
  range: z.string().max(20).optional(),
  from: z.string().max(20).optional(),
  to: z.string().max(20).optional(),
  channel: z.string().max(20).optional(),
  setter: z.string().max(200).optional(),
  bh: z.string().max(10).optional(),
  attr: z.string().max(10).optional(),
  mature: z.string().max(10).optional(),
});
export type ResponseTimingAnalyticsInput = z.input<typeof analyticsInputSchema>;

/** The user's scope when they may read analytics in `clientId`, else null (the caller answers "Not found"). */
export async function authorizeAnalytics({
  db,
  userId,
  clientId,
}: {
  db: Db;
  userId: string;
  clientId: string;
}): Promise<ClientScope | null> {
  const scope = await findClientScope(db, userId, clientId);
  return scope && canViewAnalytics(scope.role) ? scope : null;
}

export type PreparedAnalytics = {
  query: AnalyticsQuery;
  issues: AnalyticsIssue[];
  setterOptions: SetterOption[];
  workspace: AnalyticsWorkspace;
};

/**
 * Parses the query string for an authorized scope. A setter id that is not one of the
 * workspace's setters is an issue and is dropped (the filter never reaches SQL unchecked).
 */
export async function prepareAnalytics({
  db,
  scope,
  params,
}: {
  db: Db;
  scope: ClientScope;
  params: SearchParamsInput;
}): Promise<PreparedAnalytics> {
  const { query, issues } = parseAnalyticsQuery(params);
  const [setterOptions, workspace] = await Promise.all([
    listSetterOptions({ db, clientId: scope.clientId }),
    findAnalyticsWorkspace({ db, clientId: scope.clientId }),
  ]);
  if (!workspace) throw new SafeError(NOT_FOUND);
  if (query.setterId && !setterOptions.some((s) => s.id === query.setterId)) {
    issues.push({ param: "setter", value: query.setterId, problem: "not a setter of this workspace" });
    delete query.setterId;
  }
  return { query, issues, setterOptions, workspace };
}

/**
 * For the analytics page (a server component that already resolved `scope`): bad
 * parameters fall back to their defaults and come back as `warnings` to show.
 */
export async function loadResponseTimingAnalytics(
  scope: ClientScope,
  searchParams: SearchParamsInput,
  { db = appDb, now = new Date() }: { db?: Db; now?: Date } = {},
): Promise<{ data: ResponseTimingAnalytics; warnings: string[] }> {
  if (!canViewAnalytics(scope.role)) throw new SafeError(NOT_FOUND);
  const { query, issues, setterOptions, workspace } = await prepareAnalytics({ db, scope, params: searchParams });
  const data = await getResponseTimingAnalytics({ db, clientId: scope.clientId, query, now, setterOptions, workspace });
  return { data, warnings: issues.map(issueWarning) };
}

/** For the server action: strict (any bad parameter is a SafeError naming it). */
export async function responseTimingAnalyticsForUser({
  db,
  userId,
  input,
  now = new Date(),
}: {
  db: Db;
  userId: string;
  input: unknown;
  now?: Date;
}): Promise<ResponseTimingAnalytics> {
  const parsed = analyticsInputSchema.safeParse(input);
  if (!parsed.success) throw new SafeError("Invalid analytics request.");
  const { clientId, ...params } = parsed.data;
  const scope = await authorizeAnalytics({ db, userId, clientId });
  if (!scope) throw new SafeError(NOT_FOUND);
  const { query, issues, setterOptions, workspace } = await prepareAnalytics({ db, scope, params });
  if (issues.length > 0) throw new SafeError(issues.map(issueError).join(" "));
  return getResponseTimingAnalytics({ db, clientId: scope.clientId, query, now, setterOptions, workspace });
}
