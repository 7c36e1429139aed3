// `marathon-constraints lint`: finds files, reads config and inventory, runs lint(), prints reports,
// applies fixes through write-file.ts. The only lint code that touches files, streams and the process.
import { readdir, stat } from "node:fs/promises";
import { basename, dirname, join, relative, resolve } from "node:path";
import type { Agent } from "../agents/agent.js";
import { loadInventory } from "../agents/inventory.js";
import type { Dialect } from "../ast.js";
import { formatDiagnostics } from "../code-frame.js";
import { hasErrors } from "../diagnostics.js";
import { applyFixes } from "../fixes.js";
import { lint } from "../lint/lint.js";
import { RULE_INFO, ruleInfo } from "../lint/rules/index.js";
import type { LintOptions, LintResult, RuleSetting } from "../lint/types.js";
import { choice, dialectOption, parseCliArgs, useColor } from "./args.js";
import { CONFIG_KEYS, RULE_SETTINGS } from "./config-schema.js";
import { formatUnifiedDiff } from "./format-diff.js";
import { formatGithub } from "./format-github.js";
import { formatJson } from "./format-json.js";
import { formatSarif } from "./format-sarif.js";
import { formatText } from "./format-text.js";
import { HTTP_OPTIONS, isUrl, useHttpOptions } from "./http-options.js";
import { type BytePosition, describeFsError, readInput, withInput } from "./input.js";
import { CliError, type CliIO, type Command, UsageError } from "./io.js";
import type { LintReport } from "./lint-report.js";
import { formatRuleList } from "./rule-list.js";
import { writeFileSafely } from "./write-file.js";

const HELP = `Usage: marathon-constraints lint [options] [paths... | URLs... | - | --text T]

Finds placement constraints in Marathon app, pod and group JSON, DC/OS package
options files (kubernetes.*_placement, etcd.placement, service.constraints), DC/OS
SDK service YAML (pods.<name>.placement) and plain constraint text, and reports
mistakes with their position in your file. Directories are searched for *.json,
*.yaml, *.yml and *.txt (node_modules and dot-directories are skipped; symbolic
links are followed, each file and directory visited once).

Options:
  --text T             lint T instead of files
  --format F           text (default), json (ESLint's shape), sarif, github
  --list-rules         list every rule (id, severity, dialects, fix, summary);
                       with --format json, as JSON
  --fix                apply safe fixes in place, then report what is left: atomically,
                       through symbolic links, keeping mode and owner; refuses read-only
                       and hard-linked files and files that are not UTF-8
  --fix-dry-run        print the fixes as a unified diff; change nothing
  --rule ID=LEVEL      set a rule to off, info, warning or error (repeatable)
  --dialect D          read every constraint as marathon, marathon-1.11 or dcos-sdk
                       (default: what the file implies; apps marathon, options/YAML dcos-sdk)
  --inventory FILE     agents (Mesos state JSON, inventory YAML/JSON, attribute lines;
                       - for standard input, or an http(s):// URL such as
                       <mesos>/master/state): also check fields, values and capacity
  --token-file F, --ca-cert F, --insecure, --timeout S
                       for a URL: see "marathon-constraints why --help"
  --max-warnings N     exit 1 when there are more than N warnings
  --config FILE        use this config instead of .marathon-constraints.json
                       (searched upward from the current directory)
  --no-error-on-unmatched-pattern
                       a path that matches no file is not an error (default: exit 2,
                       "No files matching the pattern")
  --color, --no-color  colour the text output or not (default: on a terminal, unless
                       NO_COLOR is set; FORCE_COLOR forces it)
  -h, --help           show this help

Config (.marathon-constraints.json): { "dialect": "marathon", "rules": { "regex/like-literal": "off" } }
  its JSON Schema: "$schema": "./node_modules/marathon-constraints/config.schema.json"
Exit codes: 0 no errors, 1 errors (or too many warnings), 2 usage error, unreadable input,
no matching files, or a file --fix could not write.
Examples:
  marathon-constraints lint apps/ options.json
  marathon-constraints lint --text '[["hostname","unique"]]'
  marathon-constraints lint --inventory state.json --format sarif marathon/ > lint.sarif
`;

const CONFIG_NAME = ".marathon-constraints.json";
const EXTENSIONS = /\.(json|ya?ml|txt)$/i;
const SETTINGS: readonly RuleSetting[] = RULE_SETTINGS;
const MAX_FIX_PASSES = 10;

interface Config {
  readonly dialect?: Dialect;
  readonly rules: Record<string, RuleSetting>;
}

