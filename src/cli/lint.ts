// `marathon-constraints lint`: finds files, reads config and inventory, runs lint(), prints reports,
// applies fixes atomically. The only lint code that touches files, streams and the process.
import { randomBytes } from "node:crypto";
import { chmod, readdir, readFile, rename, stat, unlink, writeFile } from "node:fs/promises";
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
import { type CliIO, type Command, UsageError } from "./io.js";
import type { LintReport } from "./lint-report.js";
import { formatRuleList } from "./rule-list.js";

const HELP = `Usage: marathon-constraints lint [options] [paths... | - | --text T]

Finds placement constraints in Marathon app, pod and group JSON, DC/OS package
options files (kubernetes.*_placement, etcd.placement, service.constraints), DC/OS
SDK service YAML (pods.<name>.placement) and plain constraint text, and reports
mistakes with their position in your file. Directories are searched for *.json,
*.yaml, *.yml and *.txt (node_modules and dot-directories are skipped).

Options:
  --text T             lint T instead of files
  --format F           text (default), json (ESLint's shape), sarif, github
  --list-rules         list every rule (id, severity, dialects, fix, summary);
                       with --format json, as JSON
  --fix                apply safe fixes in place (atomically), then report what is left
  --fix-dry-run        print the fixes as a unified diff; change nothing
  --rule ID=LEVEL      set a rule to off, info, warning or error (repeatable)
  --dialect D          read every constraint as marathon, marathon-1.11 or dcos-sdk
                       (default: what the file implies; apps marathon, options/YAML dcos-sdk)
  --inventory FILE     agents (Mesos state JSON, inventory YAML/JSON, attribute lines):
                       also check fields, values and capacity against them
  --max-warnings N     exit 1 when there are more than N warnings
  --config FILE        use this config instead of .marathon-constraints.json
                       (searched upward from the current directory)
  -h, --help           show this help

Config (.marathon-constraints.json): { "dialect": "marathon", "rules": { "regex/like-literal": "off" } }
  its JSON Schema: "$schema": "./node_modules/marathon-constraints/config.schema.json"
Exit codes: 0 no errors, 1 errors (or too many warnings), 2 usage or unreadable input.
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
  if (given !== undefined) path = resolve(io.cwd, given);
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
  const text = await readFile(path, "utf8");
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
}

async function collect(dir: string, out: string[]): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    if (e.name.startsWith(".") || e.name === "node_modules") continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) await collect(p, out);
    else if (e.isFile() && EXTENSIONS.test(e.name)) out.push(p);
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
): Promise<Input[]> {
  if (text !== undefined) {
    if (positionals.length > 0) throw new UsageError("give either --text or paths, not both");
    return [{ text, name: "<text>" }];
  }
  if (positionals.length === 0)
    throw new UsageError("missing input: give files or directories, - for standard input, or --text");
  const inputs: Input[] = [];
  for (const arg of positionals) {
    if (arg === "-") {
      inputs.push({ text: await io.readStdin(), name: "<stdin>" });
      continue;
    }
    const abs = resolve(io.cwd, arg);
    const info = await stat(abs);
    const files: string[] = [];
    if (info.isDirectory()) await collect(abs, files);
    else files.push(abs);
    for (const f of files) {
      const rel = relative(io.cwd, f);
      const name = info.isDirectory() ? rel || basename(f) : arg;
      const content = await readFile(f, "utf8");
      // A directory's README.txt or requirements.txt is not constraint text; a named file always is.
      if (info.isDirectory() && /\.txt$/i.test(f) && !looksLikeConstraintText(content)) continue;
      inputs.push({ text: content, name, path: f, fileName: f });
    }
  }
  return inputs;
}

async function readAgents(path: string | undefined, io: CliIO): Promise<readonly Agent[] | undefined> {
  if (path === undefined) return undefined;
  const abs = resolve(io.cwd, path);
  const text = await readFile(abs, "utf8");
  const cluster = loadInventory(text, abs);
  if (hasErrors(cluster.diagnostics) && cluster.agents.length === 0) {
    io.stderr(`${formatDiagnostics(text, cluster.diagnostics, { fileName: path, color: false })}\n`);
    throw new UsageError(`cannot read the inventory ${path}: see the errors above`);
  }
  return cluster.agents;
}

/** Writes `text` to `path` via a temporary file in the same directory and a rename, keeping the mode. */
async function writeAtomically(path: string, text: string): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString("hex")}.tmp`);
  const mode = (await stat(path)).mode & 0o7777;
  try {
    await writeFile(tmp, text, { encoding: "utf8", flag: "wx" });
    await chmod(tmp, mode);
    await rename(tmp, path);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    throw e;
  }
}

