// yamlNodeLocator: the same node as the yaml package's getIn for every path, without scanning a map per key.
import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { parseDocument } from "yaml";
import { loadInventory } from "../src/agents/inventory.js";
import { yamlNodeLocator } from "../src/yaml-document.js";

const DOC = `a: {b: [1, {c: 2}], b: dup, 1: one}
list: [x, [y, z], {k: v}]
? [complex]
: value
alias: &x {p: 1}
again: *x
"": empty
`;

describe("yamlNodeLocator", () => {
  const doc = parseDocument(DOC, { uniqueKeys: false });
  const find = yamlNodeLocator(doc);
  const step = fc.oneof(
    fc.constantFrom("a", "b", "c", "list", "alias", "again", "p", "", "1", "0", "2", "-1", "1.5", "k"),
    fc.integer({ min: -1, max: 3 }),
  );

  test.prop([fc.array(step, { maxLength: 4 })], { numRuns: 300 })(
    "finds the node getIn finds, on any path",
    (path) => {
      expect(find(path)).toBe(path.length === 0 ? doc.contents : doc.getIn(path, true));
    },
  );

  it("locates one diagnostic for each of 100,000 members of one map", () => {
    // A map's keys are indexed once: scanning the map for each member's path was quadratic.
    const attributes = Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`k${i}`, [1, 2]]));
    const text = JSON.stringify({ agents: [{ hostname: "a1", attributes }] });
    const r = loadInventory(text, "inventory.json");
    expect(r.diagnostics).toHaveLength(100_000);
    const last = r.diagnostics[99_999]!;
    expect(text.slice(last.span.start, last.span.end)).toBe("[1,2]");
    expect(text.slice(last.span.start - 9, last.span.start)).toBe('"k99999":');
  });
});
