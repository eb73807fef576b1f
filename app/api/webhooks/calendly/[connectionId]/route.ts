// POST /api/webhooks/calendly/<connectionId>: Calendly-Webhook-Signature with that connection's
// signing key (docs/bookings.md, docs/webhooks.md).
import { handleWebhook, type ConnectionRouteContext } from "../../handle-webhook";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const POST = async (request: Request, context: ConnectionRouteContext) =>
  handleWebhook(request, "CALENDLY", (await context.params).connectionId);
