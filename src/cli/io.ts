// The only door to the outside world for commands: streams, environment, working directory. Tests pass
// fakes (test/helpers/fake-io.ts); node-io.ts is the real one. Files are read through input.ts and
// written through write-file.ts.

export interface CliIO {
  /** Standard input as byte chunks, in order. Read it at most once. */
  stdin(): AsyncIterable<Uint8Array>;
  stdout(text: string): void;
  stderr(text: string): void;
  /**
   * True once the reader of standard output has gone away (EPIPE, as in `lint | head -1`): commands
   * stop producing output and main() ends quietly.
   */
  stdoutClosed(): boolean;
  /** Whether stdout is a terminal (colour). */
  readonly isTTY: boolean;
  /** Colour forced on or off by `--color` / `--no-color` (main() sets it); see useColor(). */
  readonly color?: boolean;
  /** Whether stderr is a terminal (progress indicators). */
  readonly stderrIsTTY?: boolean;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
}

/** A command: parsed argv (after the command name) in, exit code out. 0 ok, 1 findings, 2 usage/input. */
export type Command = (argv: readonly string[], io: CliIO) => Promise<number>;

/** Thrown by argument parsing for a usage error; main() prints it with a hint to --help and exits 2. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

/**
 * A failure the user can act on that is not a usage mistake: an input that cannot be read, an output
 * that cannot be written. The message names the file; main() prints it and exits 2.
 */
export class CliError extends Error {
  override readonly name = "CliError";
}

/** Exit code when standard output was closed early: 128 + SIGPIPE, as the shell reports for `yes | head -1`. */
export const EXIT_PIPE_CLOSED = 141;
