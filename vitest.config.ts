import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Tests fail on stray console output (house style): see test/setup.ts.
    setupFiles: ["test/setup.ts"],
    testTimeout: 30_000,
  },
});
