// What a simulated delivery is built from and what it comes out as. Builders are pure
// (no database, no clock of their own): the CLI, the tests, the e2e spec and the ingest
// benchmark all call them with their own lead, connection, text and time.
export const SIMULATE_PROVIDERS = ["ghl", "unipile", "smartlead", "instantly"] as const;
export type SimulateProvider = (typeof SIMULATE_PROVIDERS)[number];

/** The lead the delivery comes from, as the provider would know them. */
export type SimulatedLead = {
  name: string;
  email: string | null;
  /** E.164. */
  phone: string | null;
  /**
   * The provider's id of the contact (GHL contactId, SmartLead sl_email_lead_id, Unipile
   * attendee_provider_id); a fresh one is made up when null (a lead the provider never saw).
   */
  providerLeadId: string | null;
  linkedinUrl: string | null;
};

export type SimulatedConnection = {
  id: string;
  /** GHL locationId, Unipile account_id, SmartLead client id, Instantly workspace id. */
  externalAccountId: string;
  /** The connection's current webhook secret (null for GHL, which signs with a key pair). */
  webhookSecret: string | null;
};

export type SimulatedDelivery = {
  provider: SimulateProvider;
  /** Path on the app, e.g. /api/webhooks/ghl or /api/webhooks/unipile/<connectionId>. */
  path: string;
  /** Lower-case header names, authentication included. */
  headers: Record<string, string>;
  /** The exact bytes to send (compact JSON, as the providers send it). */
  body: string;
  /** The provider's message id(s) the stored Message will carry, to find it afterwards. */
  providerMessageIds: string[];
};
