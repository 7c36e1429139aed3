// `marathon-constraints eval`: JSON requests in, one JSON verdict per line out, in order, each answered
// as soon as its line arrives (a co-process). A bad line gets an error result and never stops the stream;
// memory stays bounded (lines are capped, memos too). Well-formed requests take eval-fast.ts's path;
// this file answers the rest, with every problem located in the line.
import type { Agent } from "../agents/agent.js";
import { agentFromInput } from "../agents/agent-input.js";
import type { JsonPath, Locate } from "../agents/report.js";
import { DIALECTS, type Dialect } from "../ast.js";
import type { Diagnostic } from "../diagnostics.js";
import { safeCompile } from "../eval/index.js";
import { type JsonNode, parseJson } from "../syntax/json.js";
import { sourceSpan } from "../syntax/source-string.js";
import { dialectOption, parseCliArgs } from "./args.js";
import { EvalMemos, fastAnswer } from "./eval-fast.js";
import { openInput } from "./input.js";
import { type Command, UsageError } from "./io.js";

const HELP = `Usage: marathon-constraints eval [options] [file | -]

Reads evaluation requests, one JSON object per line (blank lines are skipped), from a
file or standard input (the default), and writes one JSON result per line in the same
order. Each line is answered as soon as it is read, so eval can run as a co-process:
write a line, read its answer, repeat. A line longer than 16 MiB gets an error answer
(limit_exceeded) and the stream goes on.

Request: {"dialect"?: "marathon" | "marathon-1.11" | "dcos-sdk",
          "constraints": "<text in any form>" or an array,
          "agent": {"hostname": "a1", "region"?: .., "zone"?: ..,
                    "attributes": [{"name": "rack", "text": "r1"}, {"name": "level", "scalar": 2}]
                                  or {"rack": "r1", "level": 2} or "rack:r1;level:2"},
          "placed"?: [<agent>, ...], "instances"?: <number>}
Result:  {"accepted": true|false, "verdicts": [{"constraint", "accepted", "kind", "reason", ...}]}
         or {"error": {"diagnostics": [{"line", "column", "code", "message", ...}]}}
Invalid constraints are an error here, also for dcos-sdk (where the scheduler itself
would refuse every agent). "instances" is the app's instance count: marathon-1.11
GROUP_BY spreads that many instances over its groups.

Options:
  --dialect D      dialect for requests that name none: marathon (default, 1.10),
                   marathon-1.11, dcos-sdk
  -h, --help       show this help

Exit codes: 0 every line answered, 1 some line had an error, 2 usage or unreadable input.
Example:
  echo '{"constraints":"hostname:UNIQUE","agent":{"hostname":"a"},"placed":[{"hostname":"a"}]}' |
    marathon-constraints eval --dialect dcos-sdk
`;

const INT_MAX = 2147483647;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** The node at `path` in a parsed JSON tree, or undefined. */
function nodeAt(root: JsonNode | undefined, path: JsonPath): JsonNode | undefined {
  let node = root;
  for (const step of path) {
    if (node === undefined) return undefined;
    if (node.kind === "array" && typeof step === "number") node = node.elements[step];
    else if (node.kind === "object") {
      node = node.members.find((m) => m.key.kind === "string" && m.key.value === step)?.value;
    } else return undefined;
  }
  return node;
}

/** A request line's diagnostics located in that line: spans, 1-based columns and the line number. */
function located(d: Diagnostic, lineNo: number) {
  return { line: lineNo, column: d.span.start + 1, endColumn: d.span.end + 1, ...d };
}

/** A request's result, as an object (an error answer when not ok). */
interface Answer {
  readonly ok: boolean;
  readonly out: unknown;
}

/** A result written as its JSON line (without the newline). */
interface AnswerLine {
  readonly ok: boolean;
  readonly text: string;
}

const asLine = ({ ok, out }: Answer): AnswerLine => ({ ok, text: JSON.stringify(out) });

/**
 * One request line to one result object, the slow way: the whole line parsed, every problem collected
 * and located by re-reading the line with positions. (Exported for the test that holds the fast path
 * to it.)
 */
