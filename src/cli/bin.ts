#!/usr/bin/env node
// The executable: checks the Node.js version, then wires the real process into main(). Everything is
// imported dynamically so the version check runs first and `--version` loads no command.
try {
  await import("../node-version.js");
  const [{ main }, { nodeIO }] = await Promise.all([import("./main.js"), import("./node-io.js")]);
  process.exitCode = await main(process.argv.slice(2), nodeIO());
} catch (e) {
  // Only the version gate can fail here: main() never throws.
  process.stderr.write(`${(e as Error)?.message ?? String(e)}\n`);
  process.exitCode = 2;
}
