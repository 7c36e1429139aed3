// Applying fixes: non-overlapping text edits, written into the text in one pass, so n fixes on a long
// text cost O(text + n log n). Shared by the parser's users, `lint --fix` and tests; the only place
// edits are applied.
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
 * Edits already taken, sorted by start. They never conflict with each other, so they are disjoint and
 * their ends are sorted too: the only ones a new edit can conflict with are found by binary search.
 */
class TakenEdits {
  readonly edits: TextEdit[] = [];

  /** Whether `span` conflicts with any taken edit. */
  conflictsWith(span: Span): boolean {
    const edits = this.edits;
    // The first taken edit that ends at or after `span.start`; edits before it end earlier and cannot touch.
    let lo = 0;
    let hi = edits.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (edits[mid]!.span.end < span.start) lo = mid + 1;
      else hi = mid;
    }
    for (let k = lo; k < edits.length && edits[k]!.span.start <= span.end; k++) {
      if (conflicts(span, edits[k]!.span)) return true;
    }
    return false;
  }

  add(edit: TextEdit): void {
    const edits = this.edits;
    let k = edits.length;
    // Fixes usually arrive in text order: this is an append.
    while (k > 0 && edits[k - 1]!.span.start > edit.span.start) k--;
    edits.splice(k, 0, edit);
  }
}

/** A fix whose own edits conflict cannot be applied in any well-defined order. */
function selfConsistent(edits: readonly TextEdit[]): boolean {
  if (edits.length < 2) return true;
  const sorted = [...edits].sort((a, b) => a.span.start - b.span.start);
  for (let k = 1; k < sorted.length; k++) if (conflicts(sorted[k - 1]!.span, sorted[k]!.span)) return false;
  return true;
}

/**
 * Applies the safe fixes of the diagnostics to the text. A fix with an edit outside the text, or one
 * that conflicts with an edit already taken, is left out (apply, re-check and repeat to get it).
 * @example applyFixes("[['a','UNIQUE']]", safeParse("[['a','UNIQUE']]").diagnostics).text // '[["a","UNIQUE"]]'
 */
export function applyFixes(
  text: string,
  diagnostics: readonly { readonly fix?: Fix | undefined }[],
): { text: string; applied: number } {
  const taken = new TakenEdits();
  let applied = 0;
  for (const d of diagnostics) {
    const edits = d.fix?.edits;
    if (!edits || edits.length === 0) continue;
    if (edits.some((e) => e.span.start < 0 || e.span.end > text.length || e.span.end < e.span.start))
      continue;
    if (!selfConsistent(edits) || edits.some((e) => taken.conflictsWith(e.span))) continue;
    for (const e of edits) taken.add(e);
    applied++;
  }
  const parts: string[] = [];
  let at = 0;
  for (const e of taken.edits) {
    parts.push(text.slice(at, e.span.start), e.text);
    at = Math.max(at, e.span.end);
  }
  parts.push(text.slice(at));
  return { text: parts.join(""), applied };
}
