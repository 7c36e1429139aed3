// Renders a WhyReport as machine-readable JSON: every waiting app with its verdict, counters and
// suggestions, plus the simulation in the layout of `simulate --format json`. Formatting only.

import { simulationJson } from "../simulate/report-json.js";
import { unplacedLine } from "../simulate/report-text.js";
import type { SimulationResult, Unplaced } from "../simulate/types.js";
import type { WhyReport } from "./types.js";

/** Identifies the JSON layout, for consumers that check it. */
export const WHY_JSON_FORMAT = "marathon-constraints/why@1";

/** Drops the per-agent lists (kept in counts, `nearest` and the funnel) unless they are asked for. */
function trim(u: Unplaced, verbose: boolean): Unplaced {
  return verbose ? u : { ...u, agents: [], agentsOmitted: u.agentsOmitted + u.agents.length };
}

/**
 * The report as pretty-printed JSON. Every refusing agent's reasons appear only with `verbose`: on a
 * large cluster they outweigh everything else.
 */
export function renderWhyJson(report: WhyReport, options: { readonly verbose?: boolean } = {}): string {
  const verbose = options.verbose === true;
  const simulation: SimulationResult = {
    ...report.simulation,
    unplaced: report.simulation.unplaced.map((u) => trim(u, verbose)),
  };
  const out = {
    format: WHY_JSON_FORMAT,
    at: report.at,
    waiting: report.waiting.map((w) => {
      if (w.unplaced === undefined) return w;
      const u = trim(w.unplaced, verbose);
      return { ...w, unplaced: { ...u, text: unplacedLine(u) } };
    }),
    notWaiting: report.notWaiting,
    unknown: report.unknown,
    notes: report.notes,
    simulation: simulationJson(simulation),
  };
  return `${JSON.stringify(out, null, 2)}\n`;
}
