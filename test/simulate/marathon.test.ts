// Known-answer simulations for each part of Marathon's offer matcher the simulator models: GPU
// scheduling behaviour, host ports as ranges, configuration versions, maintenance, launches per offer,
// resident apps, and Marathon's funnel counts. Every run also passes the invariant checker.
import { describe, expect, it } from "vitest";
import type { Agent } from "../../src/agents/agent.js";
import { loadMaintenance } from "../../src/agents/maintenance.js";
import { loadMesosState } from "../../src/agents/mesos-state.js";
import { renderHtml } from "../../src/simulate/report-html.js";
import { renderJson } from "../../src/simulate/report-json.js";
import { renderText } from "../../src/simulate/report-text.js";
import { placementsFromTasks } from "../../src/simulate/running.js";
import { simulate } from "../../src/simulate/simulate.js";
import type { SimulateOptions, SimulationResult } from "../../src/simulate/types.js";
import { loadWorkload } from "../../src/simulate/workload.js";
import { agent, app } from "./helpers.js";
import { checkInvariants } from "./invariants.js";

const NOW = Date.parse("2024-06-01T12:00:00Z");

function run(options: Omit<SimulateOptions, "now"> & { now?: number }): SimulationResult {
  const full = { now: NOW, explainAgents: Number.POSITIVE_INFINITY, ...options };
  const result = simulate(full);
  checkInvariants(result, full.agents, full.apps, full.running ?? [], full.masterRegion, full);
  return result;
}

function hosts(result: SimulationResult, appId: string): string[] {
  return result.placements.filter((p) => p.appId === appId && !p.running).map((p) => p.hostname);
}

function summaryTexts(result: SimulationResult, appId: string): string[] {
  return result.unplaced.find((u) => u.appId === appId)?.summary.map((s) => `${s.count} ${s.text}`) ?? [];
}

function funnel(result: SimulationResult, appId: string): Record<string, number> {
  const steps = result.unplaced.find((u) => u.appId === appId)?.funnel ?? [];
  return Object.fromEntries(steps.filter((s) => s.declined > 0).map((s) => [s.reason, s.declined]));
}

describe("simulate: GPU scheduling behaviour", () => {
  const cluster = (): Agent[] => [agent("gpu1", { gpus: 4 }), agent("cpu1"), agent("cpu2")];
  const web = app("/web", { instances: 3, constraints: [["hostname", "UNIQUE"]] });

  it("keeps an app without GPUs off GPU agents and says why, in words and in Marathon's funnel", () => {
    const r = run({ agents: cluster(), apps: [web] });
    expect(hosts(r, "/web").sort()).toEqual(["cpu1", "cpu2"]);
    expect(summaryTexts(r, "/web")).toEqual([
      "2 rejected by hostname:UNIQUE (value already used)",
      "1 are GPU agents: this app uses no GPU and Marathon keeps GPU agents for GPU work (--gpu_scheduling_behavior restricted)",
    ]);
    expect(funnel(r, "/web")).toEqual({ UnfulfilledConstraint: 2, DeclinedScarceResources: 1 });
    const gpu = r.unplaced[0]!.agents.find((a) => a.hostname === "gpu1")!;
    expect(gpu.marathon).toEqual(["DeclinedScarceResources"]);
  });

  it("uses GPU agents for every app with --gpu_scheduling_behavior unrestricted", () => {
    const r = run({ agents: cluster(), apps: [web], marathon: { gpuSchedulingBehavior: "unrestricted" } });
    expect(r.complete).toBe(true);
    expect(hosts(r, "/web").sort()).toEqual(["cpu1", "cpu2", "gpu1"]);
  });

  it("lets the app label GPU_SCHEDULING_BEHAVIOR override the flag, both ways", () => {
    const labelled = app("/web", {
      instances: 3,
      constraints: [["hostname", "UNIQUE"]],
      gpuSchedulingBehavior: "unrestricted",
    });
    expect(run({ agents: cluster(), apps: [labelled] }).complete).toBe(true);
    const strict = { ...labelled, gpuSchedulingBehavior: "restricted" as const };
    const r = run({ agents: cluster(), apps: [strict], marathon: { gpuSchedulingBehavior: "unrestricted" } });
    expect(hosts(r, "/web").sort()).toEqual(["cpu1", "cpu2"]);
  });

  it("places a GPU app on the GPU agent, after which the agent offers no GPUs and takes other apps too", () => {
    const train = app("/train", { gpus: 4 });
    const r = run({ agents: [agent("gpu1", { gpus: 4 })], apps: [train, app("/web")] });
    expect(r.complete).toBe(true);
    expect(r.placements.map((p) => [p.appId, p.hostname])).toEqual([
      ["/train", "gpu1"],
      ["/web", "gpu1"],
    ]);
  });

  it("hides GPU agents from Marathon without --enable_features gpu_resources", () => {
    const r = run({
      agents: cluster(),
      apps: [app("/train", { gpus: 1 })],
      marathon: { gpuResources: false },
    });
    expect(r.complete).toBe(false);
    expect(summaryTexts(r, "/train")).toContain(
      "1 have GPUs, and Mesos offers GPU agents only to frameworks that register for GPUs (Marathon with --enable_features gpu_resources, an SDK service that asks for a GPU)",
    );
    expect(r.unplaced[0]!.funnel?.[0]?.processed, "a hidden agent makes Marathon no offer").toBe(2);
    expect(funnel(r, "/train")).toEqual({ InsufficientGpus: 2 });
  });

  it("hides GPU agents from a DC/OS SDK service that asks for no GPU", () => {
    const { apps } = loadWorkload('{"kubernetes":{"node_count":3}}');
    const r = run({
      agents: [agent("gpu1", { gpus: 2, cpus: 16 }), agent("p1", { cpus: 16 }), agent("p2", { cpus: 16 })],
      apps,
    });
    expect(hosts(r, "kubernetes/kube-node").sort()).toEqual(["p1", "p2"]);
    const u = r.unplaced.find((x) => x.appId === "kubernetes/kube-node")!;
    expect(u.agents.find((a) => a.hostname === "gpu1")!.reasons).toEqual([{ kind: "gpu_hidden" }]);
    expect(u.funnel, "no Marathon funnel for SDK pods").toBeUndefined();
  });
});

