// Scripts read .env / .env.local exactly as Next.js does, so a value configured once
// applies to the app, the migrations, the seed and the backfills alike.
import { loadEnvConfig } from "@next/env";

export function loadProjectEnv(cwd = process.cwd()): void {
  loadEnvConfig(cwd, process.env.NODE_ENV !== "production", { info: () => undefined, error: console.error });
}