export function answer(line: string, lineNo: number, fallback: Dialect): Answer {
  const fail = (diagnostics: readonly Diagnostic[]): Answer => ({
    ok: false,
    out: { error: { diagnostics: diagnostics.map((d) => located(d, lineNo)) } },
  });
  let request: unknown;
  try {
    request = JSON.parse(line);
  } catch (e) {
    const errors = parseJson(line).diagnostics.filter((d) => d.severity === "error");
    const whole = { start: 0, end: line.length };
    const message = `not a JSON request: ${(e as Error).message}`;
    return fail(
      errors.length > 0 ? errors : [{ severity: "error", code: "json_syntax", message, span: whole }],
    );
  }
  // Positions are only needed for errors, so the line is re-read with spans lazily.
  let tree: JsonNode | undefined | null = null;
  const locate: Locate = (path) => {
    if (tree === null) tree = parseJson(line).value;
    return nodeAt(tree, path)?.span;
  };
  const problems: Diagnostic[] = [];
  const problem = (path: JsonPath, message: string) =>
    problems.push({
      severity: "error",
      code: "invalid_request",
      message,
      span: locate(path) ?? { start: 0, end: 0 },
    });
  if (!isObject(request)) {
    problem([], "a request is a JSON object");
    return fail(problems);
  }
  let dialect = fallback;
  if (request.dialect !== undefined) {
    if (typeof request.dialect === "string" && (DIALECTS as readonly string[]).includes(request.dialect)) {
      dialect = request.dialect as Dialect;
    } else problem(["dialect"], `dialect must be one of ${DIALECTS.join(", ")}`);
  }
  const c = request.constraints;
  let text: string | undefined;
  if (typeof c === "string") text = c;
  else if (Array.isArray(c) || isObject(c)) text = JSON.stringify(c);
  else problem(["constraints"], "constraints must be text or an array");
  const readAgent = (value: unknown, path: JsonPath): Agent | undefined => {
    const r = agentFromInput(value, path);
    if (r.ok) return r.agent;
    // Read again with positions: the first pass skipped them to keep the happy path cheap.
    problems.push(...agentFromInput(value, path, locate).diagnostics.filter((d) => d.severity === "error"));
    return undefined;
  };
  const agent = readAgent(request.agent, ["agent"]);
  const placed: Agent[] = [];
  const rawPlaced: unknown = request.placed ?? [];
  if (!Array.isArray(rawPlaced)) problem(["placed"], "placed must be an array of agents");
  else {
    rawPlaced.forEach((value: unknown, i) => {
      const a = readAgent(value, ["placed", i]);
      if (a) placed.push(a);
    });
  }
  const n = request.instances;
  if (n !== undefined && !(typeof n === "number" && Number.isInteger(n) && n >= 0 && n <= INT_MAX)) {
    problem(["instances"], `instances must be a whole number from 0 to ${INT_MAX}`);
  }
  if (problems.length > 0 || text === undefined || agent === undefined) return fail(problems);
  const compiled = safeCompile(text, { dialect });
  if (!compiled.ok || compiled.matcher === undefined) {
    const errors = compiled.diagnostics.filter((d) => d.severity === "error");
    const node = nodeAt(parseJson(line).value, ["constraints"]);
    if (node?.kind === "string")
      return fail(errors.map((d) => ({ ...d, span: sourceSpan(node.text, d.span) })));
    if (node === undefined) return fail(errors);
    // Recompile the constraints as written in the line, so their spans fall inside it.
    const raw = safeCompile(line.slice(node.span.start, node.span.end), { dialect });
    const shift = (d: Diagnostic) => ({
      ...d,
      span: { start: d.span.start + node.span.start, end: d.span.end + node.span.start },
    });
    return fail(raw.diagnostics.filter((d) => d.severity === "error").map(shift));
  }
  const matcher = compiled.matcher;
  const state = matcher.createState(typeof n === "number" ? { placed, instances: n } : { placed });
  return {
    ok: true,
    out: { accepted: matcher.accepts(agent, state), verdicts: matcher.explain(agent, state) },
  };
}

/** The longest request line read (in UTF-16 code units); longer lines get a limit_exceeded answer. */
export const MAX_LINE_LENGTH = 16 * 1024 * 1024;

/** Consecutive complete lines from line number `first`; null for a line that was too long (dropped). */
export interface LineBatch {
  readonly first: number;
  readonly lines: readonly (string | null)[];
}

/**
 * Splits a byte stream into lines, one batch per chunk read, so that a co-process's single line is
 * answered at once and a file's many lines are answered (and written) together. A UTF-8 BOM at the
 * start of the stream is dropped. Holds at most one partial line, capped at `maxLine`.
 */