describe("simulate: host ports as ranges", () => {
  it("gives each instance distinct ports from the offered ranges and runs out like Marathon", () => {
    const agents = [agent("h1", { portRanges: [[31000, 31002]] })];
    const r = run({ agents, apps: [app("/web", { instances: 2, ports: 2 })] });
    expect(r.placements.map((p) => p.ports)).toEqual([[31000, 31001]]);
    expect(summaryTexts(r, "/web")).toEqual(["1 have too few free host ports (need 2, most free 1)"]);
    expect(funnel(r, "/web")).toEqual({ InsufficientPorts: 1 });
  });

  it("refuses a required port that no range of the agent offers, and one already in use", () => {
    const agents = [
      agent("h1", { portRanges: [[1025, 32000]] }),
      agent("h2", { portRanges: [[1025, 32000]] }),
    ];
    const r = run({
      agents,
      apps: [
        app("/low", { ports: 1, fixedPorts: [80] }),
        app("/db", { instances: 3, ports: 1, fixedPorts: [5432] }),
      ],
    });
    expect(summaryTexts(r, "/low")).toEqual(["2 do not offer host port 80 at all"]);
    expect(hosts(r, "/db")).toEqual(["h1", "h2"]);
    expect(summaryTexts(r, "/db")).toEqual(["2 have host port 5432 in use"]);
    expect(funnel(r, "/db")).toEqual({ InsufficientPorts: 2 });
  });

  it("takes dynamic ports around the numbers other apps ask for, so both fit one agent", () => {
    const agents = [agent("h1", { portRanges: [[31000, 31001]] })];
    const r = run({
      agents,
      apps: [app("/any", { ports: 1 }), app("/fixed", { ports: 1, fixedPorts: [31000] })],
    });
    expect(r.complete).toBe(true);
    expect(r.placements.map((p) => [p.appId, p.ports])).toEqual([
      ["/any", [31001]],
      ["/fixed", [31000]],
    ]);
  });

  it("keeps the ports of running Mesos tasks out of the free ranges", () => {
    const state = {
      slaves: [
        {
          id: "S1",
          hostname: "10.0.0.1",
          resources: { cpus: 4, mem: 4096, disk: 1000, ports: "[31000-31001]" },
          used_resources: { cpus: 0.1, mem: 32, ports: "[31000-31000]" },
        },
      ],
      frameworks: [
        {
          name: "marathon",
          tasks: [
            {
              id: "web.2b2ad9e0-8b4f-11e8-9f8a-0242ac110002",
              slave_id: "S1",
              state: "TASK_RUNNING",
              resources: { cpus: 0.1, mem: 32, ports: "[31000-31000]" },
            },
          ],
        },
      ],
    };
    const cluster = loadMesosState(state);
    const running = placementsFromTasks(cluster.tasks, false);
    const r = run({
      agents: cluster.agents,
      apps: [app("/web", { instances: 3, cpus: 0.1, mem: 32, ports: 1 })],
      running,
    });
    expect(r.placements.map((p) => [p.running === true, p.ports])).toEqual([
      [true, [31000]],
      [false, [31001]],
    ]);
    expect(summaryTexts(r, "/web")).toEqual(["1 have too few free host ports (need 1, most free 0)"]);
  });
});

