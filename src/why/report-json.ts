// Renders a WhyReport as machine-readable JSON: every waiting app with its verdict, counters and
// suggestions, plus the simulation in the layout of `simulate --format json`. Formatting only.

import { simulationJson } from "../simulate/report-json.js";
import { unplacedLine } from "../simulate/report-text.js";
import type { WhyReport } from "./types.js";

/** Identifies the JSON layout, for consumers that check it. */
export const WHY_JSON_FORMAT = "marathon-constraints/why@1";

/** The report as pretty-printed JSON. */
export function renderWhyJson(report: WhyReport): string {
  const out = {
    format: WHY_JSON_FORMAT,
    at: report.at,
    waiting: report.waiting.map((w) => ({
      ...w,
      ...(w.unplaced === undefined ? {} : { unplaced: { ...w.unplaced, text: unplacedLine(w.unplaced) } }),
    })),
    notWaiting: report.notWaiting,
    unknown: report.unknown,
    notes: report.notes,
    simulation: simulationJson(report.simulation),
  };
  return `${JSON.stringify(out, null, 2)}\n`;
}
