// Code point sets as sorted range lists, Java's Unicode tables, and Java's case-insensitive folding.
// Pure data operations; knows nothing about syntax or JavaScript RegExp text.
import { SETS, TO_LOWER, TO_UPPER } from "./unicode-tables.generated.js";

/** Sorted, disjoint, non-adjacent inclusive ranges, flattened: [lo0, hi0, lo1, hi1, ...]. */
export type Ranges = readonly number[];

export const MAX_CP = 0x10ffff;
export const EMPTY: Ranges = [];
export const ALL: Ranges = [0, MAX_CP];

/** The set of one code point. */
export function single(cp: number): Ranges {
  return [cp, cp];
}

/** Normalises arbitrary [lo, hi] pairs into a range list. */
export function fromPairs(pairs: readonly (readonly [number, number])[]): Ranges {
  const sorted = pairs.filter((p) => p[0] <= p[1]).sort((a, b) => a[0] - b[0]);
  const out: number[] = [];
  for (const [lo, hi] of sorted) {
    const n = out.length;
    if (n > 0 && lo <= out[n - 1]! + 1) {
      if (hi > out[n - 1]!) out[n - 1] = hi;
    } else out.push(lo, hi);
  }
  return out;
}

/** A set from a list of code points. */
export function fromCodePoints(cps: Iterable<number>): Ranges {
  const pairs: [number, number][] = [];
  for (const c of cps) pairs.push([c, c]);
  return fromPairs(pairs);
}

/** Code points in either set (a merge of the two sorted lists: a class of many `\p{..}` unions them in a chain). */
export function union(a: Ranges, b: Ranges): Ranges {
  if (a.length === 0 || a === b) return b;
  if (b.length === 0) return a;
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    let lo: number;
    let hi: number;
    if (j >= b.length || (i < a.length && a[i]! <= b[j]!)) {
      lo = a[i]!;
      hi = a[i + 1]!;
      i += 2;
    } else {
      lo = b[j]!;
      hi = b[j + 1]!;
      j += 2;
    }
    const n = out.length;
    if (n > 0 && lo <= out[n - 1]! + 1) {
      if (hi > out[n - 1]!) out[n - 1] = hi;
    } else out.push(lo, hi);
  }
  return out;
}

/** Code points (up to U+10FFFF) not in the set. */
export function complement(a: Ranges): Ranges {
  const out: number[] = [];
  let next = 0;
  for (let i = 0; i < a.length; i += 2) {
    if (a[i]! > next) out.push(next, a[i]! - 1);
    next = a[i + 1]! + 1;
  }
  if (next <= MAX_CP) out.push(next, MAX_CP);
  return out;
}

/** Code points in both sets. */
export function intersect(a: Ranges, b: Ranges): Ranges {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const lo = Math.max(a[i]!, b[j]!);
    const hi = Math.min(a[i + 1]!, b[j + 1]!);
    if (lo <= hi) out.push(lo, hi);
    if (a[i + 1]! < b[j + 1]!) i += 2;
    else j += 2;
  }
  return out;
}

/** Membership by binary search. */
export function has(a: Ranges, cp: number): boolean {
  let lo = 0;
  let hi = (a.length >> 1) - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (cp < a[2 * mid]!) hi = mid - 1;
    else if (cp > a[2 * mid + 1]!) lo = mid + 1;
    else return true;
  }
  return false;
}

/** Whether the set has no code point. */
export function isEmpty(a: Ranges): boolean {
  return a.length === 0;
}

const decoded = new Map<string, Ranges>();

/** A set from the generated JDK tables by key (`prop:Lu`, `sc:LATIN`, `blk:BASIC_LATIN`, ...), or undefined. */
export function tableSet(key: string): Ranges | undefined {
  const hit = decoded.get(key);
  if (hit) return hit;
  const text = SETS[key];
  if (text === undefined) return undefined;
  const out: number[] = [];
  const parts = text.length === 0 ? [] : text.split(",");
  let prev = 0;
  for (let i = 0; i + 1 < parts.length; i += 2) {
    const start = prev + Number.parseInt(parts[i]!, 36);
    const end = start + Number.parseInt(parts[i + 1]!, 36);
    out.push(start, end);
    prev = end;
  }
  decoded.set(key, out);
  return out;
}

/** Whether the generated tables know `key`. */
export function hasTable(key: string): boolean {
  return SETS[key] !== undefined;
}

let upperMap: Map<number, number> | undefined;
let lowerMap: Map<number, number> | undefined;

