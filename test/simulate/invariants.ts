// Independent checks of a simulation result: every new placement was allowed by a freshly compiled
// matcher at the time it was made, no agent is over-committed, nothing sits on roles it may not use,
// no host port is used twice, and Marathon's own gates (GPUs, maintenance, launches per offer) held.
import { expect } from "vitest";
import type { Agent } from "../../src/agents/agent.js";
import { isMachine } from "../../src/agents/maintenance.js";
import { rangesContain } from "../../src/agents/port-ranges.js";
import { safeCompile } from "../../src/eval/index.js";
import { resolveMarathonConfig } from "../../src/simulate/marathon/config.js";
import type {
  Placement,
  RunningPlacement,
  SimulateOptions,
  SimulationResult,
  WorkloadApp,
} from "../../src/simulate/types.js";

const DIMS = ["cpus", "mem", "disk", "gpus", "ports"] as const;
const EPS = 1e-6;

/** Throws (fails the test) when the result breaks any placement invariant. */
export function checkInvariants(
  result: SimulationResult,
  agents: readonly Agent[],
  apps: readonly WorkloadApp[],
  running: readonly RunningPlacement[] = [],
  masterRegion?: string,
  options: Pick<SimulateOptions, "marathon" | "maintenance" | "now"> = {},
): void {
  const byHost = new Map(agents.map((a) => [a.hostname, a]));
  const appById = new Map(apps.map((a) => [a.id, a]));
  // Grouped once, so the checks stay linear on thousands of agents and apps.
  const placementsOf = new Map<string, Placement[]>();
  const placementsOn = new Map<string, Placement[]>();
  for (const p of result.placements) {
    const mine = placementsOf.get(p.appId);
    if (mine === undefined) placementsOf.set(p.appId, [p]);
    else mine.push(p);
    const here = placementsOn.get(p.hostname);
    if (here === undefined) placementsOn.set(p.hostname, [p]);
    else here.push(p);
  }
  const summaries = new Map(result.apps.map((a) => [a.id, a]));
  const usages = new Map(result.agents.map((a) => [a.hostname, a]));
  const consumingRunning = new Set(running.filter((r) => r.consumes !== false).map((r) => r.appId));
  // Constraints: replay each app's placements in launch order against a fresh matcher and state.
  for (const app of apps) {
    const compiled = safeCompile([...app.constraints, ...app.packageRules], {
      dialect: app.dialect,
      invalid: "reject",
      ...(masterRegion === undefined ? {} : { localRegion: masterRegion }),
    });
    const matcher = compiled.matcher!;
    const state = matcher.createState({ instances: app.instances });
    // Reservations waiting for their instance count where they are, as Marathon counts reserved instances.
    for (const r of running) {
      if (r.reserved === true && r.appId === app.id && r.hostname !== undefined && byHost.has(r.hostname))
        state.place(byHost.get(r.hostname)!);
    }
    const mine = (placementsOf.get(app.id) ?? []).filter((p) => p.outdated !== true);
    expect(mine.filter((p) => !p.running).length).toBeLessThanOrEqual(app.instances);
    for (const p of mine) {
      const agent = byHost.get(p.hostname);
      expect(agent, `${p.hostname} is in the inventory`).toBeDefined();
      if (p.onReservation) {
        // Checked without the instance itself; a copy keeps the placement order CLUSTER reads.
        const others = state.clone();
        others.remove(agent!);
        expect(matcher.accepts(agent!, others), `${app.id}#${p.instance} relaunched on its reservation`).toBe(
          true,
        );
        continue;
      }
      if (!p.running) {
        expect(agent!.inactive, `${app.id}#${p.instance} not on an inactive agent`).not.toBe(true);
        const verdicts = matcher.explain(agent!, state);
        const refused = verdicts.filter((v) => !v.accepted).map((v) => v.reason);
        expect(refused, `${app.id}#${p.instance} on ${p.hostname}`).toEqual([]);
        expect(matcher.accepts(agent!, state)).toBe(true);
        expect(matcher.acceptsRegion(agent!)).toBe(true);
      }
      state.place(agent!);
    }
    const summary = summaries.get(app.id)!;
    expect(summary.placed).toBe(mine.length);
  }
  // Resources and roles: per agent and per set of roles, what was placed fits what was free.
  const clamped = result.notes.some((n) => n.includes("more than its agent had free"));
  for (const agent of agents) {
    if (agent.resources === undefined) continue;
    const here = placementsOn.get(agent.hostname) ?? [];
    const consuming = here.filter((p) => !p.running || consumingRunning.has(p.appId));
    // Running instances recorded as holding more than was free make the agent full, not over-committed.
    if (clamped && consuming.some((p) => p.running)) continue;
    // A resident app's new instance reserves from unreserved resources only, with its volumes' disk.
    const rolesOf = (p: (typeof consuming)[number]) => {
      const app = appById.get(p.appId)!;
      return app.persistentDisk !== undefined ? ["*"] : app.acceptedRoles;
    };
    const needOf = (p: (typeof consuming)[number], d: (typeof DIMS)[number]) => {
      const app = appById.get(p.appId)!;
      if (p.onReservation) return 0;
      return app.resources[d] + (d === "disk" ? (app.persistentDisk ?? 0) : 0);
    };
    const roleSets = new Set(consuming.map((p) => rolesOf(p).join("\u0000")));
    for (const key of roleSets) {
      const roles = key.split("\u0000");
      const inside = consuming.filter((p) => rolesOf(p).every((r) => roles.includes(r)));
      for (const d of DIMS) {
        const used = inside.reduce((n, p) => n + needOf(p, d), 0);
        const free = roles.reduce((n, r) => n + (agent.resources!.free[r]?.[d] ?? 0), 0);
        expect(used, `${agent.hostname} ${d} for roles ${roles.join(",")}`).toBeLessThanOrEqual(free + EPS);
      }
    }
    const usage = usages.get(agent.hostname)!;
    for (const d of DIMS) expect(usage.after[d]).toBeGreaterThanOrEqual(-EPS);
  }
  checkOfferGates(result, agents, apps, running, options);
  // Counts agree.
  for (const u of result.unplaced) {
    const app = appById.get(u.appId)!;
    const summary = summaries.get(u.appId)!;
    expect(summary.placed + u.count).toBe(app.instances);
    expect(u.first).toBe(summary.placed + 1);
    if (app.kind !== "sdk-pod") expect(u.funnel, `${u.appId} has Marathon's funnel`).toBeDefined();
  }
  expect(result.complete).toBe(result.unplaced.length === 0);
}
/**
 * Marathon's gates, replayed from the placements in launch order: host ports distinct per agent and
 * inside the agent's free ranges, no non-GPU app (restricted) on an agent while it had free GPUs, no new
 * Marathon instance on an agent inside a maintenance window, at most --max_instances_per_offer per offer.
 */
