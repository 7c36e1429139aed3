// Builds dist/ once before the suite (tsc, then the CLI bundle): the tests that run the CLI as a real
// process (co-process, EPIPE, signals, an old Node) run the built output, and must run today's sources.
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

export default function setup(): void {
  const root = fileURLToPath(new URL("..", import.meta.url));
  execFileSync(process.execPath, ["node_modules/typescript/bin/tsc", "-p", "tsconfig.build.json"], {
    cwd: root,
    stdio: ["ignore", "ignore", "pipe"],
  });
  execFileSync(process.execPath, ["scripts/bundle-cli.mjs"], {
    cwd: root,
    stdio: ["ignore", "ignore", "pipe"],
  });
}
