// A linear-time matcher: the IR compiled to a Thompson NFA over code points and run as a Pike VM
// (a set of states advanced one input character at a time). Never backtracks, so time is O(states x input).
import { has, type Ranges, tableSet } from "./charset.js";
import { clusterEnds } from "./grapheme.js";
import type { AssertKind, IR } from "./ir.js";

const CHAR = 0;
const SPLIT = 1;
const ASSERT = 2;
const MATCH = 3;
const JUMP = 4;
const GRAPHEME = 5;

/** Largest NFA we build; bigger patterns (huge counted repetitions) are refused. */
export const MAX_NFA_STATES = 20_000;

interface Nfa {
  readonly kind: Uint8Array;
  readonly out1: Int32Array;
  readonly out2: Int32Array;
  readonly sets: (Ranges | undefined)[];
  readonly asserts: (AssertKind | undefined)[];
  readonly start: number;
}

/** Why the IR cannot run on the linear engine, or undefined when it can. */
export function linearUnsupported(ir: IR): string | undefined {
  switch (ir.t) {
    case "backref":
      return "back-references";
    case "look":
      return "look-around";
    case "atomic":
      return "atomic groups";
    case "rep":
      return ir.mode === "possessive" ? "possessive quantifiers" : linearUnsupported(ir.body);
    case "seq":
    case "alt":
      for (const i of ir.items) {
        const why = linearUnsupported(i);
        if (why) return why;
      }
      return undefined;
    case "cap":
      return linearUnsupported(ir.body);
    default:
      return undefined;
  }
}

/** How many states compileNfa would build for `ir` (saturating just past MAX_NFA_STATES), without building them. */
export function nfaSize(ir: IR): number {
  const cap = MAX_NFA_STATES + 1;
  const size = (n: IR): number => {
    switch (n.t) {
      case "seq": {
        let s = 0;
        for (const i of n.items) s = Math.min(cap, s + size(i));
        return s;
      }
      case "alt": {
        if (n.items.length === 0) return 1;
        let s = n.items.length - 1;
        for (const i of n.items) s = Math.min(cap, s + size(i));
        return s;
      }
      case "cap":
      case "atomic":
      case "look":
        return size(n.body);
      case "rep": {
        const b = size(n.body);
        const optional = n.max < 0 ? 1 + b : (n.max - n.min) * (1 + b);
        return Math.min(cap, optional + n.min * b);
      }
      default:
        return 1;
    }
  };
  return Math.min(cap, 1 + size(ir));
}

class Builder {
  kind: number[] = [];
  out1: number[] = [];
  out2: number[] = [];
  sets: (Ranges | undefined)[] = [];
  asserts: (AssertKind | undefined)[] = [];

  add(k: number, set?: Ranges, a?: AssertKind): number {
    if (this.kind.length >= MAX_NFA_STATES) throw new TooBig();
    this.kind.push(k);
    this.out1.push(-1);
    this.out2.push(-1);
    this.sets.push(set);
    this.asserts.push(a);
    return this.kind.length - 1;
  }

  /** Builds `ir` so that it continues to `next`; returns its entry state. */
  build(ir: IR, next: number): number {
    switch (ir.t) {
      case "set": {
        const s = this.add(CHAR, ir.r);
        this.out1[s] = next;
        return s;
      }
      case "seq": {
        let entry = next;
        for (let i = ir.items.length - 1; i >= 0; i--) entry = this.build(ir.items[i]!, entry);
        return entry;
      }
      case "alt": {
        if (ir.items.length === 0) return this.add(JUMP);
        const entries = ir.items.map((item) => this.build(item, next));
        let entry = entries[entries.length - 1]!;
        for (let i = entries.length - 2; i >= 0; i--) {
          const s = this.add(SPLIT);
          this.out1[s] = entries[i]!;
          this.out2[s] = entry;
          entry = s;
        }
        return entry;
      }
      case "cap":
        return this.build(ir.body, next);
      case "assert": {
        const s = this.add(ASSERT, undefined, ir.kind);
        this.out1[s] = next;
        return s;
      }
      case "grapheme": {
        const s = this.add(GRAPHEME);
        this.out1[s] = next;
        return s;
      }
      case "fail":
        return this.add(JUMP);
      case "rep": {
        let entry = next;
        if (ir.max < 0) {
          const loop = this.add(SPLIT);
          this.out1[loop] = this.build(ir.body, loop);
          this.out2[loop] = next;
          entry = loop;
        } else {
          for (let i = ir.max; i > ir.min; i--) {
            const opt = this.add(SPLIT);
            this.out1[opt] = this.build(ir.body, entry);
            this.out2[opt] = next;
            entry = opt;
          }
        }
        for (let i = 0; i < ir.min; i++) entry = this.build(ir.body, entry);
        return entry;
      }
      default:
        throw new Error(`linear engine cannot run ${ir.t}`);
    }
  }
}

