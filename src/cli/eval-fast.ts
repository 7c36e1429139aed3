// The eval command's fast path and what it remembers between requests. A request line is read as raw
// top-level members (no JSON.parse of the whole line); compiled matchers, agents, placed lists and
// placement states are memoised by their raw JSON text, answer lines by state and agent. It answers only
// requests it can answer in full: anything unusual or wrong returns undefined, and eval.ts's slow path
// answers with positions.
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
export class Memo<K, V> {
  #young = new Map<K, V>();
  #old = new Map<K, V>();
  constructor(readonly capacity: number) {}

  get(key: K): V | undefined {
    const young = this.#young.get(key);
    if (young !== undefined) return young;
    const old = this.#old.get(key);
    if (old !== undefined) this.set(key, old);
    return old;
  }

  set(key: K, value: V): void {
    if (this.#young.size >= this.capacity) {
      this.#old = this.#young;
      this.#young = new Map();
    }
    this.#young.set(key, value);
  }
}

/** A placement state, numbered for the answer memo's keys. */
interface State {
  readonly state: PlacementState;
  readonly id: number;
}

/** A compile result, with the placement states built for its matcher (by instances and placed list). */
interface Compiled {
  readonly result: SafeCompileResult<Matcher>;
  readonly states: Memo<string, State>;
}

/** An agent as read from a request, numbered for the answer memo's keys. */
interface ReadAgent {
  readonly agent: Agent;
  readonly id: number;
  /** Whether a request gave this agent before: only then can its answers come again. */
  repeated: boolean;
}

/**
 * Keys of the answer memo: a state's number times this, plus an agent's number. Numbers count up from
 * 0 and restart at every reset; a request numbers at most one state and one agent, so every number
 * stays below 2 x RESET_AFTER, which is below ID_SPAN, and keys never collide.
 */
const ID_SPAN = 1 << 20;

/**
 * What eval reuses between requests, every memo bounded. Everything is dropped every RESET_AFTER
 * requests: a matcher interns every value it sees, so a long stream of new agents would otherwise grow
 * it without end (memory stays bounded whatever the length of the stream).
 */
export class EvalMemos {
  static readonly RESET_AFTER = 50_000;
  /** Answers longer than this are not kept (the memo holds at most 2 x 4096 of them). */
  static readonly MAX_KEPT_ANSWER = 2048;
  /** Per dialect, so a key is the raw text itself (no concatenated key to hash on every request). */
  #compiled = new Map<Dialect, Memo<string, Compiled>>();
  #agents = new Memo<string, ReadAgent>(4096);
  #placed = new Memo<string, readonly Agent[]>(1024);
  /** Answer lines by state and agent number: the same question asked again is not re-explained. */
  #answers = new Memo<number, string>(4096);
  #ids = 0;
  #requests = 0;

