import { describe, expect, it } from "vitest";
import { loadClusterSnapshot } from "../../src/cluster/snapshot.js";
import { exampleInput } from "../why/examples.js";

describe("loadClusterSnapshot", () => {
  it("reads agents, apps, pods, running instances and the queue of the example cluster", () => {
    const s = loadClusterSnapshot(exampleInput());
    expect(s.problems).toEqual([]);
    expect(s.agents).toHaveLength(7);
    expect(s.masterRegion).toBe("us-east-1");
    expect(s.apps.map((a) => a.id)).toContain("/ml/notebook");
    expect(s.queue.map((q) => q.id)).toEqual([
      "/shop/api",
      "/shop/db",
      "/analytics/worker",
      "/web/frontend",
      "/batch/report",
      "/ml/notebook",
    ]);
    expect(s.running.filter((p) => p.appId === "/shop/api")).toHaveLength(6);
    expect(s.running.filter((p) => p.appId === "/ml/notebook")).toEqual([
      expect.objectContaining({ hostname: "10.0.2.12", consumes: false }),
    ]);
  });

  it("counts Marathon tasks in the Mesos state whose app cannot be identified", () => {
    const s = loadClusterSnapshot(exampleInput());
    expect(s.notes).toEqual([
      expect.stringMatching(/^1 Marathon task in the Mesos state could not be matched to an app/),
    ]);
  });

  it("reads Marathon's switches from /v2/info and the maintenance responses", () => {
    const s = loadClusterSnapshot(exampleInput());
    expect(s.marathon).toEqual({ maxInstancesPerOffer: 100, maintenanceMode: true, gpuResources: true });
    expect(s.maintenance).toEqual({ windows: [], down: [] });
  });

  it("reports a /v2/info that is not JSON", () => {
    const s = loadClusterSnapshot({ ...exampleInput(), info: { name: "info.json", text: "<html>" } });
    expect(s.problems.map((p) => [p.name, p.diagnostics[0]?.message])).toEqual([
      ["info.json", "not JSON: expected Marathon's /v2/info response"],
    ]);
  });

  it("uses the queue's own definition of an app missing from /v2/apps", () => {
    const s = loadClusterSnapshot({ ...exampleInput(), apps: { name: "apps.json", text: '{"apps":[]}' } });
    expect(s.apps.find((a) => a.id === "/shop/db")?.instances).toBe(5);
  });

  it("reports problems per source, naming it", () => {
    const s = loadClusterSnapshot({
      ...exampleInput(),
      queue: { name: "https://m/v2/queue", text: '{"queue": 3}' },
    });
    expect(s.problems).toEqual([
      expect.objectContaining({
        name: "https://m/v2/queue",
        diagnostics: [expect.objectContaining({ code: "invalid_queue" })],
      }),
    ]);
  });
});
