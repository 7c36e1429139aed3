// Marathon's offer matcher, restated from its own tests (test/simulate/vectors): every vector runs
// through the same modules the simulator uses, from inventory and app JSON to Marathon's reasons.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { Agent } from "../../src/agents/agent.js";
import { agentFromInput } from "../../src/agents/agent-input.js";
import type { MaintenanceSchedule } from "../../src/agents/maintenance.js";
import { safeCompile } from "../../src/eval/index.js";
import { type MarathonConfig, resolveMarathonConfig } from "../../src/simulate/marathon/config.js";
import {
  inspectOffer,
  isCurrentVersion,
  type OfferMode,
  offerApp,
  offerFits,
} from "../../src/simulate/marathon/match.js";
import { OfferPool, RoleIndex, registerRoles } from "../../src/simulate/marathon/pool.js";
import { funnelReason, type NoOfferMatchReason } from "../../src/simulate/marathon/reasons.js";
import type { WorkloadApp } from "../../src/simulate/types.js";
import { loadWorkload } from "../../src/simulate/workload.js";

const NOW = Date.parse("2024-01-01T00:00:00Z");

interface MatcherVector {
  source: string;
  offer: Record<string, unknown>;
  app: Record<string, unknown>;
  config?: Partial<MarathonConfig>;
  localRegion?: string | null;
  maintenance?: { startOffsetSeconds: number; durationSeconds?: number };
  instances?: {
    hostname?: string;
    attributes?: Record<string, string>;
    version?: string;
    reserved?: boolean;
  }[];
  mode?: OfferMode;
  expect: {
    matched: boolean;
    reasons?: NoOfferMatchReason[];
    reasonsInclude?: NoOfferMatchReason[];
    reasonsExclude?: NoOfferMatchReason[];
    firstReason?: NoOfferMatchReason;
    funnel?: NoOfferMatchReason;
    hostPortCount?: number;
  };
}

interface PortsVector {
  source: string;
  ranges: Record<string, string | []>;
  app: Record<string, unknown>;
  expect: {
    ok: boolean;
    count?: number;
    ports?: number[];
    ordered?: boolean;
    roles?: string[];
    portRoles?: Record<string, string>;
  };
}

function load<T>(name: string): T[] {
  const text = readFileSync(new URL(`./vectors/${name}`, import.meta.url), "utf8");
  return (JSON.parse(text) as { vectors: T[] }).vectors;
}

function agentOf(value: unknown): Agent {
  const r = agentFromInput(value);
  if (!r.ok || r.agent === undefined) throw new Error(`bad vector agent: ${JSON.stringify(r.diagnostics)}`);
  return r.agent;
}

function appOf(value: unknown): WorkloadApp {
  const w = loadWorkload(JSON.stringify(value));
  const errors = w.diagnostics.filter((d) => d.severity === "error");
  if (errors.length > 0 || w.apps.length !== 1) throw new Error(`bad vector app: ${JSON.stringify(errors)}`);
  return w.apps[0]!;
}

/** Runs one vector through the pool, the app preparation, the evaluator and the inspection. */
function run(v: MatcherVector) {
  const agent = agentOf(v.offer);
  const app = appOf(v.app);
  const config = resolveMarathonConfig(v.config);
  const schedule: MaintenanceSchedule | undefined =
    v.maintenance === undefined
      ? undefined
      : {
          windows: [
            {
              machines: [{ hostname: agent.hostname }],
              start: NOW + v.maintenance.startOffsetSeconds * 1000,
              ...(v.maintenance.durationSeconds === undefined
                ? {}
                : { duration: v.maintenance.durationSeconds * 1000 }),
            },
          ],
          down: [],
        };
  const roles = new RoleIndex();
  registerRoles(roles, [agent], app.acceptedRoles);
  const pool = new OfferPool(agent, 0, roles, schedule, config, NOW);
  const prepared = offerApp(app, roles, config);
  const compiled = safeCompile([...app.constraints], {
    dialect: "marathon",
    ...(v.localRegion === undefined ? {} : { localRegion: v.localRegion }),
  });
  const matcher = compiled.matcher!;
  const state = matcher.createState({ instances: app.instances });
  (v.instances ?? []).forEach((inst, i) => {
    const where =
      inst.hostname === agent.hostname
        ? agent
        : agentOf({ hostname: inst.hostname ?? `known-${i}`, attributes: inst.attributes ?? {} });
    if (inst.reserved === true || isCurrentVersion(inst.version, app.lastConfigChangeAt)) state.place(where);
  });
  const mode = v.mode ?? "launch";
  let constraintsOk: boolean;
  if (mode === "on-reservation") {
    // The instance that owns the reservation is not counted against itself.
    state.remove(agent);
    constraintsOk = matcher.accepts(agent, state);
    state.place(agent);
  } else {
    constraintsOk = matcher.accepts(agent, state);
  }
  const regionOk = matcher.acceptsRegion(agent);
  const inspection = inspectOffer(pool, prepared, mode, { constraintsOk, regionOk, roleNames: roles.names });
  const fits = pool.offers() && offerFits(pool, prepared, mode) && constraintsOk && regionOk;
  const req = mode === "reserve" ? prepared.reserve : prepared.launch;
  const pick =
    req === undefined ? undefined : pool.pickPorts(req.roles, req.fixedPorts, req.dynamicPorts, new Set());
  return { inspection, fits, pick };
}

