// agentFromInput: each accepted form, and a located diagnostic for each kind of malformed agent.
import { describe, expect, it } from "vitest";
import { agentFromInput, agentsFromInput } from "../../src/agents/agent-input.js";

describe("agentFromInput: accepted forms", () => {
  it("reads the canonical form with typed attributes", () => {
    const r = agentFromInput({
      hostname: "a1",
      region: "us-east-1",
      zone: "us-east-1a",
      attributes: [
        { name: "rack", text: "r1" },
        { name: "level", scalar: 10 },
        { name: "ports", ranges: [[21000, 24000]] },
        { name: "gpus", set: ["0", "1"] },
      ],
    });
    expect(r).toEqual({
      ok: true,
      agent: {
        hostname: "a1",
        region: "us-east-1",
        zone: "us-east-1a",
        attributes: [
          { name: "rack", text: "r1" },
          { name: "level", scalar: 10 },
          { name: "ports", ranges: [[21000, 24000]] },
          { name: "gpus", set: ["0", "1"] },
        ],
      },
      diagnostics: [],
    });
  });

  it("reads attributes as an object the way Mesos state JSON writes them", () => {
    const r = agentFromInput({
      hostname: "a1",
      attributes: { rack: "r1", level: 10, ports: "[31000-32000, 1-2]", tags: "{a, b}", num: "10", ok: true },
    });
    expect(r.agent?.attributes).toEqual([
      { name: "rack", text: "r1" },
      { name: "level", scalar: 10 },
      {
        name: "ports",
        ranges: [
          [1, 2],
          [31000, 32000],
        ],
      },
      { name: "tags", set: ["a", "b"] },
      { name: "num", text: "10" },
      { name: "ok", text: "true" },
    ]);
  });

  it("reads a YAML flow list like [31000-32000] as ranges", () => {
    const r = agentFromInput({ hostname: "a1", attributes: { ports: ["31000-32000"] } });
    expect(r.agent?.attributes).toEqual([{ name: "ports", ranges: [[31000, 32000]] }]);
  });

  it("keeps a negative number as text, as Mesos would, with a warning", () => {
    const r = agentFromInput({ hostname: "a1", attributes: { level: -1 } });
    expect(r.ok).toBe(true);
    expect(r.agent?.attributes).toEqual([{ name: "level", text: "-1" }]);
    expect(r.diagnostics[0]).toMatchObject({ severity: "warning", code: "invalid_attribute" });
  });

  it("reads attributes as Mesos --attributes text", () => {
    const r = agentFromInput({ hostname: "a1", attributes: "rack:r1;level:10;ports:[31000-32000]" });
    expect(r.agent?.attributes).toEqual([
      { name: "rack", text: "r1" },
      { name: "level", scalar: 10 },
      { name: "ports", ranges: [[31000, 32000]] },
    ]);
  });

  it("reads plain resources under * with a ports range string", () => {
    const r = agentFromInput({
      hostname: "a1",
      resources: { cpus: 8, mem: 32768, disk: 200000, gpus: 0, ports: "[1025-2180,2182-32000]" },
    });
    const res = { cpus: 8, mem: 32768, disk: 200000, gpus: 0, ports: 1156 + 29819 };
    const ranges = {
      "*": [
        [1025, 2180],
        [2182, 32000],
      ],
    };
    expect(r.agent?.resources).toEqual({
      total: { "*": res },
      free: { "*": res },
      portRanges: { total: ranges, free: ranges },
    });
  });

  it("reads ports as a count or a list of pairs", () => {
    expect(
      agentFromInput({ hostname: "a", resources: { ports: 100 } }).agent?.resources?.total["*"]?.ports,
    ).toBe(100);
    expect(
      agentFromInput({
        hostname: "a",
        resources: {
          ports: [
            [1, 10],
            [5, 20],
          ],
        },
      }).agent?.resources?.total["*"]?.ports,
    ).toBe(20);
  });

  it("reads resources by role", () => {
    const r = agentFromInput({
      hostname: "a1",
      resources: { "*": { cpus: 2 }, slave_public: { cpus: 4, mem: 10 } },
    });
    expect(r.agent?.resources?.total).toEqual({
      "*": { cpus: 2, mem: 0, disk: 0, gpus: 0, ports: 0 },
      slave_public: { cpus: 4, mem: 10, disk: 0, gpus: 0, ports: 0 },
    });
    expect(r.agent?.public).toBeUndefined();
  });

  it("reserves plain resources to the given role", () => {
    const r = agentFromInput({ hostname: "a1", roles: ["slave_public"], resources: { cpus: 2 } });
    expect(Object.keys(r.agent?.resources?.total ?? {})).toEqual(["slave_public"]);
    expect(r.agent?.public).toBe(true);
  });

  it("reserves a public agent's plain resources to slave_public", () => {
    const r = agentFromInput({ hostname: "p1", public: true, resources: { cpus: 2 } });
    expect(r.agent?.public).toBe(true);
    expect(Object.keys(r.agent?.resources?.total ?? {})).toEqual(["slave_public"]);
  });

  it("detects a public agent from the public_ip attribute", () => {
    expect(agentFromInput({ hostname: "p1", attributes: { public_ip: "true" } }).agent?.public).toBe(true);
  });

  it("keeps an explicit public: false", () => {
    expect(
      agentFromInput({ hostname: "p1", public: false, attributes: { public_ip: "true" } }).agent?.public,
    ).toBeUndefined();
  });

  it("reads inactive: true", () => {
    expect(agentFromInput({ hostname: "h", inactive: true }).agent?.inactive).toBe(true);
    expect(agentFromInput({ hostname: "h", inactive: false }).agent?.inactive).toBeUndefined();
  });

  it("reads a Mesos-style domain and an id", () => {
    const r = agentFromInput({
      id: "S1",
      hostname: "h",
      domain: { fault_domain: { region: { name: "r" }, zone: { name: "z" } } },
    });
    expect(r.agent).toEqual({ id: "S1", hostname: "h", region: "r", zone: "z", attributes: [] });
  });
});

