// Every provider's webhook adapter. `satisfies` makes a new Provider fail the typecheck until
// it is listed; null means "no webhook ingestion yet" (Calendly: bookings are a later issue),
// and its route answers 404.
import type { Provider } from "@/lib/generated/prisma/enums";
import type { WebhookAdapter } from "./webhook-adapter";
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
  CALENDLY: null,
} as const satisfies WebhookAdapters;
