import { describe, expect, it } from "vitest";
import { formatDiagnostics } from "../src/code-frame.js";
import type { Diagnostic } from "../src/diagnostics.js";
import { lint } from "../src/lint/lint.js";

const at = (start: number, end: number, message = "here"): Diagnostic => ({
  severity: "error",
  code: "json_syntax",
  message,
  span: { start, end },
});

describe("formatDiagnostics", () => {
  it("shows a window around the span of a long line", () => {
    const text = `${"a".repeat(300)}XYZ${"b".repeat(300)}`;
    expect(formatDiagnostics(text, [at(300, 303)], { width: 40 })).toMatchInlineSnapshot(`
      "error[json_syntax]: here
       --> input:1:301
        |
      1 | …aaaaaaaaaaaaaXYZbbbbbbbbbbbbbbbbbbbbbbbb…
        |               ^^^"
    `);
  });

  it("shows short lines whole", () => {
    expect(formatDiagnostics('[["a"]]', [at(2, 5)])).toMatchInlineSnapshot(`
      "error[json_syntax]: here
       --> input:1:3
        |
      1 | [["a"]]
        |   ^^^"
    `);
  });

  it("clips carets of a span longer than the window", () => {
    const text = "x".repeat(500);
    const frame = formatDiagnostics(text, [at(10, 490)], { width: 40 });
    expect(frame.split("\n")[3]).toBe(`1 | ${"x".repeat(40)}…`);
    expect(frame.split("\n")[4]).toBe(`  | ${" ".repeat(10)}${"^".repeat(30)}`);
  });

  it("shows the first two and the last line of a span over many lines", () => {
    const text = ["l1", "l2", "l3", "l4", "l5", "l6"].join("\n");
    expect(formatDiagnostics(text, [at(0, text.length)])).toMatchInlineSnapshot(`
      "error[json_syntax]: here
       --> input:1:1
        |
      1 | l1
        | ^^
      2 | l2
        | ^^
      . |
      6 | l6
        | ^^"
    `);
  });

  it("never cuts a surrogate pair at the window's edge", () => {
    const text = "😀".repeat(200);
    const frame = formatDiagnostics(text, [at(200, 202)], { width: 41 });
    const line = frame.split("\n")[3]!;
    // A lone surrogate would be U+FFFD once the frame is written as UTF-8.
    expect(Buffer.from(line, "utf8").toString("utf8")).toBe(line);
  });

  it("does not print a byte-order mark, and counts columns without it", () => {
    const text = "\uFEFF[[hostname]]";
    expect(formatDiagnostics(text, [at(3, 11)])).toMatchInlineSnapshot(`
      "error[json_syntax]: here
       --> input:1:3
        |
      1 | [[hostname]]
        |   ^^^^^^^^"
    `);
  });

  it("renders a one-line 99 KB app with 5,000 findings in output proportional to the findings", () => {
    const rows = Array.from({ length: 5000 }, (_, i) => `["host${i}","unique"]`).join(",");
    const text = `{"id":"/a","constraints":[${rows}]}`;
    expect(text.length).toBeGreaterThan(99_000);
    const r = lint({ text, fileName: "app.json" });
    expect(r.diagnostics.length).toBe(5000);
    const out = formatDiagnostics(
      text,
      r.diagnostics.map((d) => ({ ...d, code: d.ruleId })),
    );
    expect(out.length).toBeLessThan(5000 * 600);
  });
});
