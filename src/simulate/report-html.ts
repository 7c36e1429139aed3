// Renders a SimulationResult as ONE self-contained HTML page: inline CSS, a few lines of inline JS and
// inline SVG, no network resources of any kind. Every user-supplied string is escaped here.
import type { Resources } from "../agents/agent.js";
import { funnelLine, instanceRange, marathonFlags, rejectionText } from "./report-text.js";
import type { AgentUsage, SimulationResult } from "./types.js";

/** Escapes text for HTML element content and double- or single-quoted attributes. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) =>
    c === "&" ? "&amp;" : c === "<" ? "&lt;" : c === ">" ? "&gt;" : c === '"' ? "&quot;" : "&#39;",
  );
}

/** A colour per app index, spread around the hue circle by the golden angle so neighbours differ. */
export function appColor(index: number): string {
  const hue = Math.round((index * 137.508 + 200) % 360);
  return `hsl(${hue} 62% 48%)`;
}

const CSS = `
:root{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d2330;background:#f6f7f9}
body{margin:0;padding:24px 32px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 10px}
.summary{margin:0 0 12px;font-size:15px}.summary.bad{color:#a4262c}.summary.good{color:#1e7b34}
.legend{display:flex;flex-wrap:wrap;gap:8px;margin:8px 0}
.chip{display:inline-flex;align-items:center;gap:6px;padding:3px 10px;border:1px solid #cfd4dc;border-radius:14px;background:#fff;cursor:pointer;font-size:13px}
.chip.off{opacity:.35}.sw{width:12px;height:12px;border-radius:3px;display:inline-block}
.region{border:1px solid #c7ccd6;border-radius:8px;padding:8px 12px;margin:0 0 14px;background:#eef0f4}
.region>h3{margin:2px 0 8px;font-size:15px}
.zones{display:flex;flex-wrap:wrap;gap:12px}
.zone{border:1px dashed #aab1be;border-radius:6px;padding:6px 10px;background:#fff;min-width:220px}
.zone>h4{margin:0 0 6px;font-size:13px;color:#4a5263}
.rack{margin:0 0 8px}.rack>h5{margin:0 0 4px;font-size:12px;color:#6a7283;font-weight:600}
.agents{display:flex;flex-wrap:wrap;gap:8px}
.agent{width:200px;border:1px solid #b9c0cc;border-radius:6px;padding:6px 8px;background:#fbfcfd;font-size:12px}
.agent.public{border-color:#7a5cc4}.agent.inactive{opacity:.5;border-style:dotted}
.host{font-weight:600;font-family:ui-monospace,Menlo,Consolas,monospace;word-break:break-all}
.tag{display:inline-block;font-size:10px;padding:0 5px;border-radius:8px;background:#e4def7;color:#4b2e9a;margin-left:4px}
.bar{display:grid;grid-template-columns:34px 1fr 80px;align-items:center;gap:4px;margin:3px 0}
.track{height:8px;background:#e3e6eb;border-radius:4px;overflow:hidden}.fill{height:100%;background:#5b7db8}
.fill.full{background:#c0392b}.num{text-align:right;color:#555d6b;font-variant-numeric:tabular-nums}
.insts{display:flex;flex-wrap:wrap;gap:3px;margin-top:5px}
.inst{width:14px;height:14px;border-radius:3px;display:inline-block;outline:1px solid rgba(0,0,0,.15)}
.inst.running{background-image:repeating-linear-gradient(45deg,rgba(255,255,255,.45) 0 2px,transparent 2px 5px)}
.inst.dim{opacity:.12}
table{border-collapse:collapse;background:#fff;font-size:13px;width:100%}
th,td{border:1px solid #d5d9e0;padding:5px 8px;text-align:left;vertical-align:top}th{background:#eceff3}
td ul{margin:0;padding-left:18px}
.spreads{display:flex;flex-wrap:wrap;gap:16px}.spread{background:#fff;border:1px solid #d5d9e0;border-radius:6px;padding:8px}
.spread h3{font-size:13px;margin:0 0 6px}.muted{color:#6a7283}.funnel{margin:4px 0;font-size:12px;color:#4a5263}
`;

const JS = `
(function(){
  var chips=document.querySelectorAll('.chip');var off={};
  function apply(){document.querySelectorAll('.inst').forEach(function(e){e.classList.toggle('dim',!!off[e.getAttribute('data-app')]);});}
  chips.forEach(function(c){c.addEventListener('click',function(){var a=c.getAttribute('data-app');off[a]=!off[a];c.classList.toggle('off',!!off[a]);apply();});});
})();
`;

