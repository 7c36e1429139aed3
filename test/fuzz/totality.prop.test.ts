// Totality of every never-throwing entry point, as bounded runs in the suite. `npm run fuzz` runs the
// same properties for longer with random seeds (FUZZ_TOTAL_MS, FUZZ_SEED, FUZZ_PATH, FUZZ_PROPERTY).
import { fc } from "@fast-check/vitest";
import { describe, it } from "vitest";
import { PROPERTIES } from "./properties.js";

const env = process.env;
const only = env.FUZZ_PROPERTY;
const selected = PROPERTIES.filter((p) => only === undefined || p.name === only);
const totalMs = Number(env.FUZZ_TOTAL_MS ?? 0);
const perProperty = totalMs > 0 ? Math.floor(totalMs / selected.length) : 0;

function parameters(runs: number): fc.Parameters<unknown> {
  const p: { -readonly [K in keyof fc.Parameters<unknown>]: fc.Parameters<unknown>[K] } =
    perProperty > 0
      ? {
          numRuns: Number.MAX_SAFE_INTEGER,
          interruptAfterTimeLimit: perProperty,
          markInterruptAsFailure: false,
        }
      : { numRuns: runs };
  if (env.FUZZ_SEED !== undefined) p.seed = Number(env.FUZZ_SEED);
  if (env.FUZZ_PATH !== undefined) p.path = env.FUZZ_PATH;
  return p;
}

describe("every never-throwing entry point", () => {
  for (const p of selected) {
    if (perProperty > 0) {
      it(
        `${p.name} never throws and keeps every span inside the text (fuzzing)`,
        () => fc.assert(p.property("mixed"), parameters(p.runs)),
        perProperty + 300_000,
      );
      continue;
    }
    it(`${p.name} never throws and keeps every span inside the text`, () => {
      fc.assert(p.property("everyday"), parameters(p.runs));
    });
    // One huge input per run where that costs well under a second; `npm run fuzz` tries them all.
    if (p.cheap) {
      it(`${p.name} survives nesting 50,000 to 100,000 deep and long repetition`, () => {
        fc.assert(p.property("huge"), parameters(2));
      });
    }
  }
});
