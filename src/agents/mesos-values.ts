// The Mesos value text grammar shared by `--attributes`, `--resources` and state JSON strings:
// scalar, ranges (tokenised and coalesced), set or text, with Mesos' own error texts. Never throws.

/** A typed Mesos value, as `values::parse` produces it. */
export type MesosValue =
  | { readonly text: string }
  | { readonly scalar: number }
  | { readonly ranges: readonly (readonly [number, number])[] }
  | { readonly set: readonly string[] };

/** A value that Mesos refuses, with its error text and where in the input the problem is. */
export interface MesosValueError {
  /** Our sentence. */
  readonly message: string;
  /** Mesos' own error text for the same problem (absent for this tool's own limits). */
  readonly upstream?: string;
  /** Offsets into the text given to `parseMesosValue` (end exclusive). */
  readonly start: number;
  readonly end: number;
}

export type MesosValueResult =
  | { readonly ok: true; readonly value: MesosValue }
  | { readonly ok: false; readonly error: MesosValueError };

// boost::lexical_cast<double> reads through a C++ stream: sign, digits with an optional point,
// optional exponent, and nothing else (hex floats, "1e", "1.0e+" are refused).
const DECIMAL = /^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/;
const UNSIGNED = /^\+?[0-9]+$/;
const HEX = /^0[xX][0-9a-fA-F]+$/;
const MIN_NORMAL = 2.2250738585072014e-308;
const UINT64_MAX = 18446744073709551615n;

/**
 * Parses one Mesos value as `values::parse` does: spaces (U+0020) removed, `[..]` ranges, `{..}` sets,
 * finite non-negative numbers as scalars, anything else as text.
 * @example parseMesosValue("[31000-32000, 1-2]") // { ok: true, value: { ranges: [[1, 2], [31000, 32000]] } }
 */
export function parseMesosValue(text: string): MesosValueResult {
  const compact = text.includes(" ") ? text.replaceAll(" ", "") : text;
  if (compact.length === 0) {
    return fail("the value is empty (spaces do not count)", "Expecting non-empty string", 0, text.length);
  }
  if (!balanced(compact, "{", "}") || !balanced(compact, "[", "]") || !balanced(compact, "(", ")")) {
    return fail("brackets do not match", "Mismatched brackets", 0, text.length);
  }
  const bracket = compact.indexOf("[");
  if (bracket === 0) return parseRanges(text, compact);
  if (bracket > 0) {
    const at = originalIndex(text, bracket);
    return fail("a '[' may only open a ranges value, at the very start", "Unexpected '[' found", at, at + 1);
  }
  const brace = compact.indexOf("{");
  if (brace === 0) return { ok: true, value: { set: tokenize(compact, "{},\n").map((t) => t.text) } };
  if (brace > 0) {
    const at = originalIndex(text, brace);
    return fail("a '{' may only open a set value, at the very start", "Unexpected '{' found", at, at + 1);
  }
  if (DECIMAL.test(compact)) {
    const x = Number(compact);
    // Out-of-range numbers fail boost's conversion, infinities and NaN are refused, negatives are
    // not supported: all three stay text. Zero (either sign) and positive normals are scalars.
    if (Number.isFinite(x)) {
      if (x !== 0 && Math.abs(x) < MIN_NORMAL) {
        return fail("subnormal numbers are not supported", "Subnormal values not supported", 0, text.length);
      }
      if (!(x < 0)) return { ok: true, value: { scalar: x } };
    }
  }
  return { ok: true, value: { text: compact } };
}