function checkRule(id: string, setting: string, where: string): RuleSetting {
  if (!ruleInfo(id)) throw new UsageError(`${where}: unknown rule "${id}" (see the README's rules table)`);
  if (!(SETTINGS as readonly string[]).includes(setting)) {
    throw new UsageError(`${where}: rule "${id}" must be one of ${SETTINGS.join(", ")}, not "${setting}"`);
  }
  return setting as RuleSetting;
}

async function exists(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/** The config file: the given one, or the nearest `.marathon-constraints.json` from cwd upward. */
async function readConfig(io: CliIO, given: string | undefined): Promise<Config> {
  let path: string | undefined;
  if (given !== undefined) path = given === "-" ? given : resolve(io.cwd, given);
  else {
    for (let dir = resolve(io.cwd); ; dir = dirname(dir)) {
      if (await exists(join(dir, CONFIG_NAME))) {
        path = join(dir, CONFIG_NAME);
        break;
      }
      if (dirname(dir) === dir) break;
    }
  }
  if (path === undefined) return { rules: {} };
  const { text } = await readInput(path, io, "config");
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`config ${path} is not valid JSON: ${(e as Error).message}`);
  }
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    throw new UsageError(`config ${path} must be an object like { "dialect": ..., "rules": { ... } }`);
  }
  const obj = raw as { dialect?: unknown; rules?: unknown };
  // A misspelt key would otherwise be ignored in silence; the schema rejects it too.
  const unknown = Object.keys(obj).find((k) => !(CONFIG_KEYS as readonly string[]).includes(k));
  if (unknown !== undefined) {
    throw new UsageError(`config ${path}: unknown key "${unknown}" (expected ${CONFIG_KEYS.join(", ")})`);
  }
  const rules: Record<string, RuleSetting> = {};
  if (obj.rules !== undefined) {
    if (typeof obj.rules !== "object" || obj.rules === null || Array.isArray(obj.rules)) {
      throw new UsageError(`config ${path}: "rules" must be an object of rule id -> off|info|warning|error`);
    }
    for (const [id, setting] of Object.entries(obj.rules))
      rules[id] = checkRule(id, String(setting), `config ${path}`);
  }
  if (obj.dialect !== undefined && typeof obj.dialect !== "string") {
    throw new UsageError(`config ${path}: "dialect" must be a string`);
  }
  const dialect = dialectOption(obj.dialect as string | undefined);
  return dialect ? { dialect, rules } : { rules };
}

interface Input {
  readonly text: string;
  /** Shown in reports: relative to cwd for files, `<stdin>` or `<text>` otherwise. */
  readonly name: string;
  /** Absolute path when the input is a file (then --fix may write it). */
  readonly path?: string;
  /** The name lint() uses to pick the host reader (extension matters). */
  readonly fileName?: string;
  /** Whether the file began with a byte order mark (kept when --fix writes it). */
  readonly bom?: boolean;
  /** The first byte that is not UTF-8: such a file is linted, never rewritten. */
  readonly invalidUtf8?: BytePosition;
}

/** Files and directories already seen in a directory scan (device:inode), so links never loop. */
type Seen = Set<string>;

async function collect(dir: string, out: string[], seen: Seen): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    if (e.name.startsWith(".") || e.name === "node_modules") continue;
    const p = join(dir, e.name);
    let isDir = e.isDirectory();
    let isFile = e.isFile();
    if (e.isSymbolicLink()) {
      // Follow links to files and directories; a dangling link is not a file to lint.
      const target = await stat(p).catch(() => undefined);
      if (target === undefined) continue;
      isDir = target.isDirectory();
      isFile = target.isFile();
    }
    if (!isDir && !(isFile && EXTENSIONS.test(e.name))) continue;
    const info = await stat(p);
    const id = `${info.dev}:${info.ino}`;
    if (seen.has(id)) continue;
    seen.add(id);
    if (isDir) await collect(p, out, seen);
    else out.push(p);
  }
}

/** Whether a text file found in a directory holds constraint text (JSON, or a `field:OPERATOR` row). */
function looksLikeConstraintText(text: string): boolean {
  const first = text.trimStart();
  return first === "" || first[0] === "[" || first[0] === "{" || /^[^\s:,]+:[A-Za-z_]+(:|,|\s|$)/.test(first);
}

