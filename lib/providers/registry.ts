// Every provider's webhook adapter. `satisfies` makes a new Provider fail the typecheck until
// it is listed; null would mean "no webhook ingestion" (its route answers 404).
import type { Provider } from "@/lib/generated/prisma/enums";
import type { WebhookAdapter } from "./webhook-adapter";
import { calendlyAdapter } from "./calendly";
import { ghlAdapter } from "./ghl/adapter";
import { instantlyAdapter } from "./instantly";
import { smartleadAdapter } from "./smartlead";
import { unipileAdapter } from "./unipile";

export type WebhookAdapters = Readonly<Record<Provider, WebhookAdapter | null>>;

export const webhookAdapters = {
  GHL: ghlAdapter,
  UNIPILE: unipileAdapter,
  SMARTLEAD: smartleadAdapter,
  INSTANTLY: instantlyAdapter,
  CALENDLY: calendlyAdapter,
} as const satisfies WebhookAdapters;
