import { describe, expect, it } from "vitest";
import { applyFixes } from "../../src/fixes.js";
import { lint } from "../../src/lint/lint.js";

const text = (rows: unknown[]) => JSON.stringify(rows);

describe("lint on hostile values", () => {
  it("reads a CLUSTER value of 40,000 '(' (no RegExp is built from it)", () => {
    const r = lint({ text: text([["rack", "CLUSTER", "(".repeat(40_000)]]) });
    expect(r.errorCount).toBe(0);
  });

  it("reports every nested class of a long LIKE value, each with a small message", () => {
    // (The regex module evaluates a union of sibling classes recursively: 2,000 keeps it within its stack.)
    const value = `[a${"[b]".repeat(2000)}]`;
    const r = lint({ text: text([["rack", "LIKE", value]]) });
    const nested = r.diagnostics.filter((d) => d.message.startsWith("a class nested in a class"));
    expect(nested).toHaveLength(2000);
    for (const d of nested) expect(d.message.length).toBeLessThan(200);
  });

  it("fixes thousands of glob stars with edits at the stars, all applicable together", () => {
    const value = Array.from({ length: 5000 }, (_, i) => `r${i}-*`).join("|");
    const source = text([["hostname", "LIKE", value]]);
    const r = lint({ text: source });
    const stars = r.diagnostics.filter((d) => d.ruleId === "regex/star-wildcard");
    expect(stars).toHaveLength(5000);
    for (const d of stars) {
      expect(d.suggestions?.[0]?.edits).toEqual([
        { span: { start: d.span.end - 1, end: d.span.end - 1 }, text: "." },
      ]);
    }
    const fixed = applyFixes(
      source,
      stars.map((d) => ({ fix: d.suggestions?.[0] })),
    );
    expect(fixed.applied).toBe(5000);
    expect(fixed.text).toBe(text([["hostname", "LIKE", value.replaceAll("-*", "-.*")]]));
  });
});
