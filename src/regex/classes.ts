// Character sets of the Java AST: predefined escapes, properties, and bracket classes evaluated the way
// java.util.regex builds them (including its BitClass sharing quirk). Produces code point sets only.

import type { Span } from "../ast.js";
import { type ClassItem, type ClassNode, Flag, type SetSpec } from "./ast.js";
import {
  bitsAdd,
  complement,
  EMPTY,
  fromCodePoints,
  fromPairs,
  intersect,
  literalSet,
  type Ranges,
  rangeSet,
  tableSet,
  union,
  usesBits,
} from "./charset.js";

const DIGIT: Ranges = [0x30, 0x39];
const WORD: Ranges = fromPairs([
  [0x30, 0x39],
  [0x41, 0x5a],
  [0x5f, 0x5f],
  [0x61, 0x7a],
]);
const SPACE: Ranges = fromPairs([
  [0x09, 0x0d],
  [0x20, 0x20],
]);
const HSPACE: Ranges = fromPairs([
  [0x09, 0x09],
  [0x20, 0x20],
  [0xa0, 0xa0],
  [0x1680, 0x1680],
  [0x180e, 0x180e],
  [0x2000, 0x200a],
  [0x202f, 0x202f],
  [0x205f, 0x205f],
  [0x3000, 0x3000],
]);
const VSPACE: Ranges = fromPairs([
  [0x0a, 0x0d],
  [0x85, 0x85],
  [0x2028, 0x2029],
]);

/** The code points a predefined escape or property matches under the flags. */
export function setRanges(set: SetSpec, flags: number): Ranges {
  const ucc = (flags & Flag.UNICODE_CHARACTER_CLASS) !== 0;
  let r: Ranges;
  switch (set.type) {
    case "digit":
      r = ucc ? tableSet("uclass:d")! : DIGIT;
      break;
    case "word":
      r = ucc ? tableSet("uclass:w")! : WORD;
      break;
    case "space":
      r = ucc ? tableSet("uclass:s")! : SPACE;
      break;
    case "hspace":
      r = HSPACE;
      break;
    case "vspace":
      r = VSPACE;
      break;
    case "property":
      r =
        ((flags & Flag.CASE_INSENSITIVE) !== 0 ? tableSet(`${set.key}|i`) : undefined) ??
        tableSet(set.key) ??
        EMPTY;
      break;
  }
  return set.negated ? complement(r) : r;
}

type Pred =
  | { readonly k: "r"; readonly r: Ranges }
  | { readonly k: "bits"; readonly b: Set<number> }
  | { readonly k: "or" | "and"; readonly a: Pred; readonly b: Pred | null }
  | { readonly k: "not"; readonly a: Pred };

/** Why a class cannot be evaluated: Java rejects it, or Java would throw while matching. */
export interface ClassProblem {
  readonly kind: "invalid" | "npe";
  readonly message: string;
  readonly span: Span;
}

class ClassError {
  constructor(readonly problem: ClassProblem) {}
}

function isRawAmp(it: ClassItem): boolean {
  if (it.kind === "and") return true;
  if (it.kind === "char") return !it.escaped && it.cp === 0x26;
  if (it.kind === "range") return !it.from.escaped && it.from.cp === 0x26;
  return false;
}

/** What an enclosing run does with the run it handed the rest of the class to: `left && (prefix || inner)`. */
interface Resume {
  readonly left: Pred | null;
  readonly prefix: Pred | null;
  readonly negated: boolean;
}

