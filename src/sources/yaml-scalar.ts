// Maps each character of a YAML scalar's value back to its offset in the file, through quoting,
// escapes and line folding. Verified against the yaml package's own decoding: on any disagreement the
// caller gets undefined and falls back to whole-scalar spans. Never decides what a scalar means.
import type { SourceString } from "../syntax/source-string.js";

export type ScalarStyle = "PLAIN" | "QUOTE_SINGLE" | "QUOTE_DOUBLE" | "BLOCK_LITERAL" | "BLOCK_FOLDED";

const SIMPLE: Record<string, string> = {
  "0": "\0",
  a: "\x07",
  b: "\b",
  t: "\t",
  "\t": "\t",
  n: "\n",
  v: "\v",
  f: "\f",
  r: "\r",
  e: "\x1b",
  " ": " ",
  '"': '"',
  "/": "/",
  "\\": "\\",
  N: "\u0085",
  _: "\u00a0",
  L: "\u2028",
  P: "\u2029",
};
const HEX_LENGTH: Record<string, number> = { x: 2, u: 4, U: 8 };

const isBlank = (c: string | undefined) => c === " " || c === "\t";
const isBreak = (c: string | undefined) => c === "\n" || c === "\r";

/** Decodes a flow scalar (plain, single- or double-quoted) whose content starts at file offset `base`. */
function decodeFlow(content: string, base: number, style: ScalarStyle): { value: string; offsets: number[] } {
  const out: string[] = [];
  const offsets: number[] = [];
  // Characters before this index came from escapes and survive the trimming at a line break.
  let keep = 0;
  let i = 0;
  while (i < content.length) {
    const c = content[i]!;
    if (isBreak(c)) {
      while (out.length > keep && isBlank(out[out.length - 1])) {
        out.pop();
        offsets.pop();
      }
      const at = base + i;
      let empty = 0;
      let j = i;
      for (;;) {
        j += content[j] === "\r" && content[j + 1] === "\n" ? 2 : 1;
        while (isBlank(content[j])) j++;
        if (isBreak(content[j])) empty++;
        else break;
      }
      if (empty === 0) {
        out.push(" ");
        offsets.push(at);
      } else {
        for (let k = 0; k < empty; k++) {
          out.push("\n");
          offsets.push(at);
        }
      }
      keep = out.length;
      i = j;
      continue;
    }
    if (style === "QUOTE_SINGLE" && c === "'" && content[i + 1] === "'") {
      out.push("'");
      offsets.push(base + i);
      i += 2;
      continue;
    }
    if (style === "QUOTE_DOUBLE" && c === "\\") {
      const n = content[i + 1];
      if (isBreak(n)) {
        // A line continuation: the break and the next line's indentation disappear.
        let j = i + 1;
        j += content[j] === "\r" && content[j + 1] === "\n" ? 2 : 1;
        while (isBlank(content[j])) j++;
        keep = out.length;
        i = j;
        continue;
      }
      if (n !== undefined && n in SIMPLE) {
        out.push(SIMPLE[n]!);
        offsets.push(base + i);
        keep = out.length;
        i += 2;
        continue;
      }
      const len = n === undefined ? undefined : HEX_LENGTH[n];
      if (len !== undefined) {
        const hex = content.slice(i + 2, i + 2 + len);
        if (hex.length === len && /^[0-9a-fA-F]+$/.test(hex)) {
          const s = String.fromCodePoint(Number.parseInt(hex, 16));
          for (const unit of s.split("")) {
            out.push(unit);
            offsets.push(base + i);
          }
          keep = out.length;
          i += 2 + len;
          continue;
        }
      }
    }
    out.push(c);
    offsets.push(base + i);
    i++;
  }
  return { value: out.join(""), offsets };
}

/** Decodes a block scalar's lines (without chomping); folding is checked by the caller. */
function decodeBlock(source: string, base: number): { value: string; offsets: number[] } | undefined {
  const header = /^[|>]([1-9])?[-+]?([1-9])?[ \t]*(#.*)?(\r?\n|$)/.exec(source);
  if (!header) return undefined;
  let i = header[0].length;
  const explicit = header[1] ?? header[2];
  const lines: { start: number; end: number; brk: number }[] = [];
  while (i < source.length) {
    let end = source.indexOf("\n", i);
    const brk = end < 0 ? source.length : end;
    if (end < 0) end = source.length;
    const lineEnd = source[end - 1] === "\r" ? end - 1 : end;
    lines.push({ start: i, end: lineEnd, brk });
    i = end + 1;
  }
  let indent = explicit === undefined ? undefined : Number(explicit);
  if (indent === undefined) {
    for (const l of lines) {
      const text = source.slice(l.start, l.end);
      if (text.trim() !== "") {
        indent = text.length - text.trimStart().length;
        break;
      }
    }
  }
  const out: string[] = [];
  const offsets: number[] = [];
  for (const l of lines) {
    for (let k = l.start + (indent ?? 0); k < l.end; k++) {
      out.push(source[k]!);
      offsets.push(base + k);
    }
    out.push("\n");
    offsets.push(base + l.brk);
  }
  return { value: out.join(""), offsets };
}

/**
 * The value of a YAML scalar with the file offset of each of its characters, or undefined when the
 * decoding here does not reproduce `expected` (the yaml package's value) exactly.
 */
export function yamlScalarString(
  text: string,
  range: readonly [number, number],
  style: ScalarStyle,
  expected: string,
): SourceString | undefined {
  const [start, end] = range;
  const raw = text.slice(start, end);
  let decoded: { value: string; offsets: number[] } | undefined;
  let contentStart = start;
  let contentEnd = end;
  if (style === "PLAIN") {
    decoded = decodeFlow(raw, start, style);
  } else if (style === "QUOTE_SINGLE" || style === "QUOTE_DOUBLE") {
    contentStart = start + 1;
    contentEnd = end - 1;
    decoded = decodeFlow(raw.slice(1, -1), start + 1, style);
  } else {
    decoded = decodeBlock(raw, start);
    if (decoded && style === "BLOCK_FOLDED") {
      // Folding turns some line breaks into spaces, one for one; any other change is not mapped here.
      if (decoded.value.length < expected.length) return undefined;
      for (let k = 0; k < expected.length; k++) {
        const a = expected[k];
        const b = decoded.value[k];
        if (a !== b && !(a === " " && b === "\n")) return undefined;
      }
      decoded = { value: expected, offsets: decoded.offsets.slice(0, expected.length) };
    }
  }
  if (!decoded) return undefined;
  if (decoded.value !== expected) {
    // Chomping keeps a prefix of the decoded lines.
    if (!(style.startsWith("BLOCK") && decoded.value.startsWith(expected))) return undefined;
    decoded = { value: expected, offsets: decoded.offsets.slice(0, expected.length) };
  }
  const last = decoded.offsets[decoded.offsets.length - 1];
  // A block scalar's range runs to the next node; its value ends at its last character.
  if (style.startsWith("BLOCK")) contentEnd = last === undefined ? contentStart : last + 1;
  const span = { start: contentStart, end: contentEnd };
  const verbatim =
    decoded.offsets.every((o, k) => o === contentStart + k) && expected.length === contentEnd - contentStart;
  return verbatim ? { value: expected, span } : { value: expected, span, offsets: decoded.offsets };
}
