import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { LineIndex } from "../../src/diagnostics.js";
import type { WorkloadApp } from "../../src/simulate/types.js";
import { loadWorkload } from "../../src/simulate/workload.js";

const examples = new URL("../../examples/", import.meta.url);
const example = (path: string) => readFileSync(new URL(path, examples), "utf8");

function byId(apps: readonly WorkloadApp[]): Record<string, WorkloadApp> {
  return Object.fromEntries(apps.map((a) => [a.id, a]));
}

const labels = (a: WorkloadApp) =>
  a.constraints.map((c) => [c.field, c.operator, ...(c.value === undefined ? [] : [c.value])].join(":"));

describe("loadWorkload: Marathon", () => {
  it("fills Marathon's defaults for an app with only an id", () => {
    const r = loadWorkload('{"id": "web"}');
    expect(r.format).toBe("marathon-app");
    expect(r.apps[0]).toMatchObject({
      id: "/web",
      instances: 1,
      resources: { cpus: 1, mem: 128, disk: 0, gpus: 0, ports: 1 },
      acceptedRoles: ["*"],
      dialect: "marathon",
      constraints: [],
    });
  });

  it("counts ports from portDefinitions, ports, and bridge port mappings, and keeps required fixed ports", () => {
    const defs = loadWorkload('{"id":"/a","requirePorts":true,"portDefinitions":[{"port":8080},{"port":0}]}')
      .apps[0]!;
    expect(defs.resources.ports).toBe(2);
    expect(defs.fixedPorts).toEqual([8080]);
    const bridge = loadWorkload(
      '{"id":"/b","container":{"docker":{"network":"BRIDGE","portMappings":[{"containerPort":80,"hostPort":0},{"containerPort":81,"hostPort":9000}]}}}',
    ).apps[0]!;
    expect(bridge.resources.ports).toBe(2);
    expect(bridge.fixedPorts).toEqual([9000]);
    const overlay = loadWorkload(
      '{"id":"/c","networks":[{"mode":"container","name":"dcos"}],"container":{"portMappings":[{"containerPort":80}]}}',
    ).apps[0]!;
    expect(overlay.resources.ports).toBe(0);
  });

  it("resolves relative ids through nested groups and reads pods inside them", () => {
    const r = loadWorkload(
      JSON.stringify({
        id: "/prod",
        apps: [{ id: "web", instances: 2 }],
        groups: [{ id: "db", apps: [{ id: "/prod/db/pg" }], pods: [{ id: "side", containers: [] }] }],
      }),
    );
    expect(r.format).toBe("marathon-group");
    expect(r.apps.map((a) => a.id)).toEqual(["/prod/web", "/prod/db/pg", "/prod/db/side"]);
    expect(r.apps[0]!.group).toBe("/prod");
  });

  it("sums pod containers and executor resources and reads pod placement", () => {
    const pod = loadWorkload(
      JSON.stringify({
        id: "/pod",
        scaling: { kind: "fixed", instances: 4 },
        containers: [
          {
            name: "a",
            resources: { cpus: 0.5, mem: 64, gpus: 1 },
            endpoints: [{ name: "http", hostPort: 0 }],
          },
          { name: "b", resources: { cpus: 0.2, mem: 32 } },
        ],
        scheduling: {
          placement: {
            constraints: [{ fieldName: "hostname", operator: "UNIQUE" }],
            acceptedResourceRoles: ["slave_public"],
          },
        },
      }),
    ).apps[0]!;
    expect(pod).toMatchObject({
      kind: "pod",
      instances: 4,
      resources: { cpus: 0.8, mem: 128, disk: 10, gpus: 1, ports: 1 },
      acceptedRoles: ["slave_public"],
    });
    expect(labels(pod)).toEqual(["hostname:UNIQUE"]);
  });

  it("reads a /v2/apps response and a bare list", () => {
    expect(loadWorkload('{"apps":[{"id":"/a"},{"id":"/b"}]}').apps.map((a) => a.id)).toEqual(["/a", "/b"]);
    const list = loadWorkload('[{"id":"/a"},{"id":"/p","containers":[]}]');
    expect(list.format).toBe("marathon-app-list");
    expect(list.apps.map((a) => a.kind)).toEqual(["app", "pod"]);
  });

  it("uses the requested dialect for Marathon apps", () => {
    const r = loadWorkload('{"id":"/a","constraints":[["rack","GROUP_BY","2"]]}', "a.json", {
      dialect: "marathon-1.11",
    });
    expect(r.apps[0]!.dialect).toBe("marathon-1.11");
    expect(r.apps[0]!.file).toBe("a.json");
  });

  it("puts constraint errors at their place in the file", () => {
    const text = '{\n  "id": "/a",\n  "constraints": [["rack", "MAX_PER", "two"]]\n}';
    const r = loadWorkload(text);
    expect(r.apps).toEqual([]);
    const d = r.diagnostics.find((x) => x.severity === "error")!;
    expect(d.code).toBe("max_per_not_integer");
    expect(text.slice(d.span.start, d.span.end)).toBe('"two"');
    expect(new LineIndex(text).position(d.span.start)).toEqual({ line: 3, column: 39 });
  });

  it("simulates what Marathon's API would refuse but can evaluate, with a warning", () => {
    const r = loadWorkload('{"id":"/a","constraints":[["hostname","UNIQUE",""]]}');
    expect(r.apps).toHaveLength(1);
    expect(r.diagnostics.map((d) => [d.severity, d.code])).toEqual([["warning", "unique_with_value"]]);
  });

  it("reports JSON syntax errors and wrong types with spans", () => {
    const bad = loadWorkload('{"id": "/a", "instances": 2,}');
    expect(bad.apps).toEqual([]);
    expect(bad.diagnostics[0]!.code).toBe("trailing_comma");
    const typed = loadWorkload('{"id": "/a", "instances": "two"}');
    const d = typed.diagnostics[0]!;
    expect(d).toMatchObject({ severity: "error", code: "invalid_workload" });
    expect(d.message).toBe('/a: instances must be a number, not the string "two"');
    expect(loadWorkload('{"foo": 1}').diagnostics[0]!.message).toMatch(/^not a workload/);
    expect(loadWorkload("").diagnostics[0]!.code).toBe("invalid_workload");
  });

  it("keeps the first of two apps with the same id", () => {
    const r = loadWorkload('[{"id":"/a","instances":1},{"id":"/a","instances":2}]');
    expect(r.apps.map((a) => a.instances)).toEqual([1]);
    expect(r.diagnostics[0]!.severity).toBe("warning");
  });
});