describe("simulate: configuration versions", () => {
  const agents = [agent("h1"), agent("h2"), agent("h3")];
  const running = ["h1", "h2", "h3"].map((hostname) => ({
    appId: "/web",
    hostname,
    version: "2024-05-01T00:00:00.000Z",
  }));

  it("places a new instance beside an old one under hostname:UNIQUE after a configuration change", () => {
    const web = app("/web", {
      instances: 3,
      constraints: [["hostname", "UNIQUE"]],
      lastConfigChangeAt: "2024-05-20T00:00:00.000Z",
    });
    const r = run({ agents, apps: [web], running });
    expect(r.complete).toBe(true);
    expect(hosts(r, "/web").sort()).toEqual(["h1", "h2", "h3"]);
    expect(r.apps[0]).toMatchObject({ placed: 3, running: 0, outdated: 3 });
    expect(r.placements.filter((p) => p.outdated).map((p) => p.hostname)).toEqual(["h1", "h2", "h3"]);
  });

  it("counts the running instances when they run the current configuration (only scaled since)", () => {
    const web = app("/web", {
      instances: 4,
      constraints: [["hostname", "UNIQUE"]],
      lastConfigChangeAt: "2024-04-01T00:00:00.000Z",
    });
    const r = run({ agents, apps: [web], running });
    expect(r.apps[0]).toMatchObject({ placed: 3, running: 3, outdated: 0 });
    expect(summaryTexts(r, "/web")).toEqual(["3 rejected by hostname:UNIQUE (value already used)"]);
  });

  it("reads versionInfo.lastConfigChangeAt from the app and task versions from /v2/apps?embed=apps.tasks", () => {
    const text = JSON.stringify({
      apps: [
        {
          id: "/web",
          instances: 1,
          cpus: 1,
          mem: 128,
          constraints: [["hostname", "UNIQUE"]],
          versionInfo: {
            lastConfigChangeAt: "2024-05-20T00:00:00.000Z",
            lastScalingAt: "2024-05-20T00:00:00.000Z",
          },
          tasks: [{ id: "web.1", host: "h1", version: "2024-05-01T00:00:00.000Z", ports: [31005] }],
        },
      ],
    });
    const w = loadWorkload(text);
    expect(w.apps[0]?.lastConfigChangeAt).toBe("2024-05-20T00:00:00.000Z");
    const r = run({
      agents: [agent("h1")],
      apps: w.apps,
      running: [{ appId: "/web", hostname: "h1", version: "2024-05-01T00:00:00.000Z" }],
    });
    expect(hosts(r, "/web")).toEqual(["h1"]);
  });
});

