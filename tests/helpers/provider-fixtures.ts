// The provider payload fixtures (tests/fixtures/providers: fake data in each provider's
// documented shapes; each folder's SOURCES.md says where a shape came from and which quirks
// are real). Read as raw text: bodies are compared and authenticated byte for byte, which is
// why Prettier leaves tests/fixtures alone.
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";

export const PROVIDER_FIXTURES_DIR =
  process.env.LEADCLOCK_PROVIDER_FIXTURES ?? path.resolve(import.meta.dirname, "../fixtures/providers");

export type FixtureProvider = "unipile" | "smartlead" | "instantly" | "gohighlevel" | "calendly";

/** The raw text of `<provider>/<name>` (name may include `bad/`). */
export function readProviderFixture(provider: FixtureProvider, name: string): string {
  return readFileSync(path.join(PROVIDER_FIXTURES_DIR, provider, name), "utf8");
}

/** Every JSON fixture of a provider folder (top level or `bad/`), by file name. */
export function listProviderFixtures(provider: FixtureProvider, folder: "" | "bad" = ""): string[] {
  return readdirSync(path.join(PROVIDER_FIXTURES_DIR, provider, folder))
    .filter((name) => name.endsWith(".json"))
    .map((name) => (folder ? `${folder}/${name}` : name))
    .sort();
}