class TooBig {}

/** Compiles IR (which must pass linearUnsupported) to an NFA, or undefined when it would exceed MAX_NFA_STATES. */
export function compileNfa(ir: IR): Nfa | undefined {
  const b = new Builder();
  try {
    const match = b.add(MATCH);
    const start = b.build(ir, match);
    return {
      kind: Uint8Array.from(b.kind),
      out1: Int32Array.from(b.out1),
      out2: Int32Array.from(b.out2),
      sets: b.sets,
      asserts: b.asserts,
      start,
    };
  } catch (e) {
    if (e instanceof TooBig) return undefined;
    throw e;
  }
}

const isLT = (c: number | undefined) =>
  c === 0x0a || c === 0x0d || c === 0x85 || c === 0x2028 || c === 0x2029;

let lod: Ranges | undefined;
let mn: Ranges | undefined;
let uw: Ranges | undefined;

const bmp = (c: number) => c < 0xd800 || (c >= 0xe000 && c <= 0xffff);

/**
 * JDK 17's word test, per position of one input: a letter, digit or '_', or a non-spacing mark that follows (over
 * more marks) a letter or digit. Java walks back over the marks in UTF-16 units, so only BMP characters form that
 * chain. The walk is precomputed left to right (`chain[i]`: the walk from i - 1 finds a letter or digit), so a
 * boundary test costs O(1) wherever it is asked (a walk per test would be quadratic on a run of marks).
 */
class WordTest {
  private readonly chain: Uint8Array;

  constructor(private readonly cps: readonly number[]) {
    lod ??= tableSet("prop:javaLetterOrDigit")!;
    mn ??= tableSet("prop:Mn")!;
    const n = cps.length;
    this.chain = new Uint8Array(n + 1);
    for (let i = 1; i <= n; i++) {
      const p = cps[i - 1]!;
      this.chain[i] = !bmp(p) ? 0 : has(lod, p) ? 1 : !has(mn, p) ? 0 : this.chain[i - 1]!;
    }
  }

  /** Whether the character at `i` is a word character (`left`: seen as the character before a boundary). */
  at(i: number, left: boolean): boolean {
    const c = this.cps[i]!;
    if (c === 0x5f || has(lod!, c)) return true;
    if (!has(mn!, c) || (left && !bmp(c))) return false;
    return this.chain[i] === 1;
  }
}

function checkAssert(kind: AssertKind, cps: readonly number[], i: number, words: () => WordTest): boolean {
  const n = cps.length;
  switch (kind) {
    case "start":
      return i === 0;
    case "end":
      return i === n;
    case "dollar":
      if (i === n) return true;
      if (i === n - 2) return cps[i] === 0x0d && cps[i + 1] === 0x0a;
      if (i === n - 1) return isLT(cps[i]) && !(cps[i] === 0x0a && cps[i - 1] === 0x0d);
      return false;
    case "dollarML":
      return i === n || (isLT(cps[i]) && !(cps[i] === 0x0a && cps[i - 1] === 0x0d));
    case "unixDollar":
      return i === n || (i === n - 1 && cps[i] === 0x0a);
    case "unixDollarML":
      return i === n || cps[i] === 0x0a;
    case "caretML":
      return i < n && (i === 0 || (isLT(cps[i - 1]) && !(cps[i - 1] === 0x0d && cps[i] === 0x0a)));
    case "unixCaretML":
      return i < n && (i === 0 || cps[i - 1] === 0x0a);
    case "wordB":
    case "notWordB": {
      const w = words();
      const left = i > 0 && w.at(i - 1, true);
      const right = i < n && w.at(i, false);
      return (left !== right) === (kind === "wordB");
    }
    case "notBeforeLF":
      return i >= n || cps[i] !== 0x0a;
    case "uwordB":
    case "notUwordB": {
      uw ??= tableSet("uclass:w")!;
      const left = i > 0 && has(uw, cps[i - 1]!);
      const right = i < n && has(uw, cps[i]!);
      return (left !== right) === (kind === "uwordB");
    }
  }
}

/** Code points of a string the way Java iterates them: surrogate pairs join, lone surrogates stand alone. */
export function codePoints(s: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < s.length; ) {
    const c = s.codePointAt(i)!;
    out.push(c);
    i += c > 0xffff ? 2 : 1;
  }
  return out;
}

