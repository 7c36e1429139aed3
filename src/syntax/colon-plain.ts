// The fast path of colonRows: a hand-written splitter for colon-form text without an escaped separator
// (`\,` or `\:`), building exactly the rows the chevrotain grammar builds (property-tested). On an
// escaped separator it gives up and colonRows runs the grammar, which is the definition of the form.
import type { Span } from "../ast.js";
import type { RawEntry, RawRow } from "./rows.js";

/**
 * One field, source `[start, end)` trimmed as Java's String.trim does (every char <= U+0020). Without
 * an escaped separator every field is its source slice verbatim, so no offset table is needed.
 */
function plainField(text: string, start: number, end: number): RawEntry {
  let a = start;
  let b = end;
  while (a < b && text.charCodeAt(a) <= 0x20) a++;
  while (b > a && text.charCodeAt(b - 1) <= 0x20) b--;
  // An empty (or all-space) field sits where the field starts, as the grammar places it.
  const span: Span = a < b ? { start: a, end: b } : { start, end: start };
  return { kind: "string", text: { value: text.slice(a, b), span }, span };
}

/**
 * Splits colon-form text into rows with exact spans, or undefined when the text holds an escaped
 * separator. `\x` for any other `x`, and a `\` at the very end, are kept whole as the grammar keeps
 * them; an escape is two characters, so `\\,` is an escaped backslash and then a row separator.
 * Never throws.
 */
export function plainColonRows(text: string): RawRow[] | undefined {
  const n = text.length;
  const rows: RawRow[] = [];
  let entries: RawEntry[] = [];
  let fieldStart = 0;
  let i = 0;
  for (;;) {
    // The end of the text closes the last field and row as a ',' would.
    const c = i < n ? text.charCodeAt(i) : 44;
    if (c === 92) {
      const d = text.charCodeAt(i + 1);
      if (d === 44 || d === 58) return undefined;
      i += i + 1 < n ? 2 : 1;
      continue;
    }
    if (c === 44 || c === 58) {
      entries.push(plainField(text, fieldStart, i));
      fieldStart = i + 1;
      if (c === 44) {
        const first = entries[0]!.span.start;
        rows.push({
          form: "colon",
          span: { start: first, end: Math.max(entries[entries.length - 1]!.span.end, first) },
          entries,
        });
        if (i >= n) return rows;
        entries = [];
      }
    }
    i++;
  }
}
