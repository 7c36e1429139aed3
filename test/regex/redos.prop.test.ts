// The engine choice against an independent ReDoS checker (recheck, a dev dependency used only here): every
// pattern recheck calls vulnerable must stay off the backtracking engine.
import { fc } from "@fast-check/vitest";
import { check, type Diagnostics } from "recheck";
import { describe, expect, it } from "vitest";
import { compileJavaRegex } from "../../src/regex/index.js";
import { javaPattern } from "./arbitraries.js";
import { REDOS_CORPUS, redosShaped } from "./redos-corpus.js";

const SEED = Number(process.env.REDOS_SEED ?? 20261126);
// A long local run: REDOS_PATTERNS=3000 REDOS_FUZZ=1 npx vitest run test/regex/redos.prop.test.ts
const GENERATED = Number(process.env.REDOS_PATTERNS ?? 400);
// recheck decides regular patterns exactly with its automaton checker (fast, deterministic); look-arounds and
// back-references need its fuzzer, which takes seconds a pattern, so CI leaves those to the long run.
const CHECKER = process.env.REDOS_FUZZ ? "auto" : "automaton";

/** The RegExp source we emit for `pattern` on the backtracking engine (undefined when nothing is emitted). */
function emitted(pattern: string): string | undefined {
  return compileJavaRegex(pattern, { engine: "backtracking" }).regex?.toRegExp?.().source;
}

/**
 * recheck's verdict. The emitted source is valid with `u` as well as `v` (recheck does not read `v`). Time limits
 * are off so that verdicts depend on the seed only, never on the machine's load.
 */
function recheck(source: string, checker: "auto" | "automaton" = CHECKER): Promise<Diagnostics> {
  return check(source, "u", {
    checker,
    randomSeed: SEED,
    timeout: null,
    attackTimeout: null,
    incubationTimeout: null,
  });
}

describe("engine choice against recheck", () => {
  it("keeps every pattern recheck calls vulnerable off the backtracking engine", async () => {
    const generated = [
      ...fc.sample(redosShaped, { seed: SEED, numRuns: GENERATED }),
      ...fc.sample(javaPattern, { seed: SEED, numRuns: Math.ceil(GENERATED / 4) }),
    ];
    const onBacktracking = [...new Set([...REDOS_CORPUS, ...generated])].filter(
      (p) => compileJavaRegex(p).regex?.engine === "backtracking",
    );
    const wrong: string[] = [];
    let decided = 0;
    for (const p of onBacktracking) {
      const d = await recheck(emitted(p)!);
      if (d.status !== "unknown") decided++;
      if (d.status === "vulnerable") wrong.push(`${p}: ${d.complexity.type} ${d.source}`);
    }
    expect(wrong).toEqual([]);
    // A checker that gave up on most of them would prove nothing.
    expect(decided).toBeGreaterThan(onBacktracking.length * 0.8);
    expect(onBacktracking.length).toBeGreaterThan(GENERATED / 4);
  }, 600_000);

  it("has a corpus that recheck mostly calls vulnerable, so the test above can fail", async () => {
    const sources = REDOS_CORPUS.map(emitted).filter((s): s is string => s !== undefined);
    let vulnerable = 0;
    for (const s of sources) if ((await recheck(s, "automaton")).status === "vulnerable") vulnerable++;
    expect(vulnerable).toBeGreaterThan(REDOS_CORPUS.length / 2);
  }, 600_000);
});