function decodeCaseMap(text: string): Map<number, number> {
  const m = new Map<number, number>();
  const parts = text.split(",");
  let prev = 0;
  for (let i = 0; i + 1 < parts.length; i += 2) {
    const cp = prev + Number.parseInt(parts[i]!, 36);
    m.set(cp, cp + Number.parseInt(parts[i + 1]!, 36) - 0x200000);
    prev = cp;
  }
  return m;
}

/** Java's Character.toUpperCase(int). */
export function toUpper(cp: number): number {
  upperMap ??= decodeCaseMap(TO_UPPER);
  return upperMap.get(cp) ?? cp;
}

/** Java's Character.toLowerCase(int). */
export function toLower(cp: number): number {
  lowerMap ??= decodeCaseMap(TO_LOWER);
  return lowerMap.get(cp) ?? cp;
}

let casedList: number[] | undefined;
let foldIndex: Map<number, number[]> | undefined;

/** Every code point that some case mapping changes. */
function cased(): number[] {
  if (!casedList) {
    upperMap ??= decodeCaseMap(TO_UPPER);
    lowerMap ??= decodeCaseMap(TO_LOWER);
    const s = new Set<number>([...upperMap.keys(), ...lowerMap.keys()]);
    casedList = [...s].sort((a, b) => a - b);
  }
  return casedList;
}

/** toLowerCase(toUpperCase(cp)) -> code points with that key (only the cased ones). */
function folds(): Map<number, number[]> {
  if (!foldIndex) {
    foldIndex = new Map();
    for (const c of cased()) {
      const k = toLower(toUpper(c));
      const list = foldIndex.get(k);
      if (list) list.push(c);
      else foldIndex.set(k, [c]);
    }
  }
  return foldIndex;
}

function isAsciiAlpha(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

/** {x : x == key || lower(upper(x)) == key}: Java's SingleU / SliceU test for one pattern character. */
function unicodeFoldClass(key: number): Ranges {
  return fromCodePoints([key, ...(folds().get(key) ?? [])]);
}

/**
 * The characters one literal matches. `ci`: CASE_INSENSITIVE; `uc`: UNICODE_CASE; `inSlice`: the character is part
 * of a run of two or more literals, which Java compiles to a slice that folds slightly differently.
 */
export function literalSet(cp: number, ci: boolean, uc: boolean, inSlice: boolean): Ranges {
  if (!ci) return single(cp);
  if (!uc) {
    if (isAsciiAlpha(cp)) return fromCodePoints([cp | 0x20, cp & ~0x20]);
    return single(cp);
  }
  const upper = toUpper(cp);
  const lower = toLower(upper);
  if (inSlice) return unicodeFoldClass(lower);
  return upper !== lower ? unicodeFoldClass(lower) : single(cp);
}

/** A class range under the flags: Java's Range, CIRange (ASCII folding) or CIRangeU. */
export function rangeSet(lo: number, hi: number, ci: boolean, uc: boolean): Ranges {
  const base: Ranges = [lo, hi];
  if (!ci) return base;
  const extra: number[] = [];
  if (!uc) {
    for (let c = 0x41; c <= 0x7a; c++) {
      if (!isAsciiAlpha(c)) continue;
      const u = c & ~0x20;
      const l = c | 0x20;
      if ((u >= lo && u <= hi) || (l >= lo && l <= hi)) extra.push(c);
    }
  } else {
    // Java's CIRangeU tests the character, its upper case, and the lower case of that upper case.
    for (const c of cased()) {
      const u = toUpper(c);
      const l = toLower(u);
      if ((u >= lo && u <= hi) || (l >= lo && l <= hi)) extra.push(c);
    }
  }
  return union(base, fromCodePoints(extra));
}

/** Java's BitClass.add under the flags: the code points a class gains from one character below 256. */
export function bitsAdd(cp: number, ci: boolean, uc: boolean): number[] {
  if (!ci) return [cp];
  if (cp < 0x80) {
    if (isAsciiAlpha(cp)) return [cp | 0x20, cp & ~0x20];
    return [cp];
  }
  if (uc) return [cp, toLower(cp), toUpper(cp)];
  return [cp];
}

/** Whether Java routes this class character through BitClass (true) or a single-character predicate (false). */
export function usesBits(cp: number, ci: boolean, uc: boolean): boolean {
  if (cp >= 256) return false;
  if (ci && uc) return ![0xff, 0xb5, 0x49, 0x69, 0x53, 0x73, 0x4b, 0x6b, 0xc5, 0xe5].includes(cp);
  return true;
}
