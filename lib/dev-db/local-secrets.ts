// Secrets for a local machine (demo, dev, e2e): generated once and kept under .data/
// so sessions survive restarts. Deployments set real values in the environment.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

export function localSecret(name: string, cwd = process.cwd()): string {
  const file = path.join(cwd, ".data", `${name}.secret`);
  try {
    const existing = fs.readFileSync(file, "utf8").trim();
    if (existing.length >= 32) return existing;
  } catch {
    // first run
  }
  const secret = randomBytes(32).toString("base64url");
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}
