import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import type { Dialect } from "../../src/ast.js";
import { validateRows } from "../../src/dialects/validate.js";
import { colonRows, grammarColonRows } from "../../src/syntax/colon.js";
import { plainColonRows } from "../../src/syntax/colon-plain.js";

// The plain splitter is only a fast path: wherever it answers, it must build the grammar's rows exactly.
const piece = fc.constantFrom(
  ",",
  ":",
  "\\",
  "\\,",
  "\\:",
  "\\\\",
  " ",
  "\t",
  "\n",
  "\u0000",
  "\u0020",
  "\u00a0",
  "\u2028",
  "\ud800",
  "é",
  "a",
  "hostname",
  "@zone",
  "UNIQUE",
  "LIKE",
  "GROUP_BY",
  "IS_NOT",
  "3",
  "us-.*",
  "[",
  '"',
);
const text = fc.oneof(
  fc.array(piece, { maxLength: 24 }).map((ps) => ps.join("")),
  fc.string({ unit: "binary", maxLength: 30 }),
  // Lists that look like real constraints, with padding around every field.
  fc
    .array(
      fc.array(fc.tuple(fc.constantFrom("", " ", "\t "), fc.stringMatching(/^[a-zA-Z0-9_.*@\\-]{0,8}$/)), {
        minLength: 1,
        maxLength: 4,
      }),
      { minLength: 1, maxLength: 4 },
    )
    .map((rows) => rows.map((fields) => fields.map(([pad, f]) => `${pad}${f}${pad}`).join(":")).join(",")),
);

const dialects: readonly Dialect[] = ["marathon", "marathon-1.11", "dcos-sdk"];

describe("colonRows' plain fast path", () => {
  test.prop([text], { numRuns: 600 })("builds exactly the grammar's rows wherever it answers", (t) => {
    const plain = plainColonRows(t);
    if (plain !== undefined) expect(plain).toStrictEqual(grammarColonRows(t));
  });

  test.prop([text], { numRuns: 600 })(
    "gives up exactly where the grammar reads an escaped separator",
    (t) => {
      // An escaped separator is the only thing that makes a field differ from its source slice.
      const escaped = grammarColonRows(t).some((r) => r.entries.some((e) => e.text?.offsets !== undefined));
      expect(plainColonRows(t) === undefined).toBe(escaped);
    },
  );

  test.prop([text, fc.constantFrom(...dialects)], { numRuns: 300 })(
    "leads to the same constraints and diagnostics in every dialect",
    (t, dialect) => {
      expect(validateRows(colonRows(t), dialect)).toStrictEqual(validateRows(grammarColonRows(t), dialect));
    },
  );

  it("splits an escaped backslash before a separator as the grammar does", () => {
    const t = "a\\\\,b:c\\";
    expect(plainColonRows(t)).toStrictEqual(grammarColonRows(t));
    expect(plainColonRows(t)?.map((r) => r.entries.map((e) => e.text?.value))).toEqual([
      ["a\\\\"],
      ["b", "c\\"],
    ]);
  });

  it("leaves an escaped separator to the grammar", () => {
    expect(plainColonRows("rack:LIKE:a\\,b")).toBeUndefined();
    expect(colonRows("rack:LIKE:a\\,b")[0]?.entries[2]?.text?.value).toBe("a,b");
  });
});
