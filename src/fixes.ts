// Applying fixes: non-overlapping text edits, applied back to front so offsets stay valid.
import type { Diagnostic, TextEdit } from "./diagnostics.js";

/**
 * Applies the fixes of the diagnostics to the text. Edits that overlap an edit already taken are
 * left out (run again to apply them); returns the new text and how many fixes were applied.
 */
export function applyFixes(
  text: string,
  diagnostics: readonly Diagnostic[],
): { text: string; applied: number } {
  const taken: TextEdit[] = [];
  let applied = 0;
  for (const d of diagnostics) {
    const edits = d.fix?.edits;
    if (!edits || edits.length === 0) continue;
    const overlaps = edits.some((e) =>
      taken.some(
        (t) =>
          (e.span.start < t.span.end && t.span.start < e.span.end) ||
          (e.span.start === e.span.end && e.span.start === t.span.start && t.span.start === t.span.end),
      ),
    );
    if (overlaps) continue;
    taken.push(...edits);
    applied++;
  }
  taken.sort((a, b) => b.span.start - a.span.start || b.span.end - a.span.end);
  let out = text;
  for (const e of taken) out = out.slice(0, e.span.start) + e.text + out.slice(e.span.end);
  return { text: out, applied };
}
