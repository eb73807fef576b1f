// GET /api/oauth/<ghl|calendly>/callback?code=…&state=… — where the provider sends the admin
// back: the state is checked, the code exchanged and the token pair stored encrypted, then the
// admin lands on the connections page with the outcome (lib/appointments/oauth-connect).
// A bad or expired state → 400 and a connection the user may not manage → 404, as plain text.
import { getAuth } from "@/lib/auth/auth";
import { finishOAuthConnect, OAuthStateRejected } from "@/lib/appointments/oauth-connect/finish-oauth-connect";
import { oauthConnectConfigFrom } from "@/lib/appointments/oauth-connect/oauth-config";
import { ConnectionNotFoundError } from "@/lib/appointments/oauth-connect/oauth-connection";
import { oauthProviderFromSlug } from "@/lib/appointments/oauth-connect/oauth-providers";
import {
  connectionsPageUrl,
  plainText,
  redirectTo,
  signInRedirect,
} from "@/lib/appointments/oauth-connect/oauth-responses";
import { loadEncryptionKey } from "@/lib/crypto/secret-box";
import { db } from "@/lib/db";
import { env } from "@/lib/env";

export const dynamic = "force-dynamic";

const LOG = "[oauth/callback]";

export async function GET(request: Request, context: { params: Promise<{ provider: string }> }): Promise<Response> {
  const provider = oauthProviderFromSlug((await context.params).provider);
  if (!provider) return plainText(404, "Not found.");
  try {
    const config = oauthConnectConfigFrom({ env: env(), encryptionKey: loadEncryptionKey(), request });
    const session = await getAuth().api.getSession({ headers: request.headers });
    if (!session) return signInRedirect(config.baseUrl, request);
    const query = new URL(request.url).searchParams;
    const result = await finishOAuthConnect({ db, userId: session.user.id, provider, query, config });
    if (result.outcome !== "connected") {
      console.warn(`${LOG} ${provider} connection ${result.connectionId}: ${result.outcome} (${result.detail ?? "-"})`);
    }
    return redirectTo(connectionsPageUrl({ baseUrl: config.baseUrl, ...result }));
  } catch (error) {
    if (error instanceof OAuthStateRejected) {
      console.warn(`${LOG} state refused: ${error.reason}`);
      return plainText(400, error.message);
    }
    if (error instanceof ConnectionNotFoundError) return plainText(404, error.message);
    console.error(`${LOG} failed:`, error);
    return plainText(500, "Something went wrong. Nothing was changed; try again in a moment.");
  }
}
