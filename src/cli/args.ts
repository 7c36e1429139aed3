// Shared argument handling: node's parseArgs with our usage errors, reading `text | @file | -`, and the
// one colour decision every command uses.
import { type ParseArgsConfig, parseArgs } from "node:util";
import { DIALECTS, type Dialect } from "../ast.js";
import { type InputText, readInput } from "./input.js";
import { type CliIO, UsageError } from "./io.js";

type Options = NonNullable<ParseArgsConfig["options"]>;

/** parseArgs, with its errors turned into UsageError. */
export function parseCliArgs<T extends Options>(argv: readonly string[], options: T) {
  try {
    return parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError((e as Error).message.replace(/^TypeError \[[A-Z_]+\]: /, ""));
  }
}

/** Checks a --dialect value. */
export function dialectOption(value: string | undefined): Dialect | undefined {
  if (value === undefined) return undefined;
  if (!(DIALECTS as readonly string[]).includes(value)) {
    throw new UsageError(`unknown dialect "${value}": expected one of ${DIALECTS.join(", ")}`);
  }
  return value as Dialect;
}

/** Checks a value against a closed list. */
export function choice<T extends string>(
  name: string,
  value: string | undefined,
  allowed: readonly T[],
  fallback: T,
): T {
  if (value === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new UsageError(`--${name} must be one of ${allowed.join(", ")}, not "${value}"`);
  }
  return value as T;
}

/** Reads the input argument: literal text, `@file`, or `-` for standard input (BOM dropped). */
export async function readInputArg(arg: string | undefined, io: CliIO): Promise<InputText> {
  if (arg === undefined)
    throw new UsageError("missing input: give constraint text, @file, or - for standard input");
  if (arg === "-") return readInput(arg, io);
  if (arg.startsWith("@") && arg.length > 1) return readInput(arg.slice(1), io);
  return { text: arg, name: "<text>", bom: false };
}

/**
 * Whether to colour output, the same way for every command: `--color` / `--no-color` (main() sets
 * io.color from them) win; then FORCE_COLOR (0 or false: no colour; anything else: colour); then
 * NO_COLOR (https://no-color.org); otherwise colour on a terminal whose TERM is not "dumb".
 */
export function useColor(io: CliIO): boolean {
  if (io.color !== undefined) return io.color;
  const force = io.env.FORCE_COLOR;
  if (force !== undefined) return force !== "0" && force.toLowerCase() !== "false";
  if (io.env.NO_COLOR) return false;
  return io.isTTY && io.env.TERM !== "dumb";
}
