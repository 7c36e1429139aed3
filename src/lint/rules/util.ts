// Helpers shared by lint rules: where a constraint's value characters are in the constraint text,
// edits that rewrite a value or operator in the form it was written, and a light Java-regex scanner.
// No rule logic here.
import type { Constraint, Span } from "../../ast.js";
import type { Fix, TextEdit } from "../../diagnostics.js";
import { decodeJsonContent } from "../../syntax/json.js";
import { type SourceString, sourceSpan } from "../../syntax/source-string.js";

/** Field names both dialects treat specially (never agent attributes). */
export const SPECIAL_FIELDS = new Set(["hostname", "@hostname", "@zone", "@region"]);

export const isAttributeField = (field: string) => !SPECIAL_FIELDS.has(field);

// Rules ask for a value's map once per finding; decoding it each time would make a long value with
// many findings quadratic. Remembered per constraint object (and the text it was read from).
const located = new WeakMap<Constraint, { text: string; value: SourceString | undefined }>();

/** The value's characters with their offsets in the constraint text, when they can be located. */
export function valueString(text: string, c: Constraint): SourceString | undefined {
  const hit = located.get(c);
  if (hit !== undefined && hit.text === text) return hit.value;
  const value = locateValue(text, c);
  located.set(c, { text, value });
  return value;
}

function locateValue(text: string, c: Constraint): SourceString | undefined {
  const span = c.valueSpan;
  if (span === undefined || c.value === undefined) return undefined;
  const raw = text.slice(span.start, span.end);
  if (raw.length >= 2 && raw.startsWith('"') && raw.endsWith('"')) {
    const d = decodeJsonContent(raw.slice(1, -1), span.start + 1);
    if (d.value !== c.value) return undefined;
    const inner = { start: span.start + 1, end: span.end - 1 };
    return d.offsets ? { value: d.value, span: inner, offsets: d.offsets } : { value: d.value, span: inner };
  }
  if (raw === c.value) return { value: raw, span };
  // Colon form: `\,` and `\:` stand for the separator itself; surrounding blanks are trimmed.
  const offsets: number[] = [];
  let value = "";
  for (let i = 0; i < raw.length; i++) {
    if (raw[i] === "\\" && (raw[i + 1] === "," || raw[i + 1] === ":")) {
      value += raw[i + 1];
      offsets.push(span.start + i);
      i++;
    } else {
      value += raw[i];
      offsets.push(span.start + i);
    }
  }
  const lead = value.length - value.trimStart().length;
  const trimmed = value.trim();
  if (trimmed !== c.value) return undefined;
  return {
    value: trimmed,
    span: { start: offsets[lead] ?? span.start, end: span.end - (value.length - value.trimEnd().length) },
    offsets: offsets.slice(lead, lead + trimmed.length),
  };
}

/** A span inside the value (value offsets) as a span in the constraint text; the whole value if unknown. */
export function valuePart(text: string, c: Constraint, part: Span): Span {
  const s = valueString(text, c);
  if (!s) return c.valueSpan ?? c.span;
  return sourceSpan(s, part);
}

/** How a token was written, so a replacement is written the same way. */
function quoteLike(raw: string, value: string): string {
  if (raw.startsWith('"')) return JSON.stringify(value);
  // Colon form: escape the separators so the value stays one entry.
  return value.replace(/[,:]/g, (m) => `\\${m}`);
}

/** An edit that replaces the whole value token with `value`, quoted as the original was. */
export function replaceValueEdit(text: string, c: Constraint, value: string): TextEdit | undefined {
  const span = c.valueSpan;
  if (span === undefined) return undefined;
  const raw = text.slice(span.start, span.end);
  if (!raw.startsWith('"') && raw.trim() !== raw) {
    const lead = raw.length - raw.trimStart().length;
    const trail = raw.length - raw.trimEnd().length;
    return { span: { start: span.start + lead, end: span.end - trail }, text: quoteLike("", value) };
  }
  return { span, text: quoteLike(raw, value) };
}

/** An edit that inserts `raw` before character `at` of the value, escaped as the value is written. */
export function insertInValueEdit(
  text: string,
  c: Constraint,
  at: number,
  raw: string,
): TextEdit | undefined {
  const span = c.valueSpan;
  if (span === undefined || valueString(text, c) === undefined) return undefined;
  const position = valuePart(text, c, { start: at, end: at }).start;
  const quoted = text[span.start] === '"';
  return { span: { start: position, end: position }, text: quoted ? JSON.stringify(raw).slice(1, -1) : raw };
}

/**
 * `s` quoted for a message; a long `s` is shown as a window around offset `at`, so that messages stay
 * short however long the value (a finding per character must not cost a copy of the value each).
 */
export function quoteExcerpt(s: string, at = 0, width = 60): string {
  if (s.length <= width + 20) return JSON.stringify(s);
  let start = Math.max(0, Math.min(at - (width >> 1), s.length - width));
  let end = start + width;
  // Never cut a surrogate pair in half.
  if (start > 0 && isLowSurrogate(s.charCodeAt(start))) start--;
  if (end < s.length && isLowSurrogate(s.charCodeAt(end))) end++;
  return `${start > 0 ? "…" : ""}${JSON.stringify(s.slice(start, end))}${end < s.length ? "…" : ""}`;
}

