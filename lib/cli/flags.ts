// Command-line flags for the scripts: node:util's parseArgs for the syntax, zod for the
// values. A string result is the message to print before exiting with code 2.
import { parseArgs, type ParseArgsConfig } from "node:util";
import { z } from "zod";

/** A whole-number flag value; "100_000" and "100,000" are accepted for readability. */
export const wholeNumberFlag = (flag: string, min: number, max: number) =>
  z
    .string()
    .regex(/^\d[\d_,]*$/, `${flag} must be a whole number`)
    .transform((raw) => Number(raw.replace(/[_,]/g, "")))
    .pipe(
      z
        .number()
        .int()
        .min(min, `${flag} must be at least ${min.toLocaleString("en-US")}`)
        .max(max, `${flag} must be at most ${max.toLocaleString("en-US")}`),
    );

/** Parses `argv` strictly (unknown flags and positionals are errors), then validates with `schema`. */
export function parseFlags<S extends z.ZodType>(
  argv: string[],
  options: NonNullable<ParseArgsConfig["options"]>,
  schema: S,
): z.output<S> | string {
  let values: Record<string, unknown>;
  try {
    ({ values } = parseArgs({ args: argv, options, strict: true, allowPositionals: false }));
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  const parsed = schema.safeParse(values);
  return parsed.success ? parsed.data : parsed.error.issues.map((issue) => issue.message).join("\n");
}
