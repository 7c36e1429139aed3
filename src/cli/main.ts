// The CLI dispatcher: picks the command (loading its modules only then, so `--help` and `--version`
// stay fast), applies the global flags, turns usage and input errors into exit code 2 and unexpected
// failures into one clear line. The only layer that knows about process-level concerns.
import type { CliIO, Command } from "./io.js";
import { CliError, EXIT_PIPE_CLOSED, UsageError } from "./io.js";
import { VERSION } from "./version.js";

interface CommandEntry {
  /** Loads the command's modules (dynamic import: nothing is loaded for commands that do not run). */
  readonly load: () => Promise<Command>;
  readonly summary: string;
}

// One entry per command; `load` imports its module only when the command runs.
const COMMANDS: Readonly<Record<string, CommandEntry>> = {
  parse: {
    load: async () => (await import("./parse.js")).parseCommand,
    summary: "parse and validate constraint text; print constraints or diagnostics",
  },
  fmt: {
    load: async () => (await import("./fmt.js")).fmtCommand,
    summary: "convert constraint text between the app, flat, pod and colon forms",
  },
  lint: {
    load: async () => (await import("./lint.js")).lintCommand,
    summary: "find mistakes in constraints inside app, pod, group, options and service files",
  },
  simulate: {
    load: async () => (await import("./simulate.js")).simulateCommand,
    summary: "simulate Marathon's offer cycle: where instances land, and why the rest cannot",
  },
  eval: {
    load: async () => (await import("./eval.js")).evalCommand,
    summary: "evaluate agents against constraints: JSON requests in, one verdict per line out",
  },
  why: {
    load: async () => (await import("./why.js")).whyCommand,
    summary: "explain every deployment waiting in Marathon's queue, read live or from saved responses",
  },
  convert: {
    load: async () => (await import("./convert.js")).convertCommand,
    summary: "convert constraints to Kubernetes or Nomad placement, with a fidelity per constraint",
  },
};

/** The names of the commands, in help order. */
export const COMMAND_NAMES: readonly string[] = Object.keys(COMMANDS);

export const HELP = `marathon-constraints ${VERSION}
Parse, lint, evaluate and simulate Marathon and DC/OS SDK placement constraints.

Usage: marathon-constraints <command> [options]
       marathon-constraints help <command>

Commands:
${Object.entries(COMMANDS)
  .map(([name, c]) => `  ${name.padEnd(10)}${c.summary}`)
  .join("\n")}

Options:
  -h, --help           show help (also: marathon-constraints <command> --help)
  -v, --version        show the version
  --color, --no-color  colour or not, for any command (default: on a terminal, unless
                       NO_COLOR is set; FORCE_COLOR=1 forces colour, FORCE_COLOR=0 stops it)

Inputs: a file path, - for standard input, or an http(s):// URL, wherever a command reads a file.
Exit codes: 0 ok, 1 findings (invalid constraints, errors, unplaced instances), 2 usage
error or unreadable input, 141 standard output closed early (as in "| head -1").
`;

/** Removes `--color` / `--no-color` (before a `--`), returning the rest and the last one given. */
function colorFlags(argv: readonly string[]): { rest: string[]; color?: boolean } {
  const rest: string[] = [];
  let color: boolean | undefined;
  let ended = false;
  for (const arg of argv) {
    if (!ended && arg === "--color") color = true;
    else if (!ended && arg === "--no-color") color = false;
    else {
      if (arg === "--") ended = true;
      rest.push(arg);
    }
  }
  return color === undefined ? { rest } : { rest, color };
}

/** Runs the CLI: argv without the node and script paths. Returns the exit code; never throws. */
export async function main(argv: readonly string[], io: CliIO): Promise<number> {
  const flags = colorFlags(argv);
  if (flags.color !== undefined) io = { ...io, color: flags.color };
  let [name, ...rest] = flags.rest;
  if (name === "help" && rest[0] !== undefined) {
    // `help lint` is `lint --help`.
    name = rest[0];
    rest = ["--help"];
  }
  if (name === undefined || name === "-h" || name === "--help" || name === "help") {
    io.stdout(HELP);
    return name === undefined ? 2 : 0;
  }
  if (name === "-v" || name === "--version") {
    io.stdout(`${VERSION}\n`);
    return 0;
  }
  const entry = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (entry === undefined) {
    io.stderr(`marathon-constraints: unknown command "${name}"\n\n${HELP}`);
    return 2;
  }
  try {
    const command = await entry.load();
    const code = await command(rest, io);
    return io.stdoutClosed() ? EXIT_PIPE_CLOSED : code;
  } catch (e) {
    if (io.stdoutClosed()) return EXIT_PIPE_CLOSED;
    if (e instanceof UsageError) {
      io.stderr(`marathon-constraints ${name}: ${e.message}\nTry: marathon-constraints ${name} --help\n`);
      return 2;
    }
    if (e instanceof CliError) {
      io.stderr(`marathon-constraints ${name}: ${e.message}\n`);
      return 2;
    }
    // A bug in this tool: one line that says so, not a stack trace, unless asked for.
    const err = e as Error;
    io.stderr(`marathon-constraints ${name}: internal error: ${err?.message ?? String(e)}\n`);
    if (io.env.MARATHON_CONSTRAINTS_DEBUG) io.stderr(`${err?.stack ?? ""}\n`);
    return 2;
  } finally {
    // Connections opened for http(s):// inputs would keep the process alive after the answer.
    await (await import("./http-options.js")).closeHttpInputs(io).catch(() => undefined);
  }
}
