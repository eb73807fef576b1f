// SmartLead puts the webhook's shared secret in the body (`secret_key`), so the raw body as
// received would store that secret in plain text in WebhookEvent.rawBody, readable by anyone
// who can read the event log or a database dump. This blanks its value in the text to store;
// everything else stays byte for byte (the stored sha-256 is of the body as received), and a
// replay does not need it: stored events are never re-authenticated.
const SECRET_KEY_VALUE = /("secret_key"\s*:\s*)"(?:[^"\\]|\\.)*"/g;

export const REDACTED = "[redacted]";

/** The raw body with every `"secret_key": "<value>"` replaced by `"secret_key": "[redacted]"`. */
export function redactSmartleadRawBody(rawBody: string): string {
  return rawBody.replace(SECRET_KEY_VALUE, `$1"${REDACTED}"`);
}
