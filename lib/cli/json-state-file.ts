// The progress files of the resumable CLIs (backfill:response-timing, backfill:appointments):
// written atomically after every batch, read back strictly with the caller's schema, with one
// set of messages for a missing, unreadable, malformed or foreign file.
import fs from "node:fs/promises";
import path from "node:path";
import type { z } from "zod";

/** Temp file, fsync, rename: a kill leaves the previous or the new version, never half of one. */
export async function writeJsonAtomically(file: string, value: unknown, indent?: number): Promise<void> {
  const target = path.resolve(file);
  const temp = `${target}.${process.pid}.tmp`;
  const handle = await fs.open(temp, "w");
  try {
    await handle.writeFile(`${JSON.stringify(value, null, indent)}\n`, "utf8");
    await handle.sync();
  } finally {
    await handle.close();
  }
  await fs.rename(temp, target);
}

/**
 * Reads a state file for --resume. `kind` names it in the "not a …" message (e.g. "an
 * appointments backfill state"); every failure is `fail(message)`, the caller's error type.
 */
export async function readJsonStateFile<S extends z.ZodType>(options: {
  file: string;
  schema: S;
  kind: string;
  fail: (message: string) => Error;
}): Promise<z.output<S>> {
  const { file, schema, kind, fail } = options;
  let text: string;
  try {
    text = await fs.readFile(file, "utf8");
  } catch (error) {
    throw fail(
      (error as NodeJS.ErrnoException).code === "ENOENT"
        ? `State file ${file} does not exist: nothing to resume. Run without --resume to start (it writes the file).`
        : `Cannot read state file ${file}: ${(error as Error).message}`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw fail(`State file ${file} is not valid JSON; start a fresh run without --resume.`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw fail(`State file ${file} is not ${kind}: ${issue?.path.join(".") || "file"}: ${issue?.message}`);
  }
  return parsed.data;
}