const isLowSurrogate = (u: number) => u >= 0xdc00 && u <= 0xdfff;

/** An edit that replaces the operator token with `op`. */
export function replaceOperatorEdit(text: string, c: Constraint, op: string): TextEdit {
  const raw = text.slice(c.operatorSpan.start, c.operatorSpan.end);
  if (!raw.startsWith('"')) {
    const lead = raw.length - raw.trimStart().length;
    const trail = raw.length - raw.trimEnd().length;
    return { span: { start: c.operatorSpan.start + lead, end: c.operatorSpan.end - trail }, text: op };
  }
  return { span: c.operatorSpan, text: JSON.stringify(op) };
}

/** An edit that removes the value together with its separator, when the value directly follows the operator. */
export function removeValueEdit(text: string, c: Constraint): TextEdit | undefined {
  const span = c.valueSpan;
  if (span === undefined || span.start < c.operatorSpan.end) return undefined;
  const between = text.slice(c.operatorSpan.end, span.start);
  if (!/^\s*[,:]\s*("value"\s*:\s*)?$/.test(between)) return undefined;
  return { span: { start: c.operatorSpan.end, end: span.end }, text: "" };
}

/** Swaps the field and value tokens (same quoting). */
export function swapEdits(text: string, c: Constraint): TextEdit[] | undefined {
  if (c.valueSpan === undefined || c.value === undefined) return undefined;
  const fieldRaw = text.slice(c.fieldSpan.start, c.fieldSpan.end);
  const valueRaw = text.slice(c.valueSpan.start, c.valueSpan.end);
  if (fieldRaw.startsWith('"') !== valueRaw.startsWith('"')) return undefined;
  return [
    { span: c.fieldSpan, text: quoteLike(fieldRaw, c.value) },
    { span: c.valueSpan, text: quoteLike(valueRaw, c.field) },
  ];
}

/** A fix from edits, or undefined when an edit could not be built. */
export function fixOf(description: string, edits: readonly (TextEdit | undefined)[]): Fix | undefined {
  if (edits.some((e) => e === undefined)) return undefined;
  return { description, edits: edits as TextEdit[] };
}

/** One literal or meta character of a Java regex, as far as these rules need to know. */
export interface RegexAtom {
  readonly index: number;
  /** The character as written (for an escape: the escaped character). */
  readonly char: string;
  readonly escaped: boolean;
  /** Inside a character class `[...]`. */
  readonly inClass: boolean;
  /** Parenthesis depth outside classes. */
  readonly depth: number;
}

/** Splits a Java regex into atoms: escapes, \Q..\E quoting and (nested) classes are understood. */
export function scanRegex(pattern: string): RegexAtom[] {
  const atoms: RegexAtom[] = [];
  let classDepth = 0;
  let depth = 0;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === "\\") {
      const n = pattern[i + 1];
      if (n === "Q") {
        const end = pattern.indexOf("\\E", i + 2);
        const stop = end < 0 ? pattern.length : end;
        for (let k = i + 2; k < stop; k++) {
          atoms.push({ index: k, char: pattern[k]!, escaped: true, inClass: classDepth > 0, depth });
        }
        i = end < 0 ? pattern.length : end + 1;
        continue;
      }
      if (n !== undefined) atoms.push({ index: i, char: n, escaped: true, inClass: classDepth > 0, depth });
      i++;
      // `\p{Alpha}`, `\x{263A}`: the braces belong to the escape, not to a quantifier.
      if (n !== undefined && "pPxN".includes(n) && pattern[i + 1] === "{") {
        const close = pattern.indexOf("}", i + 1);
        i = close < 0 ? pattern.length : close;
      }
      continue;
    }
    if (c === "[") {
      atoms.push({ index: i, char: c, escaped: false, inClass: classDepth > 0, depth });
      classDepth++;
      // A `]` (or `^]`) right after the opening bracket is a literal.
      if (pattern[i + 1] === "^") i++;
      if (pattern[i + 1] === "]") i++;
      continue;
    }
    if (c === "]" && classDepth > 0) {
      classDepth--;
      atoms.push({ index: i, char: c, escaped: false, inClass: classDepth > 0, depth });
      continue;
    }
    if (classDepth === 0 && c === "(") depth++;
    atoms.push({ index: i, char: c, escaped: false, inClass: classDepth > 0, depth });
    if (classDepth === 0 && c === ")") depth = Math.max(0, depth - 1);
  }
  return atoms;
}

const META = /[\\^$.|?*+()[\]{}]/;

/** Whether the pattern uses no regex syntax at all (it can only match itself). */
export function isLiteralPattern(pattern: string): boolean {
  return !META.test(pattern);
}

/** Whether the pattern has a `|` outside any group or class. */
export function hasTopLevelAlternation(pattern: string): boolean {
  return scanRegex(pattern).some((a) => a.char === "|" && !a.escaped && !a.inClass && a.depth === 0);
}

/** The value of a JSON-ish number string, when the whole string reads as a plain decimal number. */
export function plainNumber(value: string): number | undefined {
  if (!/^[+-]?(\d+\.?\d*|\.\d+)$/.test(value)) return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}
