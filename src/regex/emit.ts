// Emits JavaScript RegExp source (flag `v`) for the lowered IR, anchored for whole-string matching.
// Every character set is written out as explicit code point ranges, so no JavaScript Unicode table is involved.

import { forwardOnly } from "./analysis.js";
import { complement, fromPairs, intersect, type Ranges, tableSet, union } from "./charset.js";
import type { AssertKind, IR } from "./ir.js";

const SYNTAX_OUT = new Set("^$\\.*+?()[]{}|/");
const RAW_IN_CLASS = /^[A-Za-z0-9 "'_]$/;

function hex(cp: number): string {
  return `\\u{${cp.toString(16)}}`;
}

function litOut(cp: number): string {
  if (cp >= 0x20 && cp <= 0x7e) {
    const c = String.fromCharCode(cp);
    return SYNTAX_OUT.has(c) ? `\\${c}` : c;
  }
  return hex(cp);
}

function litIn(cp: number): string {
  // Punctuation is written as a code point escape, valid in both `u` and `v` classes (`\&` is not valid with `u`).
  if (cp >= 0x20 && cp <= 0x7e && RAW_IN_CLASS.test(String.fromCharCode(cp))) return String.fromCharCode(cp);
  return hex(cp);
}

/** A class (or single character) for a code point set. */
export function emitSet(r: Ranges): string {
  if (r.length === 2 && r[0] === r[1]) return litOut(r[0]!);
  let s = "[";
  for (let i = 0; i < r.length; i += 2) {
    const lo = r[i]!;
    const hi = r[i + 1]!;
    s += lo === hi ? litIn(lo) : hi === lo + 1 ? litIn(lo) + litIn(hi) : `${litIn(lo)}-${litIn(hi)}`;
  }
  return `${s}]`;
}

let wordParts: { w: string; wu: string; lodB: string; mn: string; mnB: string } | undefined;

const BMP: Ranges = [0, 0xd7ff, 0xe000, 0xffff];

function word() {
  if (!wordParts) {
    const lod = tableSet("prop:javaLetterOrDigit")!;
    const mn = tableSet("prop:Mn")!;
    wordParts = {
      w: emitSet(union(lod, [0x5f, 0x5f])),
      wu: emitSet(tableSet("uclass:w")!),
      lodB: emitSet(intersect(lod, BMP)),
      mn: emitSet(mn),
      mnB: emitSet(intersect(mn, BMP)),
    };
  }
  return wordParts;
}

const NOT_LT = emitSet(
  complement(
    fromPairs([
      [0x0a, 0x0a],
      [0x0d, 0x0d],
      [0x85, 0x85],
      [0x2028, 0x2029],
    ]),
  ),
);
const LT_NO_NL = emitSet(
  fromPairs([
    [0x0d, 0x0d],
    [0x85, 0x85],
    [0x2028, 0x2029],
  ]),
);

function assertion(kind: AssertKind): string {
  switch (kind) {
    case "start":
      return "^";
    case "end":
      return "$";
    case "dollar":
      return `(?:$|(?=\\r\\n$)|(?=${LT_NO_NL}$)|(?<!\\r)(?=\\n$))`;
    case "dollarML":
      return `(?:$|(?=${LT_NO_NL})|(?<!\\r)(?=\\n))`;
    case "unixDollar":
      return "(?:$|(?=\\n$))";
    case "unixDollarML":
      return "(?:$|(?=\\n))";
    case "caretML":
      return `(?<!${NOT_LT})(?!$)(?!(?<=\\r)\\n)`;
    case "unixCaretML":
      return "(?<![^\\n])(?!$)";
    case "wordB":
    case "notWordB": {
      const { w, lodB, mn, mnB } = word();
      // JDK 17: a word character is a letter, digit or '_'; a non-spacing mark counts when a letter or digit
      // precedes it. Java walks back over UTF-16 units there, so only BMP characters can form that chain.
      const left = `${w}|${lodB}${mnB}+`;
      const right = `${w}|${mn}(?<=${lodB}${mnB}*${mn})`;
      return kind === "wordB"
        ? `(?:(?<=${left})(?!${right})|(?<!${left})(?=${right}))`
        : `(?:(?<=${left})(?=${right})|(?<!${left})(?!${right}))`;
    }
    case "notBeforeLF":
      return "(?!\\n)";
    case "uwordB":
    case "notUwordB": {
      const { wu } = word();
      return kind === "uwordB"
        ? `(?:(?<=${wu})(?!${wu})|(?<!${wu})(?=${wu}))`
        : `(?:(?<=${wu})(?=${wu})|(?<!${wu})(?!${wu}))`;
    }
  }
}

function backrefNames(n: IR, out: Set<string>): Set<string> {
  switch (n.t) {
    case "backref":
      out.add(n.name);
      break;
    case "seq":
    case "alt":
      for (const i of n.items) backrefNames(i, out);
      break;
    case "rep":
    case "cap":
    case "atomic":
    case "look":
      backrefNames(n.body, out);
      break;
    default:
      break;
  }
  return out;
}

/** Thrown (and caught below) when the source outgrows its budget. */
class TooLong {}

class Emitter {
  aux = 0;
  /** Characters of set text written so far: sets are nearly all of the source (`\p{L}` alone is 9 KB). */
  size = 0;

  constructor(
    readonly referenced: ReadonlySet<string>,
    readonly budget: number,
  ) {}

  node(n: IR): string {
    switch (n.t) {
      case "set": {
        const s = emitSet(n.r);
        this.size += s.length;
        if (this.size > this.budget) throw new TooLong();
        return s;
      }
      case "seq":
        return n.items.map((i) => this.node(i)).join("");
      case "alt":
        return `(?:${n.items.map((i) => this.node(i)).join("|")})`;
      case "cap":
        // Only groups that a back-reference reads need to capture.
        return this.referenced.has(n.name)
          ? `(?<${n.name}>${this.node(n.body)})`
          : `(?:${this.node(n.body)})`;
      case "atomic":
        return this.atomicGroup(this.node(n.body));
      case "look": {
        if (n.behind && forwardOnly(n.body)) {
          // Java tries look-behind bodies forwards from each start; JavaScript matches them backwards, which
          // changes what atomic parts keep. Run the body forwards in a lookahead that must end exactly here.
          const rest = `r${++this.aux}`;
          return `(?=(?<${rest}>[^]*))(?<${n.neg ? "!" : "="}(?=${this.node(n.body)}\\k<${rest}>$)[^]*)`;
        }
        return `(?${n.behind ? "<" : ""}${n.neg ? "!" : "="}${this.node(n.body)})`;
      }
      case "backref":
        return `\\k<${n.name}>`;
      case "assert":
        return assertion(n.kind);
      case "fail":
        return "[]";
      case "grapheme":
        throw new Error("\\X has no RegExp translation; compile it with the linear engine");
      case "rep": {
        if (n.min === 0 && n.max === 1 && n.mode !== "possessive" && n.body.t !== "set") {
          // Java's optional part is a plain two-way branch; a RegExp `?` would refuse an empty pass of the body.
          const b = this.node(n.body);
          return n.mode === "lazy" ? `(?:|${b})` : `(?:${b}|)`;
        }
        const body = this.quantifiable(n.body);
        let q: string;
        if (n.max < 0) q = n.min === 0 ? "*" : n.min === 1 ? "+" : `{${n.min},}`;
        else if (n.min === 0 && n.max === 1) q = "?";
        else if (n.min === n.max) q = `{${n.min}}`;
        else q = `{${n.min},${n.max}}`;
        if (n.mode === "lazy") return `${body}${q}?`;
        if (n.mode === "possessive") {
          // Java's possessive loop keeps each iteration's first match and stops after an empty one, so each
          // iteration is atomic as well as the whole loop.
          const each = n.body.t === "set" ? body : this.atomicGroup(this.node(n.body));
          return this.atomicGroup(`(?:${each})${q}`);
        }
        return body + q;
      }
    }
  }

  atomicGroup(source: string): string {
    const name = `a${++this.aux}`;
    return `(?:(?=(?<${name}>${source}))\\k<${name}>)`;
  }

  quantifiable(n: IR): string {
    if (n.t === "set" || (n.t === "cap" && this.referenced.has(n.name))) return this.node(n);
    if (n.t === "seq" && n.items.length === 0) return "(?:)";
    return `(?:${this.node(n)})`;
  }
}

/**
 * The RegExp source for whole-string matching of `ir` (to use with the `v` flag), or undefined when its
 * character sets alone would be longer than `budget` characters.
 */
export function emitRegExpSource(ir: IR, budget = Number.POSITIVE_INFINITY): string | undefined {
  try {
    return `^(?:${new Emitter(backrefNames(ir, new Set()), budget).node(ir)})$`;
  } catch (e) {
    if (e instanceof TooLong) return undefined;
    throw e;
  }
}
