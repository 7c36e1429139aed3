import { describe, expect, it } from "vitest";
import { applyFixes } from "../../src/fixes.js";
import { lint } from "../../src/lint/lint.js";

describe("lint", () => {
  it("reports in file lines and columns, 1-based, end exclusive", () => {
    const text = '{\r\n  "id": "/a",\r\n  "constraints": [["hostname", "unique"]]\r\n}\r\n';
    const [d] = lint({ text, fileName: "a.json" }).diagnostics;
    expect(d).toMatchObject({
      ruleId: "validation/operator_case",
      line: 3,
      column: 32,
      endLine: 3,
      endColumn: 40,
    });
    expect(d?.path).toBe("/constraints");
    expect(d?.owner).toBe("/a");
  });

  it("counts errors, warnings and safe fixes", () => {
    const r = lint({ text: '[["hostname","unique"],["rack","MAX_PER","1"],["rack","LIKE","r-*"]]' });
    expect([r.errorCount, r.warningCount, r.infoCount, r.fixableCount]).toEqual([1, 2, 0, 2]);
  });

  it("turns rules off or changes their severity", () => {
    const text = '[["rack","MAX_PER","1"],["hostname","unique"]]';
    const r = lint(
      { text },
      { rules: { "values/max-per-below-two": "off", "validation/operator_case": "warning" } },
    );
    expect(r.diagnostics.map((d) => [d.ruleId, d.severity])).toEqual([
      ["validation/operator_case", "warning"],
    ]);
  });

  it("lets a dialect override what the host implies", () => {
    const text = '{"kubernetes": {"node_placement": "[[\\"hostname\\", \\"unique\\"]]"}}';
    expect(lint({ text, fileName: "o.json" }).diagnostics).toEqual([]);
    const r = lint({ text, fileName: "o.json" }, { dialect: "marathon" });
    expect(r.diagnostics.map((d) => d.ruleId)).toEqual(["validation/operator_case"]);
  });

  it("reports a JSON mistake inside an app's constraints once", () => {
    const text = '{"id": "/a", "constraints": [["hostname", "UNIQUE"],]}';
    const r = lint({ text, fileName: "a.json" });
    expect(r.diagnostics.map((d) => d.ruleId)).toEqual(["syntax/trailing_comma"]);
  });

  it("re-escapes fixes inside options.json strings", () => {
    const text = '{"kubernetes": {"node_placement": "[[\\"@zone\\", \\"GROUP_BY\\", 3]]"}}';
    const r = lint({ text, fileName: "o.json" });
    const d = r.diagnostics.find((x) => x.ruleId === "validation/number_for_string")!;
    expect(d.fix?.edits).toEqual([{ span: { start: 62, end: 63 }, text: '\\"3\\"' }]);
    const fixed = applyFixes(text, r.diagnostics).text;
    expect(JSON.parse(fixed).kubernetes.node_placement).toBe('[["@zone", "GROUP_BY", "3"]]');
    expect(lint({ text: fixed, fileName: "o.json" }).diagnostics).toEqual([]);
  });

  it("writes fixes in YAML single quotes", () => {
    const text = 'pods:\n  p:\n    placement: \'[["rack", "LIKE", "a|b"]]\'\n';
    const fixed = applyFixes(text, lint({ text, fileName: "s.yml" }).diagnostics).text;
    expect(fixed).toBe('pods:\n  p:\n    placement: \'[["rack", "LIKE", "(a|b)"]]\'\n');
  });

  it("never applies suggestions", () => {
    const text = '[["true","CLUSTER","dns"]]';
    const r = lint({ text });
    expect(r.diagnostics[0]?.suggestions).toHaveLength(1);
    expect(applyFixes(text, r.diagnostics).text).toBe(text);
  });

  it("leaves overlapping fixes for the next pass", () => {
    const text = "abcdef";
    const fix = (start: number, end: number, t: string) => ({
      fix: { description: t, edits: [{ span: { start, end }, text: t }] },
    });
    expect(applyFixes(text, [fix(0, 3, "X"), fix(2, 4, "Y"), fix(4, 6, "Z")]).text).toBe("XdZ");
  });

  it("ignores edits outside the text", () => {
    const fix = { fix: { description: "bad", edits: [{ span: { start: 5, end: 9 }, text: "" }] } };
    expect(applyFixes("abc", [fix]).text).toBe("abc");
  });

  it("lints a 1,000-app group, each finding at its own app", () => {
    const apps = Array.from({ length: 1000 }, (_, i) => ({
      id: `/g/app-${i}`,
      instances: 2,
      cmd: "sleep 100",
      constraints: i % 2 === 0 ? [["hostname", "unique"]] : [["rack", "GROUP_BY", "2"]],
    }));
    const text = JSON.stringify({ id: "/g", apps }, null, 2);
    const r = lint({ text, fileName: "g.json" });
    expect(r.sources.length).toBe(1000);
    expect(r.diagnostics.length).toBe(500);
    // Every finding points at its own app's operator, not at the first app sharing the text.
    const last = r.diagnostics[r.diagnostics.length - 1]!;
    expect(last.owner).toBe("/g/app-998");
    expect(text.slice(last.span.start, last.span.end)).toBe('"unique"');
  });

  it("never throws on odd documents", () => {
    for (const text of [
      "",
      "{",
      "[",
      "pods:\n  - x",
      "\u0000",
      '{"apps": 3}',
      "null",
      "[[[[[[[[[[",
      '{"constraints": "x"}',
    ]) {
      expect(() => lint({ text, fileName: "x.json" })).not.toThrow();
      expect(() => lint({ text })).not.toThrow();
    }
  });
});
