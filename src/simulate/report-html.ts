// Renders a SimulationResult as ONE self-contained HTML page (inline CSS, JS, SVG and JSON data; no
// network resource of any kind) that stays small and quick at thousands of agents: the verdict and the
// unplaced apps first, a searchable app table, the cluster as rack tiles whose agents are drawn from
// embedded data on demand (small clusters keep every agent drawn). Every user string is escaped here.
import { createHash } from "node:crypto";
import type { Resources } from "../agents/agent.js";
import { funnelLine, instanceRange, marathonFlags, rejectionText } from "./report-text.js";
import type { AgentRejection, AgentUsage, SimulationResult } from "./types.js";

/** Escapes text for HTML element content and double- or single-quoted attributes. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) =>
    c === "&" ? "&amp;" : c === "<" ? "&lt;" : c === ">" ? "&gt;" : c === '"' ? "&quot;" : "&#39;",
  );
}

/**
 * Colours people can tell apart (Okabe-Ito and Tableau's qualitative sets): the apps with the most
 * instances get one each, the rest share OTHER, so a picture never has a hundred near-identical hues.
 */
export const PALETTE = [
  "#4e79a7",
  "#f28e2b",
  "#59a14f",
  "#e15759",
  "#b07aa1",
  "#76b7b2",
  "#edc948",
  "#9c755f",
  "#ff9da7",
  "#0072b2",
  "#d55e00",
] as const;
const OTHER = "#a3a9b4";

/** Clusters up to this many agents are drawn agent by agent; larger ones as rack tiles. */
export const DETAILED_AGENTS = 200;

const CSS = `
:root{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d2330;background:#f6f7f9}
body{margin:0;padding:20px 28px}
h1{font-size:21px;margin:0 0 4px}h2{font-size:17px;margin:24px 0 8px}
.summary{margin:0 0 10px;font-size:15px;font-weight:600}.summary.bad{color:#a4262c}.summary.good{color:#1e7b34}
.legend{display:flex;flex-wrap:wrap;gap:6px;margin:6px 0}
.chip{display:inline-flex;align-items:center;gap:6px;padding:2px 9px;border:1px solid #cfd4dc;border-radius:14px;background:#fff;cursor:pointer;font-size:12px}
.chip.off{opacity:.35}.sw{width:11px;height:11px;border-radius:3px;display:inline-block}
table{border-collapse:collapse;background:#fff;font-size:13px;width:100%}
th,td{border:1px solid #d5d9e0;padding:4px 8px;text-align:left;vertical-align:top}th{background:#eceff3;position:sticky;top:0}
td ul{margin:0;padding-left:18px}details summary{cursor:pointer;color:#3a5a99}
.muted{color:#6a7283}.bad{color:#a4262c}.num{text-align:right;font-variant-numeric:tabular-nums}
.tools{display:flex;gap:12px;align-items:center;margin:0 0 8px;font-size:13px}
.tools input[type=search]{padding:4px 8px;min-width:280px;border:1px solid #b9c0cc;border-radius:5px}
.scroll{max-height:520px;overflow:auto;border:1px solid #d5d9e0}
tr.app-row{cursor:pointer}tr.app-row:hover{background:#f1f4fa}tr.app-detail td{background:#fafbfc}
.region{border:1px solid #c7ccd6;border-radius:8px;padding:8px 12px;margin:0 0 12px;background:#eef0f4}
.region>h3{margin:2px 0 8px;font-size:15px}
.zones{display:flex;flex-wrap:wrap;gap:10px}
.zone{border:1px dashed #aab1be;border-radius:6px;padding:6px 10px;background:#fff;min-width:200px}
.zone>h4{margin:0 0 6px;font-size:13px;color:#4a5263}
.rack{margin:0 0 8px}.rack>h5{margin:0 0 4px;font-size:12px;color:#6a7283;font-weight:600}
.agents{display:flex;flex-wrap:wrap;gap:8px}
.agent{width:200px;border:1px solid #b9c0cc;border-radius:6px;padding:6px 8px;background:#fbfcfd;font-size:12px}
.agent.public{border-color:#7a5cc4}.agent.inactive{opacity:.5;border-style:dotted}
.host{font-weight:600;font-family:ui-monospace,Menlo,Consolas,monospace;word-break:break-all}
.tag{display:inline-block;font-size:10px;padding:0 5px;border-radius:8px;background:#e4def7;color:#4b2e9a;margin-left:4px}
.bar{display:grid;grid-template-columns:34px 1fr 80px;align-items:center;gap:4px;margin:3px 0}
.track{height:8px;background:#e3e6eb;border-radius:4px;overflow:hidden}.fill{height:100%;background:#5b7db8}
.fill.full{background:#c0392b}
.insts{display:flex;flex-wrap:wrap;gap:3px;margin-top:5px}
.inst{width:14px;height:14px;border-radius:3px;display:inline-block;outline:1px solid rgba(0,0,0,.15)}
.inst.running{background-image:repeating-linear-gradient(45deg,rgba(255,255,255,.45) 0 2px,transparent 2px 5px)}
.inst.dim{opacity:.12}
.zone-tiles{margin:0 0 8px}.zone-tiles>h4{margin:0 0 6px;font-size:13px;color:#4a5263}
.tiles{display:flex;flex-wrap:wrap;gap:8px}
.tile{width:170px;border:1px solid #b9c0cc;border-radius:6px;padding:5px 7px;background:#fff;font-size:12px;cursor:pointer}
.tile:hover{border-color:#3a5a99}.tile.open{outline:2px solid #3a5a99}
.mix{display:flex;height:10px;border-radius:3px;overflow:hidden;margin-top:4px;background:#e3e6eb}
.tile-agents{flex-basis:100%;background:#fff;border:1px solid #d5d9e0;border-radius:6px;padding:6px;max-height:420px;overflow:auto}
.spreads{display:flex;flex-wrap:wrap;gap:16px}.spread{background:#fff;border:1px solid #d5d9e0;border-radius:6px;padding:8px}
.spread h3{font-size:13px;margin:0 0 6px}.funnel{margin:4px 0;font-size:12px;color:#4a5263}
`;

