// Runs once when a Next.js server starts: validate the environment before the first
// request, so a misconfigured deployment fails loudly with the variable's name.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { env } = await import("@/lib/env");
  env();
}
