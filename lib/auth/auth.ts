import "server-only";
import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { nextCookies } from "better-auth/next-js";
import { db } from "@/lib/db";
import { env } from "@/lib/env";

function createAuth() {
  const config = env();
  return betterAuth({
    database: prismaAdapter(db, { provider: "postgresql" }),
    secret: config.BETTER_AUTH_SECRET,
    baseURL: config.BETTER_AUTH_URL,
    // Workspaces invite their people; there is no public sign-up.
    emailAndPassword: { enabled: true, disableSignUp: true, minPasswordLength: 8 },
    session: { expiresIn: 60 * 60 * 24 * 7, updateAge: 60 * 60 * 24 },
    advanced: { useSecureCookies: config.NODE_ENV === "production" && config.BETTER_AUTH_URL?.startsWith("https://") },
    // nextCookies must stay last: it writes Set-Cookie from server actions.
    plugins: [nextCookies()],
  });
}

type Auth = ReturnType<typeof createAuth>;
const globalForAuth = globalThis as unknown as { leadclockAuth?: Auth };

/** The better-auth instance, created on first use so builds need no secrets. */
export function getAuth(): Auth {
  globalForAuth.leadclockAuth ??= createAuth();
  return globalForAuth.leadclockAuth;
}
