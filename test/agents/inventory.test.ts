// loadInventory: format detection, YAML/JSON/lines inventories, spans into the text, and the example clusters.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { Agent } from "../../src/agents/agent.js";
import { loadInventory } from "../../src/agents/inventory.js";
import { renderAttribute } from "../../src/agents/render.js";

const example = (name: string): string =>
  readFileSync(new URL(`../../examples/${name}`, import.meta.url), "utf8");
const attr = (a: Agent, name: string): string | undefined => {
  const found = a.attributes.find((x) => x.name === name);
  return found === undefined ? undefined : renderAttribute(found, "marathon");
};

describe("loadInventory: YAML inventory", () => {
  const text = `
region: us-east-1
agents:
  - hostname: 10.0.1.10
    region: us-east-1
    zone: us-east-1a
    attributes: { rack: r1, level: 10, ports: "[31000-32000]" }
    resources: { cpus: 8, mem: 32768, disk: 200000, gpus: 0, ports: "[1025-2180,2182-32000]" }
    public: false
    roles: ["*"]
  - hostname: big
    attributes: "rack:r2;level:2.5"
    count: 3
`;
  const c = loadInventory(text, "cluster.yaml");

  it("reads the master region and every agent, expanding count", () => {
    expect(c.diagnostics).toEqual([]);
    expect(c.masterRegion).toBe("us-east-1");
    expect(c.agents.map((a) => a.hostname)).toEqual(["10.0.1.10", "big-1", "big-2", "big-3"]);
    expect(c.tasks).toEqual([]);
  });

  it("types the attributes and resources", () => {
    const a = c.agents[0]!;
    expect(a.attributes).toEqual([
      { name: "rack", text: "r1" },
      { name: "level", scalar: 10 },
      { name: "ports", ranges: [[31000, 32000]] },
    ]);
    expect(a.resources?.total["*"]).toEqual({
      cpus: 8,
      mem: 32768,
      disk: 200000,
      gpus: 0,
      ports: 1156 + 29819,
    });
    expect(c.agents[3]!.attributes).toEqual([
      { name: "rack", text: "r2" },
      { name: "level", scalar: 2.5 },
    ]);
  });

  it("points a bad value's diagnostic at its YAML node", () => {
    const bad = "agents:\n  - hostname: h\n    resources: { cpus: lots }\n";
    const r = loadInventory(bad, "x.yaml");
    expect(r.agents).toEqual([]);
    const d = r.diagnostics[0]!;
    expect(d.code).toBe("invalid_agent");
    expect(bad.slice(d.span.start, d.span.end)).toBe("lots");
  });

  it("points a Mesos-text attribute error inside the YAML string", () => {
    const bad = 'agents:\n  - hostname: h\n    attributes: "a:1;rack;b:2"\n';
    const d = loadInventory(bad, "x.yaml").diagnostics[0]!;
    expect(d.code).toBe("invalid_attribute");
    expect(bad.slice(d.span.start, d.span.end)).toBe("rack");
  });

  it("reports YAML syntax errors with positions", () => {
    const bad = "agents:\n  - hostname: h\n   bad: [\n";
    const r = loadInventory(bad, "x.yaml");
    expect(r.agents).toEqual([]);
    expect(r.diagnostics.length).toBeGreaterThan(0);
    for (const d of r.diagnostics) {
      expect(d.code).toBe("invalid_inventory");
      expect(d.span.end).toBeLessThanOrEqual(bad.length);
    }
  });

  it("rejects a mapping that is not an inventory", () => {
    const r = loadInventory("hosts:\n  - a\n", "x.yaml");
    expect(r.diagnostics[0]).toMatchObject({ severity: "error", code: "invalid_inventory" });
  });

  it("warns about unknown top-level keys", () => {
    const r = loadInventory("agents: []\nnodes: 3\n", "x.yaml");
    expect(r.diagnostics).toMatchObject([{ severity: "warning", code: "unknown_property" }]);
  });

  it("warns about duplicate hostnames", () => {
    const r = loadInventory("agents:\n  - hostname: a\n  - hostname: a\n", "x.yaml");
    expect(r.agents).toHaveLength(2);
    expect(r.diagnostics).toMatchObject([{ severity: "warning", code: "invalid_agent" }]);
  });

  it("refuses a YAML alias bomb with limit_exceeded", () => {
    const lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"];
    for (let i = 0; i < 8; i++) {
      const prev = String.fromCharCode(97 + i);
      const next = String.fromCharCode(98 + i);
      lines.push(`${next}: &${next} [${Array(10).fill(`*${prev}`).join(", ")}]`);
    }
    lines.push("agents: []");
    const r = loadInventory(lines.join("\n"), "bomb.yaml");
    expect(r.agents).toEqual([]);
    expect(r.diagnostics[0]!.code).toBe("limit_exceeded");
  });

  it("warns about an empty file", () => {
    const r = loadInventory("", "x.yaml");
    expect(r.agents).toEqual([]);
    expect(r.diagnostics).toMatchObject([{ severity: "warning", code: "invalid_inventory" }]);
  });
});