/** A reusable whole-string matcher over an NFA. */
export function nfaMatcher(nfa: Nfa): (input: string) => boolean {
  const size = nfa.kind.length;
  const mark = new Int32Array(size).fill(-1);
  let cur = new Int32Array(size);
  let nxt = new Int32Array(size);
  const stack = new Int32Array(size * 2 + 2);
  // Threads parked by \X until the position where its cluster ends.
  const pending = new Map<number, number[]>();
  let furthest = -1;
  // Per-input tables, built on first use within one call.
  let input: readonly number[] = [];
  let wordTest: WordTest | undefined;
  let ends: Int32Array | undefined;
  const words = () => {
    wordTest ??= new WordTest(input);
    return wordTest;
  };
  const addClosure = (
    list: Int32Array,
    count: number,
    s0: number,
    gen: number,
    cps: readonly number[],
    i: number,
  ): number => {
    let sp = 0;
    stack[sp++] = s0;
    while (sp > 0) {
      const s = stack[--sp]!;
      if (s < 0 || mark[s] === gen) continue;
      mark[s] = gen;
      const k = nfa.kind[s];
      if (k === SPLIT) {
        stack[sp++] = nfa.out2[s]!;
        stack[sp++] = nfa.out1[s]!;
      } else if (k === JUMP) {
        stack[sp++] = nfa.out1[s]!;
      } else if (k === ASSERT) {
        if (checkAssert(nfa.asserts[s]!, cps, i, words)) stack[sp++] = nfa.out1[s]!;
      } else if (k === GRAPHEME) {
        if (i < cps.length) {
          ends ??= clusterEnds(cps);
          const end = ends[i]!;
          const list = pending.get(end);
          if (list) list.push(nfa.out1[s]!);
          else pending.set(end, [nfa.out1[s]!]);
          if (end > furthest) furthest = end;
        }
      } else list[count++] = s;
    }
    return count;
  };
  /** The Pike VM from position `from`, starting from `seeds` (each closed at `from`). */
  const pike = (cps: readonly number[], from: number, seeds: ArrayLike<number>): boolean => {
    input = cps;
    wordTest = undefined;
    ends = undefined;
    mark.fill(-1);
    pending.clear();
    furthest = -1;
    let n = 0;
    for (let k = 0; k < seeds.length; k++) n = addClosure(cur, n, seeds[k]!, from, cps, from);
    for (let i = from; i < cps.length && (n > 0 || furthest > i); i++) {
      const c = cps[i]!;
      const gen = i + 1;
      let m = 0;
      for (let j = 0; j < n; j++) {
        const s = cur[j]!;
        if (nfa.kind[s] === CHAR && has(nfa.sets[s]!, c))
          m = addClosure(nxt, m, nfa.out1[s]!, gen, cps, i + 1);
      }
      const parked = pending.get(i + 1);
      if (parked) {
        pending.delete(i + 1);
        for (const s of parked) m = addClosure(nxt, m, s, gen, cps, i + 1);
      }
      const t = cur;
      cur = nxt;
      nxt = t;
      n = m;
    }
    for (let j = 0; j < n; j++) if (nfa.kind[cur[j]!] === MATCH) return true;
    return false;
  };
  const starts = Int32Array.of(nfa.start);
  const dfa = LazyDfa.for(nfa);
  return (text: string): boolean => {
    const cps = codePoints(text);
    // The DFA runs where no assertion can hold (after the first position, before the last two), then the
    // Pike VM finishes from where it stopped, with the assertions it left open.
    if (!dfa || cps.length < 3) return pike(cps, 0, starts);
    const stop = cps.length - 2;
    let d = dfa.initial();
    let i = 0;
    for (; i < stop; i++) {
      const next = dfa.step(d, cps[i]!);
      if (next < 0) {
        // The cache is full: finish this input on the VM and start the next one with an empty cache.
        const members = dfa.members(d);
        dfa.reset();
        return pike(cps, i, members);
      }
      d = next;
      if (d === DEAD) return false;
    }
    return pike(cps, i, dfa.members(d));
  };
}

const DEAD = 0;
/**
 * Most DFA states kept for one automaton, and most transition table cells (states x classes, 128 KB): past
 * either the cache is emptied and the Pike VM finishes the input, so memory stays bounded per pattern.
 */
const MAX_DFA_STATES = 1_000;
const MAX_DFA_CELLS = 32_768;
/** Most character classes a DFA is built for (each state has a transition table of this size). */
const MAX_DFA_CLASSES = 512;

