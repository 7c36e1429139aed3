// The eval command's fast path and what it remembers between requests. A request line is read as raw
// top-level members (no JSON.parse of the whole line); compiled matchers, agents, placed lists and
// placement states are memoised by their raw JSON text. It answers only requests it can answer in full:
// anything unusual or wrong returns undefined, and eval.ts's slow path answers with positions.
import type { Agent } from "../agents/agent.js";
import { agentFromInput } from "../agents/agent-input.js";
import { DIALECTS, type Dialect } from "../ast.js";
import { type Matcher, type PlacementState, type SafeCompileResult, safeCompile } from "../eval/index.js";

const INT_MAX = 2147483647;

/**
 * A bounded memo in two generations: a hit in the old generation moves to the young one; when the young
 * one is full it becomes the old one (dropping the previous old). Recently used entries survive, and a
 * hit costs one or two lookups with no reordering.
 */
export class Memo<V> {
  #young = new Map<string, V>();
  #old = new Map<string, V>();
  constructor(readonly capacity: number) {}

  get(key: string): V | undefined {
    const young = this.#young.get(key);
    if (young !== undefined) return young;
    const old = this.#old.get(key);
    if (old !== undefined) this.set(key, old);
    return old;
  }

  set(key: string, value: V): void {
    if (this.#young.size >= this.capacity) {
      this.#old = this.#young;
      this.#young = new Map();
    }
    this.#young.set(key, value);
  }
}

/** A compile result, with the placement states built for its matcher (by instances and placed list). */
interface Compiled {
  readonly result: SafeCompileResult<Matcher>;
  readonly states: Memo<PlacementState>;
}

/**
 * What eval reuses between requests, every memo bounded. Everything is dropped every RESET_AFTER
 * requests: a matcher interns every value it sees, so a long stream of new agents would otherwise grow
 * it without end (memory stays bounded whatever the length of the stream).
 */
export class EvalMemos {
  static readonly RESET_AFTER = 50_000;
  /** Per dialect, so a key is the raw text itself (no concatenated key to hash on every request). */
  #compiled = new Map<Dialect, Memo<Compiled>>();
  #agents = new Memo<Agent>(4096);
  #placed = new Memo<readonly Agent[]>(1024);
  #requests = 0;

