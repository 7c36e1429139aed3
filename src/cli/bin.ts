#!/usr/bin/env node
// The executable: wires the real process into main(). Nothing else belongs here.
import { main } from "./main.js";
import { nodeIO } from "./node-io.js";

const code = await main(process.argv.slice(2), nodeIO());
process.exitCode = code;
