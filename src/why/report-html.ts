// Renders a WhyReport as the simulation report's self-contained page, with a "Waiting deployments"
// section (verdicts, counters, suggestions) before the cluster map. Every user string is escaped here.
import { escapeHtml, renderHtml } from "../simulate/report-html.js";
import { unplacedLine } from "../simulate/report-text.js";
import { formatDuration, shownRows } from "./report-text.js";
import type { WaitingApp, WhyReport } from "./types.js";

const CSS = `<style>
.why{background:#fff;border:1px solid #d5d9e0;border-radius:6px;padding:10px 14px;margin:0 0 14px}
.why h3{margin:0 0 6px;font-size:16px;font-family:ui-monospace,Menlo,Consolas,monospace}
.verdict{font-weight:600}.verdict.stuck{color:#a4262c}.verdict.ok{color:#1e7b34}
.why table{width:auto;margin:6px 0}.why ul{margin:4px 0;padding-left:20px}.disagree{color:#8a4b00}
</style>`;

function section(w: WaitingApp): string {
  const e = escapeHtml;
  const rows = shownRows(w.funnel, false)
    .map(
      (r) =>
        `<tr><td>${e(r.reason)}</td><td>${r.marathon === undefined ? "-" : `${r.marathon.declined}/${r.marathon.processed}`}</td><td>${r.ours === undefined ? "-" : `${r.ours.declined}/${r.ours.processed}`}</td></tr>`,
    )
    .join("");
  const total = w.running + w.waiting;
  const since = w.waitingSeconds === undefined ? "" : `, for ${formatDuration(w.waitingSeconds)}`;
  const stuck = w.verdict.kind === "deploying_normally" ? "ok" : "stuck";
  return `<div class="why" data-app="${e(w.id)}"><h3>${e(w.id)}${w.kind === "pod" ? " (pod)" : ""}</h3>
<p>${w.waiting} of ${total} instance${total === 1 ? "" : "s"} waiting${e(since)}${w.since === undefined ? "" : ` <span class="muted">(since ${e(w.since)})</span>`}</p>
<p class="verdict ${stuck}">${e(w.verdict.text)}</p>${w.afterBackoff === undefined ? "" : `<p>then: ${e(w.afterBackoff.text)}</p>`}
${rows === "" ? "" : `<table><thead><tr><th>declined at</th><th>Marathon (last offer per agent)</th><th>our next round</th></tr></thead><tbody>${rows}</tbody></table>`}
<p>Our next round places ${w.placedNext >= w.waiting ? "all" : `${w.placedNext} of ${w.waiting}`}${w.unplaced === undefined ? "" : `: ${e(unplacedLine(w.unplaced))}`}</p>
${w.disagreements.map((d) => `<p class="disagree">Disagreement: ${e(d)}</p>`).join("")}
${w.suggestions.length === 0 ? "" : `<p>What would change it:</p><ul>${w.suggestions.map((s) => `<li>${e(s.change)}: ${e(s.text)}</li>`).join("")}</ul>`}
</div>`;
}

/** The report as one self-contained HTML page sharing the simulation report's layout. */
export function renderWhyHtml(report: WhyReport, options: { title?: string } = {}): string {
  const e = escapeHtml;
  const waiting =
    report.waiting.length === 0
      ? `<p class="summary good">Nothing waits in Marathon's queue (at ${e(report.at)}).</p>`
      : report.waiting.map(section).join("\n");
  const extra = [
    report.notWaiting.length === 0
      ? ""
      : `<p class="muted">Not waiting: ${e(report.notWaiting.join(", "))}</p>`,
    report.notes.length === 0 ? "" : `<ul>${report.notes.map((n) => `<li>${e(n)}</li>`).join("")}</ul>`,
  ].join("");
  return renderHtml(report.simulation, {
    title: options.title ?? `Why is my deployment waiting? (at ${report.at})`,
    intro: `${CSS}<h2>Waiting deployments</h2><section id="waiting">${waiting}</section>${extra}<h2>Simulation of the next offer round</h2>`,
  });
}
