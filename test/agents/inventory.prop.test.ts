// Totality of the inventory and agent readers on arbitrary text and values.
import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import { agentFromInput } from "../../src/agents/agent-input.js";
import { loadInventory } from "../../src/agents/inventory.js";

const inventoryChars = fc.constantFrom(
  ...'agents:- hostname{}[]",;#\n  10.rack:r1 count:3 attributes*&x'.split(""),
);

describe("loadInventory totality", () => {
  test.prop(
    [
      fc.oneof(fc.string(), fc.string({ unit: inventoryChars, maxLength: 80 })),
      fc.constantFrom(undefined, "x.yaml", "x.json", "x.txt"),
    ],
    { numRuns: 1500 },
  )("never throws and keeps every span inside the text", (text, fileName) => {
    const c = loadInventory(text, fileName);
    for (const d of c.diagnostics) {
      expect(d.span.start).toBeGreaterThanOrEqual(0);
      expect(d.span.start).toBeLessThanOrEqual(d.span.end);
      expect(d.span.end).toBeLessThanOrEqual(text.length);
    }
  });

  test.prop([fc.jsonValue()], { numRuns: 500 })("never throws on any JSON document", (value) => {
    const text = JSON.stringify(value) ?? "";
    const c = loadInventory(text, "x.json");
    for (const d of c.diagnostics) expect(d.span.end).toBeLessThanOrEqual(text.length);
  });
});

describe("agentFromInput totality", () => {
  test.prop([fc.anything()], { numRuns: 1000 })(
    "never throws and is ok exactly when there are no errors",
    (value) => {
      const r = agentFromInput(value);
      expect(r.ok).toBe(!r.diagnostics.some((d) => d.severity === "error"));
      expect(r.ok).toBe(r.agent !== undefined);
    },
  );

  test.prop([
    fc.record(
      {
        hostname: fc.string(),
        attributes: fc.oneof(
          fc.string(),
          fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.double(), fc.boolean())),
        ),
        resources: fc.dictionary(
          fc.constantFrom("cpus", "mem", "disk", "gpus", "ports"),
          fc.oneof(fc.double(), fc.string()),
        ),
        count: fc.integer({ min: -2, max: 5 }),
      },
      { requiredKeys: [] },
    ),
  ])("never throws on agent-shaped records", (value) => {
    expect(() => agentFromInput(value)).not.toThrow();
  });
});
