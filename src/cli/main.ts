// The CLI dispatcher: picks the command, turns usage errors into exit code 2 and unexpected
// failures into one clear line. The only layer that knows about process-level concerns.
import { convertCommand } from "./convert.js";
import { evalCommand } from "./eval.js";
import { fmtCommand } from "./fmt.js";
import type { CliIO, Command } from "./io.js";
import { UsageError } from "./io.js";
import { lintCommand } from "./lint.js";
import { parseCommand } from "./parse.js";
import { simulateCommand } from "./simulate.js";
import { VERSION } from "./version.js";

interface CommandEntry {
  readonly run: Command;
  readonly summary: string;
}

const COMMANDS: Readonly<Record<string, CommandEntry>> = {
  parse: {
    run: parseCommand,
    summary: "parse and validate constraint text; print constraints or diagnostics",
  },
  fmt: { run: fmtCommand, summary: "convert constraint text between the app, flat, pod and colon forms" },
  lint: {
    run: lintCommand,
    summary: "find mistakes in constraints inside app, pod, group, options and service files",
  },
  simulate: {
    run: simulateCommand,
    summary: "simulate Marathon's offer cycle: where instances land, and why the rest cannot",
  },
  eval: {
    run: evalCommand,
    summary: "evaluate agents against constraints: JSON requests in, one verdict per line out",
  },
  convert: {
    run: convertCommand,
    summary: "convert constraints to Kubernetes or Nomad placement, with a fidelity per constraint",
  },
};

export const HELP = `marathon-constraints ${VERSION}
Parse, lint, evaluate and simulate Marathon and DC/OS SDK placement constraints.

Usage: marathon-constraints <command> [options]

Commands:
${Object.entries(COMMANDS)
  .map(([name, c]) => `  ${name.padEnd(10)}${c.summary}`)
  .join("\n")}

Options:
  -h, --help     show help (also: marathon-constraints <command> --help)
  -v, --version  show the version

Exit codes: 0 ok, 1 findings (invalid constraints, errors, unplaced instances), 2 usage or unreadable input.
`;

/** Runs the CLI: argv without the node and script paths. Returns the exit code; never throws. */
export async function main(argv: readonly string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "-h" || name === "--help" || name === "help") {
    io.stdout(HELP);
    return name === undefined ? 2 : 0;
  }
  if (name === "-v" || name === "--version") {
    io.stdout(`${VERSION}\n`);
    return 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.stderr(`marathon-constraints: unknown command "${name}"\n\n${HELP}`);
    return 2;
  }
  try {
    return await command.run(rest, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`marathon-constraints ${name}: ${e.message}\nTry: marathon-constraints ${name} --help\n`);
      return 2;
    }
    const err = e as NodeJS.ErrnoException;
    if (err?.code === "ENOENT" || err?.code === "EACCES" || err?.code === "EISDIR") {
      io.stderr(`marathon-constraints ${name}: cannot read ${err.path ?? "input"}: ${err.code}\n`);
      return 2;
    }
    // A bug in this tool: one line that says so, not a stack trace, unless asked for.
    io.stderr(`marathon-constraints ${name}: internal error: ${err?.message ?? String(e)}\n`);
    if (io.env.MARATHON_CONSTRAINTS_DEBUG) io.stderr(`${(e as Error)?.stack ?? ""}\n`);
    return 2;
  }
}