describe("simulate: maintenance", () => {
  const agents = [agent("a"), agent("b"), agent("c")];
  const web = app("/web", { instances: 3, constraints: [["hostname", "UNIQUE"]] });
  const schedule = (startOffsetSeconds: number, durationSeconds?: number) =>
    loadMaintenance(
      JSON.stringify({
        windows: [
          {
            machine_ids: [{ hostname: "a", ip: "10.0.0.1" }],
            unavailability: {
              start: { nanoseconds: (NOW + startOffsetSeconds * 1000) * 1e6 },
              ...(durationSeconds === undefined ? {} : { duration: { nanoseconds: durationSeconds * 1e9 } }),
            },
          },
        ],
      }),
    ).schedule;

  it("declines offers from an agent inside a maintenance window, counted by Marathon as UnfulfilledConstraint", () => {
    const r = run({ agents, apps: [web], maintenance: schedule(-60, 3600) });
    expect(hosts(r, "/web").sort()).toEqual(["b", "c"]);
    expect(summaryTexts(r, "/web")).toEqual([
      "2 rejected by hostname:UNIQUE (value already used)",
      "1 are in a maintenance window, so Marathon declines their offers (--maintenance_mode)",
    ]);
    expect(funnel(r, "/web")).toEqual({ UnfulfilledConstraint: 3 });
    expect(r.unplaced[0]!.agents.find((x) => x.hostname === "a")!.marathon).toEqual([
      "UnfulfilledConstraint",
      "AgentMaintenance",
    ]);
  });

  it("ignores maintenance with --disable_maintenance_mode", () => {
    expect(
      run({ agents, apps: [web], maintenance: schedule(-60, 3600), marathon: { maintenanceMode: false } })
        .complete,
    ).toBe(true);
  });

  it("declines within --draining_seconds before the window and not earlier, nor after it", () => {
    const soon = schedule(200, 3600);
    expect(run({ agents, apps: [web], maintenance: soon }).complete).toBe(true);
    const r = run({ agents, apps: [web], maintenance: soon, marathon: { drainingSeconds: 300 } });
    expect(summaryTexts(r, "/web")[1]).toMatch(/about to enter a maintenance window/);
    expect(run({ agents, apps: [web], maintenance: schedule(-7200, 3600) }).complete).toBe(true);
  });

  it("gets no offers from a machine that is DOWN, for any framework", () => {
    const down = loadMaintenance(
      JSON.stringify({ down_machines: [{ hostname: "a", ip: "10.0.0.1" }] }),
    ).schedule;
    const r = run({ agents, apps: [web], maintenance: down, marathon: { maintenanceMode: false } });
    expect(summaryTexts(r, "/web")[1]).toBe("1 are DOWN for maintenance (Mesos makes no offers for them)");
    expect(r.unplaced[0]!.funnel?.[0]?.processed, "no offer, no funnel entry").toBe(2);
  });

  it("gets no offers from an agent Mesos is draining", () => {
    const draining: Agent = { ...agent("a"), inactive: true, drain: "DRAINING" };
    const r = run({ agents: [draining, agent("b"), agent("c")], apps: [web] });
    expect(summaryTexts(r, "/web")[1]).toBe("1 are draining (Mesos makes no offers for them)");
  });
});

describe("simulate: --max_instances_per_offer", () => {
  it("launches at most 5 instances from one offer by default, so one agent needs more rounds", () => {
    const r = run({ agents: [agent("big", { cpus: 64 })], apps: [app("/w", { instances: 12 })] });
    expect(r.complete).toBe(true);
    expect(r.rounds).toBe(3);
    expect(r.placements.map((p) => p.round)).toEqual([1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 3, 3]);
  });

  it("serves the queued apps in turn within one offer, as Marathon's offer matcher manager does", () => {
    const r = run({
      agents: [agent("big", { cpus: 64 })],
      apps: [app("/a", { instances: 4 }), app("/b", { instances: 4 })],
      marathon: { maxInstancesPerOffer: 5 },
    });
    expect(r.placements.filter((p) => p.round === 1).map((p) => p.appId)).toEqual([
      "/a",
      "/b",
      "/a",
      "/b",
      "/a",
    ]);
  });

  it("follows the flag", () => {
    const r = run({
      agents: [agent("big", { cpus: 64 })],
      apps: [app("/w", { instances: 12 })],
      marathon: { maxInstancesPerOffer: 12 },
    });
    expect(r.rounds).toBe(1);
  });

  it("does not limit DC/OS SDK pods, which another framework launches", () => {
    const pods = [1, 2, 3, 4, 5, 6, 7].map((i) =>
      app(`svc/p${i}`, { kind: "sdk-pod", dialect: "dcos-sdk", group: "svc" }),
    );
    const r = run({ agents: [agent("big", { cpus: 64 })], apps: pods });
    expect(r.rounds).toBe(1);
  });
});

