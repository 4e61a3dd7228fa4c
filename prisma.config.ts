// Prisma CLI configuration. The CLI is only used for `prisma generate` here: migrations are hand-written SQL
// applied by src/db/migrate.ts (the schema engine that `prisma migrate` needs cannot be downloaded on our machines).
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
});
