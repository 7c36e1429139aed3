// Aggregated explanations against the per-agent truth on clusters large enough that apps are mostly
// refused by their agent-only constraints (racks, disks), with counting constraints beside them:
// the counts, the closest agents and Marathon's funnel must be what the per-agent reasons add up to.
import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import type { Agent } from "../../src/agents/agent.js";
import { funnelSteps } from "../../src/simulate/marathon/reasons.js";
import { simulate, summarize } from "../../src/simulate/simulate.js";
import type { WorkloadApp } from "../../src/simulate/types.js";
import { safeParse } from "../../src/syntax/parse.js";

const agentArb = fc.record({
  rack: fc.constantFrom("r1", "r2", "r3", "r4"),
  disk: fc.option(fc.constantFrom("ssd", "hdd"), { nil: undefined }),
  cpus: fc.constantFrom(0.5, 2, 8),
  role: fc.constantFrom("*", "*", "ops"),
  inactive: fc.boolean(),
});

const CONSTRAINTS = [
  ["rack", "LIKE", "r[12]"],
  ["rack", "IS", "r3"],
  ["rack", "UNLIKE", "r4"],
  ["disk", "CLUSTER", "ssd"],
  ["disk", "LIKE", "hdd"],
  ["hostname", "UNIQUE"],
  ["hostname", "MAX_PER", "2"],
  ["rack", "MAX_PER", "3"],
  ["rack", "GROUP_BY", "2"],
  ["disk", "GROUP_BY"],
  ["rack", "CLUSTER"],
];

const appArb = fc.record({
  instances: fc.integer({ min: 1, max: 14 }),
  cpus: fc.constantFrom(1, 4),
  roles: fc.constantFrom(["*"], ["*"], ["ops"]),
  constraints: fc.uniqueArray(fc.constantFrom(...CONSTRAINTS), { maxLength: 3 }),
});

const scenario = fc.record({
  agents: fc.array(agentArb, { minLength: 8, maxLength: 40 }),
  apps: fc.array(appArb, { minLength: 1, maxLength: 6 }),
  dialect: fc.constantFrom("marathon" as const, "marathon-1.11" as const),
});

describe("aggregated explanations (properties)", () => {
  test.prop([scenario], { numRuns: 120 })(
    "count, rank and funnel the agents as their own reasons do",
    (s) => {
      const agents: Agent[] = s.agents.map((a, i) => {
        const r = { cpus: a.cpus, mem: 4096, disk: 1000, gpus: 0, ports: 100 };
        return {
          hostname: `h${i}`,
          attributes: [
            { name: "rack", text: a.rack },
            ...(a.disk === undefined ? [] : [{ name: "disk", text: a.disk }]),
          ],
          resources: { total: { [a.role]: r }, free: { [a.role]: r } },
          ...(a.inactive && i % 5 === 0 ? { inactive: true } : {}),
        };
      });
      const apps: WorkloadApp[] = s.apps.map((a, i) => {
        const parsed = safeParse(JSON.stringify(a.constraints), { dialect: s.dialect });
        return {
          id: `/app${i}`,
          kind: "app",
          instances: a.instances,
          resources: { cpus: a.cpus, mem: 256, disk: 0, gpus: 0, ports: 0 },
          fixedPorts: [],
          constraints: parsed.constraints,
          packageRules: [],
          dialect: s.dialect,
          acceptedRoles: a.roles,
        };
      });
      const detailed = simulate({ agents, apps, explainAgents: Number.POSITIVE_INFINITY });
      const lean = simulate({ agents, apps, explainAgents: 2 });
      expect(lean.placements).toEqual(detailed.placements);
      detailed.unplaced.forEach((u, i) => {
        const l = lean.unplaced[i]!;
        expect(u.agents.length + u.candidates).toBe(u.agentCount);
        expect(summarize(u.agents)).toEqual(u.summary);
        expect(l.summary).toEqual(u.summary);
        expect(l.nearest).toEqual(u.nearest);
        expect(l.agents).toEqual(u.agents.slice(0, 2));
        expect(l.agentsOmitted).toBe(u.agents.length - l.agents.length);
        expect(l.funnel).toEqual(u.funnel);
        expect(u.funnel).toEqual(funnelSteps(u.agents.flatMap((a) => (a.marathon ? [a.marathon] : []))));
      });
    },
  );
});