/**
 * A lazily built DFA over the NFA for the middle of the input, where `^`, `\A`, `$`, `\z` and `\Z` cannot hold:
 * a state is the set of NFA states reachable without consuming, with assertions kept as pending members.
 * Each input character then costs a class lookup and a table read once its transition is known; a miss costs
 * one NFA step, so time stays linear however large the automaton.
 */
class LazyDfa {
  private readonly bounds: Int32Array;
  private readonly low = new Uint16Array(256);
  private readonly sets: Int32Array[] = [];
  private readonly trans: Int32Array[] = [];
  private readonly index = new Map<string, number>();
  private readonly seen: Int32Array;
  private gen = 0;
  private first = -1;

  private constructor(
    private readonly nfa: Nfa,
    bounds: number[],
  ) {
    this.bounds = Int32Array.from(bounds);
    for (let c = 0; c < 256; c++) this.low[c] = this.search(c);
    this.seen = new Int32Array(nfa.kind.length);
    this.reset();
  }

  /** A DFA for `nfa`, or undefined when its assertions or alphabet do not suit one. */
  static for(nfa: Nfa): LazyDfa | undefined {
    const cuts = new Set<number>([0]);
    for (let s = 0; s < nfa.kind.length; s++) {
      const k = nfa.kind[s];
      if (k === GRAPHEME) return undefined;
      if (k === ASSERT) {
        const a = nfa.asserts[s];
        if (a !== "start" && a !== "end" && a !== "dollar" && a !== "unixDollar") return undefined;
      }
      const r = nfa.sets[s];
      if (k !== CHAR || !r) continue;
      for (let i = 0; i < r.length; i += 2) {
        cuts.add(r[i]!);
        cuts.add(r[i + 1]! + 1);
      }
      if (cuts.size > MAX_DFA_CLASSES) return undefined;
    }
    return new LazyDfa(
      nfa,
      [...cuts].sort((a, b) => a - b),
    );
  }

  private search(c: number): number {
    let lo = 0;
    let hi = this.bounds.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.bounds[mid]! <= c) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Forgets every state but the dead one. */
  reset(): void {
    this.sets.length = 0;
    this.trans.length = 0;
    this.index.clear();
    this.add(new Int32Array(0));
    this.first = -1;
  }

  private add(members: Int32Array): number {
    const key = members.join(",");
    const hit = this.index.get(key);
    if (hit !== undefined) return hit;
    const id = this.sets.length;
    this.sets.push(members);
    this.trans.push(new Int32Array(this.bounds.length).fill(-1));
    this.index.set(key, id);
    return id;
  }

  /** The closure of `seeds` where no assertion holds except, at the start, `^` and `\A`. */
  private close(seeds: ArrayLike<number>, atStart: boolean): Int32Array {
    const nfa = this.nfa;
    const gen = ++this.gen;
    const out: number[] = [];
    const stack: number[] = [];
    for (let k = seeds.length - 1; k >= 0; k--) stack.push(seeds[k]!);
    while (stack.length > 0) {
      const s = stack.pop()!;
      if (s < 0 || this.seen[s] === gen) continue;
      this.seen[s] = gen;
      const k = nfa.kind[s];
      if (k === SPLIT) stack.push(nfa.out2[s]!, nfa.out1[s]!);
      else if (k === JUMP) stack.push(nfa.out1[s]!);
      else if (k === ASSERT && atStart && nfa.asserts[s] === "start") stack.push(nfa.out1[s]!);
      else out.push(s);
    }
    return Int32Array.from(out.sort((a, b) => a - b));
  }

  initial(): number {
    if (this.first < 0) this.first = this.add(this.close([this.nfa.start], true));
    return this.first;
  }

  /** The state after reading `c` in state `d`, or -1 when the cache is full (the caller finishes otherwise). */
  step(d: number, c: number): number {
    const k = c < 256 ? this.low[c]! : this.search(c);
    const row = this.trans[d]!;
    const hit = row[k]!;
    if (hit >= 0) return hit;
    if (this.sets.length >= MAX_DFA_STATES || this.sets.length * this.bounds.length >= MAX_DFA_CELLS)
      return -1;
    const nfa = this.nfa;
    const rep = this.bounds[k]!;
    const seeds: number[] = [];
    for (const s of this.sets[d]!)
      if (nfa.kind[s] === CHAR && has(nfa.sets[s]!, rep)) seeds.push(nfa.out1[s]!);
    const next = seeds.length === 0 ? DEAD : this.add(this.close(seeds, false));
    row[k] = next;
    return next;
  }

  /** The NFA states of `d` (threads and open assertions) for the Pike VM to continue from. */
  members(d: number): Int32Array {
    return this.sets[d] ?? new Int32Array(0);
  }
}
