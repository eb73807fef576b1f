import { NextResponse } from "next/server";
import { db } from "@/lib/db";
import { checkHealth } from "@/lib/health";

export const dynamic = "force-dynamic";

export async function GET() {
  const report = await checkHealth({ db });
  return NextResponse.json(report, {
    status: report.database.reachable ? 200 : 503,
    headers: { "Cache-Control": "no-store" },
  });
}