describe("loadInventory: JSON inventory", () => {
  it("reads an inventory object and locates errors in the JSON text", () => {
    const text = '{"agents": [{"hostname": "a", "attributes": {"rack": "r1"}}, {"hostname": 7}]}';
    const r = loadInventory(text, "inv.json");
    expect(r.agents.map((a) => a.hostname)).toEqual(["a"]);
    const d = r.diagnostics[0]!;
    expect(d.code).toBe("invalid_agent");
    expect(text.slice(d.span.start, d.span.end)).toBe("7");
  });

  it("reads a bare list of agents", () => {
    const r = loadInventory('[{"hostname": "a"}, {"hostname": "b", "attributes": "rack:r1"}]');
    expect(r.diagnostics).toEqual([]);
    expect(r.agents.map((a) => a.hostname)).toEqual(["a", "b"]);
  });

  it("reports broken JSON with a span", () => {
    const r = loadInventory('{"agents": [}', "inv.json");
    expect(r.agents).toEqual([]);
    // The JSON parser's own diagnostics, on the character that breaks it.
    expect(r.diagnostics.length).toBeGreaterThan(0);
    expect(r.diagnostics.every((d) => d.severity === "error")).toBe(true);
    expect(r.diagnostics.some((d) => d.span.start === 12)).toBe(true);
  });
});

describe("loadInventory: attribute lines", () => {
  it("reads one agent per line with comments", () => {
    const r = loadInventory("# cluster\n10.0.0.1 rack:r1;zone:a\n\n10.0.0.2   level:3 # two\n10.0.0.3\n");
    expect(r.diagnostics).toEqual([]);
    expect(r.agents).toEqual([
      {
        hostname: "10.0.0.1",
        attributes: [
          { name: "rack", text: "r1" },
          { name: "zone", text: "a" },
        ],
      },
      { hostname: "10.0.0.2", attributes: [{ name: "level", scalar: 3 }] },
      { hostname: "10.0.0.3", attributes: [] },
    ]);
  });

  it("uses the lines form for .txt files whatever they look like", () => {
    const r = loadInventory("agents: x\n", "cluster.txt");
    expect(r.agents).toEqual([]);
    expect(r.diagnostics.map((d) => d.code)).toContain("invalid_agent");
  });

  it("points attribute errors at the line's text", () => {
    const text = "a1 rack:r1\na2 rack:r1;level\n";
    const r = loadInventory(text, "c.txt");
    expect(r.agents.map((a) => a.hostname)).toEqual(["a1"]);
    const d = r.diagnostics[0]!;
    expect(text.slice(d.span.start, d.span.end)).toBe("level");
  });

  it("handles CRLF line ends", () => {
    const r = loadInventory("a1 rack:r1\r\na2 rack:r2\r\n", "c.txt");
    expect(r.agents.map((a) => attr(a, "rack"))).toEqual(["r1", "r2"]);
  });
});

