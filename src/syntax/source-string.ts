// A decoded string value together with where each of its characters came from in the source text.
// Used to put carets on the right column through JSON escapes, colon-form escapes and trimming.
import type { Span } from "../ast.js";

/** A string value read from source text; `offsets[i]` is the source offset of value char `i`. */
export interface SourceString {
  readonly value: string;
  /** Where the characters of the value are in the source (for a JSON string: inside the quotes). */
  readonly span: Span;
  /** Absent when the value is the source slice `span` verbatim (the common case). */
  readonly offsets?: readonly number[];
}

/** Maps a UTF-16 offset inside `s.value` to an offset in the source text (end offsets allowed). */
export function sourceOffset(s: SourceString, valueOffset: number): number {
  if (s.offsets === undefined) return s.span.start + Math.max(0, Math.min(valueOffset, s.value.length));
  if (valueOffset >= s.value.length) return s.span.end;
  return s.offsets[Math.max(0, valueOffset)] ?? s.span.end;
}

/** Maps a span inside `s.value` to a span in the source text; escapes are covered whole. */
export function sourceSpan(s: SourceString, span: Span): Span {
  const start = sourceOffset(s, span.start);
  if (span.end <= span.start) return { start, end: start };
  // The next character's source offset is where this one ends, so \u0041 is covered whole.
  const end = span.end >= s.value.length ? s.span.end : sourceOffset(s, span.end);
  return { start, end: Math.max(start, end) };
}
