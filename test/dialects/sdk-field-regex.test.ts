import { describe, expect, it } from "vitest";
import { safeCompile } from "../../src/eval/matcher.js";
import { safeParse } from "../../src/syntax/parse.js";

// dcos-commons compiles `field:.*` while it parses UNIQUE and MAX_PER on an attribute
// (MarathonConstraintParser: RegexMatcher.createAttribute(fieldName, ".*")).
describe("dcos-sdk: a field the SDK compiles as a regex", () => {
  it.each([
    ["a(:MAX_PER:2", "Unclosed group near index 5", { start: 0, end: 2 }],
    ["a(:UNIQUE", "Unclosed group near index 5", { start: 0, end: 2 }],
    ["*:UNIQUE", "Dangling meta character '*' near index 0", { start: 0, end: 1 }],
    ['[["x[","UNIQUE"]]', "Unclosed character class near index 4", { start: 3, end: 5 }],
  ])("%s is invalid at parse time", (text, java, span) => {
    const r = safeParse(text, { dialect: "dcos-sdk" });
    expect(r.ok).toBe(false);
    const [d] = r.diagnostics.filter((x) => x.code === "invalid_regex");
    expect(d?.message).toContain(java);
    expect(d?.message).toContain(`the SDK compiles ${JSON.stringify(`${r.constraints[0]?.field}:.*`)}`);
    expect(d?.span).toEqual(span);
    // Parse and compile agree: what the parser refuses, the evaluator cannot compile either.
    expect(safeCompile(text, { dialect: "dcos-sdk" }).ok).toBe(false);
  });

  it.each([
    "a(:GROUP_BY:2",
    "a(:CLUSTER:x",
    "a(:IS:x",
    "hostname:UNIQUE",
    "@zone:MAX_PER:2",
    "rack.id:UNIQUE",
  ])("%s is not compiled as a regex (or the field is valid)", (text) => {
    expect(safeParse(text, { dialect: "dcos-sdk" }).ok).toBe(true);
  });

  it("leaves Marathon, which never compiles the field, alone", () => {
    expect(safeParse('[["a(","MAX_PER","2"]]').ok).toBe(true);
  });
});