function fmt(x: number): string {
  // Whole numbers from 10 up keep the bars' labels short; small amounts (0.5 cpu) keep two decimals.
  return String(x >= 10 ? Math.round(x) : Math.round(x * 100) / 100);
}

function bar(label: string, total: number, free: number, unit: string): string {
  if (total <= 0) return "";
  const used = Math.max(0, total - free);
  const pct = Math.min(100, (used / total) * 100);
  const full = free <= 1e-9 ? " full" : "";
  return `<div class="bar"><span>${label}</span><div class="track"><div class="fill${full}" style="width:${pct.toFixed(1)}%"></div></div><span class="num">${fmt(used)}/${fmt(total)}${unit}</span></div>`;
}

function usedBars(total: Resources, after: Resources): string {
  return (
    bar("cpu", total.cpus, after.cpus, "") +
    bar("mem", total.mem / 1024, after.mem / 1024, "G") +
    bar("disk", total.disk / 1024, after.disk / 1024, "G") +
    bar("gpu", total.gpus, after.gpus, "")
  );
}

/** Keeps first-seen order while grouping. */
function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list === undefined) out.set(k, [item]);
    else list.push(item);
  }
  return out;
}

/**
 * The simulation as one self-contained HTML page: the cluster by region, zone and rack with each agent's
 * instances coloured by app and its resource use, spread charts, the unplaced table, drift and notes.
 */
