#!/usr/bin/env node
// The executable: checks the Node.js version, then wires the real process into main(). main() loads a
// command's modules only when it runs, so nothing here pulls in chevrotain (an old Node fails there).
import * as nodeModule from "node:module";
import { nodeVersionProblem } from "../node-version.js";
import { main } from "./main.js";
import { nodeIO } from "./node-io.js";

const problem = nodeVersionProblem(process.versions.node);
if (problem !== undefined) {
  process.stderr.write(`${problem}\n`);
  process.exitCode = 2;
} else {
  // V8's code cache on disk (Node >= 22.1; the OS temp directory; NODE_DISABLE_COMPILE_CACHE=1 turns it
  // off): later runs skip compiling the command bundles (bench: cli start-up).
  (nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache?.();
  process.exitCode = await main(process.argv.slice(2), nodeIO());
}
