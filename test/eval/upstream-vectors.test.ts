// Runs all 16,219 requests of eval-upstream.jsonl.gz, each decided by upstream's own code on a JVM,
// through the eval command exactly as written (one request line each), and compares the decision.
import { describe, expect, it } from "vitest";
import { evalCommand } from "../../src/cli/eval.js";
import { fakeIO } from "../helpers/fake-io.js";
import { loadJsonLines } from "../helpers/vectors.js";

interface UpstreamVector {
  readonly id: string;
  readonly dialect: string;
  readonly request: string;
  readonly expect: "accept" | "reject" | "error";
}

interface Answer {
  readonly accepted?: boolean;
  readonly error?: { readonly diagnostics: readonly { readonly code: string; readonly message: string }[] };
}

/**
 * The Java constructs we refuse rather than approximate (README, "Java regular expressions"): a
 * refusal is allowed by the vectors' README, but only for these, never an opposite answer.
 */
const REFUSED_CONSTRUCTS = ["\\b{g}"];

const vectors = loadJsonLines<UpstreamVector>("eval-upstream.jsonl.gz");

/** Every line answered by one run of the command, in order (a request is one line by construction). */
async function answerAll(): Promise<readonly Answer[]> {
  for (const v of vectors) if (v.request.includes("\n")) throw new Error(`${v.id}: request spans lines`);
  const io = fakeIO({ stdin: vectors.map((v) => v.request).join("\n") });
  await evalCommand([], io);
  const lines = io.stdoutText().trimEnd().split("\n");
  expect(lines.length).toBe(vectors.length);
  return lines.map((l) => JSON.parse(l) as Answer);
}

/** accept / reject / error, or "refused" where we decline to evaluate a Java regex we cannot keep exact. */
function decision(a: Answer): string {
  if (a.error !== undefined) {
    const refusals = a.error.diagnostics.filter((d) => d.code === "regex_untranslatable");
    if (refusals.length === 0) return "error";
    const known = refusals.every((d) => REFUSED_CONSTRUCTS.some((c) => d.message.includes(c)));
    return known ? "refused" : `refused (${refusals.map((d) => d.message).join("; ")})`;
  }
  return a.accepted ? "accept" : "reject";
}

describe("eval-upstream.jsonl.gz", () => {
  it("has the 16,219 vectors its README counts", () => {
    expect(vectors.length).toBe(16219);
  });

  it("gives upstream's decision on every request (a refused regex never counts as an answer)", async () => {
    const answers = await answerAll();
    const wrong: string[] = [];
    let refused = 0;
    vectors.forEach((v, i) => {
      const got = decision(answers[i]!);
      if (got === "refused" && v.expect !== "error") refused++;
      else if (got !== v.expect)
        wrong.push(`${v.id} (${v.dialect}): expected ${v.expect}, got ${got}: ${v.request}`);
    });
    expect(wrong).toEqual([]);
    expect(refused).toBeLessThanOrEqual(20);
  });
});