  /** Counts a request; drops every memo when the budget is spent. */
  tick(): void {
    if (++this.#requests < EvalMemos.RESET_AFTER) return;
    this.#requests = 0;
    this.#compiled = new Map();
    this.#agents = new Memo(4096);
    this.#placed = new Memo(1024);
    this.#answers = new Memo(4096);
    this.#ids = 0;
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

  /**
   * The placement state of a compiled matcher with the agents of a raw placed list placed (`[]` for
   * none), built once; undefined when the list is not a list of agents. The placed list is read only
   * when the state is built.
   */
  state(compiled: Compiled, rawPlaced: string, instances?: number): State | undefined {
    const key = instances === undefined ? rawPlaced : `${instances}\u0000${rawPlaced}`;
    let hit = compiled.states.get(key);
    if (hit === undefined) {
      const placed = rawPlaced === "[]" ? [] : this.placed(rawPlaced);
      if (placed === undefined) return undefined;
      const matcher = compiled.result.matcher!;
      const options = instances === undefined ? { placed } : { placed, instances };
      hit = { state: matcher.createState(options), id: this.#ids++ };
      compiled.states.set(key, hit);
    }
    return hit;
  }

  /** An agent as written in the request, read once. */
  agent(raw: string): ReadAgent | undefined {
    let hit = this.#agents.get(raw);
    if (hit === undefined) {
      const read = agentFromInput(JSON.parse(raw));
      if (!read.ok || read.agent === undefined) return undefined;
      hit = { agent: read.agent, id: this.#ids++, repeated: false };
      this.#agents.set(raw, hit);
    } else hit.repeated = true;
    return hit;
  }

  /** A placed list as written in the request, read once (states of other constraints share it). */
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

  /**
   * The answer line for an agent in a state: from the memo, else computed, and kept when it is short
   * and the agent came before (a stream of new agents would only fill the memo, and the collector).
   */
  answer(matcher: Matcher, state: State, agent: ReadAgent): string {
    const key = state.id * ID_SPAN + agent.id;
    let hit = agent.repeated ? this.#answers.get(key) : undefined;
    if (hit === undefined) {
      hit = JSON.stringify({
        accepted: matcher.accepts(agent.agent, state.state),
        verdicts: matcher.explain(agent.agent, state.state),
      });
      if (agent.repeated && hit.length <= EvalMemos.MAX_KEPT_ANSWER) this.#answers.set(key, hit);
    }
    return hit;
  }
}

/** The members a request may have, as raw JSON text; any other member's texts are in `others`. */
class RequestMembers implements MemberSink {
  dialect: string | undefined;
  constraints: string | undefined;
  agent: string | undefined;
  placed: string | undefined;
  instances: string | undefined;
  /** Texts to validate only: unknown members, and known ones a later duplicate replaced. */
  others: string[] | undefined;

  member(key: string, text: string): void {
    let replaced: string | undefined;
    switch (key) {
      case "dialect":
        replaced = this.dialect;
        this.dialect = text;
        break;
      case "constraints":
        replaced = this.constraints;
        this.constraints = text;
        break;
      case "agent":
        replaced = this.agent;
        this.agent = text;
        break;
      case "placed":
        replaced = this.placed;
        this.placed = text;
        break;
      case "instances":
        replaced = this.instances;
        this.instances = text;
        break;
      default:
        replaced = text;
    }
    // JSON.parse of the whole line would reject a malformed member even where a duplicate replaces it.
    if (replaced === undefined) return;
    if (this.others === undefined) this.others = [replaced];
    else this.others.push(replaced);
  }
}

/** Each dialect's name as a JSON string literal, as requests almost always write it. */
const RAW_DIALECTS = new Map<string, Dialect>(DIALECTS.map((d) => [JSON.stringify(d), d]));

function readDialect(raw: string): Dialect | undefined {
  const known = RAW_DIALECTS.get(raw);
  if (known !== undefined) return known;
  const d: unknown = JSON.parse(raw);
  return typeof d === "string" && (DIALECTS as readonly string[]).includes(d) ? (d as Dialect) : undefined;
}

/**
 * Answers a well-formed request with its answer line (JSON text, no newline), or returns undefined for
 * the slow path (a line that is not one JSON object, an invalid field, constraints that do not
 * compile, ...).
 */
export function fastAnswer(line: string, fallback: Dialect, memos: EvalMemos): string | undefined {
  const m = new RequestMembers();
  if (!scanMembers(line, m)) return undefined;
  try {
    if (m.others !== undefined) for (const text of m.others) JSON.parse(text);
    const dialect = m.dialect === undefined ? fallback : readDialect(m.dialect);
    if (dialect === undefined) return undefined;
    let instances: number | undefined;
    if (m.instances !== undefined) {
      const n: unknown = JSON.parse(m.instances);
      if (!(typeof n === "number" && Number.isInteger(n) && n >= 0 && n <= INT_MAX)) return undefined;
      instances = n;
    }
    if (m.constraints === undefined || m.agent === undefined) return undefined;
    const compiled = memos.compiled(dialect, m.constraints);
    const matcher = compiled?.result.matcher;
    if (compiled === undefined || !compiled.result.ok || matcher === undefined) return undefined;
    const agent = memos.agent(m.agent);
    if (agent === undefined) return undefined;
    const rawPlaced = m.placed === undefined || m.placed === "null" ? "[]" : m.placed;
    const state = memos.state(compiled, rawPlaced, instances);
    if (state === undefined) return undefined;
    return memos.answer(matcher, state, agent);
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

/** Receives a JSON object's members in order, as key and raw value text. */
interface MemberSink {
  member(key: string, text: string): void;
}

/** The keys a request may have: found in the line without slicing them out. */
const KEYS = ["constraints", "agent", "placed", "dialect", "instances"] as const;

/** The key whose text lies between quotes at `start` and `end`, or undefined when it is not JSON. */
function keyAt(line: string, start: number, end: number): string | undefined {
  const length = end - start;
  for (const known of KEYS) if (known.length === length && line.startsWith(known, start)) return known;
  let key = line.slice(start, end);
  // A raw control character is not JSON: leave the line to the slow path, which says so.
  for (let i = 0; i < key.length; i++) if (key.charCodeAt(i) < 0x20) return undefined;
  if (key.includes("\\")) {
    try {
      key = JSON.parse(line.slice(start - 1, end + 1)) as string;
    } catch {
      return undefined;
    }
  }
  return key;
}

/**
 * Gives a line's top-level members to `sink` as raw JSON text and returns true, when the line is one
 * JSON object; false otherwise (some members may have been given by then). Only the object's own
 * punctuation is checked here: a member's text is validated by JSON.parse when it is first used (or
 * it equals text that was).
 */
function scanMembers(line: string, sink: MemberSink): boolean {
  let i = skipSpace(line, 0);
  if (line.charCodeAt(i) !== 0x7b) return false;
  i = skipSpace(line, i + 1);
  if (line.charCodeAt(i) === 0x7d) return skipSpace(line, i + 1) === line.length;
  for (;;) {
    if (line.charCodeAt(i) !== 0x22) return false;
    const keyEnd = skipString(line, i);
    if (keyEnd < 0) return false;
    const key = keyAt(line, i + 1, keyEnd - 1);
    if (key === undefined) return false;
    i = skipSpace(line, keyEnd);
    if (line.charCodeAt(i) !== 0x3a) return false;
    i = skipSpace(line, i + 1);
    const end = skipValue(line, i);
    if (end < 0) return false;
    sink.member(key, line.slice(i, end));
    i = skipSpace(line, end);
    const c = line.charCodeAt(i);
    if (c === 0x2c) i = skipSpace(line, i + 1);
    else if (c === 0x7d) return skipSpace(line, i + 1) === line.length;
    else return false;
  }
}

/**
 * A line's top-level members as raw JSON text, when the line is one JSON object (the last of duplicate
 * keys wins, as in JSON.parse).
 */
export function rawMembers(line: string): Map<string, string> | undefined {
  const out = new Map<string, string>();
  return scanMembers(line, { member: (key, text) => out.set(key, text) }) ? out : undefined;
}