describe("examples", () => {
  const cluster = loadInventory(example("cluster.yaml"), "cluster.yaml");

  it("cluster.yaml loads without diagnostics", () => {
    expect(cluster.diagnostics).toEqual([]);
    expect(cluster.masterRegion).toBe("us-east-1");
  });

  it("cluster.yaml has 12 private and 2 public agents across three zones of one region", () => {
    const priv = cluster.agents.filter((a) => !a.public);
    const pub = cluster.agents.filter((a) => a.public);
    expect(priv).toHaveLength(12);
    expect(pub).toHaveLength(2);
    expect(new Set(cluster.agents.map((a) => a.region))).toEqual(new Set(["us-east-1"]));
    expect(new Set(cluster.agents.map((a) => a.zone))).toEqual(
      new Set(["us-east-1a", "us-east-1b", "us-east-1c"]),
    );
    for (const p of pub) {
      expect(attr(p, "public_ip")).toBe("true");
      expect(Object.keys(p.resources?.total ?? {})).toEqual(["slave_public"]);
    }
  });

  it("cluster.yaml has 2-3 racks per zone and typed attributes", () => {
    for (const zone of ["us-east-1a", "us-east-1b", "us-east-1c"]) {
      const racks = new Set(
        cluster.agents.filter((a) => a.zone === zone && !a.public).map((a) => attr(a, "rack")),
      );
      expect(racks.size).toBeGreaterThanOrEqual(2);
      expect(racks.size).toBeLessThanOrEqual(3);
    }
    const a = cluster.agents[0]!;
    expect(a.attributes.find((x) => x.name === "level")).toEqual({ name: "level", scalar: 3 });
    expect(a.attributes.find((x) => x.name === "vlans")).toEqual({ name: "vlans", ranges: [[100, 199]] });
  });

  it("cluster.yaml can host the DC/OS Kubernetes HA control plane on distinct fast-ssd agents", () => {
    // kube-control-plane 1.6 cpu / 4128 MB and etcd 0.6 cpu / 1056 MB (DC/OS Kubernetes 2.x docs).
    const fast = cluster.agents.filter((a) => attr(a, "disk") === "fast-ssd" && !a.public);
    expect(fast.length).toBeGreaterThanOrEqual(3);
    expect(new Set(fast.map((a) => a.zone)).size).toBe(3);
    for (const a of fast) {
      const free = a.resources!.free["*"]!;
      expect(free.cpus).toBeGreaterThanOrEqual(1.6 + 0.6);
      expect(free.mem).toBeGreaterThanOrEqual(4128 + 1056);
    }
  });

  it("cluster.yaml has private agents of mixed sizes (8-16 cpus, 32-64 GB)", () => {
    const sizes = cluster.agents.filter((a) => !a.public).map((a) => a.resources!.total["*"]!);
    expect(Math.min(...sizes.map((s) => s.cpus))).toBe(8);
    expect(Math.max(...sizes.map((s) => s.cpus))).toBe(16);
    expect(Math.min(...sizes.map((s) => s.mem))).toBe(32768);
    expect(Math.max(...sizes.map((s) => s.mem))).toBe(65536);
  });

  it("cluster-attributes.txt loads without diagnostics", () => {
    const c = loadInventory(example("cluster-attributes.txt"), "cluster-attributes.txt");
    expect(c.diagnostics).toEqual([]);
    expect(c.agents).toHaveLength(6);
    expect(c.agents.map((a) => attr(a, "disk"))).toEqual([
      "fast-ssd",
      "hdd",
      "fast-ssd",
      "hdd",
      "fast-ssd",
      undefined,
    ]);
  });
});
