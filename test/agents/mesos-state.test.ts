// Every Mesos state fixture in test/fixtures loads with its exact agents, domains, resources and tasks.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { Agent } from "../../src/agents/agent.js";
import { loadInventory } from "../../src/agents/inventory.js";
import { loadMesosState, marathonAppId } from "../../src/agents/mesos-state.js";
import { FIXTURES_DIR } from "../helpers/vectors.js";

const fixture = (name: string): unknown => JSON.parse(readFileSync(FIXTURES_DIR + name, "utf8"));
const byHost = (agents: readonly Agent[], hostname: string): Agent => {
  const a = agents.find((x) => x.hostname === hostname);
  if (!a) throw new Error(`no agent ${hostname}`);
  return a;
};
const DCOS_PRIVATE_PORTS = 1156 + 1706 + 1161 + 3028 + 99 + 23819; // [1025-2180, ..., 8182-32000]
const DCOS_PUBLIC_PORTS = 21 + 5028 + 26949; // [1-21, 23-5050, 5052-32000]

describe("loadMesosState: mesos-state-dcos-1.8.json (/master/state, Mesos 1.8)", () => {
  const cluster = loadMesosState(fixture("mesos-state-dcos-1.8.json"));

  it("reads both agents without diagnostics", () => {
    expect(cluster.diagnostics).toEqual([]);
    expect(cluster.agents.map((a) => a.hostname)).toEqual(["10.0.0.40", "10.0.6.5"]);
  });

  it("reads the master's and the agents' fault domains", () => {
    expect(cluster.masterRegion).toBe("aws/us-west-2");
    for (const a of cluster.agents) {
      expect(a.region).toBe("aws/us-west-2");
      expect(a.zone).toBe("aws/us-west-2b");
    }
  });

  it("puts the private agent's resources under * and subtracts the running task", () => {
    const a = byHost(cluster.agents, "10.0.0.40");
    expect(a.id).toBe("31953f3e-15f7-4f83-8d94-c2384f40b723-S1");
    expect(a.attributes).toEqual([]);
    expect(a.public).toBeUndefined();
    expect(a.resources?.total).toEqual({
      "*": { cpus: 4, mem: 15026, disk: 76238, gpus: 0, ports: DCOS_PRIVATE_PORTS },
    });
    expect(a.resources?.free).toEqual({
      "*": { cpus: 3.9, mem: 14898, disk: 76238, gpus: 0, ports: DCOS_PRIVATE_PORTS - 1 },
    });
  });

  it("marks the slave_public agent public with its reserved resources", () => {
    const a = byHost(cluster.agents, "10.0.6.5");
    expect(a.public).toBe(true);
    expect(a.attributes).toEqual([{ name: "public_ip", text: "true" }]);
    expect(a.resources?.total).toEqual({
      slave_public: { cpus: 4, mem: 15026, disk: 76238, gpus: 0, ports: DCOS_PUBLIC_PORTS },
    });
  });

  it("lists the one running Marathon task with its app id", () => {
    expect(cluster.tasks).toEqual([
      {
        id: "test.92ed0e79-ed3c-11e8-841d-4a2ca8720df6",
        name: "test",
        frameworkId: "31953f3e-15f7-4f83-8d94-c2384f40b723-0000",
        frameworkName: "marathon",
        agentId: "31953f3e-15f7-4f83-8d94-c2384f40b723-S1",
        hostname: "10.0.0.40",
        state: "TASK_RUNNING",
        role: "slave_public",
        resources: { cpus: 0.1, mem: 128, disk: 0, gpus: 0, ports: 1 },
        ports: [[12564, 12564]],
        appId: "/test",
      },
    ]);
  });
});

