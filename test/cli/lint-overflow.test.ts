// lint's safety net: a file the linter cannot get through (here: a stack overflow, forced) is named on
// stderr, the other files are still reported, and the run exits 2.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { main } from "../../src/cli/main.js";
import { fakeIO } from "../helpers/fake-io.js";

vi.mock("../../src/lint/lint.js", async (original) => {
  const actual = await original<typeof import("../../src/lint/lint.js")>();
  return {
    ...actual,
    lint: (doc: { text: string; fileName?: string }, options: unknown) => {
      if (doc.text.includes("TOO-DEEP")) throw new RangeError("Maximum call stack size exceeded");
      return actual.lint(doc, options as never);
    },
  };
});

describe("lint safety net", () => {
  it("names a file the linter cannot get through, reports the others and exits 2", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mc-lint-overflow-"));
    writeFileSync(join(dir, "a.json"), '{"id":"/a","constraints":[["hostname","unique"]]}');
    writeFileSync(join(dir, "b.json"), '{"id":"/b","constraints":[["TOO-DEEP","UNIQUE"]]}');
    const io = fakeIO({ cwd: dir });
    expect(await main(["lint", "."], io)).toBe(2);
    expect(io.stderrText()).toBe(
      "marathon-constraints lint: cannot process b.json: it is nested too deeply or is too large (Maximum call stack size exceeded)\n",
    );
    expect(io.stdoutText()).toContain("error[validation/operator_case]");
  });
});