describe("agentFromInput: rejected input", () => {
  it.each([
    ["a string", "10.0.0.1", []],
    ["null", null, []],
    ["no hostname", { attributes: [] }, []],
    ["an empty hostname", { hostname: "" }, ["hostname"]],
    ["a numeric hostname", { hostname: 10 }, ["hostname"]],
    ["a region without a zone", { hostname: "h", region: "r" }, ["zone"]],
    ["a non-boolean public", { hostname: "h", public: "yes" }, ["public"]],
    ["empty roles", { hostname: "h", roles: [] }, ["roles"]],
    ["a bad count", { hostname: "h", count: 0 }, ["count"]],
    ["negative cpus", { hostname: "h", resources: { cpus: -1 } }, ["resources", "cpus"]],
    ["unparsable ports", { hostname: "h", resources: { ports: "lots" } }, ["resources", "ports"]],
    ["resources that are not an object", { hostname: "h", resources: 4 }, ["resources"]],
    [
      "two roles with plain resources",
      { hostname: "h", roles: ["a", "b"], resources: { cpus: 1 } },
      ["roles"],
    ],
    ["attributes of the wrong type", { hostname: "h", attributes: 5 }, ["attributes"]],
  ])("rejects %s with a located diagnostic", (_what, value, expectedPath) => {
    const seen: (readonly (string | number)[])[] = [];
    const r = agentFromInput(value, [], (path) => {
      seen.push(path);
      return { start: 100 + path.length, end: 200 };
    });
    expect(r.ok).toBe(false);
    expect(r.agent).toBeUndefined();
    const errors = r.diagnostics.filter((d) => d.severity === "error");
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0]!.code).toBe("invalid_agent");
    expect(errors[0]!.span).toEqual({ start: 100 + expectedPath.length, end: 200 });
  });

  it.each([
    ["a typed attribute with two values", [{ name: "x", text: "a", scalar: 1 }]],
    ["a typed attribute without a name", [{ text: "a" }]],
    ["a non-finite scalar", [{ name: "x", scalar: Number.POSITIVE_INFINITY }]],
    ["ranges that are not pairs", [{ name: "x", ranges: [[1, 2, 3]] }]],
    ["a set of numbers", [{ name: "x", set: [1, 2] }]],
    ["bad Mesos text", "rack"],
    ["a set in Mesos text", "tags:{a,b}"],
    ["bad ranges text in an object", { ports: "[1-2,3]" }],
    ["a null attribute value", { rack: null }],
  ])("rejects %s as invalid_attribute", (_what, attributes) => {
    const r = agentFromInput({ hostname: "h", attributes });
    expect(r.ok).toBe(false);
    expect(r.diagnostics.find((d) => d.severity === "error")?.code).toBe("invalid_attribute");
  });

  it("warns about unknown properties but accepts the agent", () => {
    const r = agentFromInput({ hostname: "h", rack: "r1" });
    expect(r.ok).toBe(true);
    expect(r.diagnostics).toMatchObject([{ severity: "warning", code: "unknown_property" }]);
  });

  it("never throws on odd values", () => {
    for (const v of [
      undefined,
      0,
      [],
      [1],
      { hostname: "h", attributes: [null] },
      { hostname: "h", resources: { "*": 3 } },
    ]) {
      expect(() => agentFromInput(v)).not.toThrow();
    }
  });

  it("maps Mesos-text diagnostics into the source string", () => {
    const source = '{"hostname":"h","attributes":"a:1;rack"}';
    const start = source.indexOf('"a:1');
    const r = agentFromInput({ hostname: "h", attributes: "a:1;rack" }, [], (p) =>
      p.length === 1 && p[0] === "attributes" ? { start, end: start + 10 } : undefined,
    );
    const d = r.diagnostics[0]!;
    expect(source.slice(d.span.start, d.span.end)).toBe("rack");
  });
});

describe("agentsFromInput", () => {
  it("expands count into numbered hostnames and ids", () => {
    const r = agentsFromInput({ id: "s", hostname: "node", count: 3, attributes: { rack: "r1" } });
    expect(r.agents.map((a) => [a.id, a.hostname])).toEqual([
      ["s-1", "node-1"],
      ["s-2", "node-2"],
      ["s-3", "node-3"],
    ]);
    expect(r.agents[2]!.attributes).toEqual([{ name: "rack", text: "r1" }]);
  });

  it("returns one agent without count", () => {
    expect(agentsFromInput({ hostname: "node" }).agents.map((a) => a.hostname)).toEqual(["node"]);
  });
});
