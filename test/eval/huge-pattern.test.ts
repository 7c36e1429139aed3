import { describe, expect, it } from "vitest";
import { safeCompile } from "../../src/eval/matcher.js";
import { lint } from "../../src/lint/lint.js";

// V8 refuses a RegExp over its size limit (and only when first used): the regex module refuses it first.
describe("a LIKE pattern over the RegExp engine's size limit", () => {
  const text = JSON.stringify([["rack", "LIKE", "a".repeat(100_000)]]);

  it("is refused when compiling, so no check throws later", () => {
    const r = safeCompile(text);
    expect(r.ok).toBe(false);
    expect(r.diagnostics.map((d) => d.code)).toEqual(["regex_untranslatable"]);
  });

  it("gives lint's conflict rule no verdict rather than an exception", () => {
    const t = JSON.stringify([
      ["rack", "IS", "b"],
      ["rack", "LIKE", "a".repeat(100_000)],
    ]);
    expect(lint({ text: t }).diagnostics.map((d) => d.ruleId)).toEqual(["regex/like-literal"]);
  });
});
