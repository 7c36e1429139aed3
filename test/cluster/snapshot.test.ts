import { describe, expect, it } from "vitest";
import { loadClusterSnapshot } from "../../src/cluster/snapshot.js";
import { exampleInput, exampleText } from "../why/examples.js";

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

  it("leaves tasks of an older configuration out of constraint checks, with a note", () => {
    const apps = JSON.parse(exampleText("apps"));
    const api = apps.apps.find((a: { id: string }) => a.id === "/shop/api");
    api.versionInfo.lastConfigChangeAt = "2026-11-26T05:00:00.000Z";
    api.tasks[0].version = "2026-11-26T05:00:00.000Z";
    const s = loadClusterSnapshot({
      ...exampleInput(),
      apps: { name: "apps.json", text: JSON.stringify(apps) },
    });
    expect(s.running.filter((p) => p.appId === "/shop/api")).toHaveLength(1);
    expect(s.notes[0]).toMatch(/^5 running tasks of \/shop\/api run an older configuration/);
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
