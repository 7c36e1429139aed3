import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import { type Dialect, MARATHON_OPERATORS, SDK_OPERATORS } from "../../src/ast.js";
import { parseJson } from "../../src/syntax/json.js";
import { safeParse } from "../../src/syntax/parse.js";
import { colonRepresentable, print } from "../../src/syntax/print.js";

// Strings that stress every form: separators, escapes, quotes, non-ASCII, astral characters.
const tricky = fc.string({
  unit: fc.oneof(
    fc.constantFrom(
      ",",
      ":",
      "\\",
      '"',
      "'",
      "[",
      "]",
      "{",
      "}",
      " ",
      "\t",
      "é",
      "ı",
      "😀",
      "\u2028",
      "\u0085",
    ),
    fc.string({ minLength: 1, maxLength: 1 }),
  ),
  maxLength: 12,
});

const constraintOf = (ops: readonly string[], value: fc.Arbitrary<string>) =>
  fc.record(
    {
      field: tricky.filter((s) => s.length > 0),
      operator: fc.constantFrom(...ops),
      value: fc.option(value, { nil: undefined }),
    },
    { requiredKeys: ["field", "operator"] },
  );

const tuples = (r: ReturnType<typeof safeParse>) =>
  r.constraints.map((c) => (c.value === undefined ? [c.field, c.operator] : [c.field, c.operator, c.value]));
const expected = (cs: readonly { field: string; operator: string; value?: string | undefined }[]) =>
  cs.map((c) => (c.value === undefined ? [c.field, c.operator] : [c.field, c.operator, c.value]));
const key = (c: { field: string; operator: string; value?: string | undefined }) =>
  JSON.stringify([c.field, c.operator, c.value]);

describe("print/parse round trip", () => {
  const marathonList = fc.uniqueArray(constraintOf(MARATHON_OPERATORS, tricky), {
    selector: key,
    maxLength: 5,
  });
  test.prop([marathonList])("app form", (cs) => {
    expect(tuples(safeParse(print(cs, { form: "app" })))).toEqual(expected(cs));
  });
  test.prop([marathonList])("pod form", (cs) => {
    expect(tuples(safeParse(print(cs, { form: "pod" })))).toEqual(expected(cs));
  });
  test.prop([constraintOf(MARATHON_OPERATORS, tricky)])("flat form", (c) => {
    expect(tuples(safeParse(print([c], { form: "flat" })))).toEqual(expected([c]));
  });
  const colonSafe = tricky.filter(colonRepresentable);
  const sdkList = fc.array(
    fc.record(
      {
        field: colonSafe,
        operator: fc.constantFrom(...SDK_OPERATORS),
        value: fc.option(colonSafe, { nil: undefined }),
      },
      { requiredKeys: ["field", "operator"] },
    ),
    { minLength: 1, maxLength: 5 },
  );
  test.prop([sdkList])("colon form (dcos-sdk)", (cs) => {
    expect(tuples(safeParse(print(cs, { form: "colon" }), { dialect: "dcos-sdk", form: "colon" }))).toEqual(
      expected(cs),
    );
  });
  test.prop([marathonList, fc.constantFrom("app", "pod", "colon" as const)])(
    "printing is idempotent",
    (cs, form) => {
      const printable =
        form === "colon" ? cs.filter((c) => [c.field, c.value ?? ""].every(colonRepresentable)) : cs;
      const once = print(printable, { form });
      const reparsed = safeParse(once, form === "colon" ? { form: "colon", dialect: "dcos-sdk" } : {});
      expect(print(reparsed.constraints, { form })).toBe(once);
    },
  );
});

const dialects: Dialect[] = ["marathon", "marathon-1.11", "dcos-sdk"];
const VALID = [
  '[["hostname","UNIQUE"],["rack_id","GROUP_BY","3"],["rack_id","LIKE","rack-[1-3]"]]',
  '[{"fieldName":"rack","operator":"MAX_PER","value":"3"}]',
  '["hostname","UNIQUE"]',
  "hostname:UNIQUE,rack_id:LIKE:rack-[1-3]",
  '[["hostname","LIKE","10.0.0.159|10.0.1.202|10.0.3.3"]]',
];

function checkTotal(text: string, dialect: Dialect) {
  const r = safeParse(text, { dialect });
  for (const d of r.diagnostics) {
    expect(d.span.start).toBeGreaterThanOrEqual(0);
    expect(d.span.end).toBeGreaterThanOrEqual(d.span.start);
    expect(d.span.end).toBeLessThanOrEqual(text.length);
    for (const e of d.fix?.edits ?? []) {
      expect(e.span.start).toBeGreaterThanOrEqual(0);
      expect(e.span.end).toBeLessThanOrEqual(text.length);
    }
  }
  for (const c of r.constraints) {
    for (const s of [c.span, c.fieldSpan, c.operatorSpan, ...(c.valueSpan ? [c.valueSpan] : [])]) {
      expect(s.start).toBeGreaterThanOrEqual(0);
      expect(s.end).toBeLessThanOrEqual(text.length);
    }
  }
  return r;
}

describe("totality", () => {
  test.prop([fc.string({ maxLength: 80 }), fc.constantFrom(...dialects)])(
    "any string: no throw, spans inside",
    (s, d) => {
      checkTotal(s, d);
    },
  );
  test.prop([
    fc.constantFrom(...VALID),
    fc.nat(),
    fc.nat(),
    fc.string({ maxLength: 4 }),
    fc.constantFrom(...dialects),
  ])("mutations of valid inputs: no throw, spans inside", (text, a, b, insert, d) => {
    const i = a % (text.length + 1);
    const j = i + (b % 4);
    checkTotal(text.slice(0, i) + insert + text.slice(j), d);
  });
  test.prop([fc.constantFrom(...VALID.slice(0, 4))])("valid inputs give no errors", (text) => {
    expect(checkTotal(text, "marathon").ok).toBe(true);
  });
});

describe("parseJson totality", () => {
  // JSON punctuation and every mistake the grammar knows, densely: nesting and recovery paths.
  const punctuation = fc.string({
    unit: fc.constantFrom("[", "]", "{", "}", ",", ":", '"', "\\", "1", "a", " ", "'", "\u201c", "\n"),
    maxLength: 16,
  });
  test.prop([punctuation], { numRuns: 3000 })("never throws, and every span lies inside the text", (text) => {
    const r = parseJson(text);
    for (const d of r.diagnostics) {
      expect(d.span.start).toBeGreaterThanOrEqual(0);
      expect(d.span.end).toBeGreaterThanOrEqual(d.span.start);
      expect(d.span.end).toBeLessThanOrEqual(text.length);
    }
  });
});
