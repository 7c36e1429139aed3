import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import { LineIndex } from "../../src/diagnostics.js";
import { applyFixes } from "../../src/fixes.js";
import { lint } from "../../src/lint/lint.js";

const fileName = fc.constantFrom(undefined, "a.json", "a.txt", "a.yml");
const token = fc.constantFrom(
  "hostname",
  "rack",
  "@zone",
  "unique",
  "UNIQUE",
  "LIKE",
  "CLUSTER",
  "GROUP_BY",
  "MAX_PER",
  "IS",
  "1",
  "0",
  "rack-*",
  "10.0.0.1|10.0.0.2",
  "a|b",
  "*",
  "",
  "true",
);
const ws = fc.constantFrom("", " ", "\n");
/** Constraint-ish JSON with the usual slips: quotes missing, commas doubled or trailing, brackets cut. */
const sloppy = fc
  .array(
    fc.tuple(
      fc.array(fc.tuple(token, fc.constantFrom('"', "'", "")), { minLength: 1, maxLength: 4 }),
      ws,
      fc.constantFrom(",", ",,", ""),
    ),
    {
      maxLength: 4,
    },
  )
  .map(
    (rows) =>
      `[${rows.map(([es, w, sep]) => `[${es.map(([t, q]) => `${q}${t}${q}`).join(",")}]${w}${sep}`).join("")}]`,
  );

const options = fc.constantFrom<{ dialect?: "marathon" | "marathon-1.11" | "dcos-sdk" }>(
  {},
  { dialect: "marathon-1.11" },
  { dialect: "dcos-sdk" },
);

describe("lint on any input", () => {
  test.prop([fc.string({ maxLength: 200 }), fileName, options])(
    "never throws; positions agree with spans",
    (text, name, opts) => {
      const r = lint(name ? { text, fileName: name } : { text }, opts);
      const index = new LineIndex(text);
      for (const d of r.diagnostics) {
        expect(d.span.start).toBeGreaterThanOrEqual(0);
        expect(d.span.end).toBeLessThanOrEqual(text.length);
        expect(d.span.start).toBeLessThanOrEqual(d.span.end);
        expect(index.position(d.span.start)).toEqual({ line: d.line, column: d.column });
      }
    },
  );

  test.prop([sloppy, options])("safe fixes reach a fixed point within ten passes", (text, opts) => {
    let current = text;
    let passes = 0;
    for (; passes < 10; passes++) {
      const next = applyFixes(current, lint({ text: current }, opts).diagnostics).text;
      if (next === current) break;
      current = next;
    }
    expect(passes).toBeLessThan(10);
  });

  test.prop([sloppy, options])(
    "the app-JSON host reports what the bare text reports, shifted",
    (text, opts) => {
      const prefix = '{"id": "/x", "constraints": ';
      const bare = lint({ text }, opts).diagnostics.filter((d) => !d.ruleId.startsWith("syntax/"));
      const hosted = lint({ text: `${prefix}${text}}`, fileName: "app.json" }, opts).diagnostics.filter(
        (d) => !d.ruleId.startsWith("syntax/") && !d.ruleId.startsWith("conflicts/spread"),
      );
      // A broken host may cut the constraints differently; compare only when the host parses cleanly.
      if (
        lint({ text: `${prefix}${text}}`, fileName: "app.json" }, opts).diagnostics.some((d) =>
          d.ruleId.startsWith("syntax/"),
        )
      )
        return;
      expect(hosted.map((d) => [d.ruleId, d.span.start - prefix.length, d.span.end - prefix.length])).toEqual(
        bare
          .filter((d) => !d.ruleId.startsWith("conflicts/spread"))
          .map((d) => [d.ruleId, d.span.start, d.span.end]),
      );
    },
  );
});
