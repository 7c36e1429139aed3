import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { lint } from "../../src/lint/lint.js";
import { FIXTURES_DIR } from "../helpers/vectors.js";

/** `ruleId@line:column-endLine:endColumn`, the shape the expectations below are written in. */
const brief = (r: ReturnType<typeof lint>) =>
  r.diagnostics.map((d) => `${d.ruleId}@${d.line}:${d.column}-${d.endLine}:${d.endColumn}`);

describe("the DC/OS Kubernetes advanced-installation page's options.json examples", () => {
  // The page's JSON blocks, byte for byte, in page order (test/fixtures/dcos-kubernetes-docs/README.md).
  const dir = join(FIXTURES_DIR, "dcos-kubernetes-docs");
  const blocks = readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => readFileSync(join(dir, f), "utf8"));

  // Blocks in page order: HA, node resources, node count, public nodes, placement, service account,
  // service CIDR, IAM policy, tags, cloud provider.
  const expected: readonly { kind: string; sources: number; findings: string[] }[] = [
    { kind: "dcos-options", sources: 0, findings: ["syntax/trailing_comma@3:30-3:31"] },
    { kind: "dcos-options", sources: 0, findings: ["syntax/trailing_comma@14:6-14:7"] },
    { kind: "dcos-options", sources: 0, findings: [] },
    { kind: "dcos-options", sources: 0, findings: [] },
    { kind: "dcos-options", sources: 3, findings: [] },
    { kind: "dcos-options", sources: 0, findings: [] },
    { kind: "dcos-options", sources: 0, findings: [] },
    { kind: "unknown", sources: 0, findings: [] },
    { kind: "unknown", sources: 0, findings: [] },
    { kind: "dcos-options", sources: 0, findings: [] },
  ];

  it("has the ten JSON blocks the expectations describe", () => {
    expect(blocks.length).toBe(expected.length);
  });

  it.each(expected.map((e, i) => ({ ...e, i })))("block $i: $findings", ({ i, kind, sources, findings }) => {
    const r = lint({ text: blocks[i]!, fileName: "options.json" });
    expect(r.kind).toBe(kind);
    expect(r.sources.length).toBe(sources);
    expect(brief(r)).toEqual(findings);
  });

  it("reads the placement strings through their JSON escapes as dcos-sdk constraints", () => {
    const r = lint({ text: blocks[4]!, fileName: "options.json" });
    expect(r.sources.map((s) => [s.path, s.dialect, s.text])).toEqual([
      ["/kubernetes/control_plane_placement", "dcos-sdk", '[["disk","IS","fast-ssd"]]'],
      ["/kubernetes/node_placement", "dcos-sdk", '["hostname","UNIQUE"]'],
      ["/kubernetes/public_node_placement", "dcos-sdk", '["hostname","UNIQUE"]'],
    ]);
  });

  it("fixes the trailing commas byte for byte elsewhere", () => {
    const text = blocks[1]!;
    const r = lint({ text, fileName: "options.json" });
    const fix = r.diagnostics[0]!.fix!;
    expect(fix.edits).toEqual([
      { span: { start: text.lastIndexOf("},") + 1, end: text.lastIndexOf("},") + 2 }, text: "" },
    ]);
  });
});

describe("the Marathon fixtures", () => {
  const dir = `${FIXTURES_DIR}marathon/`;
  const expected: Record<string, { kind: string; paths: string[]; findings: string[] }> = {
    "dcos-ui-marathon-1-pod-group-groups.json": {
      kind: "marathon-group",
      paths: ["/pods/0/spec/scheduling/placement/constraints"],
      findings: [],
    },
    "dcos-ui-marathon-1-task-groups.json": {
      kind: "marathon-group",
      paths: [
        "/apps/1/constraints",
        "/groups/0/apps/0/constraints",
        "/groups/1/pods/0/spec/scheduling/placement/constraints",
        "/groups/5/pods/0/spec/scheduling/placement/constraints",
      ],
      findings: [],
    },
    "marathon-benchmark-real-155_100.json": {
      kind: "marathon-group",
      paths: Array.from({ length: 100 }, (_, i) => `/apps/${i}/constraints`),
      findings: [],
    },
    "marathon-docs-examples-app.json": { kind: "marathon-app", paths: ["/constraints"], findings: [] },
    "marathon-docs-examples-app_list.json": {
      kind: "marathon-app-list",
      paths: ["/apps/0/constraints"],
      // ["hostname","UNIQUE",""]: Marathon answers "UNIQUE does not accept a value".
      findings: ["validation/unique_with_value@20:11-20:13"],
    },
    "marathon-docs-examples-group.json": {
      kind: "marathon-group",
      paths: [
        "/groups/0/apps/0/constraints",
        "/groups/0/apps/1/constraints",
        "/groups/0/groups/1/apps/0/constraints",
      ],
      findings: [],
    },
    "marathon-examples-PythonSimpleHTTPServer.json": {
      kind: "marathon-app",
      paths: ["/constraints"],
      findings: [],
    },
    "marathon-tests-system-fixtures-mom-ee-strict-1.7.json": {
      kind: "marathon-app",
      paths: ["/constraints"],
      findings: [],
    },
    "marathon-tests-system-fixtures-universe.json": {
      kind: "marathon-app",
      paths: ["/constraints"],
      findings: [],
    },
  };

  it("covers every file in the fixtures folder", () => {
    expect(readdirSync(dir).sort()).toEqual(Object.keys(expected).sort());
  });

  it.each(Object.entries(expected))("%s", (file, e) => {
    const text = readFileSync(dir + file, "utf8");
    const r = lint({ text, fileName: file });
    expect(r.kind).toBe(e.kind);
    expect(r.sources.map((s) => s.path)).toEqual(e.paths);
    expect(brief(r)).toEqual(e.findings);
  });

  it("names the app and points the UNIQUE value finding at its source characters", () => {
    const file = "marathon-docs-examples-app_list.json";
    const text = readFileSync(dir + file, "utf8");
    const [d] = lint({ text, fileName: file }).diagnostics;
    expect(d?.owner).toBe("/myapp");
    expect(text.slice(d!.span.start, d!.span.end)).toBe('""');
    expect(d?.upstream).toBe("UNIQUE does not accept a value");
  });

  it("reads the pods' instance counts from scaling", () => {
    const file = "dcos-ui-marathon-1-task-groups.json";
    const r = lint({ text: readFileSync(dir + file, "utf8"), fileName: file });
    const pods = r.sources.filter((s) => s.form === "pod");
    expect(pods.map((s) => [s.name, s.instances])).toEqual([
      ["/some/group-with-pods/podEFGH", 10],
      ["/2_apps/podEFGH", 10],
    ]);
  });
});
