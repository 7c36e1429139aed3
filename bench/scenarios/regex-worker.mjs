// Worker thread for the regex scenario: times one LIKE check (pattern against value) with one engine
// and posts the stats. Run in a worker so the parent can stop a catastrophic backtracker.
import { parentPort, workerData } from "node:worker_threads";
import { compare, sink } from "../harness.mjs";
import { loadLibrary } from "../lib.mjs";

/** Marathon compiles the Java pattern on every String.matches; a leading (?i) becomes the i flag here. */
function marathonMatches(pattern, value) {
  const insensitive = pattern.startsWith("(?i)");
  const body = insensitive ? pattern.slice(4) : pattern;
  return new RegExp(`^(?:${body})$`, insensitive ? "i" : "").test(value);
}

const { engine, pattern, value, smoke } = workerData;
const lib = await loadLibrary();
if (engine === "corpus") {
  // Every entry (the ordinary pattern first, then the ReDoS corpus) compiled as an embedding scheduler would,
  // verdict cache off, all timed in one interleaved comparison.
  const variants = {};
  const answers = {};
  const engines = {};
  for (const e of workerData.entries) {
    const compiled = lib.compileJavaRegex(e.pattern, { cacheSize: 0 });
    if (!compiled.ok || compiled.regex === undefined) {
      parentPort.postMessage({ error: `compileJavaRegex rejected ${e.pattern}` });
      process.exit(0);
    }
    const re = compiled.regex;
    answers[e.name] = re.matches(e.value);
    engines[e.name] = re.engine;
    variants[e.name] = {
      run(iters) {
        let k = 0;
        for (let i = 0; i < iters; i++) if (re.matches(e.value)) k++;
        return k;
      },
    };
  }
  const measured = compare(variants, {
    smoke,
    rounds: 9,
    minRounds: 3,
    warmup: 1,
    sampleMs: 10,
    budgetMs: 20000,
  });
  parentPort.postMessage({ answers, engines, measured, sink: sink.value });
  process.exit(0);
}
let check;
let engineName = "RegExp per call";
if (engine === "ours") {
  // The per-input verdict cache is off: a LIKE check on a value seen for the first time is the cost
  // that matters (repeated values are a cache hit of a few nanoseconds).
  const compiled = lib.compileJavaRegex(pattern, { cacheSize: 0 });
  if (!compiled.ok || compiled.regex === undefined) {
    parentPort.postMessage({ error: `compileJavaRegex rejected ${pattern}` });
    process.exit(0);
  }
  check = (v) => compiled.regex.matches(v);
  engineName = compiled.regex.engine;
} else {
  check = (v) => marathonMatches(pattern, v);
}
const answer = check(value);
const measured = compare(
  {
    [engine]: {
      run(iters) {
        let k = 0;
        for (let i = 0; i < iters; i++) if (check(value)) k++;
        return k;
      },
    },
  },
  { smoke, rounds: 15, minRounds: 5, warmup: 1, sampleMs: 10, budgetMs: 1000 },
);
parentPort.postMessage({ answer, measure: measured[engine], sink: sink.value, engine: engineName });
