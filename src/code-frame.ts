// Renders diagnostics as rustc-style code frames: header, location, source line, carets, notes.
// Pure string building; the caller decides about colour and where the text goes.
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
    for (let line = start.line; line <= end.line; line++) {
      const src = index.lineText(line);
      const from = line === start.line ? start.column - 1 : 0;
      const to = line === end.line ? end.column - 1 : src.length;
      const width = Math.max(1, to - from);
      lines.push(`${String(line).padStart(gutter)} ${paint("blue", "|")} ${visible(src)}`);
      lines.push(`${pad} ${paint("blue", "|")} ${" ".repeat(from)}${paint(color, "^".repeat(width))}`);
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
