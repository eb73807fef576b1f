// What a webhook answer other than 200 most likely means, for the person running the simulation.
export function explainStatus(status: number, provider: string): string {
  if (status === 401)
    return provider === "ghl"
      ? "Authentication failed: the app does not verify with the local key in .data/ (is GHL_WEBHOOK_ED25519_PUBLIC_KEY set?)."
      : "Authentication failed: the connection's secret did not match (was it rotated, or does the app use another LEADCLOCK_ENCRYPTION_KEY?).";
  if (status === 404)
    return "Not found: this app has no webhook route for the provider yet, or the connection id is unknown.";
  if (status === 429 || status === 503)
    return "The app could not store the delivery right now (database unreachable?).";
  return "Unexpected answer.";
}
