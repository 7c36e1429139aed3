import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import { DIALECTS } from "../../src/ast.js";
import { type Diagnostic, hasErrors } from "../../src/diagnostics.js";
import { validateRows } from "../../src/dialects/validate.js";
import { MAX_CONSTRAINT_DEPTH } from "../../src/limits.js";
import { parseJson } from "../../src/syntax/json.js";
import { safeParse } from "../../src/syntax/parse.js";
import { jsonRows } from "../../src/syntax/rows.js";

// safeParse validates the rows of app-form JSON as the strict reader closes them, so that no tree of the
// whole text exists. This is the path it replaces: the whole tree, its rows, then validation.
function throughTheTree(text: string, dialect: (typeof DIALECTS)[number]) {
  const json = parseJson(text, { maxDepth: MAX_CONSTRAINT_DEPTH });
  const r = jsonRows(json.value!);
  const v = validateRows(r.rows, dialect);
  const diagnostics: Diagnostic[] = [...json.diagnostics, ...r.diagnostics, ...v.diagnostics];
  diagnostics.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  return { ok: !hasErrors(diagnostics), form: r.form, constraints: v.constraints, diagnostics };
}

// Few words, so that rows repeat; operators in every case; values that upset each operator.
const word = fc.constantFrom(
  "hostname",
  "@zone",
  "rack",
  "A",
  "",
  "UNIQUE",
  "unique",
  "GROUP_BY",
  "LIKE",
  "UNLIKE",
  "MAX_PER",
  "CLUSTER",
  "IS",
  "IS_NOT",
  "3",
  "-1",
  "us-.*",
  "a(",
  "[A-Z]+",
  "é\n",
);
const entry = fc.oneof({ weight: 8, arbitrary: word }, fc.constantFrom(2, 2.5, true, null, [], {}));
const row = fc.array(entry, { minLength: 0, maxLength: 4 });
const root = fc.array(fc.oneof({ weight: 12, arbitrary: row }, fc.constantFrom("rack", 3, { a: 1 })), {
  minLength: 1,
  maxLength: 40,
});
// Escapes in the text move every later offset apart from the value's: spans must still agree.
const text = fc.tuple(root, fc.constantFrom(undefined, 0, 2), fc.boolean()).map(([r, indent, escaped]) => {
  const t = JSON.stringify(r, null, indent);
  return escaped ? t.replace(/A/g, "\\u0041") : t;
});

describe("safeParse on app-form JSON", () => {
  test.prop([text, fc.constantFrom(...DIALECTS)], { numRuns: 300 })(
    "gives what reading the whole tree and then validating its rows gives",
    (t, dialect) => {
      expect(safeParse(t, { dialect })).toEqual(throughTheTree(t, dialect));
    },
  );
});
