// Timing machinery: calibrated batches, warm-up, interleaved rounds (every variant once per round, in
// rotating order), order statistics, and a result sink. Knows nothing about constraints.

/** Everything a measured function returns is added here, and its checksum printed, so no work is dead. */
export const sink = { value: 0 };

/** Adds a result to the sink (numbers as is, booleans as 0/1, anything else by length). */
export function consume(x) {
  if (typeof x === "number") sink.value = (sink.value + x) % 1e15;
  else if (typeof x === "boolean") sink.value = (sink.value + (x ? 1 : 0)) % 1e15;
  else if (x != null && typeof x.length === "number") sink.value = (sink.value + x.length) % 1e15;
}

function now() {
  return process.hrtime.bigint();
}

/** p-quantile of sorted numbers (linear interpolation). */
function quantile(sorted, p) {
  if (sorted.length === 0) return Number.NaN;
  const i = (sorted.length - 1) * p;
  const lo = Math.floor(i);
  const hi = Math.ceil(i);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (i - lo);
}

/**
 * Order statistics of samples (time per operation, in ns).
 * @param {number[]} samples
 */
export function stats(samples) {
  const s = [...samples].sort((a, b) => a - b);
  return {
    median: quantile(s, 0.5),
    p25: quantile(s, 0.25),
    p75: quantile(s, 0.75),
    min: s[0],
    max: s[s.length - 1],
    n: s.length,
  };
}

/**
 * Times variants against each other. Each variant is `run(iters)`: does `iters` operations and
 * returns a value for the sink. Iterations are calibrated per variant so one sample lasts about
 * `sampleMs`; then `warmup` unrecorded rounds; then rounds in which every variant runs once, the
 * starting variant rotating, until `rounds` are done or `budgetMs` is spent (at least `minRounds`).
 * With `smoke`, every variant runs one operation once and nothing is timed.
 * @param {Record<string, { run: (iters: number) => unknown, iters?: number, scale?: number }>} variants
 *   `iters` fixes the batch size (no calibration); `scale` multiplies the per-op time (extrapolation).
 * @param {{ rounds?: number, minRounds?: number, warmup?: number, sampleMs?: number, budgetMs?: number, smoke?: boolean }} [options]
 * @returns {Record<string, ReturnType<typeof stats> & { iters: number }>}
 */
export function compare(variants, options = {}) {
  const { rounds = 21, minRounds = 5, warmup = 2, sampleMs = 15, budgetMs = 20000, smoke = false } = options;
  const names = Object.keys(variants);
  if (smoke) {
    for (const n of names) consume(variants[n].run(1));
    return {};
  }
  const iters = {};
  for (const n of names) {
    const v = variants[n];
    if (v.iters !== undefined) {
      iters[n] = v.iters;
      continue;
    }
    // One untimed call first, so calibration does not size batches by a cold, unoptimised run.
    consume(v.run(1));
    let k = 1;
    for (;;) {
      const t0 = now();
      consume(v.run(k));
      const ms = Number(now() - t0) / 1e6;
      if (ms >= sampleMs || k >= 1 << 26) break;
      k = ms < sampleMs / 16 ? k * 8 : k * 2;
    }
    iters[n] = k;
  }
  for (let w = 0; w < warmup; w++) for (const n of names) consume(variants[n].run(iters[n]));
  const samples = Object.fromEntries(names.map((n) => [n, []]));
  const start = now();
  for (let r = 0; r < rounds; r++) {
    for (let j = 0; j < names.length; j++) {
      const n = names[(r + j) % names.length];
      const t0 = now();
      consume(variants[n].run(iters[n]));
      const ns = Number(now() - t0);
      samples[n].push((ns / iters[n]) * (variants[n].scale ?? 1));
    }
    if (r + 1 >= minRounds && Number(now() - start) / 1e6 > budgetMs) break;
  }
  return Object.fromEntries(names.map((n) => [n, { ...stats(samples[n]), iters: iters[n] }]));
}

/**
 * Times `fn` once per round for `rounds` rounds (for runs of a second or more, where batching makes
 * no sense). Returns the stats in ns per call.
 * @param {() => unknown} fn
 * @param {number} rounds
 */
export function timeRuns(fn, rounds) {
  const samples = [];
  for (let r = 0; r < rounds; r++) {
    const t0 = now();
    consume(fn());
    samples.push(Number(now() - t0));
  }
  return { ...stats(samples), iters: 1 };
}

/** Formats nanoseconds with a unit fit for reading. */
export function formatNs(ns) {
  if (!Number.isFinite(ns)) return String(ns);
  if (ns < 1e3) return `${ns.toPrecision(3)} ns`;
  if (ns < 1e6) return `${(ns / 1e3).toPrecision(3)} µs`;
  if (ns < 1e9) return `${(ns / 1e6).toPrecision(3)} ms`;
  return `${(ns / 1e9).toPrecision(3)} s`;
}

/** `median (p25–p75)` of a stats object. */
export function formatStats(s) {
  if (s === undefined) return "";
  return `${formatNs(s.median)} (${formatNs(s.p25)}–${formatNs(s.p75)})`;
}

/** A ratio for the table: `123x`, `1.4x`, `0.52x`. */
export function formatRatio(r) {
  if (!Number.isFinite(r)) return String(r);
  if (r >= 100) return `${Math.round(r).toLocaleString("en-US")}x`;
  if (r >= 10) return `${r.toFixed(0)}x`;
  return `${r.toFixed(2)}x`;
}