/** Applies safe fixes until the text stops changing (at most MAX_FIX_PASSES passes). */
function fixUntilStable(input: Input, options: LintOptions): { text: string; result: LintResult } {
  let text = input.text;
  const doc = (t: string) => (input.fileName ? { text: t, fileName: input.fileName } : { text: t });
  let result = lint(doc(text), options);
  for (let pass = 0; pass < MAX_FIX_PASSES && result.fixableCount > 0; pass++) {
    const next = applyFixes(text, result.diagnostics).text;
    if (next === text) break;
    text = next;
    result = lint(doc(text), options);
  }
  return { text, result };
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

const READ_ERRORS: Readonly<Record<string, string>> = {
  ENOENT: "no such file or directory",
  EACCES: "permission denied",
  EISDIR: "is a directory",
  ENOTDIR: "not a directory",
};

/**
 * The lint command: reports problems in constraint files; exit 0 clean, 1 errors, 2 usage/unreadable.
 * @example await lintCommand(["--text", '[["hostname","unique"]]'], io) // 1
 */
export const lintCommand: Command = async (argv, io) => {
  try {
    return await run(argv, io);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const why = err?.code === undefined ? undefined : READ_ERRORS[err.code];
    if (why === undefined) throw e;
    io.stderr(`marathon-constraints lint: cannot read ${err.path ?? "input"}: ${why}\n`);
    return 2;
  }
};

async function run(argv: readonly string[], io: CliIO): Promise<number> {
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
    "list-rules": { type: "boolean" },
    help: { type: "boolean", short: "h" },
  });
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
  const inputs = await readInputs(positionals, values.text, io);
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
  for (const input of inputs) {
    const doc = input.fileName ? { text: input.text, fileName: input.fileName } : { text: input.text };
    if (values.fix || values["fix-dry-run"]) {
      const fixed = fixUntilStable(input, options);
      if (values.fix && fixed.text !== input.text && input.path)
        await writeAtomically(input.path, fixed.text);
      if (values["fix-dry-run"]) diffs.push(formatUnifiedDiff(input.name, input.text, fixed.text));
      reports.push({
        result: { ...fixed.result, filePath: input.name },
        text: fixed.text,
        ...(input.path ? { path: input.path } : {}),
        fixed: fixed.text !== input.text,
      });
    } else {
      const result = { ...lint(doc, options), filePath: input.name };
      reports.push({ result, text: input.text, ...(input.path ? { path: input.path } : {}) });
    }
  }

  if (values["fix-dry-run"]) {
    io.stdout(diffs.join(""));
  } else if (format === "json") io.stdout(formatJson(reports));
  else if (format === "sarif") io.stdout(formatSarif(reports, { cwd: io.cwd }));
  else if (format === "github") io.stdout(formatGithub(reports));
  else io.stdout(formatText(reports, { color: useColor(io) }));

  const errors = reports.reduce((n, r) => n + r.result.errorCount, 0);
  const warnings = reports.reduce((n, r) => n + r.result.warningCount, 0);
  if (errors > 0) return 1;
  if (maxWarnings !== undefined && warnings > maxWarnings) {
    io.stderr(`marathon-constraints lint: ${warnings} warnings, more than --max-warnings ${maxWarnings}\n`);
    return 1;
  }
  return 0;
}
