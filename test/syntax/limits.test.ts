import { describe, expect, it } from "vitest";
import { LineIndex } from "../../src/diagnostics.js";
import { MAX_CONSTRAINT_DEPTH, MAX_DOCUMENT_DEPTH } from "../../src/limits.js";
import { parseJson, parseTolerantJson } from "../../src/syntax/json.js";
import { parseStrictJson } from "../../src/syntax/json-strict.js";
import { safeParse } from "../../src/syntax/parse.js";

const limitAt = (diagnostics: readonly { code: string; span: { start: number; end: number } }[]) =>
  diagnostics.filter((d) => d.code === "limit_exceeded").map((d) => d.span);

describe("nesting limits", () => {
  it.each([1000, 100_000])("refuses %i unclosed '[' at the opener that crosses the constraint limit", (n) => {
    const r = safeParse("[".repeat(n));
    expect(r.ok).toBe(false);
    expect(limitAt(r.diagnostics)).toEqual([{ start: MAX_CONSTRAINT_DEPTH, end: MAX_CONSTRAINT_DEPTH + 1 }]);
  });

  it("refuses deep but well-formed JSON the same way", () => {
    const n = 5000;
    const r = safeParse(`${"[".repeat(n)}${"]".repeat(n)}`);
    expect(limitAt(r.diagnostics)).toEqual([{ start: MAX_CONSTRAINT_DEPTH, end: MAX_CONSTRAINT_DEPTH + 1 }]);
  });

  it("counts objects as levels too, and names the level in the message", () => {
    const text = '{"a":'.repeat(200);
    const [d] = safeParse(text).diagnostics.filter((x) => x.code === "limit_exceeded");
    expect(d?.span).toEqual({ start: 5 * MAX_CONSTRAINT_DEPTH, end: 5 * MAX_CONSTRAINT_DEPTH + 1 });
    expect(d?.message).toContain(`deeper than ${MAX_CONSTRAINT_DEPTH} levels`);
  });

  it("reads nesting right at the limit", () => {
    const text = `${"[".repeat(MAX_CONSTRAINT_DEPTH)}${"]".repeat(MAX_CONSTRAINT_DEPTH)}`;
    expect(limitAt(safeParse(text).diagnostics)).toEqual([]);
  });

  it("gives documents their own, larger limit", () => {
    const ok = `${"[".repeat(MAX_DOCUMENT_DEPTH)}${"]".repeat(MAX_DOCUMENT_DEPTH)}`;
    expect(parseJson(ok).diagnostics).toEqual([]);
    const deep = `${"[".repeat(MAX_DOCUMENT_DEPTH + 1)}${"]".repeat(MAX_DOCUMENT_DEPTH + 1)}`;
    expect(parseJson(deep).value).toBeUndefined();
    expect(limitAt(parseJson(deep).diagnostics)).toEqual([
      { start: MAX_DOCUMENT_DEPTH, end: MAX_DOCUMENT_DEPTH + 1 },
    ]);
  });

  it("does not count closers that do not match, as the grammar's recovery skips them", () => {
    // `]` cannot close `{`: the parser stays inside the object, so the next `[` is a level deeper.
    const text = `${"{]".repeat(MAX_CONSTRAINT_DEPTH)}[`;
    expect(limitAt(parseTolerantJson(text, { maxDepth: MAX_CONSTRAINT_DEPTH }).diagnostics)).toEqual([
      { start: text.length - 1, end: text.length },
    ]);
  });

  it("reads the strict fast path without recursion at any depth", () => {
    const n = 200_000;
    expect(parseStrictJson(`${"[".repeat(n)}${"]".repeat(n)}`)?.kind).toBe("array");
    expect(parseStrictJson(`${"[".repeat(10)}${"]".repeat(10)}`, 9)).toBeUndefined();
  });
});

describe("large inputs", () => {
  it("reads 100,000 stray colons and closers in one list without overflowing the stack", () => {
    // chevrotain's repetition recovery recursed once per re-sync; the grammar now reads strays itself.
    for (const text of [`[${"a:".repeat(100_000)}]`, `{${"]".repeat(100_000)}}`]) {
      const r = parseJson(text);
      expect(r.value?.span).toEqual({ start: 0, end: text.length });
      expect(r.diagnostics.some((d) => d.code === "unexpected_token")).toBe(true);
    }
  });

  it("reports 150,000 stray commas without overflowing the stack", () => {
    const text = `[${",".repeat(150_000)}]`;
    const r = safeParse(text);
    expect(r.ok).toBe(false);
    expect(r.diagnostics.length).toBeGreaterThan(100_000);
  });
});

describe("spans", () => {
  it("keeps a recovered member value out of the tree", () => {
    const r = parseJson('{"a":\\N{{"b":1}}');
    const a = r.value?.kind === "object" ? r.value.members[0] : undefined;
    expect(a?.key.span).toEqual({ start: 1, end: 4 });
    expect(a?.value).toBeUndefined();
  });

  it("keeps a recovered object's span inside the text", () => {
    const text = "[{\\]";
    for (const d of safeParse(text).diagnostics) {
      expect(d.span.start).toBeGreaterThanOrEqual(0);
      expect(d.span.end).toBeGreaterThanOrEqual(d.span.start);
      expect(d.span.end).toBeLessThanOrEqual(text.length);
    }
  });
});

describe("byte-order mark", () => {
  const text = '\uFEFF[["hostname","UNIQUE"]]';

  it("is skipped by the constraint parser, with offsets into the text as given", () => {
    const r = safeParse(text);
    expect(r.ok).toBe(true);
    expect(r.constraints[0]?.fieldSpan).toEqual({ start: 3, end: 13 });
  });

  it("is skipped by both JSON readers", () => {
    expect(parseJson(text).diagnostics).toEqual([]);
    expect(parseTolerantJson(text).diagnostics).toEqual([]);
    expect(parseJson(`\uFEFF[1,]`).diagnostics.map((d) => d.code)).toEqual(["trailing_comma"]);
  });

  it("counts as the SDK's empty text when nothing else is there", () => {
    expect(safeParse("\uFEFF[]", { dialect: "dcos-sdk" }).form).toBe("empty");
    expect(safeParse("\uFEFFhostname:UNIQUE", { dialect: "dcos-sdk" }).constraints[0]?.field).toBe(
      "hostname",
    );
  });

  it("takes no column: the first visible character is line 1, column 1", () => {
    const index = new LineIndex(text);
    expect(index.position(1)).toEqual({ line: 1, column: 1 });
    expect(index.position(0)).toEqual({ line: 1, column: 1 });
    expect(index.lineText(1)).toBe(text.slice(1));
    expect(index.offset({ line: 1, column: 1 })).toBe(1);
  });
});
