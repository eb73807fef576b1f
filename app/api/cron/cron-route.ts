// What every cron route does around its one lib call: the fail-closed bearer check first
// (nothing else is parsed or touched for an unauthenticated caller), then the run, then its
// JSON; a failure says only what kind it was (hosts, SQL and stacks stay in the server log).
import { NextResponse } from "next/server";
import { authorizeCron, cronSecretFrom } from "@/lib/cron/authorize";
import { isDatabaseUnreachable } from "@/lib/db-errors";

const headers = { "Cache-Control": "no-store" };

export function cronRoute(name: string, run: () => Promise<object>): (request: Request) => Promise<NextResponse> {
  const log = `[cron/${name}]`;
  return async (request) => {
    const secret = cronSecretFrom(process.env, (problem) => console.error(`${log} ${problem}`));
    if (!authorizeCron(request, secret)) {
      return NextResponse.json(
        { success: false, error: "Unauthorized" },
        { status: 401, headers: { ...headers, "WWW-Authenticate": "Bearer" } },
      );
    }
    try {
      return NextResponse.json({ success: true, ...(await run()) }, { headers });
    } catch (error) {
      if (isDatabaseUnreachable(error)) {
        console.error(`${log} database unreachable:`, error);
        return NextResponse.json({ success: false, error: "Database unavailable" }, { status: 503, headers });
      }
      console.error(`${log} run failed:`, error);
      return NextResponse.json({ success: false, error: "Internal error" }, { status: 500, headers });
    }
  };
}
