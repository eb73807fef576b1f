// Scripts read .env / .env.local exactly as Next.js does, so a value configured once
// applies to the app, the migrations, the seed and the backfills alike.
import nextEnv from "@next/env";

export function loadProjectEnv(cwd = process.cwd()): void {
  // @next/env is CommonJS: its named exports are only reachable through the default import under ESM.
  nextEnv.loadEnvConfig(cwd, process.env.NODE_ENV !== "production", { info: () => undefined, error: console.error });
}
