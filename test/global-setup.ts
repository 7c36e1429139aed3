// Builds dist/ once before the suite: the tests that run the CLI as a real process (co-process, EPIPE,
// signals, an old Node) run the built output, and must run what the sources say today.
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

export default function setup(): void {
  const root = fileURLToPath(new URL("..", import.meta.url));
  execFileSync(process.execPath, ["node_modules/typescript/bin/tsc", "-p", "tsconfig.build.json"], {
    cwd: root,
    stdio: ["ignore", "ignore", "pipe"],
  });
}
