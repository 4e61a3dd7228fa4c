import { defineConfig } from "vitest/config";

// `npm run test:resilience`: the slow tests of faults and hostile input (a PostgreSQL cluster of their own restarted
// under load, the property-based fuzz of every endpoint), one file at a time so that their timings mean something.
export default defineConfig({
  test: {
    include: ["tests/resilience/**/*.test.ts"],
    globalSetup: ["tests/support/global-setup.ts"],
    env: { TZ: "UTC" },
    testTimeout: 300_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    maxWorkers: 1,
  },
});
