import { describe, expect, it } from "vitest";
import type { Agent } from "../../src/agents/agent.js";
import { readQueue } from "../../src/cluster/marathon-queue.js";
import { type ClusterSnapshot, loadClusterSnapshot } from "../../src/cluster/snapshot.js";
import type { RunningPlacement } from "../../src/simulate/types.js";
import { loadWorkload } from "../../src/simulate/workload.js";
import { why } from "../../src/why/why.js";
import { EXAMPLE_NOW, exampleInput, exampleText } from "./examples.js";

const example = () => why({ snapshot: loadClusterSnapshot(exampleInput()), now: EXAMPLE_NOW });

function agent(hostname: string, attrs: Record<string, string>, extra: Partial<Agent> = {}): Agent {
  const r = { cpus: 4, mem: 8192, disk: 10000, gpus: 0, ports: 100 };
  return {
    hostname,
    attributes: Object.entries(attrs).map(([name, text]) => ({ name, text })),
    resources: { total: { "*": r }, free: { "*": r } },
    ...extra,
  };
}

function snapshot(
  agents: Agent[],
  app: object,
  queue: object,
  running: RunningPlacement[] = [],
  masterRegion?: string,
): ClusterSnapshot {
  return {
    agents,
    ...(masterRegion === undefined ? {} : { masterRegion }),
    apps: loadWorkload(JSON.stringify(app)).apps,
    running,
    queue: readQueue(JSON.stringify({ queue: [{ app, ...queue }] })).entries,
    notes: [],
    problems: [],
  };
}

describe("why on the example cluster", () => {
  it("explains every waiting deployment, in queue order", () => {
    const r = example();
    expect(r.waiting.map((w) => [w.id, w.verdict.kind, w.afterBackoff?.kind])).toEqual([
      ["/shop/api", "never_placeable", undefined],
      ["/shop/db", "never_placeable", undefined],
      ["/analytics/worker", "waiting_for_resources", undefined],
      ["/web/frontend", "held_by_backoff", "never_placeable"],
      ["/batch/report", "no_role_offers", undefined],
      ["/ml/notebook", "deploying_normally", undefined],
    ]);
  });

  it("says how many instances wait, how many run, and for how long", () => {
    const db = example().waiting.find((w) => w.id === "/shop/db")!;
    expect([db.waiting, db.running, db.placedNext, db.waitingSeconds]).toEqual([1, 4, 0, 12299]);
  });

  it("names the constraint and the agents that qualify when an app can never be placed", () => {
    const db = example().waiting.find((w) => w.id === "/shop/db")!;
    expect(db.verdict.text).toBe(
      "can never be placed with these agents: hostname:UNIQUE and rack:LIKE:r[12] allow at most 4 of its 5 instances (4 agents qualify)",
    );
  });

  it("measures each suggestion by re-running the simulation", () => {
    const api = example().waiting.find((w) => w.id === "/shop/api")!;
    expect(api.suggestions.map((s) => `${s.change}: ${s.text}`)).toEqual([
      "rack:MAX_PER:2 → 3: places all",
      "instances 8 → 6: nothing left waiting",
    ]);
    const db = example().waiting.find((w) => w.id === "/shop/db")!;
    expect(db.suggestions.map((s) => s.change)).toEqual([
      "hostname:UNIQUE → hostname:MAX_PER:2",
      "1 more agent with rack r1 or r2",
      "instances 5 → 4",
    ]);
  });

  it("says which resource is short and what would fit", () => {
    const w = example().waiting.find((x) => x.id === "/analytics/worker")!;
    expect(w.verdict.text).toBe(
      "waiting for resources: no agent its constraints allow has enough cpus (needs 2, most free 1.4) or mem (needs 12288 MB, most free 11200 MB)",
    );
    expect(w.suggestions.map((s) => `${s.change}: ${s.text}`)).toContain(
      "mem 12288 MB → 11200 MB: places 1 of 2",
    );
  });

  it("puts Marathon's last-offer counts beside our next round's, reason by reason", () => {
    const db = example().waiting.find((w) => w.id === "/shop/db")!;
    const rows = db.funnel.filter((f) => (f.marathon?.declined ?? 0) > 0 || (f.ours?.declined ?? 0) > 0);
    expect(rows).toEqual([
      {
        reason: "UnfulfilledRole",
        marathon: { declined: 1, processed: 7 },
        ours: { declined: 1, processed: 7 },
      },
      {
        reason: "UnfulfilledConstraint",
        marathon: { declined: 6, processed: 6 },
        ours: { declined: 6, processed: 6 },
      },
    ]);
    expect(db.disagreements).toEqual([]);
  });

  it("says plainly when we place what Marathon keeps declining", () => {
    const pod = example().waiting.find((w) => w.id === "/ml/notebook")!;
    expect(pod.disagreements).toEqual([
      "our simulation places its waiting instance on this snapshot, but Marathon declined the last offer of every agent it heard from (most for InsufficientMemory): resources may have changed since, or one of us is wrong",
    ]);
  });

  it("suggests a wider role when no agent offers the app's role", () => {
    const b = example().waiting.find((w) => w.id === "/batch/report")!;
    expect(b.verdict.text).toBe("no offers for its role: no active agent has resources for batch");
    expect(b.suggestions.map((s) => s.change)).toEqual(["acceptedResourceRoles [batch] → [batch, *]"]);
  });

  it("leaves running tasks of an older configuration out of the count, as Marathon does while replacing them", () => {
    const apps = JSON.parse(exampleText("apps"));
    const api = apps.apps.find((a: { id: string }) => a.id === "/shop/api");
    api.versionInfo.lastConfigChangeAt = "2026-11-26T05:00:00.000Z";
    api.tasks[0].version = "2026-11-26T05:00:00.000Z";
    const snapshot = loadClusterSnapshot({
      ...exampleInput(),
      apps: { name: "apps.json", text: JSON.stringify(apps) },
    });
    const r = why({ snapshot, appIds: ["/shop/api"], now: EXAMPLE_NOW });
    expect(r.waiting[0]?.running).toBe(1);
    expect(r.simulation.notes).toContainEqual(
      expect.stringMatching(
        /^\/shop\/api: 5 running instances run a version older than the last configuration change/,
      ),
    );
  });

  it("explains only the APP_IDs given, and lists those that do not wait", () => {
    const r = why({
      snapshot: loadClusterSnapshot(exampleInput()),
      appIds: ["shop/db", "/ops/monitor"],
      now: EXAMPLE_NOW,
    });
    expect(r.waiting.map((w) => w.id)).toEqual(["/shop/db"]);
    expect(r.notWaiting).toEqual(["/ops/monitor"]);
  });
});