// Plain ES5 so it runs anywhere; reads the embedded data, never the network.
const JS = `
(function(){
  var D=JSON.parse(document.getElementById('report-data').textContent);
  function esc(s){return String(s).replace(/[&<>"']/g,function(c){return '&#'+c.charCodeAt(0)+';';});}
  function color(i){var c=D.colors[i];return c<0?D.other:D.palette[c];}
  function pct(u,t){return t>0?Math.min(100,100*u/t):0;}
  function bar(l,u,t,unit){if(!(t>0))return '';var p=pct(u,t);return '<div class="bar"><span>'+l+'</span><div class="track"><div class="fill'+(t-u<=1e-9?' full':'')+'" style="width:'+p.toFixed(1)+'%"></div></div><span class="num">'+(Math.round(u*100)/100)+'/'+(Math.round(t*100)/100)+unit+'</span></div>';}
  var off={};
  document.querySelectorAll('.chip').forEach(function(c){c.addEventListener('click',function(){var a=c.getAttribute('data-app');off[a]=!off[a];c.classList.toggle('off',!!off[a]);document.querySelectorAll('.inst').forEach(function(e){e.classList.toggle('dim',!!off[e.getAttribute('data-app')]);});});});
  var search=document.getElementById('app-search'),only=document.getElementById('app-unplaced'),count=document.getElementById('app-count');
  function filter(){var q=search.value.toLowerCase(),n=0;document.querySelectorAll('tr.app-row').forEach(function(r){var show=r.getAttribute('data-search').indexOf(q)>=0&&(!only.checked||r.classList.contains('short'));r.hidden=!show;var d=r.nextElementSibling;if(d&&d.classList.contains('app-detail'))d.hidden=!show||!r.classList.contains('open');if(show)n++;});count.textContent=n+' shown';}
  if(search){search.addEventListener('input',filter);only.addEventListener('change',filter);filter();}
  document.querySelectorAll('tr.app-row').forEach(function(r){r.addEventListener('click',function(){var i=+r.getAttribute('data-i');var d=r.nextElementSibling;if(d&&d.classList.contains('app-detail')){var open=d.hidden;d.hidden=!open;r.classList.toggle('open',open);return;}
    var hosts=[];D.agents.forEach(function(a){for(var k=0;k<a[11].length;k+=2)if(a[11][k]===i)hosts.push(esc(a[0])+(a[11][k+1]>1?' ×'+a[11][k+1]:''));});
    var sp=D.spreads.filter(function(s){return s[0]===i;}).map(function(s){return '<div><b>by '+esc(s[1])+':</b> '+s[2].map(function(v){return esc(v[0])+' '+v[1];}).join(', ')+'</div>';}).join('');
    var tr=document.createElement('tr');tr.className='app-detail';var td=document.createElement('td');td.colSpan=5;
    td.innerHTML=sp+'<div><b>'+hosts.length+' agent'+(hosts.length===1?'':'s')+':</b> '+(hosts.join(', ')||'none')+'</div>';tr.appendChild(td);r.after(tr);r.classList.add('open');});});
  document.querySelectorAll('.tile').forEach(function(t){t.addEventListener('click',function(){var n=t.nextElementSibling;if(n&&n.classList.contains('tile-agents')){n.remove();t.classList.remove('open');return;}
    var k=+t.getAttribute('data-tile');var rows=D.agents.filter(function(a){return a[1]===k;}).map(function(a){
      var apps=[];for(var j=0;j<a[11].length;j+=2)apps.push('<span class="sw" style="background:'+color(a[11][j])+'"></span> '+esc(D.apps[a[11][j]])+(a[11][j+1]>1?' ×'+a[11][j+1]:''));
      return '<tr class="agent-row"><td class="host">'+esc(a[0])+(a[2]&1?'<span class="tag">public</span>':'')+(a[2]&2?'<span class="tag">inactive</span>':'')+'</td><td style="min-width:220px">'+(a[2]&4?bar('cpu',a[4],a[3],'')+bar('mem',a[6]/1024,a[5]/1024,'G')+bar('disk',a[8]/1024,a[7]/1024,'G')+bar('gpu',a[10],a[9],''):'<span class="muted">no resource data (unlimited)</span>')+'</td><td>'+(apps.join('<br>')||'<span class="muted">empty</span>')+'</td></tr>';});
    var div=document.createElement('div');div.className='tile-agents';div.innerHTML='<table><thead><tr><th>agent</th><th>used</th><th>instances</th></tr></thead><tbody>'+rows.join('')+'</tbody></table>';t.after(div);t.classList.add('open');});});
})();
`;

