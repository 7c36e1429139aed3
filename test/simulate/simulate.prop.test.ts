import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import type { Agent, Resources } from "../../src/agents/agent.js";
import type { Dialect } from "../../src/ast.js";
import { simulate, summarize } from "../../src/simulate/simulate.js";
import type { OfferOrder, RunningPlacement, WorkloadApp } from "../../src/simulate/types.js";
import { agentArb, constraintArb } from "../eval/arbitraries.js";
import { checkInvariants } from "./invariants.js";

const HOSTS = ["h1", "h2", "10", "10.0", "z1", "a"];

const resourcesArb: fc.Arbitrary<Resources> = fc.record({
  cpus: fc.constantFrom(0, 1, 2, 4),
  mem: fc.constantFrom(0, 1024, 4096, 8192),
  disk: fc.constantFrom(0, 1000),
  gpus: fc.constant(0),
  ports: fc.constantFrom(0, 2, 100),
});

const poolAgentArb = fc.record({
  base: agentArb,
  star: fc.option(resourcesArb, { nil: undefined }),
  pub: fc.option(resourcesArb, { nil: undefined }),
  unlimited: fc.boolean(),
  inactive: fc.boolean(),
});

const scenario = fc.constantFrom<Dialect>("marathon", "marathon-1.11", "dcos-sdk").chain((dialect) =>
  fc.record({
    dialect: fc.constant(dialect),
    pool: fc.array(poolAgentArb, { minLength: 1, maxLength: HOSTS.length }),
    apps: fc.array(
      fc.record({
        constraints: fc.array(constraintArb(dialect), { maxLength: 3 }),
        instances: fc.nat(6),
        cpus: fc.constantFrom(0.5, 1, 2),
        mem: fc.constantFrom(128, 1024, 4096),
        roles: fc.constantFrom(["*"], ["slave_public"], ["*", "slave_public"]),
      }),
      { minLength: 1, maxLength: 3 },
    ),
    running: fc.array(fc.tuple(fc.nat(2), fc.nat(5)), { maxLength: 4 }),
    order: fc.constantFrom<OfferOrder>("listed", "random", "round-robin"),
    seed: fc.nat(1000),
    masterRegion: fc.constantFrom(undefined, "r1"),
  }),
);

describe("simulate (properties)", () => {
  test.prop([scenario], { numRuns: 150 })(
    "never places against a constraint, over-commits an agent or uses a refused role",
    (s) => {
      const agents: Agent[] = s.pool.map((p, i) => {
        const total: Record<string, Resources> = {};
        if (p.star) total["*"] = p.star;
        if (p.pub) total.slave_public = p.pub;
        const { base } = p;
        return {
          ...base,
          hostname: HOSTS[i]!,
          ...(p.unlimited ? {} : { resources: { total, free: total } }),
          ...(p.inactive ? { inactive: true } : {}),
        };
      });
      const apps: WorkloadApp[] = s.apps.map((a, i) => ({
        id: `/app${i}`,
        kind: "app",
        instances: a.instances,
        resources: { cpus: a.cpus, mem: a.mem, disk: 0, gpus: 0, ports: 1 },
        fixedPorts: [],
        constraints: a.constraints,
        packageRules: [],
        dialect: s.dialect,
        acceptedRoles: a.roles,
      }));
      const running: RunningPlacement[] = s.running.flatMap(([appIndex, agentIndex]) => {
        const app = apps[appIndex];
        const agent = agents[agentIndex];
        return app && agent ? [{ appId: app.id, hostname: agent.hostname, consumes: false }] : [];
      });
      const options = {
        agents,
        apps,
        running,
        offerOrder: s.order,
        seed: s.seed,
        masterRegion: s.masterRegion,
        drift: true,
      };
      const result = simulate(options);
      checkInvariants(result, agents, apps, running, s.masterRegion);
      // The loop ends only when no agent can take another instance of any app still waiting.
      for (const u of result.unplaced) expect(u.candidates).toBe(0);
      // The aggregated explanation is what the per-agent one adds up to.
      const detailed = simulate({ ...options, explainAgents: Number.POSITIVE_INFINITY });
      expect(detailed.placements).toEqual(result.placements);
      detailed.unplaced.forEach((u, i) => {
        const lean = result.unplaced[i]!;
        expect(u.agentsOmitted).toBe(0);
        expect(u.agents.length + u.candidates).toBe(u.agentCount);
        expect(summarize(u.agents)).toEqual(u.summary);
        expect(lean.summary).toEqual(u.summary);
        expect(lean.agents).toEqual([]);
        expect(lean.agentsOmitted).toBe(u.agents.length);
        expect(lean.nearest).toEqual(u.nearest);
        for (const n of u.nearest) expect(u.agents).toContainEqual(n);
        expect(u.nearest.length).toBe(Math.min(3, u.agents.length));
      });
    },
  );
});