describe("why", () => {
  const app = { id: "/web", instances: 2, cpus: 1, mem: 128, constraints: [["hostname", "UNIQUE"]] };

  it("says nothing waits on an empty queue", () => {
    const s = { ...snapshot([agent("a", {})], app, { count: 0 }), queue: [] };
    expect(why({ snapshot: s }).waiting).toEqual([]);
  });

  it("sees a spread blocked by where running instances are", () => {
    // CLUSTER without a value follows the first instance's rack: r1 has one agent, and UNIQUE allows
    // one instance there; from scratch both would go to r2.
    const a = {
      id: "/c",
      instances: 2,
      cpus: 1,
      mem: 128,
      constraints: [
        ["rack", "CLUSTER"],
        ["hostname", "UNIQUE"],
      ],
    };
    const agents = [agent("b1", { rack: "r2" }), agent("b2", { rack: "r2" }), agent("a1", { rack: "r1" })];
    const s = snapshot(agents, a, { count: 1 }, [{ appId: "/c", hostname: "a1", consumes: false }]);
    const w = why({ snapshot: s }).waiting[0]!;
    expect(w.verdict.kind).toBe("blocked_by_running");
    expect(w.verdict.text).toBe(
      "placeable from scratch, but not beside its 1 running instance: rack:CLUSTER and hostname:UNIQUE reject every agent for the next one",
    );
  });

  it("sees that every agent with resources is in a remote region", () => {
    const agents = [agent("w1", {}, { region: "us-west-2", zone: "us-west-2a" })];
    const w = why({ snapshot: snapshot(agents, app, { count: 2 }, [], "us-east-1") }).waiting[0]!;
    expect(w.verdict.kind).toBe("remote_region");
    expect(w.verdict.text).toContain("remote region (us-west-2)");
    expect(w.suggestions.map((x) => `${x.change}: ${x.text}`)).toEqual([
      "with @region:IS:us-west-2: places 1 of 2",
    ]);
  });

  it("says plainly when Marathon declines for a constraint that passes everywhere", () => {
    const agents = [agent("a", {}), agent("b", {})];
    // Both agents are full, so nothing places; but every constraint passes on both.
    const full = { cpus: 0.5, mem: 8192, disk: 10000, gpus: 0, ports: 100 };
    const s = snapshot(
      agents.map((x) => ({ ...x, resources: { total: x.resources!.total, free: { "*": full } } })),
      app,
      {
        count: 2,
        processedOffersSummary: {
          processedOffersCount: 10,
          unusedOffersCount: 10,
          rejectSummaryLastOffers: [
            { reason: "UnfulfilledRole", declined: 0, processed: 2 },
            { reason: "UnfulfilledConstraint", declined: 2, processed: 2 },
          ],
        },
      },
    );
    const w = why({ snapshot: s }).waiting[0]!;
    expect(w.verdict.kind).toBe("waiting_for_resources");
    expect(w.disagreements).toEqual([
      "Marathon declined 2 offers for UnfulfilledConstraint, but in our simulation every constraint passes on every agent that offers: a bug in one of us, or a stale snapshot",
    ]);
  });

  it("says which agent Marathon's last offers and our simulation disagree about", () => {
    // a has no memory left and passes rack:LIKE:r1; b has memory and fails it.
    const low = { cpus: 4, mem: 64, disk: 10000, gpus: 0, ports: 100 };
    const a = agent("a", { rack: "r1" });
    const agents = [
      { ...a, resources: { total: a.resources!.total, free: { "*": low } } },
      agent("b", { rack: "r2" }),
    ];
    const s = snapshot(
      agents,
      { ...app, instances: 3, constraints: [["rack", "LIKE", "r1"]] },
      {
        count: 3,
        lastUnusedOffers: [
          {
            offer: { id: "o1", agentId: "S0", hostname: "a", resources: [], attributes: [] },
            reason: ["UnfulfilledConstraint"],
            timestamp: "t",
          },
          {
            offer: { id: "o2", agentId: "S1", hostname: "b", resources: [], attributes: [] },
            reason: ["InsufficientMemory"],
            timestamp: "t",
          },
        ],
      },
    );
    expect(why({ snapshot: s }).waiting[0]!.disagreements).toEqual([
      "Marathon's last offer from a failed a constraint, but no constraint refuses that agent in our simulation: a bug in one of us, or a stale snapshot",
      "a constraint refuses b in our simulation, but Marathon's last offer from it passed every constraint: a bug in one of us, or a stale snapshot",
    ]);
  });

  it("sees agents that keep their GPUs for GPU apps, and measures the label that lifts it", () => {
    const g = agent("gpu1", {});
    const r = { ...g.resources!.total["*"]!, gpus: 2 };
    const s = snapshot([{ ...g, resources: { total: { "*": r }, free: { "*": r } } }], app, { count: 1 });
    const w = why({ snapshot: s }).waiting[0]!;
    expect(w.verdict.kind).toBe("agents_unavailable");
    expect(w.verdict.text).toContain("1 keeps its GPUs for GPU apps (DeclinedScarceResources");
    expect(w.suggestions.map((x) => `${x.change}: ${x.text}`)).toEqual([
      "label GPU_SCHEDULING_BEHAVIOR=unrestricted: places all",
    ]);
  });

  it("sees agents in a maintenance window at the snapshot's time", () => {
    const s = {
      ...snapshot([agent("a", {}), agent("b", {})], app, { count: 2 }),
      maintenance: {
        windows: [
          {
            machines: [{ hostname: "a" }, { hostname: "b" }],
            start: Date.parse("2026-11-26T05:00:00Z"),
            duration: 3_600_000,
          },
        ],
        down: [],
      },
    };
    const w = why({ snapshot: s, now: Date.parse("2026-11-26T05:30:00Z") }).waiting[0]!;
    expect(w.verdict.kind).toBe("agents_unavailable");
    expect(w.verdict.text).toContain("2 are in a maintenance window");
    expect(why({ snapshot: s, now: Date.parse("2026-11-26T07:00:00Z") }).waiting[0]!.verdict.kind).toBe(
      "deploying_normally",
    );
  });

  it("suggests more agents like the ones that qualify", () => {
    const s = snapshot([agent("a", {})], { ...app, instances: 3 }, { count: 3 });
    const w = why({ snapshot: s }).waiting[0]!;
    expect(w.suggestions.map((x) => `${x.change}: ${x.text}`)).toEqual([
      "hostname:UNIQUE → hostname:MAX_PER:2: places 2 of 3",
      "2 more agents like a: places all",
      "instances 3 → 1: nothing left waiting",
    ]);
  });
});
