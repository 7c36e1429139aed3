// Renders diagnostics as rustc-style code frames: header, location, source line, carets, notes.
// A long line shows a window around the span, a long span its first and last lines, so each frame
// costs O(width) whatever the text. Pure string building; the caller decides about colour and output.
import { type Diagnostic, LineIndex } from "./diagnostics.js";

/** What a frame shows: a diagnostic, or anything shaped like one whose `code` is another label (a lint rule id). */
export type FramedDiagnostic = Omit<Diagnostic, "code"> & {
  readonly code: string;
  /** The app, pod or option the problem belongs to, shown after the location: `(in /shop/db)`. */
  readonly owner?: string;
};

export interface FormatOptions {
  /** Shown in the `-->` line; default `input`. */
  readonly fileName?: string;
  /** ANSI colours; default false. */
  readonly color?: boolean;
  /** Show the upstream message and fix notes; default true. */
  readonly notes?: boolean;
  /** Source characters shown per line; longer lines show a window around the span (default 120). */
  readonly width?: number;
}

/** A span over more lines than this shows its first two lines, a gap and its last line. */
const MAX_FRAME_LINES = 4;

const isLowSurrogate = (u: number) => u >= 0xdc00 && u <= 0xdfff;

/**
 * The part `[a, b)` of a line of `length` characters to show, at most `width` wide, keeping `from`
 * (the span's first column on this line) in view with some context before it.
 */
function window(text: string, lineStart: number, length: number, from: number, width: number) {
  if (length <= width) return { a: 0, b: length };
  let a = Math.max(0, Math.min(from - Math.floor(width / 3), length - width));
  let b = a + width;
  // Never cut a surrogate pair in half.
  if (a > 0 && isLowSurrogate(text.charCodeAt(lineStart + a))) a++;
  if (b < length && isLowSurrogate(text.charCodeAt(lineStart + b))) b--;
  return { a, b };
}

const ANSI = {
  red: "\x1b[31m",
  yellow: "\x1b[33m",
  cyan: "\x1b[36m",
  blue: "\x1b[34m",
  bold: "\x1b[1m",
  reset: "\x1b[0m",
};

// Tabs would misalign the carets; the frame shows them as single spaces.
const visible = (s: string) => s.replace(/\t/g, " ");

/**
 * Formats diagnostics against the text they refer to, rustc style.
 * @example formatDiagnostics("[[\"a\"]]", safeParse("[[\"a\"]]").diagnostics)
 */
export function formatDiagnostics(
  text: string,
  diagnostics: readonly FramedDiagnostic[],
  options: FormatOptions = {},
): string {
  const index = new LineIndex(text);
  const paint = (code: keyof typeof ANSI, s: string) =>
    options.color ? `${ANSI[code]}${s}${ANSI.reset}` : s;
  const file = options.fileName ?? "input";
  const blocks: string[] = [];
  for (const d of diagnostics) {
    const start = index.position(d.span.start);
    const end = index.position(Math.max(d.span.start, d.span.end));
    const gutter = String(end.line).length;
    const pad = " ".repeat(gutter);
    const color = d.severity === "error" ? "red" : d.severity === "warning" ? "yellow" : "cyan";
    const lines = [
      `${paint(color, paint("bold", `${d.severity}[${d.code}]`))}${paint("bold", `: ${d.message}`)}`,
      `${pad}${paint("blue", "-->")} ${file}:${start.line}:${start.column}${d.owner !== undefined ? ` (in ${d.owner})` : ""}`,
      `${pad} ${paint("blue", "|")}`,
    ];
    const width = Math.max(10, options.width ?? 120);
    const shown =
      end.line - start.line < MAX_FRAME_LINES
        ? Array.from({ length: end.line - start.line + 1 }, (_, k) => start.line + k)
        : [start.line, start.line + 1, -1, end.line];
    for (const line of shown) {
      if (line < 0) {
        lines.push(`${".".repeat(gutter)} ${paint("blue", "|")}`);
        continue;
      }
      const range = index.lineRange(line);
      const length = range.end - range.start;
      const from = Math.min(line === start.line ? start.column - 1 : 0, length);
      const to = Math.min(line === end.line ? end.column - 1 : length, length);
      const { a, b } = window(text, range.start, length, from, width);
      const before = a > 0 ? "…" : "";
      const after = b < length ? "…" : "";
      const src = visible(text.slice(range.start + a, range.start + b));
      const caretFrom = Math.min(Math.max(from, a), b) - a + before.length;
      const caretTo = Math.min(Math.max(to, a), b) - a + before.length;
      lines.push(`${String(line).padStart(gutter)} ${paint("blue", "|")} ${before}${src}${after}`);
      lines.push(
        `${pad} ${paint("blue", "|")} ${" ".repeat(caretFrom)}${paint(color, "^".repeat(Math.max(1, caretTo - caretFrom)))}`,
      );
    }
    if (options.notes !== false) {
      for (const r of d.related ?? []) {
        const p = index.position(r.span.start);
        lines.push(`${pad} ${paint("blue", "=")} note: ${r.message} (${file}:${p.line}:${p.column})`);
      }
      if (d.upstream) lines.push(`${pad} ${paint("blue", "=")} upstream: ${d.upstream}`);
      if (d.fix) lines.push(`${pad} ${paint("blue", "=")} fix: ${d.fix.description}`);
    }
    blocks.push(lines.join("\n"));
  }
  return blocks.join("\n\n");
}
