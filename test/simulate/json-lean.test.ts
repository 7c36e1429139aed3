import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { parseLeanJson } from "../../src/simulate/json-lean.js";
import type { JsonNode } from "../../src/syntax/json.js";
import { parseStrictJson } from "../../src/syntax/json-strict.js";

/** Every field the JsonNode interfaces declare, read through getters, as plain data. */
function plain(node: JsonNode | undefined): unknown {
  if (node === undefined) return undefined;
  const span = { start: node.span.start, end: node.span.end };
  switch (node.kind) {
    case "object":
      return {
        kind: node.kind,
        span,
        members: node.members.map((m) => ({ key: plain(m.key), value: plain(m.value), span: { ...m.span } })),
      };
    case "array":
      return { kind: node.kind, span, elements: node.elements.map(plain) };
    case "string":
      return { kind: node.kind, span, value: node.value, quote: node.quote, text: { ...node.text } };
    case "number":
      return { kind: node.kind, span, value: node.value, raw: node.raw };
    case "boolean":
      return { kind: node.kind, span, value: node.value };
    case "null":
      return { kind: node.kind, span };
  }
}

describe("parseLeanJson", () => {
  test.prop([fc.json({ maxDepth: 4 }), fc.constantFrom(0, 2)], { numRuns: 300 })(
    "builds the strict reader's tree, spans and source maps included",
    (value, indent) => {
      const text = JSON.stringify(JSON.parse(value), null, indent);
      expect(plain(parseLeanJson(text))).toEqual(plain(parseStrictJson(text)));
    },
  );

  test.prop([fc.string({ maxLength: 30 })], { numRuns: 300 })(
    "gives up exactly where the strict reader does",
    (text) => {
      expect(parseLeanJson(text) === undefined).toBe(parseStrictJson(text) === undefined);
    },
  );

  it("keeps escapes' source maps", () => {
    const node = parseLeanJson('{"a\\u0041": "x\\ny"}');
    expect(plain(node)).toEqual(plain(parseStrictJson('{"a\\u0041": "x\\ny"}')));
    expect(
      node?.kind === "object" && node.members[0]!.key.kind === "string" && node.members[0]!.key.value,
    ).toBe("aA");
  });

  it("refuses trailing commas, comments and nesting past its limit", () => {
    expect(parseLeanJson("[1,]")).toBeUndefined();
    expect(parseLeanJson("[1] // x")).toBeUndefined();
    expect(parseLeanJson("[".repeat(600) + "]".repeat(600))).toBeUndefined();
  });
});
