// GoHighLevel signs webhooks with its own Ed25519 key, which no local machine has. For the
// demo, dev and e2e the launcher generates a key pair once under .data/ and gives the app
// its public half (GHL_WEBHOOK_ED25519_PUBLIC_KEY); `npm run webhooks:simulate`, the e2e
// tests and the ingest benchmark sign with the private half. Deployments keep GoHighLevel's
// published key (the env default) and never see this file.
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

export type GhlKeyPair = { publicKeyPem: string; privateKeyPem: string };

export const LOCAL_GHL_KEY_FILE = path.join(".data", "ghl-webhook-ed25519.key");

function pairFromPrivate(privateKeyPem: string): GhlKeyPair {
  const privateKey: KeyObject = createPrivateKey(privateKeyPem);
  if (privateKey.asymmetricKeyType !== "ed25519") throw new Error("not an Ed25519 key");
  const publicKeyPem = createPublicKey(privateKey).export({ type: "spki", format: "pem" }).toString();
  return { publicKeyPem, privateKeyPem };
}

/** A fresh Ed25519 key pair in PEM (PKCS#8 private, SPKI public), e.g. for a benchmark server. */
export function generateGhlKeyPair(): GhlKeyPair {
  const { privateKey } = generateKeyPairSync("ed25519");
  return pairFromPrivate(privateKey.export({ type: "pkcs8", format: "pem" }).toString());
}

/** The local key pair, or null when none was generated yet (or the file is unusable). */
export function readLocalGhlKeys(cwd = process.cwd()): GhlKeyPair | null {
  try {
    return pairFromPrivate(fs.readFileSync(path.join(cwd, LOCAL_GHL_KEY_FILE), "utf8"));
  } catch {
    return null;
  }
}

/** The local key pair, generated on first use and kept (mode 0600) for later runs. */
export function localGhlKeys(cwd = process.cwd()): GhlKeyPair {
  const existing = readLocalGhlKeys(cwd);
  if (existing) return existing;
  const file = path.join(cwd, LOCAL_GHL_KEY_FILE);
  const pair = generateGhlKeyPair();
  fs.mkdirSync(path.dirname(file), { recursive: true });
  try {
    // "wx": when two launchers start at once, the first key written wins and both use it.
    fs.writeFileSync(file, pair.privateKeyPem, { mode: 0o600, flag: "wx" });
    return pair;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    const winner = readLocalGhlKeys(cwd);
    if (winner) return winner;
    // An unreadable leftover (e.g. truncated): replace it.
    fs.writeFileSync(file, pair.privateKeyPem, { mode: 0o600 });
    return pair;
  }
}
