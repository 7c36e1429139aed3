// Scenario runner "regex": a LIKE check of a 255-character value, ordinary and lint-flagged patterns,
// the library's compiled Java regex against Marathon's compile-per-call; overruns are stopped and shown.
import { Worker } from "node:worker_threads";
import { consume } from "../harness.mjs";

const WORKER = new URL("./regex-worker.mjs", import.meta.url);

/** Runs one engine on one pattern in a worker; `{ timeout: true }` when it overruns `budgetMs`. */
function inWorker(data, budgetMs) {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER, { workerData: data });
    let settled = false;
    const timer = setTimeout(() => {
      settled = true;
      worker.terminate().then(() => resolve({ timeout: true }), reject);
    }, budgetMs);
    worker.once("message", (m) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      worker.terminate().then(() => resolve(m), reject);
    });
    worker.once("error", (e) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      reject(e);
    });
  });
}

function valueFor(p, length) {
  let v = p.head;
  while (v.length < length) v += p.fill;
  return v.slice(0, length);
}

/**
 * @param {any} c the case data
 * @param {{ lib: Record<string, any>, smoke: boolean, log: (s: string) => void }} ctx
 */
export async function runRegex(c, ctx) {
  const { smoke } = ctx;
  const length = smoke ? c.smoke.valueLength : c.valueLength;
  const budgetMs = smoke ? c.smoke.budgetMs : c.budgetMs;
  const rows = [];
  for (const p of c.patterns) {
    const value = valueFor(p, length);
    const ours = await inWorker({ engine: "ours", pattern: p.pattern, value, smoke }, budgetMs);
    const theirs = await inWorker({ engine: "marathon", pattern: p.pattern, value, smoke }, budgetMs);
    if (ours.error) throw new Error(ours.error);
    for (const r of [ours, theirs]) if (r.sink !== undefined) consume(r.sink);
    if (smoke && ours.timeout) throw new Error(`regex: ${p.pattern} on ${length} characters did not finish`);
    if (!ours.timeout && !theirs.timeout && ours.answer !== theirs.answer) {
      throw new Error(
        `regex: ${p.pattern} on ${JSON.stringify(value)}: ours ${ours.answer}, Marathon ${theirs.answer}`,
      );
    }
    const shown = ours.timeout ? `over ${budgetMs / 1000} s` : `${ours.answer ? "matches" : "no match"}`;
    ctx.log(`  regex ${p.pattern} (${p.flagged ? "flagged" : "ordinary"}), ${length} chars: ${shown}`);
    if (smoke) continue;
    const stopped = {
      median: Number.POSITIVE_INFINITY,
      p25: Number.POSITIVE_INFINITY,
      p75: Number.POSITIVE_INFINITY,
    };
    const oursM = ours.timeout ? stopped : ours.measure;
    const theirsM = theirs.timeout ? stopped : theirs.measure;
    rows.push({
      group: "regex",
      scenario: `LIKE \`${p.pattern}\` (${p.flagged ? "flagged" : "ordinary"}) on a ${length}-character value${ours.timeout ? "" : ours.answer ? ", match" : ", no match"}`,
      unit: "ns",
      ours: oursM,
      oursNote: ours.timeout ? `(stopped after ${budgetMs / 1000} s)` : "",
      baselines: [
        {
          name: "Marathon",
          measure: theirsM,
          note: theirs.timeout
            ? `(stopped after ${budgetMs / 1000} s: catastrophic backtracking)`
            : "(new RegExp per call)",
        },
      ],
      ratios: ours.timeout
        ? []
        : theirs.timeout
          ? [{ label: "Marathon / ours, at least", value: (budgetMs * 1e6) / oursM.median }]
          : [{ label: "Marathon / ours", value: theirsM.median / oursM.median }],
      target: `≤ ${c.targets.underNs / 1000} µs`,
      met: !ours.timeout && oursM.median <= c.targets.underNs,
      notes:
        ours.engine === undefined ? [] : [`the library ran its ${ours.engine} engine (verdict cache off)`],
    });
  }
  if (c.redos) rows.push(...(await runRedos(c, ctx)));
  return rows;
}

/** The worst of the ReDoS corpus against an ordinary pattern, each on a value of the same length. */
async function runRedos(c, ctx) {
  const { smoke } = ctx;
  const r = c.redos;
  const length = smoke ? c.smoke.valueLength : r.valueLength;
  const entries = [
    { name: "ordinary", pattern: r.ordinary.pattern, value: worstValue(r.ordinary, length) },
    ...r.patterns.map((p, i) => ({ name: `p${i}`, pattern: p.pattern, value: worstValue(p, length) })),
  ];
  const out = await inWorker({ engine: "corpus", entries, smoke }, smoke ? c.smoke.budgetMs : r.budgetMs);
  if (out.error) throw new Error(out.error);
  if (out.timeout) throw new Error(`regex: the ReDoS corpus on ${length} characters did not finish`);
  consume(out.sink);
  // Each value is built so that its pattern does not match it (the ordinary one does).
  for (const e of entries) {
    if (out.answers[e.name] !== (e.name === "ordinary")) {
      throw new Error(
        `regex: ${e.pattern} on its ${length}-character worst case answered ${out.answers[e.name]}`,
      );
    }
  }
  ctx.log(`  regex: ${entries.length - 1} ReDoS patterns, ${length} chars: no match, as built`);
  if (smoke) return [];
  const ordinary = out.measured.ordinary;
  let worst = entries[1];
  for (const e of entries.slice(1))
    if (out.measured[e.name].median > out.measured[worst.name].median) worst = e;
  const w = out.measured[worst.name];
  const linear = entries.slice(1).filter((e) => out.engines[e.name] === "linear").length;
  return [
    {
      group: "regex",
      scenario: `LIKE: the worst of ${entries.length - 1} known ReDoS patterns, each on its worst ${length}-character value`,
      unit: "ns",
      ours: w,
      oursNote: `(\`${worst.pattern}\`)`,
      baselines: [{ name: `ordinary \`${r.ordinary.pattern}\``, measure: ordinary }],
      ratios: [{ label: "worst / ordinary", value: w.median / ordinary.median }],
      target: `≤ ${c.targets.underNs / 1000} µs`,
      met: w.median <= c.targets.underNs,
      notes: [
        `${linear} of ${entries.length - 1} ran on the linear engine (the rest are proven linear on the RegExp); verdict caches off; Java's and JavaScript's backtracking matchers take seconds to years on these values`,
      ],
    },
  ];
}

function worstValue(p, length) {
  let v = p.head;
  while (v.length < length - p.tail.length) v += p.fill;
  return v.slice(0, length - p.tail.length) + p.tail;
}
