import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import type { Constraint } from "../../src/ast.js";
import { safeParse } from "../../src/syntax/parse.js";

// Few fields, operators and values, so that repeats are frequent; values include "", "!" and "=".
const rows = fc.array(
  fc.tuple(
    fc.constantFrom("a", "b", "a=b"),
    fc.constantFrom("LIKE", "CLUSTER", "IS"),
    fc.option(fc.constantFrom("", "x", "!", "=x", "LIKE=x"), { nil: undefined }),
  ),
  { maxLength: 12 },
);
const text = (rs: [string, string, string | undefined][]) =>
  JSON.stringify(rs.map(([f, o, v]) => (v === undefined ? [f, o] : [f, o, v])));
const key = (c: Constraint) => JSON.stringify([c.field, c.operator, c.value]);
const dups = (r: ReturnType<typeof safeParse>) =>
  r.diagnostics.filter((d) => d.code === "duplicate_constraint");

describe("duplicate constraints", () => {
  test.prop([rows])("the SDK keeps every row and flags exactly those equal to an earlier one", (rs) => {
    const r = safeParse(text(rs), { dialect: "dcos-sdk" });
    const seen = new Set<string>();
    let expected = 0;
    for (const c of r.constraints) {
      if (seen.has(key(c))) expected++;
      seen.add(key(c));
    }
    expect(dups(r)).toHaveLength(expected);
  });

  test.prop([rows])("Marathon keeps the first of equal constraints and flags the others", (rs) => {
    const r = safeParse(text(rs), { dialect: "marathon" });
    expect(new Set(r.constraints.map(key)).size).toBe(r.constraints.length);
    const sdk = safeParse(text(rs), { dialect: "dcos-sdk" });
    expect(r.constraints.length + dups(r).length).toBe(sdk.constraints.length);
  });

  // Hundreds of rows over a few hundred keys: the hash table grows several times while rows repeat.
  const many = fc.array(
    fc.tuple(
      fc.integer({ min: 0, max: 40 }).map((i) => `f${i}`),
      fc.constantFrom("LIKE", "CLUSTER"),
      fc.option(fc.constantFrom("", "x", "y"), { nil: undefined }),
    ),
    { minLength: 100, maxLength: 300 },
  );

  test.prop([many], { numRuns: 30 })("each repeat points at the first constraint equal to it", (rs) => {
    const r = safeParse(text(rs), { dialect: "dcos-sdk" });
    const first = new Map<string, Constraint>();
    const expected = [];
    for (const c of r.constraints) {
      const f = first.get(key(c));
      if (f === undefined) first.set(key(c), c);
      else expected.push({ span: c.span, related: f.span });
    }
    expect(dups(r).map((d) => ({ span: d.span, related: d.related?.[0]?.span }))).toEqual(expected);
  });
});
