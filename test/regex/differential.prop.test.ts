// Differential test against the JDK: generated patterns and inputs, java.util.regex as the oracle.
// Every case we do not refuse must agree with Java on validity and on String.matches; skipped visibly without Java.
import { fc } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { compileJavaRegex } from "../../src/regex/index.js";
import { javaInput, javaPattern, likelyMatches } from "./arbitraries.js";
import { askJava, hasJava, javaError } from "./java-oracle.js";

const SEED = Number(process.env.REGEX_DIFF_SEED ?? 20261125);
const PATTERNS = Number(process.env.REGEX_DIFF_PATTERNS ?? 1500);
const INPUTS_PER_PATTERN = 8;

interface Row {
  readonly pattern: string;
  readonly inputs: readonly string[];
}

function sampleRows(): Row[] {
  const pairs = fc.sample(
    fc.tuple(
      javaPattern,
      fc.array(javaInput, { minLength: INPUTS_PER_PATTERN, maxLength: INPUTS_PER_PATTERN }),
    ),
    {
      seed: SEED,
      numRuns: PATTERNS,
    },
  );
  return pairs.map(([pattern, inputs], i) => ({
    pattern,
    inputs: [...inputs, ...likelyMatches(pattern, 4, SEED + i)],
  }));
}

describe("java regex differential (JDK oracle)", () => {
  it.skipIf(!hasJava)(
    "agrees with java.util.regex on validity, error text and index, and matching for generated patterns (needs java and javac on PATH)",
    () => {
      const rows = sampleRows();
      const questions = rows.flatMap((r) => [
        { pattern: r.pattern },
        ...r.inputs.map((input) => ({ pattern: r.pattern, input })),
      ]);
      const answers = askJava(questions);
      const mismatches: string[] = [];
      let compared = 0;
      let refused = 0;
      let positives = 0;
      let k = 0;
      for (const row of rows) {
        const error = javaError(answers[k++]!);
        const valid = error === undefined;
        const results = row.inputs.map(() => answers[k++]!);
        const backtracking = compileJavaRegex(row.pattern, { allowBacktracking: true });
        if (backtracking.valid !== valid) {
          mismatches.push(
            `validity ${JSON.stringify(row.pattern)}: java ${error ?? "valid"}, ours ${backtracking.valid} ${backtracking.diagnostics[0]?.message ?? ""}`,
          );
          continue;
        }
        if (!valid) {
          // Java's description and index, verbatim (the index counts code points after \Q..\E removal).
          const ours = backtracking.diagnostics.find((d) => d.code === "invalid_regex")?.message;
          if (ours !== error)
            mismatches.push(`error ${JSON.stringify(row.pattern)}: java ${error}, ours ${ours}`);
          continue;
        }
        if (!backtracking.ok) {
          refused++;
          continue;
        }
        const linear = compileJavaRegex(row.pattern, { engine: "linear" });
        row.inputs.forEach((input, i) => {
          const want = results[i];
          if (want === "X") return;
          if (want === "T") positives++;
          compared++;
          const got = backtracking.regex!.matches(input) ? "T" : "F";
          if (got !== want)
            mismatches.push(
              `match ${JSON.stringify(row.pattern)} on ${JSON.stringify(input)}: java ${want}, ours ${got}`,
            );
          if (linear.ok) {
            const lin = linear.regex!.matches(input) ? "T" : "F";
            if (lin !== want)
              mismatches.push(
                `linear ${JSON.stringify(row.pattern)} on ${JSON.stringify(input)}: java ${want}, ours ${lin}`,
              );
          }
        });
      }
      expect(mismatches.slice(0, 40)).toEqual([]);
      // The generator must keep producing comparable cases; a refusal rate this high would hide bugs.
      expect(compared).toBeGreaterThan(PATTERNS * 2);
      expect(refused).toBeLessThan(PATTERNS / 5);
      expect(positives).toBeGreaterThan(PATTERNS / 2);
    },
    180_000,
  );
});