/** `sha256-…` of an inline script, for the page's Content-Security-Policy. */
function cspHash(code: string): string {
  return `'sha256-${createHash("sha256").update(code, "utf8").digest("base64")}'`;
}

const SCRIPT_HASH = cspHash(JS);

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

/** JSON that can sit inside a <script> element: no `<` at all, so no `</script>` or `<!--`. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

const round2 = (x: number) => Math.round(x * 100) / 100;

function agentList(e: typeof escapeHtml, agents: readonly AgentRejection[]): string {
  return `<ul>${agents.map((a) => `<li><b>${e(a.hostname)}</b>: ${e(a.reasons.map(rejectionText).join("; "))}${a.marathon === undefined ? "" : ` <span class="muted">[Marathon: ${e(a.marathon.join(", ") || "no reason")}]</span>`}</li>`).join("")}</ul>`;
}

/**
 * The simulation as one self-contained HTML page: the verdict and the unplaced apps with their reasons
 * first, drift and notes, a searchable table of apps (placements and spreads on click), then the
 * cluster: agent by agent with instances coloured by app for small clusters, rack tiles with fill and
 * app mix (agents on click, drawn from embedded data) for large ones.
 */
export function renderHtml(
  result: SimulationResult,
  options: {
    title?: string;
    /** Trusted HTML placed after the verdict, before everything else (other reports' own sections). */
    intro?: string;
  } = {},
): string {
  const e = escapeHtml;
  const appIndex = new Map(result.apps.map((a, i) => [a.id, i]));
  // Colours go to the apps with the most instances; with more apps than colours the rest share one.
  const ranked = result.apps
    .map((_, i) => i)
    .sort((x, y) => result.apps[y]!.placed - result.apps[x]!.placed || x - y);
  const colorIndex = new Int32Array(result.apps.length).fill(-1);
  const distinct = result.apps.length <= PALETTE.length ? PALETTE.length : PALETTE.length - 1;
  ranked.slice(0, distinct).forEach((app, k) => {
    colorIndex[app] = k;
  });
  const colorOf = (appId: string): string => {
    const i = appIndex.get(appId);
    const c = i === undefined ? -1 : colorIndex[i]!;
    return c < 0 ? OTHER : PALETTE[c]!;
  };
  const placed = result.apps.reduce((n, a) => n + a.placed, 0);
  const wanted = result.apps.reduce((n, a) => n + Math.max(a.wanted, a.running), 0);
  const unplacedCount = result.unplaced.reduce((n, u) => n + u.count, 0);
  const title = options.title ?? "Placement simulation";
  const detailed = result.agents.length <= DETAILED_AGENTS;
  const order = result.offerOrder === "random" ? `random, seed ${result.seed ?? 1}` : result.offerOrder;

  const unplacedRows = result.unplaced
    .map((u) => {
      const nearest =
        u.nearest.length === 0
          ? ""
          : `<details><summary>closest ${u.nearest.length === 1 ? "agent" : `${u.nearest.length} agents`}</summary>${agentList(e, u.nearest)}</details>`;
      const perAgent =
        u.agents.length === 0
          ? ""
          : `<details><summary>per agent (${u.agents.length}${u.agentsOmitted > 0 ? ` of ${u.agents.length + u.agentsOmitted}` : ""})</summary>${agentList(e, u.agents)}</details>`;
      return `<tr class="unplaced-row"><td>${e(instanceRange(u.appId, u.first, u.count))}</td><td class="num">${u.count}</td><td class="num">${u.candidates}/${u.agentCount}</td><td><ul>${u.summary.map((s) => `<li>${s.count} ${e(s.text)}</li>`).join("")}</ul>${u.funnel === undefined ? "" : `<p class="funnel">${e(funnelLine(u.funnel))}</p>`}${nearest}${perAgent}</td></tr>`;
    })
    .join("");
  const unplacedSection =
    result.unplaced.length === 0
      ? '<p class="muted">Every instance is placed.</p>'
      : `<div class="scroll"><table id="unplaced"><thead><tr><th>instances</th><th>count</th><th>agents that can take one</th><th>why not</th></tr></thead><tbody>${unplacedRows}</tbody></table></div>`;

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
  const notes =
    result.notes.length === 0
      ? ""
      : `<h2>Notes</h2><ul>${result.notes.map((n) => `<li>${e(n)}</li>`).join("")}</ul>`;

  const short = new Set(result.unplaced.map((u) => u.appId));
  const appRows = result.apps
    .map((a, i) => {
      const rules = [...a.constraints, ...a.packageRules.map((r) => `${r} [package rule]`)];
      const search = `${a.id} ${rules.join(" ")}`.toLowerCase();
      return `<tr class="app-row${short.has(a.id) ? " short" : ""}" data-i="${i}" data-search="${e(search)}"><td><span class="sw" style="background:${colorOf(a.id)}"></span> ${e(a.id)}</td><td class="num${a.placed < a.wanted ? " bad" : ""}">${a.placed}/${a.wanted}</td><td>${e(rules.join(", ") || "none")}</td><td>${e(a.dialect)}</td><td class="num">${round2(a.resources.cpus)} cpu, ${round2(a.resources.mem)} MB</td></tr>`;
    })
    .join("");

  const legendApps =
    result.apps.length <= PALETTE.length
      ? result.apps
      : ranked.slice(0, distinct).map((i) => result.apps[i]!);
  const legend =
    legendApps
      .map(
        (a) =>
          `<span class="chip" data-app="${e(a.id)}" title="click to hide or show"><span class="sw" style="background:${colorOf(a.id)}"></span>${e(a.id)} <span class="muted">${a.placed}/${a.wanted}</span></span>`,
      )
      .join("") +
    (legendApps.length < result.apps.length
      ? `<span class="chip-other"><span class="sw" style="background:${OTHER}"></span> ${result.apps.length - legendApps.length} other apps</span>`
      : "");

  const cluster = detailed ? detailedCluster(result, colorOf) : tiledCluster(result, colorOf);
  const spreads = detailed ? spreadCharts(result, colorOf) : "";

  // Compact data the page draws on demand: agents (host, tile, flags, resources, [app, count]...),
  // app ids and colours, spreads.
  const tileKey = (a: AgentUsage) => `${a.region ?? ""}\u0000${a.zone ?? ""}\u0000${a.rack ?? ""}`;
  const tiles = new Map<string, number>();
  for (const a of result.agents) if (!tiles.has(tileKey(a))) tiles.set(tileKey(a), tiles.size);
  const data = {
    palette: PALETTE,
    other: OTHER,
    apps: result.apps.map((a) => a.id),
    colors: Array.from(colorIndex),
    agents: result.agents.map((a) => [
      a.hostname,
      tiles.get(tileKey(a))!,
      (a.public ? 1 : 0) | (a.inactive ? 2 : 0) | (a.hasResources ? 4 : 0),
      round2(a.total.cpus),
      round2(a.total.cpus - a.after.cpus),
      round2(a.total.mem),
      round2(a.total.mem - a.after.mem),
      round2(a.total.disk),
      round2(a.total.disk - a.after.disk),
      a.total.gpus,
      round2(a.total.gpus - a.after.gpus),
      a.apps.flatMap((x) => [appIndex.get(x.appId) ?? -1, x.count]),
    ]),
    spreads: detailed
      ? []
      : result.spreads.map((s) => [
          appIndex.get(s.appId) ?? -1,
          s.field,
          s.counts.map((c) => [c.value, c.count]),
        ]),
  };

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src ${SCRIPT_HASH}">
<title>${e(title)}</title>
<style>${CSS}</style>
</head>
<body>
<h1>${e(title)}</h1>
<p class="summary ${result.complete ? "good" : "bad"}">${result.complete ? "All placed" : `Not all placed: ${unplacedCount} instance${unplacedCount === 1 ? "" : "s"} of ${result.unplaced.length} app${result.unplaced.length === 1 ? "" : "s"} cannot be placed`}. ${placed}/${wanted} instances of ${result.apps.length} apps on ${result.agents.length} agents (offer order ${e(order)}, ${result.rounds} rounds)</p>
${marathonFlags(result.marathon).length === 0 && result.now === undefined ? "" : `<p class="muted">Marathon: ${e([...marathonFlags(result.marathon), ...(result.now === undefined ? [] : [`maintenance judged at ${result.now}`])].join(", "))}</p>`}
${options.intro ?? ""}
<h2>Unplaced</h2>
${unplacedSection}
${driftSection}
${notes}
<h2>Apps</h2>
<div class="tools"><input type="search" id="app-search" placeholder="search apps and constraints" aria-label="search apps and constraints"><label><input type="checkbox" id="app-unplaced"> only apps with unplaced instances</label><span id="app-count" class="muted"></span></div>
<div class="scroll"><table id="apps"><thead><tr><th>app (click for agents and spread)</th><th>placed</th><th>constraints</th><th>dialect</th><th>each instance</th></tr></thead><tbody>${appRows}</tbody></table></div>
<h2>Cluster</h2>
<div class="legend">${legend}</div>
<section id="cluster">${cluster}</section>
${detailed ? `<h2>Spread</h2><section class="spreads">${spreads || '<p class="muted">No constraint fields to spread over.</p>'}</section>` : ""}
<script type="application/json" id="report-data">${scriptJson(data)}</script>
<script>${JS}</script>
</body>
</html>
`;
}

/** Every agent drawn, grouped by region, zone and rack, its instances as coloured squares. */
function detailedCluster(result: SimulationResult, colorOf: (appId: string) => string): string {
  const e = escapeHtml;
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
          `<span class="inst${p.running ? " running" : ""}" data-app="${e(p.appId)}" style="background-color:${colorOf(p.appId)}" title="${e(`${p.appId}#${p.instance}${p.running ? " (running)" : ""}`)}"></span>`,
      )
      .join("");
    return `<div class="${classes}" data-host="${e(a.hostname)}"><div class="host">${e(a.hostname)}${tags}</div>${bars}<div class="insts">${insts}</div></div>`;
  };
  const out: string[] = [];
  for (const [region, inRegion] of groupBy(result.agents, (a) => a.region ?? "")) {
    out.push(
      `<div class="region"><h3>${region === "" ? "No region" : `Region ${e(region)}`}</h3><div class="zones">`,
    );
    for (const [zone, inZone] of groupBy(inRegion, (a) => a.zone ?? "")) {
      out.push(`<div class="zone"><h4>${zone === "" ? "No zone" : `Zone ${e(zone)}`}</h4>`);
      for (const [rack, inRack] of groupBy(inZone, (a) => a.rack ?? "")) {
        out.push(`<div class="rack">${rack === "" ? "" : `<h5>Rack ${e(rack)}</h5>`}<div class="agents">`);
        for (const a of inRack) out.push(agentBox(a));
        out.push("</div></div>");
      }
      out.push("</div>");
    }
    out.push("</div></div>");
  }
  return out.join("");
}

/** One tile per rack (per zone when agents have no rack): agents, fill, and the mix of apps. */
function tiledCluster(result: SimulationResult, colorOf: (appId: string) => string): string {
  const e = escapeHtml;
  const out: string[] = [];
  let tile = 0;
  for (const [region, inRegion] of groupBy(result.agents, (a) => a.region ?? "")) {
    out.push(`<div class="region"><h3>${region === "" ? "No region" : `Region ${e(region)}`}</h3>`);
    for (const [zone, inZone] of groupBy(inRegion, (a) => a.zone ?? "")) {
      out.push(
        `<div class="zone-tiles"><h4>${zone === "" ? "No zone" : `Zone ${e(zone)}`}</h4><div class="tiles">`,
      );
      for (const [rack, inRack] of groupBy(inZone, (a) => a.rack ?? "")) {
        let cpus = 0;
        let cpusFree = 0;
        let mem = 0;
        let memFree = 0;
        const mix = new Map<string, number>();
        let instances = 0;
        for (const a of inRack) {
          cpus += a.total.cpus;
          cpusFree += a.after.cpus;
          mem += a.total.mem;
          memFree += a.after.mem;
          for (const x of a.apps) {
            const c = colorOf(x.appId);
            mix.set(c, (mix.get(c) ?? 0) + x.count);
            instances += x.count;
          }
        }
        const segments = [...mix.entries()]
          .sort((x, y) => y[1] - x[1])
          .map(
            ([c, n]) => `<span style="background:${c};width:${((100 * n) / instances).toFixed(2)}%"></span>`,
          )
          .join("");
        const label = rack === "" ? "agents without a rack" : /rack/i.test(rack) ? rack : `rack ${rack}`;
        out.push(
          `<div class="tile" data-tile="${tile}" title="click for its agents"><div class="host">${e(label)}</div><div class="muted">${inRack.length} agent${inRack.length === 1 ? "" : "s"}, ${instances} instance${instances === 1 ? "" : "s"}</div>${bar("cpu", cpus, cpusFree, "")}${bar("mem", mem / 1024, memFree / 1024, "G")}<div class="mix">${segments}</div></div>`,
        );
        tile++;
      }
      out.push("</div></div>");
    }
    out.push("</div>");
  }
  return out.join("");
}

/** Per app and field, instances per value as a small SVG bar chart. */
function spreadCharts(result: SimulationResult, colorOf: (appId: string) => string): string {
  const e = escapeHtml;
  return result.spreads
    .map((s) => {
      const max = Math.max(1, ...s.counts.map((c) => c.count));
      const rowH = 20;
      const labelW = 120;
      const width = 360;
      const rows = s.counts
        .map((c, i) => {
          const w = ((width - labelW - 40) * c.count) / max;
          const y = i * rowH;
          return `<text x="${labelW - 6}" y="${y + 14}" text-anchor="end" font-size="12">${e(c.value.length > 18 ? `${c.value.slice(0, 17)}…` : c.value)}</text><rect x="${labelW}" y="${y + 3}" width="${w.toFixed(1)}" height="${rowH - 6}" rx="2" fill="${colorOf(s.appId)}"><title>${e(`${c.value}: ${c.count}`)}</title></rect><text x="${(labelW + w + 4).toFixed(1)}" y="${y + 14}" font-size="12">${c.count}</text>`;
        })
        .join("");
      const h = Math.max(rowH, s.counts.length * rowH);
      return `<div class="spread" data-app="${e(s.appId)}"><h3>${e(s.appId)} by ${e(s.field)}</h3><svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${h}" role="img" aria-label="${e(`${s.appId} instances per ${s.field}`)}">${rows}</svg></div>`;
    })
    .join("");
}
