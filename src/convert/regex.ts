// Java patterns as the targets can hold them, read from the regex IR (never by rewriting pattern text):
// the finite list of whole values a pattern matches, and the RE2 text Nomad's `regexp` needs.

import { complement } from "../regex/charset.js";
import type { IR } from "../regex/ir.js";
import { lower } from "../regex/ir.js";
import { parseJavaRegex } from "../regex/parse.js";

/** At most this many values in a list; a longer language is "not finite" for our purposes. */
export const MAX_VALUES = 64;
/** RE2 rejects repetition counts (and nested products of them) above this. */
const RE2_MAX_REPEAT = 1000;

/** The IR of a valid, exactly translated Java pattern, or undefined. */
function irOf(pattern: string): IR | undefined {
  const parsed = parseJavaRegex(pattern);
  if (!parsed.valid || parsed.ast === undefined) return undefined;
  const { ir, refusals } = lower(parsed.ast);
  return refusals.length === 0 ? ir : undefined;
}

/** A partial match: the text so far, and whether an end assertion already closed it. */
interface Partial {
  readonly s: string;
  readonly closed: boolean;
}

class TooMany extends Error {}

/** Longer values are not worth listing (a label value holds 63 characters). */
const MAX_VALUE_LENGTH = 1024;

function add(out: Map<string, Partial>, p: Partial): void {
  out.set(`${p.closed ? 1 : 0}${p.s}`, p);
  if (out.size > MAX_VALUES * 4 || p.s.length > MAX_VALUE_LENGTH) throw new TooMany();
}

/** Every code point of a range list, or undefined when there are too many. */
function codePoints(r: readonly number[]): number[] | undefined {
  const out: number[] = [];
  for (let i = 0; i < r.length; i += 2) {
    if (r[i + 1]! - r[i]! + 1 + out.length > MAX_VALUES) return undefined;
    for (let c = r[i]!; c <= r[i + 1]!; c++) out.push(c);
  }
  return out;
}

/** Extends each partial by the node's language; undefined when the node is not enumerable. */
function extend(n: IR, from: readonly Partial[], atEnd: boolean): Partial[] | undefined {
  const out = new Map<string, Partial>();
  switch (n.t) {
    case "fail":
      return [];
    case "set": {
      const cps = codePoints(n.r);
      if (cps === undefined) return from.every((p) => p.closed) ? [] : undefined;
      for (const p of from) {
        if (p.closed) continue;
        for (const c of cps) add(out, { s: p.s + String.fromCodePoint(c), closed: false });
      }
      return [...out.values()];
    }
    case "seq": {
      let cur: readonly Partial[] = from;
      for (let i = 0; i < n.items.length; i++) {
        const next = extend(n.items[i]!, cur, atEnd && restIsZeroWidth(n.items, i + 1));
        if (next === undefined) return undefined;
        cur = next;
      }
      return [...cur];
    }
    case "alt":
      for (const item of n.items) {
        const part = extend(item, from, atEnd);
        if (part === undefined) return undefined;
        for (const p of part) add(out, p);
      }
      return [...out.values()];
    case "cap":
      return extend(n.body, from, atEnd);
    case "rep": {
      if (n.mode === "possessive") return undefined;
      let cur: readonly Partial[] = from;
      for (let i = 0; i < n.min; i++) {
        const next = extend(n.body, cur, false);
        if (next === undefined) return undefined;
        cur = next;
      }
      for (const p of cur) add(out, p);
      // Iterate until no new partial appears: a finite language reaches a fixed point, an infinite one
      // grows past the limit.
      let frontier = cur;
      for (let i = n.min; n.max < 0 || i < n.max; i++) {
        const next = extend(n.body, frontier, false);
        if (next === undefined) return undefined;
        const fresh = next.filter((p) => !out.has(`${p.closed ? 1 : 0}${p.s}`));
        if (fresh.length === 0) break;
        for (const p of fresh) add(out, p);
        frontier = fresh;
      }
      return [...out.values()];
    }
    case "assert":
      if (n.kind === "start") return from.filter((p) => p.s === "");
      if (n.kind === "end" || (n.kind === "dollar" && atEnd))
        return from.map((p) => ({ s: p.s, closed: true }));
      return undefined;
    default:
      return undefined;
  }
}

/** Whether items from `i` on are assertions only, so a `$` before them sits at the end of the match. */
function restIsZeroWidth(items: readonly IR[], i: number): boolean {
  for (let k = i; k < items.length; k++) {
    const t = items[k]!;
    if (t.t !== "assert" || (t.kind !== "end" && t.kind !== "dollar" && t.kind !== "start")) return false;
  }
  return true;
}

/**
 * The values a Java pattern matches as a whole (`String.matches`), when there are at most
 * `MAX_VALUES` of them and the pattern has nothing but characters, groups, alternatives, bounded
 * repetition and start/end anchors; else undefined.
 * @example matchedValues("rack-[1-3]") // ["rack-1", "rack-2", "rack-3"]
 */
export function matchedValues(pattern: string): string[] | undefined {
  const ir = irOf(pattern);
  if (ir === undefined) return undefined;
  try {
    const all = extend(ir, [{ s: "", closed: false }], true);
    if (all === undefined) return undefined;
    const values = [...new Set(all.map((p) => p.s))];
    return values.length > MAX_VALUES ? undefined : values.sort();
  } catch (e) {
    if (e instanceof TooMany) return undefined;
    throw e;
  }
}

// ---- RE2 ------------------------------------------------------------------------------------------