export function renderHtml(result: SimulationResult, options: { title?: string } = {}): string {
  const e = escapeHtml;
  const color = new Map(result.apps.map((a, i) => [a.id, appColor(i)]));
  const placed = result.apps.reduce((n, a) => n + a.placed, 0);
  const wanted = result.apps.reduce((n, a) => n + Math.max(a.wanted, a.running), 0);
  const title = options.title ?? "Placement simulation";
  const instancesByHost = groupBy(result.placements, (p) => p.hostname);

  const agentBox = (a: AgentUsage): string => {
    const classes = ["agent", a.public ? "public" : "", a.inactive ? "inactive" : ""]
      .filter(Boolean)
      .join(" ");
    const tags = `${a.public ? '<span class="tag">public</span>' : ""}${a.inactive ? '<span class="tag">inactive</span>' : ""}`;
    const bars = a.hasResources
      ? usedBars(a.total, a.after)
      : '<div class="muted">no resource data (unlimited)</div>';
    const insts = (instancesByHost.get(a.hostname) ?? [])
      .map(
        (p) =>
          `<span class="inst${p.running ? " running" : ""}" data-app="${e(p.appId)}" style="background-color:${color.get(p.appId) ?? "#888"}" title="${e(`${p.appId}#${p.instance}${p.running ? " (running)" : ""}`)}"></span>`,
      )
      .join("");
    return `<div class="${classes}" data-host="${e(a.hostname)}"><div class="host">${e(a.hostname)}${tags}</div>${bars}<div class="insts">${insts}</div></div>`;
  };

  const cluster: string[] = [];
  for (const [region, inRegion] of groupBy(result.agents, (a) => a.region ?? "")) {
    cluster.push(
      `<div class="region"><h3>${region === "" ? "No region" : `Region ${e(region)}`}</h3><div class="zones">`,
    );
    for (const [zone, inZone] of groupBy(inRegion, (a) => a.zone ?? "")) {
      cluster.push(`<div class="zone"><h4>${zone === "" ? "No zone" : `Zone ${e(zone)}`}</h4>`);
      for (const [rack, inRack] of groupBy(inZone, (a) => a.rack ?? "")) {
        cluster.push(
          `<div class="rack">${rack === "" ? "" : `<h5>Rack ${e(rack)}</h5>`}<div class="agents">`,
        );
        for (const a of inRack) cluster.push(agentBox(a));
        cluster.push("</div></div>");
      }
      cluster.push("</div>");
    }
    cluster.push("</div></div>");
  }

  const legend = result.apps
    .map(
      (a) =>
        `<span class="chip" data-app="${e(a.id)}" title="click to hide or show"><span class="sw" style="background:${color.get(a.id)}"></span>${e(a.id)} <span class="muted">${a.placed}/${a.wanted}</span></span>`,
    )
    .join("");

  const spreads = result.spreads
    .map((s) => {
      const max = Math.max(1, ...s.counts.map((c) => c.count));
      const rowH = 20;
      const labelW = 120;
      const width = 360;
      const rows = s.counts
        .map((c, i) => {
          const w = ((width - labelW - 40) * c.count) / max;
          const y = i * rowH;
          return `<text x="${labelW - 6}" y="${y + 14}" text-anchor="end" font-size="12">${e(c.value.length > 18 ? `${c.value.slice(0, 17)}…` : c.value)}</text><rect x="${labelW}" y="${y + 3}" width="${w.toFixed(1)}" height="${rowH - 6}" rx="2" fill="${color.get(s.appId) ?? "#888"}"><title>${e(`${c.value}: ${c.count}`)}</title></rect><text x="${(labelW + w + 4).toFixed(1)}" y="${y + 14}" font-size="12">${c.count}</text>`;
        })
        .join("");
      const h = Math.max(rowH, s.counts.length * rowH);
      return `<div class="spread" data-app="${e(s.appId)}"><h3>${e(s.appId)} by ${e(s.field)}</h3><svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${h}" role="img" aria-label="${e(`${s.appId} instances per ${s.field}`)}">${rows}</svg></div>`;
    })
    .join("");

  const unplacedRows = result.unplaced
    .map(
      (u) =>
        `<tr class="unplaced-row"><td>${e(instanceRange(u.appId, u.first, u.count))}</td><td>${u.count}</td><td>${u.candidates}/${u.agentCount}</td><td><ul>${u.summary.map((s) => `<li>${s.count} ${e(s.text)}</li>`).join("")}</ul>${u.funnel === undefined ? "" : `<p class="funnel">${e(funnelLine(u.funnel))}</p>`}<details><summary>per agent</summary><ul>${u.agents.map((a) => `<li><b>${e(a.hostname)}</b>: ${e(a.reasons.map(rejectionText).join("; "))}${a.marathon === undefined ? "" : ` <span class="muted">[Marathon: ${e(a.marathon.join(", ") || "no reason")}]</span>`}</li>`).join("")}</ul></details></td></tr>`,
    )
    .join("");

  const driftSection =
    result.drift === undefined
      ? ""
      : `<h2>Drift</h2>${
          result.drift.length === 0
            ? '<p class="muted">Every running instance satisfies its app\'s current constraints.</p>'
            : `<table><thead><tr><th>instance</th><th>agent</th><th>why it would move</th></tr></thead><tbody>${result.drift
                .map(
                  (d) =>
                    `<tr class="drift-row"><td>${e(`${d.appId}#${d.instance}`)}</td><td>${e(d.hostname)}</td><td>${e(d.reasons.map(rejectionText).join("; "))}</td></tr>`,
                )
                .join("")}</tbody></table>`
        }`;

  const order = result.offerOrder === "random" ? `random, seed ${result.seed ?? 1}` : result.offerOrder;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<title>${e(title)}</title>
<style>${CSS}</style>
</head>
<body>
<h1>${e(title)}</h1>
<p class="summary ${result.complete ? "good" : "bad"}">${result.complete ? "All placed" : "Not all placed"}: ${placed}/${wanted} instances of ${result.apps.length} apps on ${result.agents.length} agents (offer order ${e(order)}, ${result.rounds} rounds)</p>
${marathonFlags(result.marathon).length === 0 && result.now === undefined ? "" : `<p class="muted">Marathon: ${e([...marathonFlags(result.marathon), ...(result.now === undefined ? [] : [`maintenance judged at ${result.now}`])].join(", "))}</p>`}
<div class="legend">${legend}</div>
<h2>Cluster</h2>
<section id="cluster">${cluster.join("")}</section>
<h2>Spread</h2>
<section class="spreads">${spreads || '<p class="muted">No constraint fields to spread over.</p>'}</section>
<h2>Unplaced</h2>
${
  result.unplaced.length === 0
    ? '<p class="muted">Every instance is placed.</p>'
    : `<table id="unplaced"><thead><tr><th>instances</th><th>count</th><th>agents that can take one</th><th>why not</th></tr></thead><tbody>${unplacedRows}</tbody></table>`
}
${driftSection}
${result.notes.length === 0 ? "" : `<h2>Notes</h2><ul>${result.notes.map((n) => `<li>${e(n)}</li>`).join("")}</ul>`}
<script>${JS}</script>
</body>
</html>
`;
}
