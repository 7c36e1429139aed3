// The real CliIO over the process's streams. A closed standard output (EPIPE) is recorded, not thrown:
// main() then ends the command quietly.
import type { CliIO } from "./io.js";

/** A CliIO over the current process. */
export function nodeIO(): CliIO {
  let closed = false;
  process.stdout.on("error", (e: NodeJS.ErrnoException) => {
    if (!closed && e.code !== "EPIPE" && e.code !== "ERR_STREAM_DESTROYED") {
      process.stderr.write(`marathon-constraints: cannot write to standard output: ${e.code ?? e.message}\n`);
    }
    closed = true;
  });
  // Nobody to tell when standard error itself is gone.
  process.stderr.on("error", () => undefined);
  return {
    stdin: () => process.stdin,
    stdout: (text) => {
      if (!closed) process.stdout.write(text);
    },
    stderr: (text) => {
      process.stderr.write(text);
    },
    stdoutClosed: () => closed,
    isTTY: process.stdout.isTTY === true,
    stderrIsTTY: process.stderr.isTTY === true,
    env: process.env,
    cwd: process.cwd(),
  };
}