// Java's clazz() hands the rest of a class to a recursive call after `&&` followed by a single character,
// so `[a&&b&&c…]` nests one call per operator. The same tree is built here with the enclosing runs kept
// on a list: that inner run always reads to the end of the class, so all that is left of its caller is
// to combine the result (no check of the caller can fail after it).
function run(items: readonly ClassItem[], pos: { j: number }, flags: number, negated: boolean): Pred {
  const ci = (flags & Flag.CASE_INSENSITIVE) !== 0;
  const uc = (flags & Flag.UNICODE_CASE) !== 0;
  const callers: Resume[] = [];
  let prev: Pred | null = null;
  let curr: Pred | null = null;
  let bits = new Set<number>();
  let bitsPred: Pred = { k: "bits", b: bits };
  let hasBits = false;
  const or = (a: Pred, b: Pred): Pred => ({ k: "or", a, b });
  for (;;) {
    const it = items[pos.j];
    if (it === undefined) {
      if (prev === null) prev = bitsPred;
      else if (hasBits) prev = or(prev, bitsPred);
      let result: Pred = negated ? { k: "not", a: prev } : prev;
      for (let k = callers.pop(); k !== undefined; k = callers.pop()) {
        const right = k.prefix === null ? result : or(k.prefix, result);
        const combined: Pred = k.left === null ? right : { k: "and", a: k.left, b: right };
        result = k.negated ? { k: "not", a: combined } : combined;
      }
      return result;
    }
    if (it.kind === "class") {
      curr = nested(it);
      prev = prev === null ? curr : or(prev, curr);
      pos.j++;
      continue;
    }
    if (it.kind === "and") {
      pos.j++;
      let right: Pred | null = null;
      let n = items[pos.j];
      for (; n !== undefined && !isRawAmp(n) && n.kind === "class"; n = items[pos.j]) {
        const r = nested(n);
        pos.j++;
        right = right === null ? r : or(right, r);
      }
      if (hasBits) {
        if (prev === null) prev = curr = bitsPred;
        else prev = or(prev, bitsPred);
        hasBits = false;
      }
      if (n !== undefined && !isRawAmp(n)) {
        // The rest of the class becomes the right operand: a fresh run, resumed into this one at the end.
        callers.push({ left: prev, prefix: right, negated });
        prev = curr = null;
        bits = new Set<number>();
        bitsPred = { k: "bits", b: bits };
        negated = false;
        continue;
      }
      if (right !== null) curr = right;
      if (prev === null) {
        if (right === null)
          throw new ClassError({ kind: "invalid", message: "Bad class syntax", span: it.leaf.span });
        prev = right;
      } else {
        if (curr === null)
          throw new ClassError({
            kind: "npe",
            message:
              "Java throws NullPointerException when matching this class (an empty operand of '&&' after single characters)",
            span: it.leaf.span,
          });
        prev = { k: "and", a: prev, b: curr };
      }
      continue;
    }
    if (it.kind === "char" && usesBits(it.cp, ci, uc)) {
      for (const c of bitsAdd(it.cp, ci, uc)) bits.add(c);
      curr = null;
      hasBits = true;
    } else {
      curr = { k: "r", r: itemRanges(it, flags) };
      prev = prev === null ? curr : or(prev, curr);
    }
    pos.j++;
  }
}

function nested(c: ClassNode): Pred {
  return run(c.items, { j: 0 }, c.flags, c.negated);
}

function itemRanges(it: ClassItem, flags: number): Ranges {
  const ci = (flags & Flag.CASE_INSENSITIVE) !== 0;
  const uc = (flags & Flag.UNICODE_CASE) !== 0;
  switch (it.kind) {
    case "char":
      return literalSet(it.cp, ci, uc, false);
    case "range":
      return rangeSet(it.from.cp, it.to.cp, ci, uc);
    case "set":
      return setRanges(it.set, flags);
    default:
      return EMPTY;
  }
}

type Step = Pred | { readonly k: "apply"; readonly op: "or" | "and" | "not" };

const EMPTY_PRED: Pred = { k: "r", r: EMPTY };

// Sibling classes and `&&` chains nest the predicate as deep as the class is long: evaluated with an
// explicit stack (operands pushed after their operator, results on a value stack).
function evaluate(root: Pred): Ranges {
  const todo: Step[] = [root];
  const values: Ranges[] = [];
  for (let p = todo.pop(); p !== undefined; p = todo.pop()) {
    switch (p.k) {
      case "r":
        values.push(p.r);
        break;
      case "bits":
        values.push(fromCodePoints(p.b));
        break;
      case "or":
      case "and":
        todo.push({ k: "apply", op: p.k }, p.b ?? EMPTY_PRED, p.a);
        break;
      case "not":
        todo.push({ k: "apply", op: "not" }, p.a);
        break;
      case "apply": {
        const b = values.pop()!;
        if (p.op === "not") values.push(complement(b));
        else {
          const a = values.pop()!;
          values.push(p.op === "or" ? union(a, b) : intersect(a, b));
        }
      }
    }
  }
  return values[0]!;
}

/** The code points a bracket class matches, or the problem Java has with it. */
export function classRanges(c: ClassNode): { ranges: Ranges } | { problem: ClassProblem } {
  try {
    return { ranges: evaluate(nested(c)) };
  } catch (e) {
    if (e instanceof ClassError) return { problem: e.problem };
    throw e;
  }
}
