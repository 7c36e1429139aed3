// Applying fixes: non-overlapping text edits, applied back to front so offsets stay valid.
// Shared by the parser's users, `lint --fix` and tests; the only place edits are applied.
import type { Span } from "./ast.js";
import type { Fix, TextEdit } from "./diagnostics.js";

// Two edits conflict when they overlap, start at the same place, or one inserts where the other ends:
// applying both would leave their order to chance.
const conflicts = (a: Span, b: Span) =>
  (a.start < b.end && b.start < a.end) ||
  a.start === b.start ||
  (a.start === a.end && a.start === b.end) ||
  (b.start === b.end && b.start === a.end);

/**
 * Applies the safe fixes of the diagnostics to the text. A fix with an edit outside the text, or one
 * that conflicts with an edit already taken, is left out (apply, re-check and repeat to get it).
 * @example applyFixes("[['a','UNIQUE']]", safeParse("[['a','UNIQUE']]").diagnostics).text // '[["a","UNIQUE"]]'
 */
export function applyFixes(
  text: string,
  diagnostics: readonly { readonly fix?: Fix | undefined }[],
): { text: string; applied: number } {
  const taken: TextEdit[] = [];
  let applied = 0;
  for (const d of diagnostics) {
    const edits = d.fix?.edits;
    if (!edits || edits.length === 0) continue;
    if (edits.some((e) => e.span.start < 0 || e.span.end > text.length || e.span.end < e.span.start))
      continue;
    if (edits.some((e) => taken.some((t) => conflicts(e.span, t.span)))) continue;
    taken.push(...edits);
    applied++;
  }
  taken.sort((a, b) => b.span.start - a.span.start);
  let out = text;
  for (const e of taken) out = out.slice(0, e.span.start) + e.text + out.slice(e.span.end);
  return { text: out, applied };
}