function checkOfferGates(
  result: SimulationResult,
  agents: readonly Agent[],
  apps: readonly WorkloadApp[],
  running: readonly RunningPlacement[],
  options: Pick<SimulateOptions, "marathon" | "maintenance" | "now">,
): void {
  const consumes = (appId: string) => running.some((r) => r.appId === appId && r.consumes !== false);
  const config = resolveMarathonConfig(options.marathon);
  const appById = new Map(apps.map((a) => [a.id, a]));
  const byHost = new Map(agents.map((a) => [a.hostname, a]));
  const portsUsed = new Map<string, Set<number>>();
  const freeGpus = new Map<string, number>();
  for (const a of agents) {
    let gpus = 0;
    for (const r of Object.values(a.resources?.free ?? {})) gpus += r.gpus;
    freeGpus.set(a.hostname, gpus);
  }
  const perOffer = new Map<string, number>();
  for (const p of result.placements) {
    const app = appById.get(p.appId)!;
    const agent = byHost.get(p.hostname)!;
    const marathon = app.kind !== "sdk-pod";
    const used = portsUsed.get(p.hostname) ?? new Set<number>();
    portsUsed.set(p.hostname, used);
    for (const port of p.ports ?? []) {
      expect(used.has(port), `host port ${port} used twice on ${p.hostname}`).toBe(false);
      used.add(port);
    }
    const fresh = !p.running && !p.onReservation;
    if (fresh) {
      for (const port of app.fixedPorts)
        expect(p.ports ?? [], `${app.id} holds its fixed port ${port}`).toContain(port);
      const ranges = agent.resources?.portRanges;
      if (ranges !== undefined) {
        expect((p.ports ?? []).length, `${app.id}#${p.instance} has all its host ports`).toBe(
          app.resources.ports,
        );
        const roles = app.persistentDisk !== undefined && marathon ? ["*"] : app.acceptedRoles;
        for (const port of p.ports ?? []) {
          expect(
            roles.some((r) => rangesContain(ranges.free[r] ?? [], port)),
            `${app.id}#${p.instance}: port ${port} is offered on ${p.hostname}`,
          ).toBe(true);
        }
      }
      if (marathon) {
        const behaviour = app.gpuSchedulingBehavior ?? config.gpuSchedulingBehavior;
        if (behaviour === "restricted" && app.resources.gpus === 0)
          expect(
            freeGpus.get(p.hostname),
            `${app.id}#${p.instance} is not on a GPU agent (${p.hostname})`,
          ).toBe(0);
        const window = options.maintenance?.windows.find((w) => w.machines.some((m) => isMachine(agent, m)));
        if (window !== undefined && config.maintenanceMode) {
          const now = options.now ?? Date.now();
          const inside =
            now > window.start - config.drainingSeconds * 1000 &&
            !(window.duration !== undefined && now > window.start + window.duration);
          expect(inside, `${app.id}#${p.instance} not on ${p.hostname} during maintenance`).toBe(false);
        }
        const key = `${p.round}\u0000${p.hostname}`;
        perOffer.set(key, (perOffer.get(key) ?? 0) + 1);
        expect(perOffer.get(key)!, `launches from one offer of ${p.hostname}`).toBeLessThanOrEqual(
          config.maxInstancesPerOffer,
        );
      }
    }
    // A reservation's GPUs stay in the offers until its instance runs (Mesos offers reserved resources back).
    if (fresh || p.onReservation || (p.running === true && consumes(p.appId))) {
      freeGpus.set(p.hostname, Math.max(0, (freeGpus.get(p.hostname) ?? 0) - app.resources.gpus));
    }
  }
}
