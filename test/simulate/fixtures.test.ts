import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadInventory } from "../../src/agents/inventory.js";
import { loadRunning, placementsFromTasks } from "../../src/simulate/running.js";
import { simulate } from "../../src/simulate/simulate.js";
import { loadWorkload } from "../../src/simulate/workload.js";
import { FIXTURES_DIR } from "../helpers/vectors.js";
import { app } from "./helpers.js";
import { checkInvariants } from "./invariants.js";

const stateFiles = readdirSync(FIXTURES_DIR).filter((f) => f.endsWith(".json"));
const marathonFiles = readdirSync(join(FIXTURES_DIR, "marathon")).filter((f) => f.endsWith(".json"));
const read = (path: string) => readFileSync(join(FIXTURES_DIR, path), "utf8");
const sixAgents = loadInventory(read("mesos-state-summary-6-agents.json"), "summary.json");
const cluster = loadInventory(
  readFileSync(new URL("../../examples/cluster.yaml", import.meta.url), "utf8"),
  "cluster.yaml",
);

describe("fixtures", () => {
  it("has the fixtures this suite expects", () => {
    expect(stateFiles).toHaveLength(4);
    expect(marathonFiles).toHaveLength(9);
  });

  it.each(stateFiles)("simulates a small workload on %s", (file) => {
    const inv = loadInventory(read(file), file);
    expect(inv.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(inv.agents.length).toBeGreaterThan(0);
    const apps = [
      app("/probe", { instances: 3, cpus: 0.1, mem: 32, constraints: [["hostname", "UNIQUE"]] }),
      app("/edge", { instances: 1, cpus: 0.1, mem: 32, roles: ["slave_public"] }),
    ];
    const running = placementsFromTasks(inv.tasks, false);
    const result = simulate({ agents: inv.agents, apps, running, masterRegion: inv.masterRegion });
    checkInvariants(result, inv.agents, apps, running, inv.masterRegion);
    const active = inv.agents.filter((a) => !a.inactive);
    const probe = result.placements.filter((p) => p.appId === "/probe");
    // Each active agent with unreserved cpu takes one /probe; the rest are explained.
    expect(probe.length + (result.unplaced.find((u) => u.appId === "/probe")?.count ?? 0)).toBe(3);
    expect(probe.length).toBeLessThanOrEqual(active.length);
  });

  it.each(marathonFiles)(
    "loads %s and simulates it on the 6-agent fixture and the example cluster",
    (file) => {
      const w = loadWorkload(read(join("marathon", file)), file);
      expect(w.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
      expect(w.apps.length).toBeGreaterThan(0);
      for (const inv of [sixAgents, cluster]) {
        const result = simulate({ agents: inv.agents, apps: w.apps, masterRegion: inv.masterRegion });
        checkInvariants(result, inv.agents, w.apps, [], inv.masterRegion);
      }
    },
  );

  it("reads the pod group's embedded instances as running placements on the 6-agent fixture", () => {
    const text = read("marathon/dcos-ui-marathon-1-pod-group-groups.json");
    const running = loadRunning(text);
    expect(running.diagnostics).toEqual([]);
    expect(running.placements.filter((p) => p.appId === "/podses")).toHaveLength(9);
    const w = loadWorkload(text);
    const result = simulate({
      agents: sixAgents.agents,
      apps: w.apps,
      running: running.placements,
      drift: true,
    });
    checkInvariants(result, sixAgents.agents, w.apps, running.placements);
    expect(result.apps.find((a) => a.id === "/podses")!.running).toBeGreaterThan(0);
  });

  it('reads the docs\' /v2/apps example with its [hostname, UNIQUE, ""] as a warning', () => {
    const w = loadWorkload(read("marathon/marathon-docs-examples-app_list.json"));
    expect(w.diagnostics.map((d) => [d.severity, d.code])).toEqual([["warning", "unique_with_value"]]);
    expect(w.apps[0]).toMatchObject({
      id: "/myapp",
      instances: 3,
      resources: { cpus: 0.1, mem: 5, ports: 2 },
    });
  });

  it("reads the docs' group example with its three apps", () => {
    const w = loadWorkload(read("marathon/marathon-docs-examples-group.json"));
    expect(w.apps.map((a) => [a.id, a.instances])).toEqual([
      ["/tools/oauth-server", 2],
      ["/tools/datadog-agent", 5],
      ["/tools/docker/registry", 1],
    ]);
  });
});
