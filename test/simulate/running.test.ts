import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadInventory } from "../../src/agents/inventory.js";
import { loadRunning, placementsFromTasks } from "../../src/simulate/running.js";
import { FIXTURES_DIR } from "../helpers/vectors.js";

describe("loadRunning", () => {
  it("reads a list of placements with counts", () => {
    const r = loadRunning("- {app: /web, hostname: 10.0.1.10, count: 2}\n- {appId: /db, agentId: S1}\n");
    expect(r.diagnostics).toEqual([]);
    expect(r.placements).toEqual([
      { appId: "/web", hostname: "10.0.1.10" },
      { appId: "/web", hostname: "10.0.1.10" },
      { appId: "/db", agentId: "S1" },
    ]);
  });

  it("reads a map of app id to hostnames", () => {
    expect(loadRunning('{"/web": ["a", "b"]}').placements).toEqual([
      { appId: "/web", hostname: "a" },
      { appId: "/web", hostname: "b" },
    ]);
  });

  it("reads Marathon tasks embedded in a /v2/apps response", () => {
    const r = loadRunning('{"apps":[{"id":"/web","tasks":[{"id":"web.1","host":"h1","slaveId":"S1"}]}]}');
    expect(r.placements).toEqual([{ appId: "/web", hostname: "h1", agentId: "S1", taskId: "web.1" }]);
  });

  it("reads the Marathon tasks of a Mesos master state", () => {
    const text = readFileSync(join(FIXTURES_DIR, "mesos-state-dcos-1.8.json"), "utf8");
    const r = loadRunning(text);
    const inventory = loadInventory(text);
    expect(r.placements).toEqual(placementsFromTasks(inventory.tasks, true));
    expect(placementsFromTasks(inventory.tasks, false).every((p) => p.consumes === false)).toBe(true);
  });

  it("points at the entry that names no app or agent", () => {
    const text = "- {app: /web}\n- {hostname: h1}\n- {app: /x, hostname: h, count: 0}\n";
    const r = loadRunning(text);
    expect(r.placements).toEqual([]);
    expect(r.diagnostics.map((d) => [d.code, text.slice(d.span.start, d.span.end)])).toEqual([
      ["invalid_running", "{app: /web}"],
      ["invalid_running", "{hostname: h1}"],
      ["invalid_running", "0"],
    ]);
  });

  it("reports unreadable text with a position", () => {
    const r = loadRunning('{"a": [}');
    expect(r.diagnostics[0]!.code).toBe("invalid_running");
    expect(r.diagnostics[0]!.span.start).toBeGreaterThan(0);
  });
});
