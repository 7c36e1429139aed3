// Shared argument handling: node's parseArgs with our usage errors, and reading `text | @file | -`.
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { type ParseArgsConfig, parseArgs } from "node:util";
import { DIALECTS, type Dialect } from "../ast.js";
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

/** Reads the input argument: literal text, `@file`, or `-` for standard input. */
export async function readInputArg(
  arg: string | undefined,
  io: CliIO,
): Promise<{ text: string; name: string }> {
  if (arg === undefined)
    throw new UsageError("missing input: give constraint text, @file, or - for standard input");
  if (arg === "-") return { text: await io.readStdin(), name: "<stdin>" };
  if (arg.startsWith("@") && arg.length > 1) {
    const path = resolve(io.cwd, arg.slice(1));
    return { text: await readFile(path, "utf8"), name: arg.slice(1) };
  }
  return { text: arg, name: "<text>" };
}

/** Whether to colour output: a terminal, and NO_COLOR unset (https://no-color.org). */
export function useColor(io: CliIO): boolean {
  return io.isTTY && !io.env.NO_COLOR && io.env.TERM !== "dumb";
}
