// Helpers the scenario runners share: attribute reading for hand-written limits, agreement checks,
// and the row shape every runner returns. No timing here.

/**
 * The first attribute with this name, rendered as text (the limits only read text attributes).
 * @param {import("../../dist/index.js").Agent} agent
 * @param {string} name
 */
export function textAttribute(agent, name) {
  const a = agent.attributes.find((x) => x.name === name);
  if (a === undefined) return undefined;
  return "text" in a ? a.text : "scalar" in a ? String(a.scalar) : undefined;
}

/**
 * Throws when two deciders disagree on any agent: a benchmark measuring a wrong answer is worthless.
 * @param {string} what
 * @param {readonly unknown[]} agents
 * @param {Record<string, (agent: any) => boolean>} deciders
 * @returns {number} how many agents the first decider accepts
 */
export function assertAgree(what, agents, deciders) {
  const names = Object.keys(deciders);
  let accepted = 0;
  for (let i = 0; i < agents.length; i++) {
    const verdicts = names.map((n) => deciders[n](agents[i]));
    if (verdicts.some((v) => v !== verdicts[0])) {
      const shown = names.map((n, j) => `${n}=${verdicts[j]}`).join(", ");
      throw new Error(`${what}: verdicts disagree on agent #${i} (${agents[i]?.hostname}): ${shown}`);
    }
    if (verdicts[0]) accepted++;
  }
  return accepted;
}

/** Ratio of two medians (baseline over ours: above 1 means ours is faster / smaller). */
export function ratio(baseline, ours) {
  return baseline.median / ours.median;
}

/**
 * A table row.
 * @typedef {{ median: number, p25: number, p75: number, n?: number, iters?: number }} Measure
 * @typedef {{ group: string, scenario: string, unit: "ns" | "bytes" | "per-second",
 *   ours: Measure, baselines: { name: string, measure: Measure, note?: string }[],
 *   ratios: { label: string, value: number }[], target: string, met: boolean, notes: string[] }} Row
 */
