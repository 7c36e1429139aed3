// Renders a SimulationResult as plain text for terminals: per app placed/wanted, where instances went,
// the spread per constraint field, and Kubernetes-style why-not summaries. Formatting only.
import { MARATHON_DEFAULTS, type MarathonConfig } from "./marathon/config.js";
import type { FunnelStep } from "./marathon/reasons.js";
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
      return r.state === undefined ? "inactive (no offers)" : `${r.state.toLowerCase()} (no offers)`;
    case "gpu_hidden":
      return "has GPUs: Mesos offers it only to frameworks registered for GPUs";
    case "ports": {
      return `host ports: need ${r.need}, free ${r.free}`;
    }
    case "maintenance":
      return `maintenance window from ${r.start}${r.end === undefined ? "" : ` to ${r.end}`}${r.draining ? " (draining period)" : ""}`;
    case "gpu_scarce":
      return `a GPU agent (${r.gpus} free); this app uses no GPU and Marathon keeps GPU agents for GPU work`;
    case "reservation":
      return `no reservation here (waiting on ${r.hostnames.join(", ") || "other agents"})`;
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
      return r.offered === false ? `host port ${r.port} not offered` : `host port ${r.port} in use`;
    case "constraint":
      return `${r.packageRule ? "[package rule] " : ""}${r.reason}`;
  }
}

/**
 * Marathon's funnel in one line, as `/v2/queue` would count the agents' last offers:
 * `Marathon's funnel (5 offers declined): UnfulfilledConstraint 3, InsufficientMemory 2`.
 */
export function funnelLine(funnel: readonly FunnelStep[]): string {
  const declined = funnel[0]?.processed ?? 0;
  const steps = funnel.filter((s) => s.declined > 0).map((s) => `${s.reason} ${s.declined}`);
  const unexplained = declined - funnel.reduce((n, s) => n + s.declined, 0);
  if (unexplained > 0) steps.push(`no reason (remote region) ${unexplained}`);
  return `Marathon's funnel (${plural(declined, "offer")} declined): ${steps.join(", ") || "-"}`;
}

/** The Marathon switches that differ from Marathon's defaults, as its flags: `--max_instances_per_offer 10`. */
export function marathonFlags(config: MarathonConfig): string[] {
  const out: string[] = [];
  if (config.gpuSchedulingBehavior !== MARATHON_DEFAULTS.gpuSchedulingBehavior)
    out.push(`--gpu_scheduling_behavior ${config.gpuSchedulingBehavior}`);
  if (config.maintenanceMode !== MARATHON_DEFAULTS.maintenanceMode) out.push("--disable_maintenance_mode");
  if (config.drainingSeconds !== MARATHON_DEFAULTS.drainingSeconds)
    out.push(`--draining_seconds ${config.drainingSeconds}`);
  if (config.maxInstancesPerOffer !== MARATHON_DEFAULTS.maxInstancesPerOffer)
    out.push(`--max_instances_per_offer ${config.maxInstancesPerOffer}`);
  if (config.gpuResources !== MARATHON_DEFAULTS.gpuResources)
    out.push("without --enable_features gpu_resources");
  return out;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/** The one-line verdict that heads the text report (and that `simulate --out` prints on stderr). */
export function verdictLine(result: SimulationResult): string {
  const wanted = result.apps.reduce((n, a) => n + Math.max(a.wanted, a.running), 0);
  const placed = result.apps.reduce((n, a) => n + a.placed, 0);
  const order = result.offerOrder === "random" ? `random, seed ${result.seed ?? 1}` : result.offerOrder;
  return `${result.complete ? "All placed" : "Not all placed"}: ${placed}/${wanted} instances of ${plural(result.apps.length, "app")} on ${plural(result.agents.length, "agent")} (offer order ${order}, ${plural(result.rounds, "round")})`;
}

/**
 * The simulation as text: a headline, then each app with its placements, spreads and unplaced summary,
 * then drift and notes.
 */
export function renderText(result: SimulationResult, options: TextReportOptions = {}): string {
  const lines: string[] = [];
  lines.push(verdictLine(result));
  const flags = marathonFlags(result.marathon);
  if (flags.length > 0 || result.now !== undefined) {
    const at = result.now === undefined ? [] : [`maintenance judged at ${result.now}`];
    lines.push(`Marathon: ${[...flags, ...at].join(", ")}`);
  }
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
      const ids = ps
        .map((p) =>
          p.outdated
            ? "an outdated instance (running)"
            : `#${p.instance}${p.running ? " (running)" : p.onReservation ? " (on its reservation)" : ""}`,
        )
        .join(", ");
      lines.push(`  ${host}${where.length > 0 ? ` (${where.join(", ")})` : ""}: ${ids}`);
    }
    for (const s of result.spreads) {
      if (s.appId !== app.id) continue;
      lines.push(`  spread by ${s.field}: ${s.counts.map((c) => `${c.value} ${c.count}`).join(", ") || "-"}`);
    }
    const u = unplacedByApp.get(app.id);
    if (u !== undefined) {
      lines.push(`  ${unplacedLine(u)}`);
      if (u.funnel !== undefined) lines.push(`  ${funnelLine(u.funnel)}`);
      const agentLine = (a: AgentRejection, marathon = false) =>
        `${a.hostname}: ${a.reasons.map(rejectionText).join("; ")}${!marathon || a.marathon === undefined ? "" : `  [Marathon: ${a.marathon.join(", ") || "no reason"}]`}`;
      if (options.verbose && u.agents.length > 0) {
        for (const a of u.agents) lines.push(`    ${agentLine(a, true)}`);
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
