import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Tests fail on stray console output (house style): see test/setup.ts.
    setupFiles: ["test/setup.ts"],
    // Builds dist/ first: some CLI tests run the built binary as a real process.
    globalSetup: ["test/global-setup.ts"],
    testTimeout: 30_000,
  },
});