describe("loadMesosState: mesos-state-summary-6-agents.json (/master/state-summary)", () => {
  const cluster = loadMesosState(fixture("mesos-state-summary-6-agents.json"));

  it("reads six agents, no master region and no tasks", () => {
    expect(cluster.diagnostics).toEqual([]);
    expect(cluster.agents).toHaveLength(6);
    expect(cluster.masterRegion).toBeUndefined();
    expect(cluster.tasks).toEqual([]);
  });

  it("reads each agent's region and zone", () => {
    const domains = Object.fromEntries(cluster.agents.map((a) => [a.id?.slice(-2), `${a.region}/${a.zone}`]));
    expect(domains).toEqual({
      S5: "eu-central-1/eu-central-1c",
      S4: "eu-west-1/eu-west-1a",
      S3: "ap-southeast-1/ap-southeast-1a",
      S2: "us-west-1/us-west-1d",
      S1: "sa-east-1/sa-east-1a",
      S0: "us-west-1/us-west-1a",
    });
  });

  it("marks only S1 public", () => {
    expect(cluster.agents.filter((a) => a.public).map((a) => a.hostname)).toEqual(["10.0.5.136"]);
  });

  it("splits a cassandra_role reservation from * and charges its use to the reservation", () => {
    const a = byHost(cluster.agents, "10.0.1.109");
    expect(a.resources?.total).toEqual({
      "*": { cpus: 3, mem: 9155, disk: 23325, gpus: 0, ports: DCOS_PRIVATE_PORTS - 7 },
      cassandra_role: { cpus: 1, mem: 4864, disk: 9216, gpus: 0, ports: 7 },
    });
    expect(a.resources?.free).toEqual({
      "*": { cpus: 3, mem: 9155, disk: 23325, gpus: 0, ports: DCOS_PRIVATE_PORTS - 7 },
      cassandra_role: { cpus: 0, mem: 0, disk: 0, gpus: 0, ports: 0 },
    });
  });

  it("keeps port ranges by role: the reservation's own ranges, * without them, used ports removed", () => {
    const reserved = byHost(cluster.agents, "10.0.1.109").resources?.portRanges;
    const cassandra = [
      [7000, 7001],
      [7199, 7199],
      [9000, 9001],
      [9042, 9042],
      [9160, 9160],
    ];
    expect(reserved?.total.cassandra_role).toEqual(cassandra);
    expect(reserved?.free.cassandra_role).toEqual([]);
    expect(reserved?.total["*"]).toContainEqual([5052, 6999]);
    expect(reserved?.total["*"]).toContainEqual([7002, 7198]);
    const plain = byHost(cluster.agents, "10.0.1.110").resources?.portRanges;
    expect(plain?.free["*"]).toContainEqual([8182, 8999]);
    expect(plain?.free["*"]).toContainEqual([9002, 32000]);
  });

  it("reads each agent's IP address from its pid", () => {
    expect(byHost(cluster.agents, "10.0.0.67").ip).toBe("10.0.0.67");
  });

  it("charges use on an agent without reservations to *", () => {
    const a = byHost(cluster.agents, "10.0.1.110");
    expect(a.resources?.free["*"]).toEqual({
      cpus: 3.5,
      mem: 11971,
      disk: 32541,
      gpus: 0,
      ports: DCOS_PRIVATE_PORTS - 2,
    });
  });
});

describe("loadMesosState: mesos-state-summary-4-agents.json (hand-edited, duplicate id)", () => {
  const cluster = loadMesosState(fixture("mesos-state-summary-4-agents.json"));

  it("keeps the first of two entries with the same id and says so", () => {
    expect(cluster.agents.map((a) => a.hostname)).toEqual(["dcos-01", "dcos-02", "dcos-03"]);
    expect(cluster.diagnostics).toHaveLength(1);
    expect(cluster.diagnostics[0]).toMatchObject({ severity: "warning", code: "invalid_agent" });
    expect(cluster.diagnostics[0]!.message).toContain("20151002-000353-1695027628-5050-1177-S0");
  });

  it("marks the deactivated (draining) agent inactive", () => {
    expect(cluster.agents.map((a) => a.inactive === true)).toEqual([true, false, false]);
  });

  it("reads the fault domains and resources", () => {
    expect(cluster.agents.map((a) => a.zone)).toEqual(["eu-central-1c", "eu-central-1b", "ap-northeast-1a"]);
    expect(byHost(cluster.agents, "dcos-03").region).toBe("ap-northeast-1");
    expect(byHost(cluster.agents, "dcos-02").resources?.free["*"]).toEqual({
      cpus: 3.9,
      mem: 2917,
      disk: 10823,
      gpus: 0,
      ports: DCOS_PRIVATE_PORTS - 1,
    });
  });
});

describe("loadMesosState: mesos-state-1.2.json (/master/state, Mesos 1.2)", () => {
  const cluster = loadMesosState(fixture("mesos-state-1.2.json"));

  it("reads two agents without fault domains", () => {
    expect(cluster.diagnostics).toEqual([]);
    expect(cluster.masterRegion).toBeUndefined();
    expect(cluster.agents.map((a) => [a.hostname, a.region, a.zone])).toEqual([
      ["10.0.0.182", undefined, undefined],
      ["10.0.7.205", undefined, undefined],
    ]);
  });

  it("marks 10.0.7.205 public", () => {
    expect(byHost(cluster.agents, "10.0.7.205").public).toBe(true);
    expect(byHost(cluster.agents, "10.0.0.182").public).toBeUndefined();
  });

  it("treats unreserved_resources as capacity and subtracts used_resources for free", () => {
    const a = byHost(cluster.agents, "10.0.0.182");
    expect(a.resources?.total["*"]).toEqual({
      cpus: 4,
      mem: 14018,
      disk: 35577,
      gpus: 0,
      ports: DCOS_PRIVATE_PORTS,
    });
    expect(a.resources?.free["*"]).toEqual({
      cpus: 3.999,
      mem: 13890,
      disk: 35577,
      gpus: 0,
      ports: DCOS_PRIVATE_PORTS,
    });
  });

  it("lists only the running task, not the 60 completed ones", () => {
    expect(cluster.tasks.map((t) => [t.name, t.appId, t.hostname, t.state])).toEqual([
      ["dockertest", "/dockertest", "10.0.0.182", "TASK_RUNNING"],
    ]);
  });
});

