// Renders a SimulationResult as plain text for terminals: per app placed/wanted, where instances went,
// the spread per constraint field, and Kubernetes-style why-not summaries. Formatting only.
import type { AgentRejection, Placement, Rejection, SimulationResult, Unplaced } from "./types.js";

export interface TextReportOptions {
  /** Also list the per-agent reasons the simulation kept (`explainAgents`) for each unplaced app. */
  readonly verbose?: boolean;
}

/** `web#4`, or `web#4..#6` for several (unplaced instances are always the last ones). */
export function instanceRange(appId: string, first: number, count: number): string {
  if (count <= 0) return appId;
  return count === 1 ? `${appId}#${first}` : `${appId}#${first}..#${first + count - 1}`;
}

/** One line: `0/12 agents can take web#4: 7 rejected by ..., 5 have too little mem (...)`. */
export function unplacedLine(u: Unplaced): string {
  const reasons = u.summary.map((s) => `${s.count} ${s.text}`).join(", ");
  const head = `${u.candidates}/${u.agentCount} agents can take ${instanceRange(u.appId, u.first, u.count)}`;
  return reasons === "" ? head : `${head}: ${reasons}`;
}

/** One agent's reason, short. */
export function rejectionText(r: Rejection): string {
  switch (r.kind) {
    case "inactive":
      return "inactive (no offers)";
    case "remote_region":
      return `remote region ${r.region}`;
    case "role":
      return `no resources for role ${r.roles.join(" or ")}`;
    case "resources": {
      const unit = r.resource === "mem" || r.resource === "disk" ? " MB" : "";
      const n = (x: number) => Math.round(x * 1000) / 1000;
      return `${r.resource}: need ${n(r.need)}${unit}, free ${n(r.free)}${unit}`;
    }
    case "port":
      return `host port ${r.port} in use`;
    case "constraint":
      return `${r.packageRule ? "[package rule] " : ""}${r.reason}`;
  }
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/**
 * The simulation as text: a headline, then each app with its placements, spreads and unplaced summary,
 * then drift and notes.
 */
export function renderText(result: SimulationResult, options: TextReportOptions = {}): string {
  const lines: string[] = [];
  const wanted = result.apps.reduce((n, a) => n + Math.max(a.wanted, a.running), 0);
  const placed = result.apps.reduce((n, a) => n + a.placed, 0);
  const order = result.offerOrder === "random" ? `random, seed ${result.seed ?? 1}` : result.offerOrder;
  lines.push(
    `${result.complete ? "All placed" : "Not all placed"}: ${placed}/${wanted} instances of ${plural(result.apps.length, "app")} on ${plural(result.agents.length, "agent")} (offer order ${order}, ${plural(result.rounds, "round")})`,
  );
  const agentByHost = new Map(result.agents.map((a) => [a.hostname, a]));
  const byApp = new Map<string, Placement[]>();
  for (const p of result.placements) {
    const list = byApp.get(p.appId);
    if (list === undefined) byApp.set(p.appId, [p]);
    else list.push(p);
  }
  const unplacedByApp = new Map(result.unplaced.map((u) => [u.appId, u]));
  for (const app of result.apps) {
    lines.push("");
    const rules = [...app.constraints, ...app.packageRules.map((r) => `${r} [package rule]`)];
    const running = app.running > 0 ? `, ${app.running} already running` : "";
    lines.push(
      `${app.id}  ${app.placed}/${app.wanted} placed${running}  (${app.dialect}; ${rules.length === 0 ? "no constraints" : rules.join(", ")})`,
    );
    const hosts = new Map<string, Placement[]>();
    for (const p of byApp.get(app.id) ?? []) {
      const list = hosts.get(p.hostname);
      if (list === undefined) hosts.set(p.hostname, [p]);
      else list.push(p);
    }
    for (const [host, ps] of hosts) {
      const a = agentByHost.get(host);
      const where = [a?.zone, a?.rack === undefined ? undefined : `rack ${a.rack}`].filter(
        (x): x is string => x !== undefined,
      );
      const ids = ps.map((p) => `#${p.instance}${p.running ? " (running)" : ""}`).join(", ");
      lines.push(`  ${host}${where.length > 0 ? ` (${where.join(", ")})` : ""}: ${ids}`);
    }
    for (const s of result.spreads) {
      if (s.appId !== app.id) continue;
      lines.push(`  spread by ${s.field}: ${s.counts.map((c) => `${c.value} ${c.count}`).join(", ") || "-"}`);
    }
    const u = unplacedByApp.get(app.id);
    if (u !== undefined) {
      lines.push(`  ${unplacedLine(u)}`);
      const agentLine = (a: AgentRejection) => `${a.hostname}: ${a.reasons.map(rejectionText).join("; ")}`;
      if (options.verbose && u.agents.length > 0) {
        for (const a of u.agents) lines.push(`    ${agentLine(a)}`);
        if (u.agentsOmitted > 0) lines.push(`    … and ${plural(u.agentsOmitted, "more agent")}`);
      } else {
        for (const a of u.nearest) lines.push(`    closest: ${agentLine(a)}`);
      }
    }
  }
  if (result.drift !== undefined) {
    lines.push("");
    if (result.drift.length === 0) {
      lines.push("Drift: every running instance satisfies its app's current constraints.");
    } else {
      lines.push(
        `Drift: ${plural(result.drift.length, "running instance")} would move on a replace (the constraints no longer allow where ${result.drift.length === 1 ? "it runs" : "they run"}):`,
      );
      for (const d of result.drift) {
        lines.push(`  ${d.appId}#${d.instance} on ${d.hostname}: ${d.reasons.map(rejectionText).join("; ")}`);
      }
    }
  }
  if (result.notes.length > 0) {
    lines.push("", "Notes:");
    for (const n of result.notes) lines.push(`  - ${n}`);
  }
  return `${lines.join("\n")}\n`;
}
