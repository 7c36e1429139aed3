// Scenario runner "size": parse, validate + compile and lint on constraint text of two sizes (100 KB and
// 1 MB of distinct constraints), to show the cost grows near-linearly; JSON.parse of the same texts is
// the floor, measured in the same rounds.
import { compare } from "../harness.mjs";

/**
 * App-form constraint text of at least `bytes` characters, every constraint distinct: fields, values
 * and LIKE patterns carry the row number, so no memo (duplicate check, regex cache) can help.
 * @returns {{ text: string, count: number }}
 */
export function distinctConstraints(bytes, first = 0) {
  const rows = [];
  let length = 2;
  for (let i = first; length < bytes; i++) {
    let row;
    switch (i % 6) {
      case 0:
        row = [`node-${i}`, "UNIQUE"];
        break;
      case 1:
        row = [`rack-${i}`, "GROUP_BY", String((i % 7) + 2)];
        break;
      case 2:
        row = [`zone-${i}`, "LIKE", `us-${i}-[a-c]`];
        break;
      case 3:
        row = [`disk-${i}`, "UNLIKE", `hdd-${i}.*`];
        break;
      case 4:
        row = [`host-${i}`, "MAX_PER", String((i % 5) + 2)];
        break;
      default:
        row = [`level-${i}`, "CLUSTER", `tier-${i}`];
    }
    const json = JSON.stringify(row);
    rows.push(json);
    length += json.length + 1;
  }
  return { text: `[${rows.join(",")}]`, count: rows.length };
}

const OPERATIONS = [
  {
    name: "parse",
    label: "Parse + validate (safeParse)",
    run: (lib, text) => lib.safeParse(text).constraints.length,
    check: (lib, text, count) => {
      const r = lib.safeParse(text);
      return r.ok && r.constraints.length === count;
    },
  },
  {
    name: "compile",
    label: "Parse + validate + compile (safeCompile)",
    run: (lib, text) => (lib.safeCompile(text).ok ? 1 : 0),
    check: (lib, text) => lib.safeCompile(text).ok,
  },
  {
    name: "lint",
    label: "Lint (lint, constraint text)",
    run: (lib, text) => lib.lint({ text }).diagnostics.length,
    check: (lib, text) => lib.lint({ text }).errorCount === 0,
  },
];

const kb = (n) => (n >= 1e6 ? `${(n / 1e6).toFixed(1)} MB` : `${Math.round(n / 1e3)} KB`);

/**
 * @param {any} c the case data
 * @param {{ lib: Record<string, any>, smoke: boolean, log: (s: string) => void }} ctx
 */
export async function runSize(c, ctx) {
  const { lib, smoke } = ctx;
  const [smallBytes, largeBytes] = smoke ? c.smoke.sizes : c.sizes;
  const large = distinctConstraints(largeBytes);
  const batch = Math.max(1, Math.round(largeBytes / smallBytes));
  // The small texts of one sample are different texts (the large text's constraints, cut in pieces):
  // repeating one small text would let the regex memo answer every run after the first.
  const smalls = [];
  for (let k = 0, first = 0; k < batch; k++) {
    const t = distinctConstraints(smallBytes, first);
    smalls.push(t);
    first += t.count;
  }
  const small = smalls[0];
  const rows = [];
  for (const op of OPERATIONS) {
    for (const t of [small, large]) {
      if (!op.check(lib, t.text, t.count)) {
        throw new Error(
          `size: ${op.name} on ${kb(t.text.length)} (${t.count} constraints) gave a wrong answer`,
        );
      }
    }
    ctx.log(`  ${op.name}: ${small.count} and ${large.count} constraints checked`);
    // A sample of the small size reads as many small texts as the large one is larger, so both samples
    // handle the same characters and leave the collector comparable work; times are per text.
    let next = 0;
    const measured = compare(
      {
        small: { iters: batch, run: (n) => repeat(n, () => op.run(lib, smalls[next++ % batch].text)) },
        large: { iters: 1, run: () => op.run(lib, large.text) },
        "JSON.parse small": { run: (n) => repeat(n, () => JSON.parse(small.text).length) },
        "JSON.parse large": { run: (n) => repeat(n, () => JSON.parse(large.text).length) },
      },
      { smoke, rounds: c.rounds, minRounds: 3, warmup: 1, sampleMs: 30, budgetMs: c.budgetMs },
    );
    if (smoke) continue;
    const growth = measured.large.median / measured.small.median;
    const floorGrowth = measured["JSON.parse large"].median / measured["JSON.parse small"].median;
    rows.push({
      group: "size",
      scenario: `${op.label} on ${kb(large.text.length)} of distinct constraints (${large.count.toLocaleString("en-US")}), against ${kb(small.text.length)} (${small.count.toLocaleString("en-US")})`,
      unit: "ns",
      ours: measured.large,
      baselines: [
        { name: `ours on ${kb(small.text.length)}`, measure: measured.small },
        { name: `JSON.parse on ${kb(large.text.length)}`, measure: measured["JSON.parse large"] },
      ],
      ratios: [
        { label: `${kb(large.text.length)} / ${kb(small.text.length)}`, value: growth },
        { label: "JSON.parse, same sizes", value: floorGrowth },
        { label: "ours / JSON.parse", value: measured.large.median / measured["JSON.parse large"].median },
      ],
      target: `the ${kb(large.text.length)} text costs ≤ ${c.targets.growthAtMost}× the ${kb(small.text.length)} text`,
      met: growth <= c.targets.growthAtMost,
      notes: [
        `${(large.text.length / small.text.length).toFixed(1)}× the characters; each sample of the small size reads ${batch} different small texts (the large one's constraints, in pieces), so both samples read the same constraints and no memo favours either; interleaved with JSON.parse of the same texts`,
      ],
    });
  }
  return rows;
}

function repeat(n, f) {
  let k = 0;
  for (let i = 0; i < n; i++) k += f();
  return k;
}
