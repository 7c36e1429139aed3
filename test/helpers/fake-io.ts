// A CliIO that records output, for driving commands in tests.
import type { CliIO } from "../../src/cli/io.js";

export interface FakeIO extends CliIO {
  readonly out: string[];
  readonly err: string[];
  stdoutText(): string;
  stderrText(): string;
  /** Makes stdoutClosed() true, as when the reader of a pipe goes away. */
  closeStdout(): void;
}

export interface FakeIOOptions {
  /** Standard input: text, or chunks (strings are UTF-8 encoded) delivered one by one. */
  stdin?: string | Uint8Array | readonly (string | Uint8Array)[];
  cwd?: string;
  env?: Record<string, string>;
  isTTY?: boolean;
}

export function fakeIO(options: FakeIOOptions = {}): FakeIO {
  const out: string[] = [];
  const err: string[] = [];
  let closed = false;
  const input = options.stdin ?? "";
  const chunks = typeof input === "string" || input instanceof Uint8Array ? [input] : input;
  return {
    out,
    err,
    async *stdin() {
      for (const c of chunks) yield typeof c === "string" ? Buffer.from(c, "utf8") : c;
    },
    stdout: (t) => {
      if (!closed) out.push(t);
    },
    stderr: (t) => err.push(t),
    stdoutClosed: () => closed,
    closeStdout: () => {
      closed = true;
    },
    isTTY: options.isTTY ?? false,
    env: options.env ?? {},
    cwd: options.cwd ?? process.cwd(),
    stdoutText: () => out.join(""),
    stderrText: () => err.join(""),
  };
}
