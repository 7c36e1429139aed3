// Renders a SimulationResult as machine-readable JSON: the result itself plus the one-line summaries
// the text report prints. Formatting only; the shape is documented in the README.
import { unplacedLine } from "./report-text.js";
import type { SimulationResult } from "./types.js";

/** Identifies the JSON layout, for consumers that check it. */
export const SIMULATION_JSON_FORMAT = "marathon-constraints/simulation@2";

/** The simulation as a plain object in the SIMULATION_JSON_FORMAT layout, for reports that embed it. */
export function simulationJson(result: SimulationResult): Record<string, unknown> {
  return {
    format: SIMULATION_JSON_FORMAT,
    complete: result.complete,
    offerOrder: result.offerOrder,
    marathon: result.marathon,
    ...(result.now === undefined ? {} : { now: result.now }),
    ...(result.seed === undefined ? {} : { seed: result.seed }),
    rounds: result.rounds,
    apps: result.apps,
    placements: result.placements,
    unplaced: result.unplaced.map((u) => ({ ...u, text: unplacedLine(u) })),
    spreads: result.spreads,
    agents: result.agents,
    ...(result.drift === undefined ? {} : { drift: result.drift }),
    notes: result.notes,
  };
}

/** The simulation as pretty-printed JSON (placements, unplaced with reasons, per-agent usage after). */
export function renderJson(result: SimulationResult): string {
  return `${JSON.stringify(simulationJson(result), null, 2)}\n`;
}