  /** Counts a request; drops every memo when the budget is spent. */
  tick(): void {
    if (++this.#requests < EvalMemos.RESET_AFTER) return;
    this.#requests = 0;
    this.#compiled = new Map();
    this.#agents = new Memo(4096);
    this.#placed = new Memo(1024);
  }

  /** Constraints as written in the request (a JSON string or array), compiled once per dialect. */
  compiled(dialect: Dialect, raw: string): Compiled | undefined {
    let memo = this.#compiled.get(dialect);
    if (memo === undefined) {
      memo = new Memo(64);
      this.#compiled.set(dialect, memo);
    }
    let hit = memo.get(raw);
    if (hit === undefined) {
      const value: unknown = JSON.parse(raw);
      let text: string;
      if (typeof value === "string") text = value;
      else if (typeof value === "object" && value !== null) text = JSON.stringify(value);
      else return undefined;
      hit = { result: safeCompile(text, { dialect }), states: new Memo(256) };
      memo.set(raw, hit);
    }
    return hit;
  }

  /** An agent as written in the request, read once. */
  agent(raw: string): Agent | undefined {
    let hit = this.#agents.get(raw);
    if (hit === undefined) {
      const read = agentFromInput(JSON.parse(raw));
      if (!read.ok || read.agent === undefined) return undefined;
      hit = read.agent;
      this.#agents.set(raw, hit);
    }
    return hit;
  }

  /** A placed list as written in the request, read once. */
  placed(raw: string): readonly Agent[] | undefined {
    let hit = this.#placed.get(raw);
    if (hit === undefined) {
      const value: unknown = JSON.parse(raw);
      if (!Array.isArray(value)) return undefined;
      const list: Agent[] = [];
      for (const item of value) {
        const read = agentFromInput(item);
        if (!read.ok || read.agent === undefined) return undefined;
        list.push(read.agent);
      }
      hit = list;
      this.#placed.set(raw, hit);
    }
    return hit;
  }
}

/** The result of a request answered in full. */
export interface Verdicts {
  readonly accepted: boolean;
  readonly verdicts: unknown;
}

const KNOWN = new Set(["dialect", "constraints", "agent", "placed", "instances"]);

/**
 * Answers a well-formed request from its raw members, or returns undefined for the slow path (a line
 * that is not one JSON object, an invalid field, constraints that do not compile, ...).
 */
export function fastAnswer(line: string, fallback: Dialect, memos: EvalMemos): Verdicts | undefined {
  const m = rawMembers(line);
  if (m === undefined) return undefined;
  try {
    for (const key of m.keys()) if (!KNOWN.has(key)) JSON.parse(m.get(key)!);
    let dialect = fallback;
    const rawDialect = m.get("dialect");
    if (rawDialect !== undefined) {
      const d: unknown = JSON.parse(rawDialect);
      if (typeof d !== "string" || !(DIALECTS as readonly string[]).includes(d)) return undefined;
      dialect = d as Dialect;
    }
    let instances: number | undefined;
    const rawInstances = m.get("instances");
    if (rawInstances !== undefined) {
      const n: unknown = JSON.parse(rawInstances);
      if (!(typeof n === "number" && Number.isInteger(n) && n >= 0 && n <= INT_MAX)) return undefined;
      instances = n;
    }
    const rawConstraints = m.get("constraints");
    const rawAgent = m.get("agent");
    if (rawConstraints === undefined || rawAgent === undefined) return undefined;
    const compiled = memos.compiled(dialect, rawConstraints);
    const matcher = compiled?.result.matcher;
    if (compiled === undefined || !compiled.result.ok || matcher === undefined) return undefined;
    const agent = memos.agent(rawAgent);
    if (agent === undefined) return undefined;
    let rawPlaced = m.get("placed") ?? "[]";
    if (rawPlaced === "null") rawPlaced = "[]";
    const placed = rawPlaced === "[]" ? [] : memos.placed(rawPlaced);
    if (placed === undefined) return undefined;
    const key = instances === undefined ? rawPlaced : `${instances}\u0000${rawPlaced}`;
    let state = compiled.states.get(key);
    if (state === undefined) {
      state = matcher.createState(instances === undefined ? { placed } : { placed, instances });
      compiled.states.set(key, state);
    }
    return { accepted: matcher.accepts(agent, state), verdicts: matcher.explain(agent, state) };
  } catch {
    // Malformed JSON inside a member: the slow path says where.
    return undefined;
  }
}

const isSpace = (c: number) => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;

function skipSpace(s: string, i: number): number {
  while (i < s.length && isSpace(s.charCodeAt(i))) i++;
  return i;
}

/** The end of the string literal starting at `i` (a quote), or -1. indexOf jumps: most text is in strings. */
function skipString(s: string, i: number): number {
  let from = i + 1;
  for (;;) {
    const q = s.indexOf('"', from);
    if (q < 0) return -1;
    let backslashes = 0;
    while (s.charCodeAt(q - 1 - backslashes) === 0x5c) backslashes++;
    if (backslashes % 2 === 0) return q + 1;
    from = q + 1;
  }
}

/** The end of the JSON value starting at `i`, found without recursion; -1 when it is not one. */
function skipValue(s: string, i: number): number {
  const c = s.charCodeAt(i);
  if (c === 0x22) return skipString(s, i);
  if (c !== 0x7b && c !== 0x5b) {
    let j = i;
    while (j < s.length) {
      const d = s.charCodeAt(j);
      if (d === 0x2c || d === 0x7d || d === 0x5d || isSpace(d)) break;
      j++;
    }
    return j > i ? j : -1;
  }
  let depth = 0;
  for (let j = i; j < s.length; j++) {
    const d = s.charCodeAt(j);
    if (d === 0x22) {
      j = skipString(s, j) - 1;
      if (j < 0) return -1;
    } else if (d === 0x7b || d === 0x5b) depth++;
    else if (d === 0x7d || d === 0x5d) {
      depth--;
      if (depth === 0) return j + 1;
    }
  }
  return -1;
}

/**
 * A line's top-level members as raw JSON text, when the line is one JSON object (the last of duplicate
 * keys wins, as in JSON.parse). Only the object's own punctuation is checked here: a member's text is
 * validated by JSON.parse when it is first used (or it equals text that was).
 */
export function rawMembers(line: string): Map<string, string> | undefined {
  const out = new Map<string, string>();
  let i = skipSpace(line, 0);
  if (line.charCodeAt(i) !== 0x7b) return undefined;
  i = skipSpace(line, i + 1);
  if (line.charCodeAt(i) === 0x7d) return skipSpace(line, i + 1) === line.length ? out : undefined;
  for (;;) {
    if (line.charCodeAt(i) !== 0x22) return undefined;
    const keyEnd = skipString(line, i);
    if (keyEnd < 0) return undefined;
    let key = line.slice(i + 1, keyEnd - 1);
    // A raw control character is not JSON: leave the line to the slow path, which says so.
    if (/[\u0000-\u001f]/.test(key)) return undefined;
    if (key.includes("\\")) {
      try {
        key = JSON.parse(line.slice(i, keyEnd)) as string;
      } catch {
        return undefined;
      }
    }
    i = skipSpace(line, keyEnd);
    if (line.charCodeAt(i) !== 0x3a) return undefined;
    i = skipSpace(line, i + 1);
    const end = skipValue(line, i);
    if (end < 0) return undefined;
    out.set(key, line.slice(i, end));
    i = skipSpace(line, end);
    const c = line.charCodeAt(i);
    if (c === 0x2c) i = skipSpace(line, i + 1);
    else if (c === 0x7d) return skipSpace(line, i + 1) === line.length ? out : undefined;
    else return undefined;
  }
}
