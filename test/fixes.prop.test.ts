import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import type { Span } from "../src/ast.js";
import type { Fix, TextEdit } from "../src/diagnostics.js";
import { applyFixes } from "../src/fixes.js";

// The rule as first written: scan every taken edit, then apply back to front. Quadratic, obviously right.
const conflicts = (a: Span, b: Span) =>
  (a.start < b.end && b.start < a.end) ||
  a.start === b.start ||
  (a.start === a.end && a.start === b.end) ||
  (b.start === b.end && b.start === a.end);

function reference(text: string, fixes: readonly (Fix | undefined)[]) {
  const taken: TextEdit[] = [];
  let applied = 0;
  for (const fix of fixes) {
    const edits = fix?.edits;
    if (!edits || edits.length === 0) continue;
    if (edits.some((e) => e.span.start < 0 || e.span.end > text.length || e.span.end < e.span.start))
      continue;
    const own = edits.some((e, i) => edits.some((f, j) => i !== j && conflicts(e.span, f.span)));
    if (own || edits.some((e) => taken.some((t) => conflicts(e.span, t.span)))) continue;
    for (const e of edits) taken.push(e);
    applied++;
  }
  taken.sort((a, b) => b.span.start - a.span.start);
  let out = text;
  for (const e of taken) out = out.slice(0, e.span.start) + e.text + out.slice(e.span.end);
  return { text: out, applied };
}

const edit = (length: number) =>
  fc
    .tuple(
      fc.integer({ min: -1, max: length + 1 }),
      fc.integer({ min: 0, max: 4 }),
      fc.string({ maxLength: 3 }),
    )
    .map(([start, width, text]) => ({ span: { start, end: start + width - (width === 4 ? 5 : 0) }, text }));

const input = fc.string({ maxLength: 30 }).chain((text) =>
  fc.tuple(
    fc.constant(text),
    fc.array(
      fc.option(
        fc.record({
          description: fc.constant("fix"),
          edits: fc.array(edit(text.length), { maxLength: 3 }),
        }),
        { nil: undefined },
      ),
      { maxLength: 12 },
    ),
  ),
);

describe("applyFixes", () => {
  test.prop([input], { numRuns: 2000 })(
    "takes and writes exactly the fixes the scanning rule takes",
    (args) => {
      const [text, fixes] = args;
      expect(
        applyFixes(
          text,
          fixes.map((fix) => ({ fix })),
        ),
      ).toEqual(reference(text, fixes));
    },
  );
});
