import { describe, expect, it } from "vitest";
import type { Dialect } from "../../src/ast.js";
import { applyFixes } from "../../src/fixes.js";
import { safeParse } from "../../src/syntax/parse.js";

// [input, dialect, code, the text under the span, the text after applying every fix]
const CASES: [string, Dialect, string, string, string][] = [
  ['[["hostname","UNIQUE"],]', "marathon", "trailing_comma", ",", '[["hostname","UNIQUE"]]'],
  [
    '[{"fieldName":"rack","operator":"UNIQUE",}]',
    "marathon",
    "trailing_comma",
    ",",
    '[{"fieldName":"rack","operator":"UNIQUE"}]',
  ],
  ["[['hostname','UNIQUE']]", "marathon", "single_quotes", "'hostname'", '[["hostname","UNIQUE"]]'],
  ["[[“hostname”,“UNIQUE”]]", "marathon", "typographic_quotes", "“hostname”", '[["hostname","UNIQUE"]]'],
  [
    '[[\\"hostname\\",\\"UNIQUE\\"]]',
    "marathon",
    "escaped_quotes",
    '\\"hostname\\"',
    '[["hostname","UNIQUE"]]',
  ],
  ['[["rack","GROUP_BY",3]]', "marathon", "number_for_string", "3", '[["rack","GROUP_BY","3"]]'],
  ['[["rack","GROUP_BY",3]]', "dcos-sdk", "number_for_string", "3", '[["rack","GROUP_BY","3"]]'],
  ['[["hostname","UNIQUE"]', "marathon", "missing_bracket", "", '[["hostname","UNIQUE"]]'],
  ['[["hostname","UNIQUE"', "marathon", "missing_bracket", "", '[["hostname","UNIQUE"]]'],
  ["[[hostname,UNIQUE]]", "marathon", "unquoted_string", "hostname", '[["hostname","UNIQUE"]]'],
  ['[["rack","LIKE","\\d+"]]', "marathon", "invalid_escape", "\\d", '[["rack","LIKE","\\\\d+"]]'],
  ['[["hostname","unique"]]', "marathon", "operator_case", '"unique"', '[["hostname","UNIQUE"]]'],
  ['[["hostname","UNIQUE",""]]', "marathon", "unique_with_value", '""', '[["hostname","UNIQUE"]]'],
  ['[["hostname","UNIQEU"]]', "marathon", "unknown_operator", '"UNIQEU"', '[["hostname","UNIQUE"]]'],
  ['[["hostname","UNIQUE","x"]]', "dcos-sdk", "unique_with_value", '"x"', '[["hostname","UNIQUE"]]'],
  ['[{"fieldName":"rack","operator":"UNIQUE","value":null}]', "marathon", "null_element", "x", ""],
  [
    '"[[\\"hostname\\",\\"UNIQUE\\"]]"',
    "marathon",
    "not_a_constraint_list",
    '"[[\\"hostname\\",\\"UNIQUE\\"]]"',
    '[["hostname","UNIQUE"]]',
  ],
  [
    '[{"fieldName":"rack","operator":"MAX_PER","value":"2"}]',
    "dcos-sdk",
    "not_a_constraint_list",
    '{"fieldName":"rack","operator":"MAX_PER","value":"2"}',
    '[["rack","MAX_PER","2"]]',
  ],
];

describe("the mistakes people make", () => {
  it.each(CASES.filter((c) => c[2] !== "null_element"))(
    "%s (%s) is %s with a fix that makes it valid",
    (input, dialect, code, under, fixed) => {
      const r = safeParse(input, { dialect });
      const d = r.diagnostics.find((x) => x.code === code);
      expect(d, JSON.stringify(r.diagnostics)).toBeDefined();
      expect(input.slice(d!.span.start, d!.span.end)).toBe(under);
      expect(d!.fix).toBeDefined();
      let text = input;
      for (let i = 0; i < 5; i++) {
        const next = applyFixes(text, safeParse(text, { dialect }).diagnostics);
        if (next.applied === 0) break;
        text = next.text;
      }
      expect(text).toBe(fixed);
      expect(safeParse(text, { dialect }).ok).toBe(true);
    },
  );

  it("reports every problem of one input in one pass", () => {
    const r = safeParse("[['hostname','unique'],[\"rack\",\"GROUP_BY\",3],]");
    expect(r.diagnostics.map((d) => d.code)).toEqual([
      "single_quotes",
      "single_quotes",
      "operator_case",
      "number_for_string",
      "trailing_comma",
    ]);
  });

  it("never reads text that starts with [ as the colon form, and says what the SDK would do", () => {
    const r = safeParse('["hostname","UNIQUE"],[', { dialect: "dcos-sdk" });
    expect(r.form).not.toBe("colon");
    const note = r.diagnostics.find((d) => d.code === "json_falls_back_to_colon");
    expect(note?.message).toContain("Invalid number of entries in rule. Expected 2 or 3, got 1");
  });

  it("a JSON null value in a pod constraint means no value", () => {
    const r = safeParse('[{"fieldName":"rack","operator":"UNIQUE","value":null}]');
    expect(r.ok).toBe(true);
    expect(r.constraints[0]?.value).toBeUndefined();
  });

  it("a JSON null value in the app form is an error that removes the null", () => {
    const input = '[["rack","CLUSTER",null]]';
    const d = safeParse(input).diagnostics.find((x) => x.code === "null_element");
    expect(input.slice(d!.span.start, d!.span.end)).toBe("null");
    expect(applyFixes(input, [d!]).text).toBe('[["rack","CLUSTER"]]');
  });

  it("puts the caret of an invalid regex inside the value, through JSON escapes", () => {
    const input = '[["rack","LIKE","a\\\\d["]]';
    const d = safeParse(input).diagnostics.find((x) => x.code === "invalid_regex");
    expect(d).toBeDefined();
    expect(d!.span.start).toBeGreaterThanOrEqual(input.indexOf('"a') + 1);
    expect(d!.span.end).toBeLessThanOrEqual(input.lastIndexOf('"'));
  });

  it("keeps colon-form spans on the trimmed, unescaped field", () => {
    const input = " rack :CLUSTER: a\\,b ";
    const c = safeParse(input, { dialect: "dcos-sdk" }).constraints[0]!;
    expect(input.slice(c.fieldSpan.start, c.fieldSpan.end)).toBe("rack");
    expect(input.slice(c.valueSpan!.start, c.valueSpan!.end)).toBe("a\\,b");
    expect(c.value).toBe("a,b");
  });
});