async function readInputs(
  positionals: readonly string[],
  text: string | undefined,
  io: CliIO,
  errorOnUnmatched: boolean,
): Promise<Input[]> {
  if (text !== undefined) {
    if (positionals.length > 0) throw new UsageError("give either --text or paths, not both");
    return [{ text, name: "<text>" }];
  }
  if (positionals.length === 0)
    throw new UsageError("missing input: give files or directories, - for standard input, or --text");
  const inputs: Input[] = [];
  const seen: Seen = new Set();
  const unmatched = (arg: string, why: string) => {
    if (errorOnUnmatched) {
      throw new CliError(
        `No files matching the pattern "${arg}" were found (${why}); --no-error-on-unmatched-pattern allows it`,
      );
    }
  };
  for (const arg of positionals) {
    if (arg === "-" || isUrl(arg)) {
      const read = await readInput(arg, io);
      inputs.push({ text: read.text, name: read.name });
      continue;
    }
    const abs = resolve(io.cwd, arg);
    let info: Awaited<ReturnType<typeof stat>>;
    try {
      info = await stat(abs);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") {
        unmatched(arg, "no such file or directory");
        continue;
      }
      throw new CliError(`cannot read ${arg}: ${describeFsError(e)}`);
    }
    const files: string[] = [];
    if (info.isDirectory()) {
      seen.add(`${info.dev}:${info.ino}`);
      try {
        await collect(abs, files, seen);
      } catch (e) {
        throw new CliError(`cannot read ${(e as NodeJS.ErrnoException).path ?? arg}: ${describeFsError(e)}`);
      }
    } else files.push(abs);
    const before = inputs.length;
    for (const f of files) {
      const rel = relative(io.cwd, f);
      const name = info.isDirectory() ? rel || basename(f) : arg;
      const read = await readInput(f, io);
      // A directory's README.txt or requirements.txt is not constraint text; a named file always is.
      if (info.isDirectory() && /\.txt$/i.test(f) && !looksLikeConstraintText(read.text)) continue;
      inputs.push({
        text: read.text,
        name,
        path: f,
        fileName: f,
        bom: read.bom,
        ...(read.invalidUtf8 ? { invalidUtf8: read.invalidUtf8 } : {}),
      });
    }
    if (info.isDirectory() && inputs.length === before) {
      unmatched(arg, "a directory without *.json, *.yaml, *.yml or constraint *.txt files");
    }
  }
  return inputs;
}

async function readAgents(spec: string | undefined, io: CliIO): Promise<readonly Agent[] | undefined> {
  if (spec === undefined) return undefined;
  const input = await readInput(spec, io, "inventory");
  const cluster = withInput(input.name, () => loadInventory(input.text, input.path ?? input.name));
  if (hasErrors(cluster.diagnostics) && cluster.agents.length === 0) {
    io.stderr(
      `${formatDiagnostics(input.text, cluster.diagnostics, { fileName: input.name, color: false })}\n`,
    );
    throw new CliError(`cannot read the inventory ${input.name}: see the errors above`);
  }
  return cluster.agents;
}

/** Writes the fixed text back, or says on stderr why it cannot; true when the file was written. */
async function writeFixed(input: Input, text: string, io: CliIO): Promise<boolean> {
  const bad = input.invalidUtf8;
  if (bad !== undefined) {
    io.stderr(
      `marathon-constraints lint: cannot fix ${input.name}: it is not UTF-8 (line ${bad.line}, byte ${bad.column} of the line), ` +
        "and a rewrite would change bytes outside the fixes; nothing was written\n",
    );
    return false;
  }
  try {
    await writeFileSafely(input.path!, input.bom ? `\ufeff${text}` : text, { name: input.name });
    return true;
  } catch (e) {
    if (!(e instanceof CliError)) throw e;
    io.stderr(`marathon-constraints lint: ${e.message}\n`);
    return false;
  }
}

/** Applies safe fixes until the text stops changing (at most MAX_FIX_PASSES passes). */
function fixUntilStable(
  input: Input,
  options: LintOptions,
): { text: string; result: LintResult; applied: number } {
  let text = input.text;
  const doc = (t: string) => (input.fileName ? { text: t, fileName: input.fileName } : { text: t });
  let result = lint(doc(text), options);
  let applied = 0;
  for (let pass = 0; pass < MAX_FIX_PASSES && result.fixableCount > 0; pass++) {
    const next = applyFixes(text, result.diagnostics);
    if (next.text === text) break;
    text = next.text;
    applied += next.applied;
    result = lint(doc(text), options);
  }
  return { text, result, applied };
}

function parseRuleFlags(flags: readonly string[]): Record<string, RuleSetting> {
  const rules: Record<string, RuleSetting> = {};
  for (const flag of flags) {
    const eq = flag.lastIndexOf("=");
    if (eq <= 0) throw new UsageError(`--rule wants ID=LEVEL (e.g. regex/like-literal=off), not "${flag}"`);
    rules[flag.slice(0, eq)] = checkRule(flag.slice(0, eq), flag.slice(eq + 1), "--rule");
  }
  return rules;
}

function parseMaxWarnings(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new UsageError(`--max-warnings wants a whole number, not "${value}"`);
  return Number(value);
}

