import { describe, expect, it } from "vitest";
import type { Agent } from "../../src/agents/agent.js";
import { simulate } from "../../src/simulate/simulate.js";
import type { RunningPlacement, SimulateOptions, WorkloadApp } from "../../src/simulate/types.js";
import { loadWorkload } from "../../src/simulate/workload.js";
import { agent, app } from "./helpers.js";
import { checkInvariants } from "./invariants.js";

function run(options: SimulateOptions) {
  const result = simulate(options);
  checkInvariants(result, options.agents, options.apps, options.running ?? [], options.masterRegion);
  return result;
}

function hosts(result: ReturnType<typeof simulate>, appId: string): string[] {
  return result.placements.filter((p) => p.appId === appId).map((p) => p.hostname);
}

const threeRacks: Agent[] = [
  agent("a1", { zone: "z1", rack: "r1" }),
  agent("a2", { zone: "z1", rack: "r1" }),
  agent("b1", { zone: "z2", rack: "r2" }),
  agent("b2", { zone: "z2", rack: "r2" }),
  agent("c1", { zone: "z3", rack: "r3" }),
  agent("c2", { zone: "z3", rack: "r3" }),
];

describe("simulate", () => {
  it("places a UNIQUE app once per agent and explains the instances left over", () => {
    const agents = [agent("h1"), agent("h2"), agent("h3")];
    const r = run({ agents, apps: [app("/web", { instances: 5, constraints: [["hostname", "UNIQUE"]] })] });
    expect(hosts(r, "/web").sort()).toEqual(["h1", "h2", "h3"]);
    expect(r.complete).toBe(false);
    const u = r.unplaced[0]!;
    expect([u.first, u.count]).toEqual([4, 2]);
    expect(u.candidates).toBe(0);
    expect(u.summary).toEqual([
      {
        key: "constraint:hostname:UNIQUE:value_used:false",
        count: 3,
        text: "rejected by hostname:UNIQUE (value already used)",
      },
    ]);
  });

  it.each(["marathon", "marathon-1.11"] as const)(
    "spreads GROUP_BY rack:3 evenly over three racks (%s)",
    (dialect) => {
      const r = run({
        agents: threeRacks,
        apps: [app("/g", { instances: 6, dialect, constraints: [["rack", "GROUP_BY", "3"]] })],
      });
      expect(r.complete).toBe(true);
      expect(r.spreads).toEqual([
        {
          appId: "/g",
          field: "rack",
          counts: [
            { value: "r1", count: 2 },
            { value: "r2", count: 2 },
            { value: "r3", count: 2 },
          ],
        },
      ]);
    },
  );

  it("holds MAX_PER per zone and names the limit for the rest", () => {
    const r = run({
      agents: threeRacks,
      apps: [app("/m", { instances: 8, constraints: [["@zone", "MAX_PER", "2"]] })],
    });
    expect(r.spreads[0]!.counts.map((c) => c.count)).toEqual([2, 2, 2]);
    const u = r.unplaced[0]!;
    expect([u.first, u.count]).toEqual([7, 2]);
    expect(u.summary.map((s) => [s.count, s.text])).toEqual([
      [6, "rejected by @zone:MAX_PER:2 (limit reached)"],
    ]);
  });

  it("places the DC/OS Kubernetes HA layout on three private agents, one task of each type per agent", () => {
    const agents = [agent("p1", { cpus: 8 }), agent("p2", { cpus: 8 }), agent("p3", { cpus: 8 })];
    const { apps } = loadWorkload('{"kubernetes":{"high_availability":true}}');
    const r = run({ agents, apps });
    expect(r.complete).toBe(true);
    for (const pod of ["etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler"]) {
      expect(hosts(r, `kubernetes/${pod}`).sort()).toEqual(["p1", "p2", "p3"]);
    }
    expect(hosts(r, "kubernetes/kube-node")).toHaveLength(1);
    expect(hosts(r, "/kubernetes")).toHaveLength(1);
  });

  it("blames the package rule when the HA layout has only two private agents", () => {
    const { apps } = loadWorkload('{"kubernetes":{"high_availability":true}}');
    const r = run({ agents: [agent("p1"), agent("p2")], apps });
    const etcd = r.unplaced.find((u) => u.appId === "kubernetes/etcd")!;
    expect([etcd.first, etcd.count]).toEqual([3, 1]);
    expect(etcd.summary[0]!.text).toBe("rejected by hostname:UNIQUE [package rule] (value already used)");
  });

  it("reports the shortest resource with what is needed and the most any agent has free", () => {
    const agents = [agent("h1", { mem: 2048 }), agent("h2", { mem: 1024 })];
    const r = run({ agents, apps: [app("/big", { mem: 3072 })] });
    expect(r.unplaced[0]!.summary).toEqual([
      { key: "resources:mem", count: 2, text: "have too little mem (need 3072 MB, most free 2048 MB)" },
    ]);
  });

  it("launches several instances from one offer while its resources last", () => {
    const agents = [agent("h1", { cpus: 2.5 }), agent("h2", { cpus: 8 })];
    const r = run({ agents, apps: [app("/p", { instances: 4, cpus: 1 })] });
    expect(hosts(r, "/p")).toEqual(["h1", "h1", "h2", "h2"]);
    expect(r.rounds).toBe(1);
    const h1 = r.agents.find((a) => a.hostname === "h1")!;
    expect(h1.after.cpus).toBeCloseTo(0.5);
  });

  it("re-checks constraints after each launch within one offer", () => {
    const r = run({
      agents: [agent("h1"), agent("h2")],
      apps: [app("/u", { instances: 2, constraints: [["hostname", "MAX_PER", "1"]] })],
    });
    expect(hosts(r, "/u")).toEqual(["h1", "h2"]);
  });

  it("keeps apps off roles they do not accept and onto the ones they do", () => {
    const agents = [agent("priv"), agent("pub", { public: true })];
    const r = run({
      agents,
      apps: [app("/edge", { instances: 2, roles: ["slave_public"] }), app("/in", { instances: 1 })],
    });
    expect(hosts(r, "/edge")).toEqual(["pub", "pub"]);
    expect(hosts(r, "/in")).toEqual(["priv"]);
    const r2 = run({ agents: [agent("priv")], apps: [app("/edge", { roles: ["slave_public"] })] });
    expect(r2.unplaced[0]!.summary[0]!.text).toBe("have no resources for role slave_public");
  });

  it("refuses a second instance needing the same fixed host port on one agent", () => {
    const r = run({
      agents: [agent("h1"), agent("h2")],
      apps: [app("/fixed", { instances: 3, fixedPorts: [8085], ports: 1 })],
    });
    expect(hosts(r, "/fixed")).toEqual(["h1", "h2"]);
    expect(r.unplaced[0]!.summary[0]!.text).toBe("have host port 8085 in use");
  });

  it("makes no offers from inactive agents", () => {
    const r = run({
      agents: [agent("dead", { inactive: true }), agent("ok")],
      apps: [app("/a", { instances: 2, constraints: [["hostname", "UNIQUE"]] })],
      explainAgents: 5,
    });
    expect(hosts(r, "/a")).toEqual(["ok"]);
    expect(r.unplaced[0]!.agents.find((a) => a.hostname === "dead")!.reasons).toEqual([{ kind: "inactive" }]);
  });

  it("uses only the master's region unless a constraint names @region or @zone", () => {
    const agents = [
      agent("far", { zone: "x1", region: "remote" }),
      agent("near", { zone: "l1", region: "local" }),
    ];
    const r = run({
      agents,
      apps: [app("/a", { instances: 2, constraints: [["hostname", "UNIQUE"]] })],
      masterRegion: "local",
    });
    expect(hosts(r, "/a")).toEqual(["near"]);
    expect(r.unplaced[0]!.summary.map((s) => s.key)).toContain("remote_region");
    const open = run({
      agents,
      apps: [
        app("/b", {
          instances: 2,
          constraints: [
            ["hostname", "UNIQUE"],
            ["@region", "LIKE", ".*"],
          ],
        }),
      ],
      masterRegion: "local",
    });
    expect(hosts(open, "/b")).toEqual(["far", "near"]);
  });

  it("treats agents without resource data as unlimited and says so", () => {
    const r = run({
      agents: [agent("h", { noResources: true })],
      apps: [app("/a", { instances: 50, cpus: 4 })],
    });
    expect(r.complete).toBe(true);
    expect(r.notes[0]).toMatch(/no resources in the inventory/);
  });

  it("counts running instances in the constraint state and their resources on the agent", () => {
    const agents = [agent("h1", { cpus: 4 }), agent("h2", { cpus: 4 })];
    const running: RunningPlacement[] = [
      { appId: "/a", hostname: "h1" },
      { appId: "/a", hostname: "h1" },
      { appId: "/a", hostname: "h1" },
    ];
    const r = run({ agents, apps: [app("/a", { instances: 5, cpus: 1 })], running });
    expect(r.apps[0]!.running).toBe(3);
    expect(r.placements.filter((p) => !p.running).map((p) => p.hostname)).toEqual(["h1", "h2"]);
    const u = run({
      agents,
      apps: [app("/u", { instances: 2, constraints: [["hostname", "UNIQUE"]] })],
      running: [{ appId: "/u", hostname: "h2" }],
    });
    expect(hosts(u, "/u")).toEqual(["h2", "h1"]);
  });

  it("does not take resources again for running tasks the inventory already counts", () => {
    const agents = [agent("h1", { cpus: 2 })];
    const r = run({
      agents,
      apps: [app("/a", { instances: 3, cpus: 1 })],
      running: [
        { appId: "/a", hostname: "h1", consumes: false, taskId: "t1" },
        { appId: "/a", hostname: "h1", consumes: false, taskId: "t1" },
      ],
    });
    expect(r.apps[0]!.running).toBe(1);
    expect(r.apps[0]!.placed).toBe(3);
  });

  it("lists running instances the changed constraints would move (drift)", () => {
    const agents = [agent("a", { rack: "r1" }), agent("b", { rack: "r2" })];
    const running: RunningPlacement[] = [
      { appId: "/d", hostname: "a" },
      { appId: "/d", hostname: "b" },
    ];
    const r = run({
      agents,
      apps: [app("/d", { instances: 2, constraints: [["rack", "LIKE", "r1"]] })],
      running,
      drift: true,
    });
    expect(r.drift).toHaveLength(1);
    expect(r.drift![0]).toMatchObject({ appId: "/d", instance: 2, hostname: "b" });
    const same = run({
      agents,
      apps: [app("/d", { instances: 2, constraints: [["hostname", "UNIQUE"]] })],
      running,
      drift: true,
    });
    expect(same.drift).toEqual([]);
  });

  it("shuffles offers reproducibly for a seed", () => {
    const agents = ["h1", "h2", "h3", "h4", "h5"].map((h) => agent(h));
    const apps = [app("/a")];
    const pick = (seed: number) => hosts(run({ agents, apps, offerOrder: "random", seed }), "/a")[0];
    expect(pick(7)).toBe(pick(7));
    const seen = new Set(Array.from({ length: 20 }, (_, i) => pick(i + 1)));
    expect(seen.size).toBeGreaterThan(1);
  });

  it("rotates the first agent offered each round in round-robin order", () => {
    // Legacy GROUP_BY refuses a second r1 instance until r2 exists, so a second round is needed.
    const agents = [agent("a", { rack: "r1" }), agent("c", { rack: "r1" }), agent("b", { rack: "r2" })];
    const apps: WorkloadApp[] = [app("/g", { instances: 4, constraints: [["rack", "GROUP_BY", "2"]] })];
    const listed = run({ agents, apps });
    const rr = run({ agents, apps, offerOrder: "round-robin" });
    expect(listed.rounds).toBe(2);
    expect(hosts(listed, "/g")).toEqual(["a", "b", "b", "a"]);
    expect(hosts(rr, "/g")).toEqual(["a", "b", "b", "c"]);
  });

  it("refuses every agent for an invalid dcos-sdk placement, as the SDK does", () => {
    const { apps } = loadWorkload(
      '{"kubernetes":{"node_placement":"[[\\"hostname\\",\\"MAX_PER\\",\\"x\\"]]"}}',
    );
    const node = apps.find((a) => a.id === "kubernetes/kube-node")!;
    expect(node.invalidConstraints).toBeDefined();
    const r = simulate({ agents: [agent("h1")], apps });
    const u = r.unplaced.find((x) => x.appId === "kubernetes/kube-node")!;
    expect(u.summary[0]!.text).toBe("rejected by invalid constraints (the constraints are invalid)");
  });
});