function parseRanges(text: string, compact: string): MesosValueResult {
  const tokens = tokenize(compact, "[]-,\n");
  if (tokens.length % 2 !== 0) {
    return fail(
      "ranges need pairs of bounds, like [31000-32000,33000-34000]",
      'Expecting one or more "ranges"',
      0,
      text.length,
    );
  }
  const ranges: [number, number][] = [];
  for (let i = 0; i < tokens.length; i += 2) {
    const begin = tokens[i]!;
    const end = tokens[i + 1]!;
    const b = parseUnsigned(begin.text);
    const e = parseUnsigned(end.text);
    if (b === undefined || e === undefined) {
      const bad = b === undefined ? begin : end;
      const at = originalIndex(text, bad.start);
      return fail(
        `range bounds must be non-negative integers, got '${bad.text}'`,
        // Mesos names the begin token of the pair even when the end is the bad one.
        `Expecting non-negative integers in '${begin.text}'`,
        at,
        originalIndex(text, bad.start + bad.text.length - 1) + 1,
      );
    }
    if (b > Number.MAX_SAFE_INTEGER || e > Number.MAX_SAFE_INTEGER) {
      const bad = b > Number.MAX_SAFE_INTEGER ? begin : end;
      const at = originalIndex(text, bad.start);
      return {
        ok: false,
        error: {
          message: `range bound '${bad.text}' is above 2^53-1, the largest integer this tool represents exactly`,
          start: at,
          end: originalIndex(text, bad.start + bad.text.length - 1) + 1,
        },
      };
    }
    ranges.push([b, e]);
  }
  return { ok: true, value: { ranges: coalesceRanges(ranges) } };
}

/** An unsigned 64-bit integer as boost (decimal, optional '+') or stout's hex fallback reads it. */
function parseUnsigned(token: string): number | undefined {
  let big: bigint;
  if (UNSIGNED.test(token)) big = BigInt(token.startsWith("+") ? token.slice(1) : token);
  else if (HEX.test(token)) big = BigInt(`0x${token.slice(2)}`);
  else return undefined;
  if (big > UINT64_MAX) return undefined;
  return Number(big);
}

/**
 * Mesos' coalescing: sort by (begin, end), then merge overlapping and adjacent ranges.
 * @example coalesceRanges([[6, 8], [4, 6]]) // [[4, 8]]
 */
export function coalesceRanges(input: readonly (readonly [number, number])[]): [number, number][] {
  if (input.length === 0) return [];
  const sorted = [...input].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out: [number, number][] = [];
  let current: [number, number] = [sorted[0]![0], sorted[0]![1]];
  for (const [begin, end] of sorted) {
    if (begin === current[0] && end === current[1]) continue;
    if (begin === current[0] && end > current[1]) {
      current[1] = end;
    } else if (begin > current[0]) {
      if (begin <= current[1] + 1) {
        current[1] = Math.max(current[1], end);
      } else {
        out.push(current);
        current = [begin, end];
      }
    }
  }
  out.push(current);
  return out;
}

/** The number of integers the ranges cover (ports in a `[a-b,c-d]` resource). */
export function countRanges(ranges: readonly (readonly [number, number])[]): number {
  let n = 0;
  for (const [b, e] of ranges) if (e >= b) n += e - b + 1;
  return n;
}

interface Token {
  readonly text: string;
  /** Offset in the compact (space-free) string. */
  readonly start: number;
}

/** stout's `strings::tokenize`: split on any delimiter character, dropping empty tokens. */
function tokenize(s: string, delimiters: string): Token[] {
  const tokens: Token[] = [];
  let start = -1;
  for (let i = 0; i <= s.length; i++) {
    const isDelimiter = i === s.length || delimiters.includes(s[i]!);
    if (isDelimiter) {
      if (start >= 0) tokens.push({ text: s.slice(start, i), start });
      start = -1;
    } else if (start < 0) {
      start = i;
    }
  }
  return tokens;
}

function balanced(s: string, open: string, close: string): boolean {
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === open) depth++;
    else if (c === close && --depth < 0) return false;
  }
  return depth === 0;
}

/** Maps an offset in the space-free string back to the original text. */
function originalIndex(text: string, compactIndex: number): number {
  let seen = 0;
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) === 32) continue;
    if (seen === compactIndex) return i;
    seen++;
  }
  return text.length;
}

function fail(message: string, upstream: string, start: number, end: number): MesosValueResult {
  return { ok: false, error: { message, upstream, start, end } };
}
