// What convert emits is valid on the target: every Kubernetes pod template validates against the
// Kubernetes OpenAPI schemas (kubernetes-models), every label is a valid key and value, and the Nomad HCL
// parses as HCL2 (hashicorp/hcl through @cdktf/hcl2json) to exactly the job API JSON form.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse as parseHcl } from "@cdktf/hcl2json";
import { fc } from "@fast-check/vitest";
import { Pod } from "kubernetes-models/v1/Pod";
import { describe, expect, it } from "vitest";
import type { Agent } from "../../src/agents/agent.js";
import { loadInventory } from "../../src/agents/inventory.js";
import type { Dialect } from "../../src/ast.js";
import { convert } from "../../src/convert/convert.js";
import { renderConvertHcl, renderConvertJson, renderConvertYaml } from "../../src/convert/report.js";
import type { ConvertApp, ConvertResult, NomadConstraint, NomadPlacement } from "../../src/convert/types.js";
import { loadWorkload } from "../../src/simulate/workload.js";
import { constraintArb } from "../eval/arbitraries.js";
import { FIXTURES_DIR } from "../helpers/vectors.js";

const ROOT = new URL("../../", import.meta.url).pathname;
const workloadFiles = [
  ...readdirSync(join(ROOT, "examples/workloads"))
    .filter((f) => f.endsWith(".json"))
    .map((f) => join(ROOT, "examples/workloads", f)),
  ...readdirSync(join(FIXTURES_DIR, "marathon")).map((f) => join(FIXTURES_DIR, "marathon", f)),
];
const cluster = loadInventory(
  readFileSync(join(ROOT, "examples/cluster.yaml"), "utf8"),
  "cluster.yaml",
).agents;
const sixAgents = loadInventory(
  readFileSync(join(FIXTURES_DIR, "mesos-state-summary-6-agents.json"), "utf8"),
).agents;

