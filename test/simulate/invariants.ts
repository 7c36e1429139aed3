// Independent checks of a simulation result: every new placement was allowed by a freshly compiled
// matcher at the time it was made, no agent is over-committed, nothing sits on roles it may not use.
import { expect } from "vitest";
import type { Agent } from "../../src/agents/agent.js";
import { safeCompile } from "../../src/eval/index.js";
import type { RunningPlacement, SimulationResult, WorkloadApp } from "../../src/simulate/types.js";

const DIMS = ["cpus", "mem", "disk", "gpus", "ports"] as const;
const EPS = 1e-6;

/** Throws (fails the test) when the result breaks any placement invariant. */
export function checkInvariants(
  result: SimulationResult,
  agents: readonly Agent[],
  apps: readonly WorkloadApp[],
  running: readonly RunningPlacement[] = [],
  masterRegion?: string,
): void {
  const byHost = new Map(agents.map((a) => [a.hostname, a]));
  const appById = new Map(apps.map((a) => [a.id, a]));
  // Constraints: replay each app's placements in launch order against a fresh matcher and state.
  for (const app of apps) {
    const compiled = safeCompile([...app.constraints, ...app.packageRules], {
      dialect: app.dialect,
      invalid: "reject",
      ...(masterRegion === undefined ? {} : { localRegion: masterRegion }),
    });
    const matcher = compiled.matcher!;
    const state = matcher.createState({ instances: app.instances });
    const mine = result.placements.filter((p) => p.appId === app.id);
    expect(mine.filter((p) => !p.running).length).toBeLessThanOrEqual(app.instances);
    for (const p of mine) {
      const agent = byHost.get(p.hostname);
      expect(agent, `${p.hostname} is in the inventory`).toBeDefined();
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
    const summary = result.apps.find((a) => a.id === app.id)!;
    expect(summary.placed).toBe(mine.length);
  }
  // Resources and roles: per agent and per set of roles, what was placed fits what was free.
  const clamped = result.notes.some((n) => n.includes("more than its agent had free"));
  for (const agent of agents) {
    if (agent.resources === undefined) continue;
    const here = result.placements.filter((p) => p.hostname === agent.hostname);
    const consuming = here.filter((p) => {
      if (!p.running) return true;
      return running.some((r) => r.appId === p.appId && r.consumes !== false);
    });
    // Running instances recorded as holding more than was free make the agent full, not over-committed.
    if (clamped && consuming.some((p) => p.running)) continue;
    const roleSets = new Set(consuming.map((p) => appById.get(p.appId)!.acceptedRoles.join("\u0000")));
    for (const key of roleSets) {
      const roles = key.split("\u0000");
      const inside = consuming.filter((p) =>
        appById.get(p.appId)!.acceptedRoles.every((r) => roles.includes(r)),
      );
      for (const d of DIMS) {
        const used = inside.reduce((n, p) => n + appById.get(p.appId)!.resources[d], 0);
        const free = roles.reduce((n, r) => n + (agent.resources!.free[r]?.[d] ?? 0), 0);
        expect(used, `${agent.hostname} ${d} for roles ${roles.join(",")}`).toBeLessThanOrEqual(free + EPS);
      }
    }
    const usage = result.agents.find((a) => a.hostname === agent.hostname)!;
    for (const d of DIMS) expect(usage.after[d]).toBeGreaterThanOrEqual(-EPS);
  }
  // Counts agree.
  for (const u of result.unplaced) {
    const app = appById.get(u.appId)!;
    const summary = result.apps.find((a) => a.id === u.appId)!;
    expect(summary.placed + u.count).toBe(app.instances);
    expect(u.first).toBe(summary.placed + 1);
  }
  expect(result.complete).toBe(result.unplaced.length === 0);
}
