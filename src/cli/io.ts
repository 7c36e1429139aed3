// The only door to the outside world for commands: streams, environment, files. Tests pass fakes.

export interface CliIO {
  /** Reads all of standard input. */
  readStdin(): Promise<string>;
  stdout(text: string): void;
  stderr(text: string): void;
  /** Whether stdout is a terminal (colour). */
  readonly isTTY: boolean;
  /** Whether stderr is a terminal (progress indicators). */
  readonly stderrIsTTY?: boolean;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
}

/** A command: parsed argv (after the command name) in, exit code out. 0 ok, 1 findings, 2 usage/input. */
export type Command = (argv: readonly string[], io: CliIO) => Promise<number>;

/** Thrown by argument parsing for a usage error; main() prints it and exits 2. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}