describe("loadWorkload: DC/OS Kubernetes options", () => {
  it("expands the 1.x defaults into the seed page's resource table", () => {
    const r = loadWorkload(example("workloads/kubernetes-default.json"));
    expect(r.format).toBe("kubernetes-options");
    const table = r.apps.map((a) => [
      a.id,
      a.instances,
      a.resources.cpus,
      a.resources.mem,
      a.resources.disk,
      a.acceptedRoles.join(),
    ]);
    expect(table).toEqual([
      ["/kubernetes", 1, 1, 1024, 0, "*"],
      ["kubernetes/etcd", 1, 0.5, 1024, 3584, "*"],
      ["kubernetes/kube-apiserver", 1, 0.5, 1024, 0, "*"],
      ["kubernetes/kube-controller-manager", 1, 0.5, 512, 0, "*"],
      ["kubernetes/kube-scheduler", 1, 0.5, 512, 0, "*"],
      ["kubernetes/kube-node", 1, 3.1, 3584, 10240, "*"],
      ["kubernetes/kube-node-public", 0, 3.1, 3584, 10240, "slave_public"],
    ]);
    for (const a of r.apps.slice(1)) {
      expect(a.dialect).toBe("dcos-sdk");
      expect(a.packageRules.map((c) => `${c.field}:${c.operator}`)).toEqual(["hostname:UNIQUE"]);
    }
  });

  it("runs three of each control-plane task with high_availability", () => {
    const apps = byId(loadWorkload(example("workloads/kubernetes-ha.json")).apps);
    for (const pod of ["etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler"]) {
      expect(apps[`kubernetes/${pod}`]!.instances).toBe(3);
    }
    expect(apps["kubernetes/kube-node"]!.instances).toBe(1);
  });

  it("reads node counts and per-node resources, public values falling back to private ones", () => {
    const counts = byId(loadWorkload(example("workloads/kubernetes-10-private-2-public.json")).apps);
    expect(counts["kubernetes/kube-node"]!.instances).toBe(10);
    expect(counts["kubernetes/kube-node-public"]!.instances).toBe(2);
    const res = byId(loadWorkload(example("workloads/kubernetes-node-resources.json")).apps);
    expect(res["kubernetes/kube-node"]!.resources).toMatchObject({ cpus: 2.1, mem: 2560, disk: 512 });
    expect(res["kubernetes/kube-node-public"]!.resources).toMatchObject({ cpus: 2.1, mem: 2560, disk: 512 });
    const fallback = byId(
      loadWorkload(
        '{"kubernetes":{"public_node_count":1,"reserved_resources":{"kube_cpus":4},"public_reserved_resources":{"kube_mem":512}}}',
      ).apps,
    );
    expect(fallback["kubernetes/kube-node-public"]!.resources).toMatchObject({
      cpus: 5.1,
      mem: 2048,
      disk: 10240,
    });
  });

  it("reads the placement options (JSON in a string, flat form too) in the dcos-sdk dialect", () => {
    const text = example("workloads/kubernetes-placement.json");
    const r = loadWorkload(text);
    expect(r.diagnostics).toEqual([]);
    const apps = byId(r.apps);
    expect(labels(apps["kubernetes/etcd"]!)).toEqual(["disk:IS:fast-ssd"]);
    expect(labels(apps["kubernetes/kube-scheduler"]!)).toEqual(["disk:IS:fast-ssd"]);
    expect(labels(apps["kubernetes/kube-node"]!)).toEqual(["hostname:UNIQUE"]);
    // The user's own hostname:UNIQUE makes the package rule redundant.
    expect(apps["kubernetes/kube-node"]!.packageRules).toEqual([]);
    const c = apps["kubernetes/etcd"]!.constraints[0]!;
    expect(text.slice(c.valueSpan!.start, c.valueSpan!.end)).toBe('\\"fast-ssd\\"');
  });

  it("maps errors inside a placement string back through the JSON escapes", () => {
    const text = '{"kubernetes": {"node_placement": "[[\\"rack\\",\\"GROUP_BY\\",\\"x\\"]]"}}';
    const r = loadWorkload(text);
    const d = r.diagnostics.find((x) => x.code === "group_by_not_integer")!;
    expect(d.severity).toBe("warning");
    expect(text.slice(d.span.start, d.span.end)).toBe('\\"x\\"');
  });

  it("recognises 2.x kubernetes-cluster options", () => {
    const r = loadWorkload(
      '{"kubernetes":{"private_node_count":3,"high_availability":true},"etcd":{"5_etcd_nodes":true}}',
    );
    expect(r.format).toBe("kubernetes-cluster-options");
    const apps = byId(r.apps);
    expect(apps["kubernetes-cluster/etcd"]!.instances).toBe(5);
    expect(apps["kubernetes-cluster/kube-control-plane"]).toMatchObject({
      instances: 3,
      resources: { cpus: 1.6, mem: 4128, disk: 10240 },
    });
    expect(labels(apps["kubernetes-cluster/kube-control-plane"]!)).toEqual(["hostname:UNIQUE"]);
    expect(apps["kubernetes-cluster/kube-node"]).toMatchObject({
      instances: 3,
      resources: { cpus: 3.1, mem: 3104 },
      packageRules: [],
    });
    expect(apps["kubernetes-cluster/kube-node-public"]!.resources).toMatchObject({
      cpus: 1.6,
      mem: 1568,
      disk: 2048,
    });
  });

  it("keeps the docs' trailing commas in the as-written copies, which the simulator refuses", () => {
    for (const f of [
      "docs-as-written/kubernetes-ha.json",
      "docs-as-written/kubernetes-node-resources.json",
    ]) {
      const r = loadWorkload(example(f));
      expect(r.diagnostics.map((d) => d.code)).toContain("trailing_comma");
    }
  });
});