export async function* lineBatches(
  chunks: AsyncIterable<Uint8Array>,
  maxLine = MAX_LINE_LENGTH,
): AsyncGenerator<LineBatch> {
  const decoder = new TextDecoder("utf-8");
  let partial: string[] = [];
  let partialLength = 0;
  let overlong = false;
  let lineNo = 1;
  const finish = (rest: string, lines: (string | null)[]) => {
    if (overlong || partialLength + rest.length > maxLine) lines.push(null);
    else {
      let line = partial.length === 0 ? rest : partial.join("") + rest;
      if (line.endsWith("\r")) line = line.slice(0, -1);
      lines.push(line);
    }
    partial = [];
    partialLength = 0;
    overlong = false;
    lineNo++;
  };
  const take = (text: string, atEnd: boolean): LineBatch | undefined => {
    const first = lineNo;
    const lines: (string | null)[] = [];
    let start = 0;
    for (let nl = text.indexOf("\n"); nl >= 0; nl = text.indexOf("\n", start)) {
      finish(text.slice(start, nl), lines);
      start = nl + 1;
    }
    const rest = start === 0 ? text : text.slice(start);
    if (atEnd) {
      if (rest.length > 0 || partialLength > 0 || overlong) finish(rest, lines);
    } else if (rest.length > 0 && !overlong) {
      if (partialLength + rest.length > maxLine) {
        // Drop what is held: the rest of this line is skipped up to its newline.
        overlong = true;
        partial = [];
        partialLength = 0;
      } else {
        partial.push(rest);
        partialLength += rest.length;
      }
    }
    return lines.length > 0 ? { first, lines } : undefined;
  };
  for await (const chunk of chunks) {
    const batch = take(decoder.decode(chunk, { stream: true }), false);
    if (batch) yield batch;
  }
  const last = take(decoder.decode(), true);
  if (last) yield last;
}

/** `marathon-constraints eval [options] [file | -]`. */
export const evalCommand: Command = async (argv, io) => {
  const { values, positionals } = parseCliArgs(argv, {
    dialect: { type: "string" },
    help: { type: "boolean", short: "h" },
  });
  if (values.help) {
    io.stdout(HELP);
    return 0;
  }
  if (positionals.length > 1) throw new UsageError("give at most one input file (or - for standard input)");
  const dialect = dialectOption(values.dialect) ?? "marathon";
  const input = await openInput(positionals[0] ?? "-", io, "requests");
  const memos = new EvalMemos();
  let failed = false;
  for await (const batch of lineBatches(input.chunks)) {
    // One write per batch: per line for a co-process, per chunk when the input was already there.
    let out = "";
    let lineNo = batch.first;
    for (const line of batch.lines) {
      if (line === null || line.trim() !== "") {
        const answered = line === null ? tooLongAnswer(lineNo) : safeAnswer(line, lineNo, dialect, memos);
        if (!answered.ok) failed = true;
        out += `${answered.text}\n`;
      }
      lineNo++;
    }
    if (out !== "") io.stdout(out);
    // Nobody reads the answers any more: stop reading requests.
    if (io.stdoutClosed()) break;
  }
  return failed ? 1 : 0;
};

function tooLongAnswer(lineNo: number): AnswerLine {
  const diagnostic: Diagnostic = {
    severity: "error",
    code: "limit_exceeded",
    message: `request line ${lineNo} is longer than ${MAX_LINE_LENGTH / 1024 / 1024} MiB; it was skipped`,
    span: { start: 0, end: 0 },
  };
  return asLine({ ok: false, out: { error: { diagnostics: [located(diagnostic, lineNo)] } } });
}

/**
 * The fast path's answer line, else answer(); input too deep or too large for the stack becomes an
 * error answer.
 */
function safeAnswer(line: string, lineNo: number, dialect: Dialect, memos: EvalMemos): AnswerLine {
  memos.tick();
  try {
    const fast = fastAnswer(line, dialect, memos);
    if (fast !== undefined) return { ok: true, text: fast };
    return asLine(answer(line, lineNo, dialect));
  } catch (e) {
    const tooDeep = e instanceof RangeError;
    const diagnostic: Diagnostic = {
      severity: "error",
      code: tooDeep ? "limit_exceeded" : "invalid_request",
      message: tooDeep
        ? `the request is nested too deeply or is too large to evaluate (${e.message})`
        : `the request could not be evaluated: ${(e as Error)?.message ?? String(e)} (a bug in marathon-constraints: please report it)`,
      span: { start: 0, end: line.length },
    };
    return asLine({ ok: false, out: { error: { diagnostics: [located(diagnostic, lineNo)] } } });
  }
}
