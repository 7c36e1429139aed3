import { describe, expect, it } from "vitest";
import { findConstraintSources } from "../../src/sources/index.js";
import type { ConstraintSource } from "../../src/sources/source.js";

/** The file text a span of the source's own text maps to. */
const fileSlice = (file: string, s: ConstraintSource, start: number, end: number) => {
  const span = s.mapSpan({ start, end });
  return file.slice(span.start, span.end);
};

describe("findConstraintSources", () => {
  it("reads a .txt file as constraint text without its final line break", () => {
    const r = findConstraintSources("hostname:UNIQUE\n", "c.txt");
    expect(r.kind).toBe("constraint-text");
    expect(r.sources[0]?.text).toBe("hostname:UNIQUE");
  });

  it("detects constraint JSON without a file name", () => {
    const r = findConstraintSources('[["hostname","UNIQUE"]]');
    expect(r.kind).toBe("constraint-text");
    expect(r.sources[0]?.text).toBe('[["hostname","UNIQUE"]]');
  });

  it("slices an app's constraints array verbatim, with the app's id and instances", () => {
    const text = '{ "id": "/web", "instances": 4,\n  "constraints": [["rack", "GROUP_BY", "2"]] }';
    const r = findConstraintSources(text, "app.json");
    const s = r.sources[0]!;
    expect(r.kind).toBe("marathon-app");
    expect([s.path, s.name, s.instances, s.dialect]).toEqual(["/constraints", "/web", 4, "marathon"]);
    expect(s.text).toBe('[["rack", "GROUP_BY", "2"]]');
    expect(fileSlice(text, s, 2, 8)).toBe('"rack"');
  });

  it("reads `/v2/apps/{id}` ({app: ...}), app lists and bare arrays of apps", () => {
    expect(findConstraintSources('{"app":{"id":"/a","constraints":[]}}', "a.json").sources[0]?.path).toBe(
      "/app/constraints",
    );
    const list = findConstraintSources('{"apps":[{"id":"/a","constraints":[]},{"id":"/b"}]}', "l.json");
    expect(list.kind).toBe("marathon-app-list");
    expect(list.sources.map((s) => s.path)).toEqual(["/apps/0/constraints"]);
    const arr = findConstraintSources('[{"id":"/a","cmd":"x","constraints":[["a","UNIQUE"]]}]', "l.json");
    expect(arr.sources.map((s) => s.path)).toEqual(["/0/constraints"]);
  });

  it("walks nested groups and pods, pod constraints in the pod form", () => {
    const text = JSON.stringify({
      id: "/",
      groups: [
        {
          id: "/g",
          pods: [
            {
              id: "/g/p",
              scaling: { kind: "fixed", instances: 3 },
              scheduling: { placement: { constraints: [{ fieldName: "hostname", operator: "UNIQUE" }] } },
            },
          ],
        },
      ],
    });
    const r = findConstraintSources(text, "g.json");
    expect(r.kind).toBe("marathon-group");
    const s = r.sources[0]!;
    expect([s.path, s.name, s.instances, s.form]).toEqual([
      "/groups/0/pods/0/scheduling/placement/constraints",
      "/g/p",
      3,
      "pod",
    ]);
  });

  it("maps options.json placement strings through JSON escapes", () => {
    const text = '{"kubernetes": {"node_placement": "[[\\"ho\\u0073tname\\", \\"UNIQUE\\"]]"}}';
    const r = findConstraintSources(text, "options.json");
    const s = r.sources[0]!;
    expect(r.kind).toBe("dcos-options");
    expect(s.text).toBe('[["hostname", "UNIQUE"]]');
    expect([s.dialect, s.path]).toEqual(["dcos-sdk", "/kubernetes/node_placement"]);
    // The field's quotes and its \u0073 escape are covered whole.
    expect(fileSlice(text, s, 2, 12)).toBe('\\"ho\\u0073tname\\"');
    expect(s.encode('"x"')).toBe('\\"x\\"');
  });

  it("takes instance counts for DC/OS Kubernetes placements from the node counts and HA", () => {
    const text = JSON.stringify({
      kubernetes: {
        high_availability: true,
        private_node_count: 5,
        control_plane_placement: '[["hostname","UNIQUE"]]',
        private_node_placement: '[["hostname","UNIQUE"]]',
      },
      etcd: { placement: "" },
    });
    const r = findConstraintSources(text, "options.json");
    expect(r.sources.map((s) => [s.path, s.instances])).toEqual([
      ["/kubernetes/control_plane_placement", 3],
      ["/kubernetes/private_node_placement", 5],
      ["/etcd/placement", 3],
    ]);
  });

  it("reads service.constraints as the Marathon constraints of the package scheduler", () => {
    const text = '{"service": {"name": "k", "constraints": [["hostname", "UNIQUE"]]}}';
    const s = findConstraintSources(text, "options.json").sources[0]!;
    expect([s.path, s.dialect, s.text]).toEqual([
      "/service/constraints",
      "marathon",
      '[["hostname", "UNIQUE"]]',
    ]);
  });

  it("reports app constraints in the SDK's flat form or as colon strings, with a fix", () => {
    const flat = findConstraintSources('{"id": "/a", "constraints": ["hostname", "UNIQUE"]}', "a.json");
    expect(flat.diagnostics.map((d) => [d.code, d.fix?.edits[0]?.text])).toEqual([
      ["not_a_constraint_list", '[["hostname", "UNIQUE"]]'],
    ]);
    const colon = findConstraintSources(
      '{"id": "/a", "constraints": ["hostname:UNIQUE", "rack:GROUP_BY:3"]}',
      "a.json",
    );
    expect(colon.diagnostics.map((d) => d.fix?.edits[0]?.text)).toEqual([
      '[["hostname","UNIQUE"], ["rack","GROUP_BY","3"]]',
    ]);
    const pod = findConstraintSources(
      '{"kubernetes": {"node_placement": "[\\"hostname\\", \\"UNIQUE\\"]"}}',
      "o.json",
    );
    expect(pod.diagnostics).toEqual([]);
  });

  it("skips mustache placeholders", () => {
    const r = findConstraintSources('{"service": {"placement": "{{{PLACEMENT}}}"}}', "options.json");
    expect(r.sources).toEqual([]);
  });

  it("reads a file with a byte-order mark like one without", () => {
    const r = findConstraintSources('\ufeff{"id": "/a", "constraints": [["hostname", "UNIQUE"]]}', "a.json");
    expect(r.diagnostics).toEqual([]);
    expect(r.sources[0]?.map(0)).toBe(29);
    const yaml = findConstraintSources(
      "\ufeffname: x\npods:\n  p:\n    placement: 'hostname:UNIQUE'\n",
      "s.yml",
    );
    expect([yaml.diagnostics, yaml.sources[0]?.text]).toEqual([[], "hostname:UNIQUE"]);
  });

  it("reports a JSON host's own syntax errors", () => {
    const r = findConstraintSources('{"kubernetes": {"node_count": 2,}}', "options.json");
    expect(r.diagnostics.map((d) => d.code)).toEqual(["trailing_comma"]);
  });

  it("ignores JSON files that hold no constraints", () => {
    const r = findConstraintSources('{"name": "pkg", "version": "1.0.0"}', "package.json");
    expect(r).toEqual({ kind: "unknown", sources: [], diagnostics: [] });
  });

  it("reads SDK service YAML placements with their pod name and count", () => {
    const text = "name: hello\npods:\n  hello:\n    count: 3\n    placement: 'hostname:UNIQUE'\n";
    const r = findConstraintSources(text, "svc.yml");
    const s = r.sources[0]!;
    expect(r.kind).toBe("sdk-service-yaml");
    expect([s.path, s.name, s.instances, s.dialect, s.text]).toEqual([
      "/pods/hello/placement",
      "hello",
      3,
      "dcos-sdk",
      "hostname:UNIQUE",
    ]);
    expect(fileSlice(text, s, 9, 15)).toBe("UNIQUE");
  });

  it("reports YAML syntax errors with a position", () => {
    const r = findConstraintSources("pods:\n  a: [\n", "svc.yaml");
    expect(r.diagnostics[0]?.code).toBe("yaml_syntax");
  });
});
