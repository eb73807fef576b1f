// GoHighLevel: one app-wide URL; the connection is the payload's locationId (docs/webhooks.md).
import { handleWebhook } from "../handle-webhook";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const POST = (request: Request) => handleWebhook(request, "GHL");
