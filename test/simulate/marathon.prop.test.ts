// Random clusters and workloads through Marathon's offer matcher: placements pass every gate checked
// independently (ports, GPUs, maintenance, launches per offer, constraints, resources), and the loop
// stops only when the slow explanation agrees that no agent can take another instance.
import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import type { Agent } from "../../src/agents/agent.js";
import type { MaintenanceSchedule } from "../../src/agents/maintenance.js";
import { simulate } from "../../src/simulate/simulate.js";
import type { RunningPlacement, WorkloadApp } from "../../src/simulate/types.js";
import { constraintArb } from "../eval/arbitraries.js";
import { checkInvariants } from "./invariants.js";

const NOW = Date.parse("2024-06-01T00:00:00Z");
const HOSTS = ["h1", "h2", "h3", "h4", "h5"];
const PORTS = [
  [[31000, 31001]],
  [[31000, 31003]],
  [
    [80, 80],
    [31000, 31000],
  ],
] as const;

const agentArb = fc.record({
  cpus: fc.constantFrom(1, 2, 4),
  gpus: fc.constantFrom(0, 0, 1, 2),
  ports: fc.option(fc.constantFrom(...PORTS), { nil: undefined }),
  reserved: fc.boolean(),
  rack: fc.constantFrom("r1", "r2"),
  maintenance: fc.constantFrom(undefined, -60, 120, -7200),
});

const appArb = fc.record({
  instances: fc.integer({ min: 1, max: 4 }),
  cpus: fc.constantFrom(0.5, 1),
  gpus: fc.constantFrom(0, 0, 1),
  dynamic: fc.nat(2),
  fixed: fc.constantFrom<readonly number[]>([], [80], [31000]),
  roles: fc.constantFrom(["*"], ["*", "ops"], ["ops"]),
  behavior: fc.constantFrom(undefined, "restricted" as const, "unrestricted" as const),
  resident: fc.boolean(),
  constraints: fc.array(constraintArb("marathon"), { maxLength: 2 }),
  sdk: fc.boolean(),
});

const scenario = fc.record({
  agents: fc.array(agentArb, { minLength: 1, maxLength: HOSTS.length }),
  apps: fc.array(appArb, { minLength: 1, maxLength: 3 }),
  running: fc.array(
    fc.record({ app: fc.nat(2), agent: fc.nat(4), old: fc.boolean(), reserved: fc.boolean() }),
    {
      maxLength: 4,
    },
  ),
  behavior: fc.constantFrom("restricted" as const, "unrestricted" as const),
  maintenanceMode: fc.boolean(),
  drainingSeconds: fc.constantFrom(0, 300),
  maxInstancesPerOffer: fc.constantFrom(1, 2, 5),
});

describe("simulate with Marathon's offer matcher (properties)", () => {
  test.prop([scenario], { numRuns: 120 })(
    "keeps every gate and ends only when no agent can take more",
    (s) => {
      const agents: Agent[] = s.agents.map((a, i) => {
        const r = { cpus: a.cpus, mem: 8192, disk: 10000, gpus: a.gpus, ports: 0 };
        const ranges = a.ports?.map(([b, e]) => [b, e] as const);
        const count = ranges?.reduce((n, [b, e]) => n + e - b + 1, 0) ?? 10;
        const total = a.reserved
          ? { "*": { ...r, ports: count }, ops: { cpus: 1, mem: 1024, disk: 0, gpus: 0, ports: 0 } }
          : { "*": { ...r, ports: count } };
        return {
          hostname: HOSTS[i]!,
          attributes: [{ name: "rack", text: a.rack }],
          resources: {
            total,
            free: total,
            ...(ranges === undefined
              ? {}
              : { portRanges: { total: { "*": ranges }, free: { "*": ranges } } }),
          },
        };
      });
      const maintenance: MaintenanceSchedule = {
        windows: s.agents.flatMap((a, i) =>
          a.maintenance === undefined
            ? []
            : [
                {
                  machines: [{ hostname: HOSTS[i]! }],
                  start: NOW + a.maintenance * 1000,
                  duration: 3_600_000,
                },
              ],
        ),
        down: [],
      };
      const apps: WorkloadApp[] = s.apps.map((a, i) => ({
        id: a.sdk ? `svc/pod${i}` : `/app${i}`,
        kind: a.sdk ? "sdk-pod" : "app",
        instances: a.instances,
        resources: { cpus: a.cpus, mem: 512, disk: 10, gpus: a.gpus, ports: a.fixed.length + a.dynamic },
        fixedPorts: a.fixed,
        constraints: a.constraints,
        packageRules: [],
        dialect: "marathon",
        acceptedRoles: a.roles,
        ...(a.sdk ? { group: "svc" } : {}),
        ...(a.behavior === undefined ? {} : { gpuSchedulingBehavior: a.behavior }),
        ...(a.resident && !a.sdk ? { persistentDisk: 100 } : {}),
        lastConfigChangeAt: "2024-05-01T00:00:00.000Z",
      }));
      const running: RunningPlacement[] = s.running.flatMap((r) => {
        const app = apps[r.app];
        const agent = agents[r.agent];
        if (app === undefined || agent === undefined) return [];
        return [
          {
            appId: app.id,
            hostname: agent.hostname,
            version: r.old ? "2024-04-01T00:00:00.000Z" : "2024-05-02T00:00:00.000Z",
            ...(r.reserved && app.persistentDisk !== undefined ? { reserved: true } : {}),
          },
        ];
      });
      const options = {
        agents,
        apps,
        running,
        maintenance,
        now: NOW,
        explainAgents: Number.POSITIVE_INFINITY,
        marathon: {
          gpuSchedulingBehavior: s.behavior,
          maintenanceMode: s.maintenanceMode,
          drainingSeconds: s.drainingSeconds,
          maxInstancesPerOffer: s.maxInstancesPerOffer,
        },
      };
      const result = simulate(options);
      // Running instances that held more than was free leave the resource check to the clamping note.
      checkInvariants(result, agents, apps, running, undefined, options);
      for (const u of result.unplaced) expect(u.candidates).toBe(0);
      for (const u of result.unplaced) {
        if (u.funnel === undefined) continue;
        const declined = u.agents.filter((a) => a.marathon !== undefined).length;
        expect(u.funnel[0]!.processed).toBe(declined);
        expect(u.funnel.reduce((n, step) => n + step.declined, 0)).toBeLessThanOrEqual(declined);
      }
    },
  );
});
