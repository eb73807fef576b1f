// POST /api/webhooks/unipile/<connectionId>: authenticated with that connection's secret (docs/webhooks.md).
import { handleWebhook, type ConnectionRouteContext } from "../../handle-webhook";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const POST = async (request: Request, context: ConnectionRouteContext) =>
  handleWebhook(request, "UNIPILE", (await context.params).connectionId);
