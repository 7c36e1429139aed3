// A CliIO that records output, for driving commands in tests.
import type { CliIO } from "../../src/cli/io.js";

export interface FakeIO extends CliIO {
  readonly out: string[];
  readonly err: string[];
  stdoutText(): string;
  stderrText(): string;
}

export function fakeIO(
  options: { stdin?: string; cwd?: string; env?: Record<string, string>; isTTY?: boolean } = {},
): FakeIO {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    readStdin: async () => options.stdin ?? "",
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    isTTY: options.isTTY ?? false,
    env: options.env ?? {},
    cwd: options.cwd ?? process.cwd(),
    stdoutText: () => out.join(""),
    stderrText: () => err.join(""),
  };
}
