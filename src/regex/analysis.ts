// Static check for patterns that make a backtracking matcher (Java's, and V8's) take exponential time:
// nested unbounded repetition and repeated alternatives that can match the same text.
import type { Span } from "../ast.js";
import { ALL, EMPTY, intersect, isEmpty, type Ranges, union } from "./charset.js";
import type { IR } from "./ir.js";

/** A sub-pattern that can backtrack catastrophically, with the reason. */
export interface Hazard {
  readonly span: Span;
  readonly reason: string;
  /** `exponential`: nested or ambiguous repetition; `polynomial`: a run of overlapping repetitions. */
  readonly growth: "exponential" | "polynomial";
}

function canConsume(n: IR): boolean {
  switch (n.t) {
    case "grapheme":
      return true;
    case "set":
      return !isEmpty(n.r);
    case "seq":
    case "alt":
      return n.items.some(canConsume);
    case "rep":
      return n.max !== 0 && canConsume(n.body);
    case "cap":
    case "atomic":
      return canConsume(n.body);
    default:
      return false;
  }
}

/** Whether `n` can match the empty string. */
export function nullable(n: IR): boolean {
  switch (n.t) {
    case "grapheme":
    case "set":
    case "fail":
      return false;
    case "seq":
      return n.items.every(nullable);
    case "alt":
      return n.items.some(nullable);
    case "rep":
      return n.min === 0 || nullable(n.body);
    case "cap":
    case "atomic":
      return nullable(n.body);
    default:
      return true;
  }
}

/** Whether `n` can match the empty string at any position (through no assertion or look-around). */
export function freelyNullable(n: IR): boolean {
  switch (n.t) {
    case "seq":
      return n.items.every(freelyNullable);
    case "alt":
      return n.items.some(freelyNullable);
    case "rep":
      return n.min === 0 || freelyNullable(n.body);
    case "cap":
    case "atomic":
      return freelyNullable(n.body);
    default:
      return false;
  }
}

/** Whether matching `n` involves a choice (an alternation or a variable repetition). */
export function hasChoice(n: IR): boolean {
  switch (n.t) {
    case "alt":
      return true;
    case "rep":
      return n.min !== n.max || hasChoice(n.body);
    case "seq":
      return n.items.some(hasChoice);
    case "cap":
    case "atomic":
    case "look":
      return hasChoice(n.body);
    default:
      return false;
  }
}

/** Characters that can start a non-empty match of `n`. */
function first(n: IR): Ranges {
  switch (n.t) {
    case "grapheme":
      return ALL;
    case "set":
      return n.r;
    case "seq": {
      let r = EMPTY;
      for (const i of n.items) {
        r = union(r, first(i));
        if (!nullable(i)) break;
      }
      return r;
    }
    case "alt":
      return n.items.reduce((r, i) => union(r, first(i)), EMPTY);
    case "rep":
      return n.max === 0 ? EMPTY : first(n.body);
    case "cap":
    case "atomic":
      return first(n.body);
    default:
      return EMPTY;
  }
}

function unboundedInside(n: IR): boolean {
  switch (n.t) {
    case "rep":
      return (n.max < 0 && n.mode !== "possessive" && canConsume(n.body)) || unboundedInside(n.body);
    case "seq":
    case "alt":
      return n.items.some(unboundedInside);
    case "cap":
      return unboundedInside(n.body);
    default:
      return false;
  }
}

function overlappingAlternatives(n: IR): boolean {
  const alt = n.t === "cap" ? n.body : n;
  if (alt.t === "cap") return overlappingAlternatives(alt);
  if (alt.t !== "alt") return false;
  const firsts = alt.items.map(first);
  for (let i = 0; i < firsts.length; i++) {
    for (let j = i + 1; j < firsts.length; j++) if (!isEmpty(intersect(firsts[i]!, firsts[j]!))) return true;
  }
  return false;
}

/** Three or more unbounded repetitions in a row over overlapping characters: polynomial time of a high degree. */
function overlappingRun(items: readonly IR[]): Span | undefined {
  let count = 0;
  let start = 0;
  let prev: Ranges | undefined;
  for (const it of items) {
    if (it.t === "rep" && it.max < 0 && it.mode !== "possessive" && canConsume(it.body)) {
      const f = first(it.body);
      if (prev && !isEmpty(intersect(prev, f))) count++;
      else {
        count = 1;
        start = it.span.start;
      }
      prev = f;
      if (count >= 3) return { start, end: it.span.end };
    } else if (!nullable(it) && prev && isEmpty(intersect(prev, first(it)))) {
      count = 0;
      prev = undefined;
    }
  }
  return undefined;
}

/** Every sub-pattern whose repetition can backtrack exponentially (spans are offsets into the pattern). */
export function findHazards(ir: IR): Hazard[] {
  const out: Hazard[] = [];
  const walk = (n: IR) => {
    switch (n.t) {
      case "rep": {
        const repeats = n.max < 0 || n.max > 1;
        if (repeats && n.mode !== "possessive") {
          if (unboundedInside(n.body)) {
            out.push({
              span: n.span,
              reason: "an unbounded repetition inside another repetition",
              growth: "exponential",
            });
            return;
          }
          if (n.max < 0 && overlappingAlternatives(n.body)) {
            out.push({
              span: n.span,
              reason: "a repeated alternation whose branches can match the same character",
              growth: "exponential",
            });
            return;
          }
          if (nullable(n.body) && canConsume(n.body) && (n.max < 0 || n.max > 8)) {
            out.push({
              span: n.span,
              reason: "a repetition of a sub-pattern that can also match nothing",
              growth: "exponential",
            });
            return;
          }
        }
        walk(n.body);
        return;
      }
      case "seq": {
        const run = overlappingRun(n.items);
        if (run) {
          out.push({
            span: run,
            reason: "a run of unbounded repetitions that can match the same characters",
            growth: "polynomial",
          });
          return;
        }
        for (const i of n.items) walk(i);
        return;
      }
      case "alt":
        for (const i of n.items) walk(i);
        return;
      case "cap":
      case "atomic":
      case "look":
        walk(n.body);
        return;
      default:
        return;
    }
  };
  walk(ir);
  return out;
}
