// The bookings credential config from the parsed environment (routes and scripts call this;
// lib code takes the result as an argument, DESIGN §4.2).
import type { Env } from "@/lib/env";
import type { BookingCredentialsConfig } from "./booking-connections";

export type BookingEnv = Pick<
  Env,
  | "GHL_OAUTH_CLIENT_ID"
  | "GHL_OAUTH_CLIENT_SECRET"
  | "GHL_OAUTH_TOKEN_URL"
  | "CALENDLY_OAUTH_CLIENT_ID"
  | "CALENDLY_OAUTH_CLIENT_SECRET"
  | "CALENDLY_OAUTH_TOKEN_URL"
>;

export function bookingCredentialsFrom(env: BookingEnv, encryptionKey: Buffer): BookingCredentialsConfig {
  const oauth: BookingCredentialsConfig["oauth"] = {};
  if (env.GHL_OAUTH_CLIENT_ID && env.GHL_OAUTH_CLIENT_SECRET) {
    oauth.GHL = {
      clientId: env.GHL_OAUTH_CLIENT_ID,
      clientSecret: env.GHL_OAUTH_CLIENT_SECRET,
      tokenUrl: env.GHL_OAUTH_TOKEN_URL,
    };
  }
  if (env.CALENDLY_OAUTH_CLIENT_ID && env.CALENDLY_OAUTH_CLIENT_SECRET) {
    oauth.CALENDLY = {
      clientId: env.CALENDLY_OAUTH_CLIENT_ID,
      clientSecret: env.CALENDLY_OAUTH_CLIENT_SECRET,
      tokenUrl: env.CALENDLY_OAUTH_TOKEN_URL,
    };
  }
  return { encryptionKey, oauth };
}