describe("simulate: resident apps (persistent volumes)", () => {
  const db = (instances = 3) =>
    app("/db", { instances, constraints: [["hostname", "UNIQUE"]], disk: 100, persistentDisk: 1000 });

  it("relaunches an instance on the reservation it holds and reserves new ones elsewhere", () => {
    const agents = [agent("h1", { disk: 5000 }), agent("h2", { disk: 5000 }), agent("h3", { disk: 5000 })];
    const r = run({ agents, apps: [db()], running: [{ appId: "/db", hostname: "h2", reserved: true }] });
    expect(r.complete).toBe(true);
    expect(r.placements.map((p) => [p.hostname, p.onReservation === true])).toEqual([
      ["h1", false],
      ["h2", true],
      ["h3", false],
    ]);
    const h1 = r.agents.find((a) => a.hostname === "h1")!;
    expect(h1.after.disk).toBe(5000 - 1100);
  });

  it("waits for a reservation on an agent that makes no offers: NoCorrespondingReservationFound elsewhere", () => {
    const agents = [agent("h1", { disk: 5000 }), { ...agent("h2", { disk: 5000 }), inactive: true }];
    const r = run({ agents, apps: [db(2)], running: [{ appId: "/db", hostname: "h2", reserved: true }] });
    expect(hosts(r, "/db")).toEqual(["h1"]);
    expect([r.unplaced[0]!.first, r.unplaced[0]!.count]).toEqual([2, 1]);
    expect(summaryTexts(r, "/db")).toContain(
      "1 hold no reservation of this app: its remaining instances wait for their persistent volumes on h2",
    );
    expect(funnel(r, "/db")).toEqual({ NoCorrespondingReservationFound: 1 });
  });

  it("reserves only unreserved resources, whatever roles the app accepts (Marathon 1.10)", () => {
    const pub = agent("pub", { public: true, disk: 5000 });
    const r = run({ agents: [pub], apps: [app("/db", { persistentDisk: 100, roles: ["slave_public"] })] });
    expect(r.complete).toBe(false);
    expect(summaryTexts(r, "/db")).toEqual(["1 have no resources for role *"]);
    expect(funnel(r, "/db")).toEqual({ UnfulfilledRole: 1 });
  });

  it("needs the volumes' disk on top of the app's", () => {
    const r = run({ agents: [agent("h1", { disk: 1000 })], apps: [db()] });
    expect(summaryTexts(r, "/db")).toEqual(["1 have too little disk (need 1100 MB, most free 1000 MB)"]);
  });

  it("reads persistent volumes and reserved tasks from Marathon JSON", () => {
    const w = loadWorkload(
      JSON.stringify({
        id: "/db",
        instances: 2,
        container: {
          type: "MESOS",
          volumes: [{ containerPath: "data", mode: "RW", persistent: { size: 512 } }],
        },
      }),
    );
    expect(w.apps[0]?.persistentDisk).toBe(512);
  });
});

describe("simulate: result", () => {
  it("reports the Marathon switches and the time maintenance was judged at", () => {
    const r = run({
      agents: [agent("a")],
      apps: [app("/w")],
      marathon: { maxInstancesPerOffer: 9 },
      maintenance: { windows: [], down: [] },
    });
    expect(r.marathon).toEqual({
      gpuSchedulingBehavior: "restricted",
      maintenanceMode: true,
      drainingSeconds: 0,
      maxInstancesPerOffer: 9,
      gpuResources: true,
    });
    expect(r.now).toBe("2024-06-01T12:00:00.000Z");
  });
});

describe("simulate: reports show Marathon's view", () => {
  const result = () =>
    run({
      agents: [agent("gpu1", { gpus: 4 }), agent("cpu1")],
      apps: [app("/web", { instances: 2, constraints: [["hostname", "UNIQUE"]] })],
      marathon: { maxInstancesPerOffer: 3 },
    });

  it("text: the switches that differ from Marathon's defaults, the funnel, and per agent Marathon's reasons", () => {
    const text = renderText(result(), { verbose: true });
    expect(text).toContain("Marathon: --max_instances_per_offer 3");
    expect(text).toContain(
      "Marathon's funnel (2 offers declined): UnfulfilledConstraint 1, DeclinedScarceResources 1",
    );
    expect(text).toContain(
      "    gpu1: a GPU agent (4 free); this app uses no GPU and Marathon keeps GPU agents for GPU work  [Marathon: DeclinedScarceResources]",
    );
  });

  it("JSON: the funnel as /v2/queue's steps and each agent's Marathon reasons", () => {
    const json = JSON.parse(renderJson(result()));
    expect(json.marathon.maxInstancesPerOffer).toBe(3);
    const u = json.unplaced[0];
    expect(u.funnel.slice(0, 2)).toEqual([
      { reason: "UnfulfilledRole", declined: 0, processed: 2 },
      { reason: "UnfulfilledConstraint", declined: 1, processed: 2 },
    ]);
    expect(u.funnel.at(-1)).toEqual({ reason: "DeclinedScarceResources", declined: 1, processed: 1 });
    expect(u.agents.map((a: { hostname: string; marathon: string[] }) => [a.hostname, a.marathon])).toEqual([
      ["gpu1", ["DeclinedScarceResources"]],
      ["cpu1", ["UnfulfilledConstraint"]],
    ]);
  });

  it("HTML: the funnel under the reasons, and the switches", () => {
    const html = renderHtml(result());
    expect(html).toContain(
      '<p class="funnel">Marathon&#39;s funnel (2 offers declined): UnfulfilledConstraint 1, DeclinedScarceResources 1</p>',
    );
    expect(html).toContain("Marathon: --max_instances_per_offer 3");
  });
});