/**
 * The lint command: reports problems in constraint files; exit 0 clean, 1 errors, 2 usage/unreadable.
 * @example await lintCommand(["--text", '[["hostname","unique"]]'], io) // 1
 */
export const lintCommand: Command = async (argv, io) => {
  const { values, positionals } = parseCliArgs(argv, {
    text: { type: "string" },
    format: { type: "string" },
    fix: { type: "boolean" },
    "fix-dry-run": { type: "boolean" },
    rule: { type: "string", multiple: true },
    dialect: { type: "string" },
    inventory: { type: "string" },
    "max-warnings": { type: "string" },
    config: { type: "string" },
    "no-error-on-unmatched-pattern": { type: "boolean" },
    "list-rules": { type: "boolean" },
    ...HTTP_OPTIONS,
    help: { type: "boolean", short: "h" },
  });
  useHttpOptions(io, values);
  if (values.help) {
    io.stdout(HELP);
    return 0;
  }
  if (values["list-rules"]) {
    io.stdout(formatRuleList(RULE_INFO, choice("format", values.format, ["text", "json"] as const, "text")));
    return 0;
  }
  const format = choice("format", values.format, ["text", "json", "sarif", "github"] as const, "text");
  const maxWarnings = parseMaxWarnings(values["max-warnings"]);
  const flagRules = parseRuleFlags(values.rule ?? []);
  const flagDialect = dialectOption(values.dialect);
  if (values.fix && values["fix-dry-run"]) throw new UsageError("give --fix or --fix-dry-run, not both");
  const config = await readConfig(io, values.config);
  const agents = await readAgents(values.inventory, io);
  const inputs = await readInputs(
    positionals,
    values.text,
    io,
    values["no-error-on-unmatched-pattern"] !== true,
  );
  if (values.fix && inputs.some((i) => i.path === undefined)) {
    throw new UsageError("--fix rewrites files; for standard input or --text use --fix-dry-run");
  }
  const dialect = flagDialect ?? config.dialect;
  const options: LintOptions = {
    rules: { ...config.rules, ...flagRules },
    ...(dialect ? { dialect } : {}),
    ...(agents ? { agents } : {}),
  };

  const reports: LintReport[] = [];
  const diffs: string[] = [];
  let failedFiles = 0;
  for (const input of inputs) {
    // lint() is written to survive any input; should a file still be too deep or too large for the
    // stack, withInput names it, and the other files are still checked (the run then exits 2).
    try {
      const doc = input.fileName ? { text: input.text, fileName: input.fileName } : { text: input.text };
      if (values.fix || values["fix-dry-run"]) {
        const fixed = withInput(input.name, () => fixUntilStable(input, options));
        if (values.fix && fixed.text !== input.text && !(await writeFixed(input, fixed.text, io))) {
          // The file keeps its problems: report them as they are on disk.
          failedFiles++;
          reports.push({
            result: { ...withInput(input.name, () => lint(doc, options)), filePath: input.name },
            text: input.text,
            ...(input.path ? { path: input.path } : {}),
          });
          continue;
        }
        if (values["fix-dry-run"]) diffs.push(formatUnifiedDiff(input.name, input.text, fixed.text));
        reports.push({
          result: { ...fixed.result, filePath: input.name },
          text: fixed.text,
          ...(input.path ? { path: input.path } : {}),
          fixed: fixed.text !== input.text,
          ...(values.fix && fixed.text !== input.text ? { fixes: fixed.applied } : {}),
        });
      } else {
        const result = { ...withInput(input.name, () => lint(doc, options)), filePath: input.name };
        reports.push({ result, text: input.text, ...(input.path ? { path: input.path } : {}) });
      }
    } catch (e) {
      if (!(e instanceof CliError)) throw e;
      io.stderr(`marathon-constraints lint: ${e.message}\n`);
      failedFiles++;
    }
  }

  if (values["fix-dry-run"]) {
    io.stdout(diffs.join(""));
  } else if (format === "json") io.stdout(formatJson(reports));
  else if (format === "sarif") io.stdout(formatSarif(reports, { cwd: io.cwd }));
  else if (format === "github") io.stdout(formatGithub(reports));
  else io.stdout(formatText(reports, { color: useColor(io) }));

  if (failedFiles > 0) return 2;
  const errors = reports.reduce((n, r) => n + r.result.errorCount, 0);
  const warnings = reports.reduce((n, r) => n + r.result.warningCount, 0);
  if (errors > 0) return 1;
  if (maxWarnings !== undefined && warnings > maxWarnings) {
    io.stderr(`marathon-constraints lint: ${warnings} warnings, more than --max-warnings ${maxWarnings}\n`);
    return 1;
  }
  return 0;
};