class NotRe2 extends Error {}

const SURROGATES_LO = 0xd800;
const SURROGATES_HI = 0xdfff;
/** A class of no character: matches nothing. */
const NEVER = "[^\\x{0}-\\x{10FFFF}]";

function re2Char(cp: number, inClass: boolean): string {
  if ((cp >= 0x30 && cp <= 0x39) || (cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a)) {
    return String.fromCodePoint(cp);
  }
  if (cp === 0x5f || (!inClass && cp === 0x2d)) return String.fromCodePoint(cp);
  if (cp === 0x0a) return "\\n";
  if (cp === 0x0d) return "\\r";
  if (cp === 0x09) return "\\t";
  // RE2 (Go's regexp/syntax) accepts a backslash before any ASCII punctuation.
  if (cp >= 0x21 && cp <= 0x7e) return `\\${String.fromCodePoint(cp)}`;
  return `\\x{${cp.toString(16).toUpperCase()}}`;
}

/** Range pairs without the surrogates, which UTF-8 text (all RE2 sees) cannot hold. */
function withoutSurrogates(r: readonly number[]): [number, number][] {
  const pairs: [number, number][] = [];
  for (let i = 0; i < r.length; i += 2) {
    const lo = r[i]!;
    const hi = r[i + 1]!;
    if (hi < SURROGATES_LO || lo > SURROGATES_HI) pairs.push([lo, hi]);
    else {
      if (lo < SURROGATES_LO) pairs.push([lo, SURROGATES_LO - 1]);
      if (hi > SURROGATES_HI) pairs.push([SURROGATES_HI + 1, hi]);
    }
  }
  return pairs;
}

function classBody(pairs: readonly [number, number][]): string {
  return pairs
    .map(([lo, hi]) =>
      lo === hi
        ? re2Char(lo, true)
        : hi === lo + 1
          ? re2Char(lo, true) + re2Char(hi, true)
          : `${re2Char(lo, true)}-${re2Char(hi, true)}`,
    )
    .join("");
}

/** A code point set as an RE2 atom: a character, a class, or a negated class when that is shorter. */
function re2Set(r: readonly number[]): string {
  const pairs = withoutSurrogates(r);
  if (pairs.length === 0) return NEVER;
  if (pairs.length === 1 && pairs[0]![0] === pairs[0]![1]) return re2Char(pairs[0]![0], false);
  const outside = withoutSurrogates(complement(r));
  if (outside.length > 0 && outside.length < pairs.length) return `[^${classBody(outside)}]`;
  return `[${classBody(pairs)}]`;
}

/** RE2 text for a node, and whether it is a single atom that a quantifier may follow directly. */
function re2(n: IR, atEnd: boolean, scale = 1): { text: string; atom: boolean } {
  switch (n.t) {
    case "fail":
      return { text: NEVER, atom: true };
    case "set":
      return { text: re2Set(n.r), atom: true };
    case "seq": {
      const parts = n.items.map((item, i) => {
        const r = re2(item, atEnd && restIsZeroWidth(n.items, i + 1), scale);
        return item.t === "alt" ? `(?:${r.text})` : r.text;
      });
      return { text: parts.join(""), atom: false };
    }
    case "alt":
      return { text: n.items.map((item) => re2(item, atEnd, scale).text).join("|"), atom: false };
    case "cap":
      return { text: `(?:${re2(n.body, atEnd, scale).text})`, atom: true };
    case "rep": {
      // Laziness changes which match is found, never whether the whole value matches.
      if (n.mode === "possessive") throw new NotRe2();
      // RE2 refuses counts above 1000, also as a product of nested counts.
      const inner = scale * Math.max(1, n.min, n.max);
      if (inner > RE2_MAX_REPEAT) throw new NotRe2();
      const body = re2(n.body, false, inner);
      const atom = body.atom ? body.text : `(?:${body.text})`;
      const q =
        n.min === 0 && n.max < 0
          ? "*"
          : n.min === 1 && n.max < 0
            ? "+"
            : n.min === 0 && n.max === 1
              ? "?"
              : n.max < 0
                ? `{${n.min},}`
                : n.min === n.max
                  ? `{${n.min}}`
                  : `{${n.min},${n.max}}`;
      return { text: atom + q, atom: false };
    }
    case "assert":
      if (n.kind === "start") return { text: "\\A", atom: false };
      if (n.kind === "end" || (n.kind === "dollar" && atEnd)) return { text: "\\z", atom: false };
      throw new NotRe2();
    default:
      // Look-arounds, back-references, atomic groups and \X have no RE2 form.
      throw new NotRe2();
  }
}

/**
 * RE2 text (Go's `regexp`, as Nomad's `regexp` operator compiles it) that matches exactly the values a
 * Java pattern matches as a whole, anchored with `^(?:…)$`; undefined when RE2 cannot say the same.
 * @example toRe2("rack-[1-3]") // "^(?:rack-[1-3])$"
 */
export function toRe2(pattern: string): string | undefined {
  const ir = irOf(pattern);
  if (ir === undefined) return undefined;
  try {
    return `^(?:${re2(ir, true).text})$`;
  } catch (e) {
    if (e instanceof NotRe2) return undefined;
    throw e;
  }
}

/** RE2 text matching exactly one of the given strings (each quoted), anchored. */
export function re2Literals(values: readonly string[]): string {
  const quoted = values.map((v) => [...v].map((ch) => re2Char(ch.codePointAt(0)!, false)).join(""));
  return `^(?:${quoted.join("|")})$`;
}
