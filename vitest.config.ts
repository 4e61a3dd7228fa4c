import { availableParallelism } from "node:os";
import { configDefaults, defineConfig } from "vitest/config";

// Only the projects that talk to a database run the set-up that starts one.
const withDatabase = ["tests/support/global-setup.ts"];

export default defineConfig({
  test: {
    env: { TZ: "UTC" },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // One worker per core: vitest's default (cores − 1) leaves one of this 2-core machine's cores idle while the
    // other runs every file in turn. At most 4: the embedded databases all run in the main vitest process, on one
    // thread, and serving more workers from there would make it the bottleneck.
    maxWorkers: Math.min(4, availableParallelism()),
    projects: [
      // Files share one module graph per worker (isolate: false): the app, Prisma and EJS are loaded once per worker
      // instead of once per file. Tests keep no state in modules: each builds its own organisation (factories).
      { extends: true, test: { name: "unit", include: ["tests/unit/**/*.test.ts"], isolate: false } },
      {
        extends: true,
        test: {
          name: "integration",
          // Every test folder but unit, e2e and resilience (`npm run test:resilience`, vitest.resilience.config.ts),
          // so that a new folder is never left out of npm test.
          include: ["tests/**/*.test.ts"],
          exclude: [...configDefaults.exclude, "tests/unit/**", "tests/e2e/**", "tests/resilience/**"],
          globalSetup: withDatabase,
          isolate: false,
        },
      },
      {
        extends: true,
        test: { name: "e2e", include: ["tests/e2e/**/*.test.ts"], globalSetup: withDatabase, isolate: false },
      },
    ],
  },
});
