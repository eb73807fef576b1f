import { defineConfig } from "prisma/config";

// Prisma's native schema engine cannot be downloaded in every environment (it is
// fetched from a host outside the npm registry). `generate`, `validate` and
// `format` do not need it; migrations are applied by `npm run db:migrate` instead.
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= "/bin/false";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: {
    path: "prisma/migrations",
  },
});
