import { describe, expect, it } from "vitest";
import { findConstraintSources } from "../../src/sources/index.js";
import { coarseSource } from "../../src/sources/source.js";
import { yamlScalarString } from "../../src/sources/yaml-scalar.js";

/** The source for the only pod's placement, and the file text of value characters [start, end). */
function placement(yaml: string) {
  const text = `pods:\n  p:\n    placement: ${yaml}\n`;
  const s = findConstraintSources(text, "svc.yml").sources[0]!;
  return {
    value: s.text,
    at: (start: number, end: number) => {
      const span = s.mapSpan({ start, end });
      return text.slice(span.start, span.end);
    },
    encode: (t: string) => s.encode(t),
  };
}

describe("YAML scalar offsets", () => {
  it("maps a plain scalar one to one", () => {
    const p = placement("hostname:LIKE:srv.*");
    expect(p.value).toBe("hostname:LIKE:srv.*");
    expect(p.at(14, 19)).toBe("srv.*");
  });

  it("maps a single-quoted scalar through its doubled quotes", () => {
    const p = placement("'[[''rack'', \"IS\", \"a\"]]'");
    expect(p.value).toBe(`[['rack', "IS", "a"]]`);
    expect(p.at(2, 8)).toBe("''rack''");
    expect(p.encode("it's")).toBe("it''s");
  });

  it("maps a double-quoted scalar through its escapes", () => {
    const p = placement('"[[\\"rack\\", \\"LIKE\\", \\"r\\\\d\\"]]"');
    expect(p.value).toBe('[["rack", "LIKE", "r\\d"]]');
    expect(p.at(2, 8)).toBe('\\"rack\\"');
    expect(p.at(20, 22)).toBe("\\\\d");
  });

  it("maps a multi-line plain scalar through its folding", () => {
    const text = "pods:\n  p:\n    placement: hostname:UNIQUE,\n      rack:GROUP_BY\n";
    const s = findConstraintSources(text, "svc.yml").sources[0]!;
    expect(s.text).toBe("hostname:UNIQUE, rack:GROUP_BY");
    const span = s.mapSpan({ start: 17, end: 30 });
    expect(text.slice(span.start, span.end)).toBe("rack:GROUP_BY");
  });

  it("maps a literal block scalar line by line", () => {
    const text =
      'pods:\n  p:\n    placement: |\n      [["hostname", "UNIQUE"],\n       ["rack", "IS", "a"]]\n';
    const s = findConstraintSources(text, "svc.yml").sources[0]!;
    expect(s.text).toBe('[["hostname", "UNIQUE"],\n ["rack", "IS", "a"]]\n');
    const start = s.text.indexOf('"rack"');
    const span = s.mapSpan({ start, end: start + 6 });
    expect(text.slice(span.start, span.end)).toBe('"rack"');
    expect(s.encode("a\nb")).toBeUndefined();
  });

  it("refuses fixes a plain scalar cannot hold", () => {
    const p = placement("hostname:UNIQUE");
    expect(p.encode("a: b")).toBeUndefined();
    expect(p.encode("UNIQUE")).toBe("UNIQUE");
  });

  it("maps a folded block scalar, whose line breaks become spaces", () => {
    const text = "pods:\n  p:\n    placement: >\n      hostname:UNIQUE,\n      rack:GROUP_BY\n";
    const s = findConstraintSources(text, "svc.yml").sources[0]!;
    expect(s.text).toBe("hostname:UNIQUE, rack:GROUP_BY\n");
    const span = s.mapSpan({ start: 17, end: 30 });
    expect(text.slice(span.start, span.end)).toBe("rack:GROUP_BY");
  });

  it("gives up (undefined) when its decoding disagrees with the YAML library's", () => {
    const text = "'a''b'";
    expect(yamlScalarString(text, [0, 6], "QUOTE_SINGLE", "a'b")?.offsets).toEqual([1, 2, 4]);
    expect(yamlScalarString(text, [0, 6], "QUOTE_SINGLE", "ab")).toBeUndefined();
  });

  it("falls back to whole-scalar spans without fixes", () => {
    const s = coarseSource("x:UNIQUE", { start: 10, end: 20 }, { dialect: "dcos-sdk", path: "/p" });
    expect(s.mapSpan({ start: 2, end: 4 })).toEqual({ start: 10, end: 20 });
    expect(s.encode("UNIQUE")).toBeUndefined();
  });
});