function appsOf(file: string): ConvertApp[] {
  const loaded = loadWorkload(readFileSync(file, "utf8"), file);
  expect(loaded.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return [...loaded.apps];
}

// Kubernetes' own rules for label keys and values (k8s.io/apimachinery validation), written out again
// here rather than imported from the code under test.
const NAME = /^(?=.{1,63}$)[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const VALUE = /^(?=.{0,63}$)([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/;
const PREFIX = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
function validKey(k: string): boolean {
  const i = k.indexOf("/");
  return i < 0 ? NAME.test(k) : PREFIX.test(k.slice(0, i)) && NAME.test(k.slice(i + 1));
}

function expectValidKubernetes(result: ConvertResult): void {
  expect(result.diagnostics).toEqual([]);
  for (const app of result.apps) {
    const k = app.kubernetes!;
    const pod = new Pod({
      metadata: { name: "p", labels: { ...k.metadata.labels } },
      spec: { ...structuredClone(k.spec), containers: [{ name: "c", image: "busybox" }] } as never,
    });
    expect(() => pod.validate(), app.id).not.toThrow();
    const labels = [
      ...Object.entries(k.metadata.labels),
      ...Object.entries(k.spec.nodeSelector ?? {}),
      ...(
        k.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms ?? []
      ).flatMap((t) => t.matchExpressions.flatMap((e) => (e.values ?? []).map((v) => [e.key, v] as const))),
    ];
    for (const [key, value] of labels) {
      expect(validKey(key), key).toBe(true);
      expect(VALUE.test(value), value).toBe(true);
    }
    for (const t of [
      ...(k.spec.affinity?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []),
      ...(k.spec.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []),
      ...(k.spec.topologySpreadConstraints ?? []),
    ]) {
      expect(validKey(t.topologyKey), t.topologyKey).toBe(true);
    }
  }
  for (const n of result.nodeLabels) {
    for (const [key, value] of Object.entries(n.labels)) {
      expect(validKey(key), key).toBe(true);
      expect(VALUE.test(value), value).toBe(true);
      expect(n.command).toContain(`${key}=${value}`);
    }
  }
}

/** HCL text back to the job API form: hcl2json keeps template text, so undo HCL's `$${` / `%%{` escapes. */
function hclText(s: unknown): string {
  return typeof s === "string" ? s.replace(/\$\$\{/g, "${").replace(/%%\{/g, "%{") : "";
}

async function expectHclMatchesJson(result: ConvertResult): Promise<void> {
  const hcl = renderConvertHcl(result);
  const parsed = (await parseHcl("placement.hcl", hcl)) as {
    group?: Record<string, { constraint?: Record<string, unknown>[]; spread?: Record<string, unknown>[] }[]>;
    client?: { meta: Record<string, string>[] }[];
  };
  for (const app of result.apps) {
    const block = parsed.group?.[app.id]?.[0] ?? {};
    const back: NomadPlacement = {
      Constraints: (block.constraint ?? []).map(
        (c): NomadConstraint => ({
          LTarget: hclText(c.attribute),
          RTarget: hclText(c.value),
          Operand: hclText(c.operator),
        }),
      ),
      Spreads: (block.spread ?? []).map((s) => ({
        Attribute: hclText(s.attribute),
        Weight: Number(s.weight),
        SpreadTarget: null,
      })),
    };
    expect(back, app.id).toEqual(app.nomad);
  }
  const clients = parsed.client ?? [];
  expect(clients.map((c) => c.meta[0] ?? {})).toEqual(result.nodeLabels.map((n) => n.labels));
}

describe("convert outputs", () => {
  it("finds the workloads this suite expects", () => {
    expect(workloadFiles.length).toBeGreaterThanOrEqual(15);
  });

  it.each(workloadFiles.map((f) => [f.slice(ROOT.length), f]))(
    "converts %s to valid Kubernetes objects and parseable Nomad HCL, with and without agents",
    async (_name, file) => {
      const apps = appsOf(file);
      for (const agents of [undefined, cluster, sixAgents] as const) {
        const opts = agents === undefined ? {} : { agents };
        const k = convert(apps, { to: "kubernetes", ...opts });
        expectValidKubernetes(k);
        expect(JSON.parse(renderConvertJson(k)).apps).toHaveLength(apps.length);
        expect(renderConvertYaml(k)).toContain(apps[0]!.id);
        await expectHclMatchesJson(convert(apps, { to: "nomad", ...opts }));
      }
    },
  );

  it("emits valid objects for random constraints in every dialect, with prefixes and a host name label", async () => {
    const cases = fc.sample(
      fc
        .constantFrom<Dialect>("marathon", "marathon-1.11", "dcos-sdk")
        .chain((dialect) =>
          fc.tuple(fc.constant(dialect), fc.array(constraintArb(dialect), { minLength: 1, maxLength: 4 })),
        ),
      { seed: 14, numRuns: 80 },
    );
    const agents: Agent[] = [
      {
        hostname: "10.0.0.1",
        zone: "z1",
        region: "r1",
        attributes: [
          { name: "rack", text: "a/1" },
          { name: "Rack", scalar: 1.5 },
        ],
      },
      {
        hostname: "host two",
        attributes: [
          { name: "level", ranges: [[1, 2]] },
          { name: "zone", set: ["b", "a"] },
        ],
      },
    ];
    for (const [i, [dialect, constraints]] of cases.entries()) {
      const apps = [{ id: `/app/${i}`, dialect, constraints }];
      for (const opts of [
        {},
        { labelPrefix: "mesos.example.com/", hostnameLabel: "example.com/mesos-host", agents },
      ]) {
        expectValidKubernetes(convert(apps, { to: "kubernetes", ...opts }));
      }
      for (const opts of [{}, { labelPrefix: "mesos_", hostnameLabel: "mesos_host", agents }]) {
        await expectHclMatchesJson(convert(apps, { to: "nomad", ...opts }));
      }
    }
  });

  it("returns a diagnostic, not an exception, for unusable options", () => {
    const apps: ConvertApp[] = [{ id: "/a", dialect: "marathon", constraints: [] }];
    for (const [to, opts] of [
      ["kubernetes", { labelPrefix: "Bad Prefix/" }],
      ["kubernetes", { hostnameLabel: "-x" }],
      ["kubernetes", { appLabel: "a/b/c" }],
      ["nomad", { labelPrefix: "1." }],
      ["nomad", { hostnameLabel: "a.b" }],
      ["helm", {}],
    ] as const) {
      const r = convert(apps, { to: to as "nomad", ...opts });
      expect(r.apps).toEqual([]);
      expect(r.diagnostics.map((d) => d.code)).toEqual(["invalid_convert_option"]);
    }
  });
});

describe("convert totality", () => {
  const operator = fc.constantFrom(
    "UNIQUE",
    "CLUSTER",
    "GROUP_BY",
    "LIKE",
    "UNLIKE",
    "MAX_PER",
    "IS",
    "IS_NOT" as const,
  );
  const text = fc.oneof(
    fc.string({ maxLength: 12 }),
    fc.constantFrom("", `\${x}`, "(", "*", "-1", "0", "2147483648", "a{2000}"),
  );
  const app = fc.record({
    id: fc.string({ maxLength: 20 }),
    dialect: fc.constantFrom<Dialect>("marathon", "marathon-1.11", "dcos-sdk"),
    constraints: fc.array(
      fc
        .record({ field: text, operator, value: fc.option(text, { nil: undefined }) })
        .map(({ value, ...c }) => (value === undefined ? c : { ...c, value })),
      { maxLength: 4 },
    ),
  });

  it("never throws, whatever the constraints, and its outputs render", () => {
    const agents: Agent[] = [{ hostname: "h", attributes: [{ name: "rack", text: "a" }] }];
    fc.assert(
      fc.property(
        fc.array(app, { maxLength: 3 }),
        fc.constantFrom("kubernetes", "nomad" as const),
        fc.boolean(),
        (apps, to, withAgents) => {
          const r = convert(apps, { to, ...(withAgents ? { agents } : {}) });
          expect(r.apps).toHaveLength(apps.length);
          renderConvertJson(r);
          if (to === "kubernetes") renderConvertYaml(r);
          else renderConvertHcl(r);
        },
      ),
      { numRuns: 300, seed: 7 },
    );
  });
});