describe("Marathon's ResourceMatcher (test/simulate/vectors/resource-matcher.json)", () => {
  const vectors = load<MatcherVector>("resource-matcher.json");

  it("has the vectors", () => {
    expect(vectors.length).toBeGreaterThanOrEqual(50);
  });

  it.each(vectors.map((v, i) => [`#${i + 1} ${v.source.replace(/^.*?: /, "")}`, v] as const))(
    "%s",
    (_, v) => {
      const { inspection, fits, pick } = run(v);
      const e = v.expect;
      expect(inspection.matched).toBe(e.matched);
      expect(fits, "the fast path agrees with the inspection").toBe(e.matched);
      const reasons = inspection.marathon ?? [];
      if (e.reasons !== undefined) expect(reasons).toEqual(e.reasons);
      for (const r of e.reasonsInclude ?? []) expect(reasons).toContain(r);
      for (const r of e.reasonsExclude ?? []) expect(reasons).not.toContain(r);
      if (e.firstReason !== undefined) expect(reasons[0]).toBe(e.firstReason);
      if (e.funnel !== undefined) expect(funnelReason(reasons)).toBe(e.funnel);
      if (e.hostPortCount !== undefined) expect(pick?.ports.length).toBe(e.hostPortCount);
      if (!e.matched) expect(inspection.ours.length > 0 || reasons.length > 0 || !fits).toBe(true);
    },
  );
});

describe("Marathon's PortsMatcher (test/simulate/vectors/ports-matcher.json)", () => {
  const vectors = load<PortsVector>("ports-matcher.json");

  it.each(vectors.map((v, i) => [`#${i + 1} ${v.source.replace(/^.*?: /, "")}`, v] as const))(
    "%s",
    (_, v) => {
      const resources = Object.fromEntries(
        Object.entries(v.ranges).map(([role, ports]) => [role, { cpus: 1, mem: 128, ports }]),
      );
      const agent = agentOf({ hostname: "localhost", resources });
      const app = appOf(v.app);
      const config = resolveMarathonConfig();
      const roles = new RoleIndex();
      registerRoles(roles, [agent], app.acceptedRoles);
      const pool = new OfferPool(agent, 0, roles, undefined, config, NOW);
      const req = offerApp(app, roles, config).launch;
      const pick = pool.pickPorts(req.roles, req.fixedPorts, req.dynamicPorts, new Set());
      expect(pick !== undefined).toBe(v.expect.ok);
      expect(pool.portsFit(req.roles, req.fixedPorts, req.dynamicPorts)).toBe(v.expect.ok);
      if (pick === undefined) return;
      if (v.expect.count !== undefined) expect(pick.ports).toHaveLength(v.expect.count);
      if (v.expect.ports !== undefined) {
        const got = v.expect.ordered ? [...pick.ports] : [...pick.ports].sort((a, b) => a - b);
        expect(got).toEqual(v.expect.ports);
      }
      expect(new Set(pick.ports).size, "no port twice").toBe(pick.ports.length);
      if (v.expect.roles !== undefined) {
        expect(new Set(pick.roles.map((r) => roles.names[r]))).toEqual(new Set(v.expect.roles));
      }
      for (const [port, role] of Object.entries(v.expect.portRoles ?? {})) {
        expect(roles.names[pick.roles[pick.ports.indexOf(Number(port))]!]).toBe(role);
      }
    },
  );
});
