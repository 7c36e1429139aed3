// Renders a WhyReport as text for terminals: per waiting app the verdict, back-off, Marathon's counters
// beside ours, disagreements and what would change the outcome; then notes. Formatting only.
import { rejectionText, unplacedLine } from "../simulate/report-text.js";
import type { FunnelRow, WaitingApp, WhyReport } from "./types.js";

export interface WhyTextOptions {
  /** Also list every agent's reasons and every funnel row. */
  readonly verbose?: boolean;
}

/** `2h 14m`, `3m 5s`, `45s`, `2d 3h`. */
export function formatDuration(seconds: number): string {
  const t = Math.max(0, Math.round(seconds));
  if (t < 60) return `${t}s`;
  if (t < 3600) return `${Math.floor(t / 60)}m ${t % 60}s`;
  if (t < 86400) return `${Math.floor(t / 3600)}h ${Math.floor((t % 3600) / 60)}m`;
  return `${Math.floor(t / 86400)}d ${Math.floor((t % 86400) / 3600)}h`;
}

function cell(c: { declined: number; processed: number } | undefined): string {
  return c === undefined ? "-" : `${c.declined}/${c.processed}`;
}

/** Funnel rows worth showing: any decline on either side (all rows when verbose). */
export function shownRows(rows: readonly FunnelRow[], verbose: boolean): FunnelRow[] {
  return rows.filter((r) => verbose || (r.marathon?.declined ?? 0) > 0 || (r.ours?.declined ?? 0) > 0);
}

function waitingLine(w: WaitingApp): string {
  const total = w.running + w.waiting;
  const how = `${w.waiting} of ${total} instance${total === 1 ? "" : "s"} waiting`;
  const long =
    w.waitingSeconds === undefined ? "" : `, for ${formatDuration(w.waitingSeconds)} (since ${w.since})`;
  return `${w.id}${w.kind === "pod" ? " (pod)" : ""}  ${how}${long}`;
}

/** One app's section, lines without a trailing newline. */
export function renderWaiting(w: WaitingApp, options: WhyTextOptions = {}): string[] {
  const lines = [waitingLine(w), `  verdict: ${w.verdict.text}`];
  if (w.afterBackoff !== undefined) lines.push(`  then: ${w.afterBackoff.text}`);
  const rows = shownRows(w.funnel, options.verbose === true);
  const offers = w.offers;
  if (offers !== undefined) {
    lines.push(
      `  Marathon: ${offers.processed} offers processed in this launch attempt, ${offers.unused} unused${offers.lastUsedAt === undefined ? "" : `; last used ${offers.lastUsedAt}`}`,
    );
  }
  if (rows.length > 0) {
    const width = Math.max(...rows.map((r) => r.reason.length), "declined at".length);
    lines.push(`  ${"declined at".padEnd(width)}  Marathon (last offer per agent)  our next round`);
    for (const r of rows)
      lines.push(`  ${r.reason.padEnd(width)}  ${cell(r.marathon).padEnd(31)}  ${cell(r.ours)}`);
  }
  const placed = w.placedNext >= w.waiting ? "all" : `${w.placedNext} of ${w.waiting}`;
  lines.push(
    `  our next round places ${placed}${w.unplaced === undefined ? "" : `: ${unplacedLine(w.unplaced)}`}`,
  );
  if (options.verbose && w.unplaced !== undefined) {
    for (const a of w.unplaced.agents) {
      lines.push(`    ${a.hostname}: ${a.reasons.map(rejectionText).join("; ")}`);
    }
  }
  for (const x of w.disagreements) lines.push(`  ! disagreement: ${x}`);
  if (w.suggestions.length > 0) {
    lines.push("  what would change it:");
    for (const s of w.suggestions) lines.push(`    - ${s.change}: ${s.text}`);
  }
  return lines;
}

/**
 * The report as text: a headline, each waiting app or pod, then APP_IDs that wait for nothing and notes.
 */
export function renderWhyText(report: WhyReport, options: WhyTextOptions = {}): string {
  const lines: string[] = [];
  const n = report.waiting.length;
  const stuck = report.waiting.filter((w) => w.verdict.kind !== "deploying_normally").length;
  lines.push(
    n === 0
      ? `Nothing waits in Marathon's queue (at ${report.at}).`
      : `${n} deployment${n === 1 ? "" : "s"} waiting, ${stuck} of them stuck (at ${report.at}; ${report.simulation.agents.length} agents)`,
  );
  for (const w of report.waiting) lines.push("", ...renderWaiting(w, options));
  if (report.notWaiting.length > 0) {
    lines.push("", `Not waiting (not in Marathon's queue): ${report.notWaiting.join(", ")}`);
  }
  if (report.unknown.length > 0) {
    lines.push("", `In the queue but defined nowhere (not simulated): ${report.unknown.join(", ")}`);
  }
  const notes = [...report.notes, ...report.simulation.notes];
  if (notes.length > 0) {
    lines.push("", "Notes:");
    for (const note of notes) lines.push(`  - ${note}`);
  }
  return `${lines.join("\n")}\n`;
}