describe("loadMesosState shapes", () => {
  it("reads a /master/slaves document (no frameworks)", () => {
    const c = loadMesosState({
      slaves: [
        {
          id: "S9",
          hostname: "h9",
          attributes: { foo: 123.0, bar: "wow", p: "[1-2, 5-6]" },
          resources: { cpus: 2 },
        },
      ],
      recovered_slaves: [],
    });
    expect(c.diagnostics).toEqual([]);
    expect(c.agents[0]!.attributes).toEqual([
      { name: "foo", scalar: 123 },
      { name: "bar", text: "wow" },
      {
        name: "p",
        ranges: [
          [1, 2],
          [5, 6],
        ],
      },
    ]);
    expect(c.agents[0]!.resources?.total).toEqual({ "*": { cpus: 2, mem: 0, disk: 0, gpus: 0, ports: 0 } });
  });

  it("computes unreserved as total minus reservations when Mesos omits it", () => {
    const c = loadMesosState({
      slaves: [
        { hostname: "h", resources: { cpus: 4, mem: 100 }, reserved_resources: { r: { cpus: 1, mem: 40 } } },
      ],
    });
    expect(c.agents[0]!.resources?.total).toEqual({
      "*": { cpus: 3, mem: 60, disk: 0, gpus: 0, ports: 0 },
      r: { cpus: 1, mem: 40, disk: 0, gpus: 0, ports: 0 },
    });
  });

  it("rejects a document without slaves", () => {
    const c = loadMesosState({ frameworks: [] });
    expect(c.agents).toEqual([]);
    expect(c.diagnostics[0]!.code).toBe("invalid_inventory");
  });

  it("skips an agent without a hostname with a diagnostic", () => {
    const c = loadMesosState({ slaves: [{ id: "x" }, { hostname: "ok" }] });
    expect(c.agents.map((a) => a.hostname)).toEqual(["ok"]);
    expect(c.diagnostics[0]).toMatchObject({ severity: "error", code: "invalid_agent" });
  });
});

describe("loadMesosState: agent draining", () => {
  it("marks an agent with drain_info inactive and keeps its drain state", () => {
    const state = {
      slaves: [
        { id: "S0", hostname: "a", drain_info: { state: "DRAINING" }, deactivated: true },
        { id: "S1", hostname: "b", drain_info: { state: "DRAINED" } },
        { id: "S2", hostname: "c" },
      ],
    };
    const agents = loadMesosState(state).agents;
    expect(agents.map((a) => [a.hostname, a.inactive, a.drain])).toEqual([
      ["a", true, "DRAINING"],
      ["b", true, "DRAINED"],
      ["c", undefined, undefined],
    ]);
  });
});

describe("marathonAppId", () => {
  it.each([
    ["test.92ed0e79-ed3c-11e8-841d-4a2ca8720df6", "/test"],
    ["prod_web.92ed0e79-ed3c-11e8-841d-4a2ca8720df6", "/prod/web"],
    ["my.app.92ed0e79-ed3c-11e8-841d-4a2ca8720df6", "/my.app"],
    ["prod_db.instance-92ed0e79-ed3c-11e8-841d-4a2ca8720df6._app.1", "/prod/db"],
    ["pods_web.instance-92ed0e79-ed3c-11e8-841d-4a2ca8720df6.nginx", "/pods/web"],
  ])("reads %s as %s", (id, appId) => {
    expect(marathonAppId(id)).toBe(appId);
  });

  it("falls back to the DCOS_SPACE label", () => {
    expect(marathonAppId("weird-id", [{ key: "DCOS_SPACE", value: "/x/y" }])).toBe("/x/y");
    expect(marathonAppId("weird-id")).toBeUndefined();
  });
});

describe("loadInventory on the fixtures", () => {
  it.each([
    ["mesos-state-dcos-1.8.json", 2],
    ["mesos-state-summary-6-agents.json", 6],
    ["mesos-state-summary-4-agents.json", 3],
    ["mesos-state-1.2.json", 2],
  ])("detects %s as Mesos state with %i agents", (file, count) => {
    const c = loadInventory(readFileSync(FIXTURES_DIR + file, "utf8"), file);
    expect(c.agents).toHaveLength(count);
  });

  it("locates the duplicate-id warning in the file text", () => {
    const text = readFileSync(`${FIXTURES_DIR}mesos-state-summary-4-agents.json`, "utf8");
    const [d] = loadInventory(text, "summary.json").diagnostics;
    expect(text.slice(d!.span.start, d!.span.end)).toBe('"20151002-000353-1695027628-5050-1177-S0"');
    // The second entry's id, not the first one's.
    expect(d!.span.start).toBeGreaterThan(text.indexOf('"20151002-000353-1695027628-5050-1177-S0"'));
  });
});
