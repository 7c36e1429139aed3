import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { fakeIO } from "../helpers/fake-io.js";
import { FIXTURES_DIR } from "../helpers/vectors.js";

const repo = fileURLToPath(new URL("../../", import.meta.url));
const cluster = "examples/cluster.yaml";

async function run(args: string[], options: { cwd?: string; stdin?: string } = {}) {
  const io = fakeIO({
    cwd: options.cwd ?? repo,
    ...(options.stdin === undefined ? {} : { stdin: options.stdin }),
  });
  const code = await main(["convert", ...args], io);
  return { code, out: io.stdoutText(), err: io.stderrText() };
}

const workloads = [
  ...readdirSync(join(repo, "examples/workloads"))
    .filter((f) => f.endsWith(".json"))
    .map((f) => join("examples/workloads", f)),
  ...readdirSync(join(FIXTURES_DIR, "marathon")).map((f) => join(FIXTURES_DIR, "marathon", f)),
];

describe("convert command", () => {
  it("prints help", async () => {
    const r = await run(["--help"]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Usage: marathon-constraints convert --to kubernetes\|nomad/);
  });

  it.each(workloads)("converts %s for both targets without a usage or input error", async (file) => {
    for (const to of ["kubernetes", "nomad"]) {
      const r = await run(["--to", to, "--inventory", cluster, file]);
      // Warnings about the file (a UNIQUE with "") may appear; errors may not.
      expect(r.err).not.toMatch(/^error/m);
      expect([0, 1]).toContain(r.code);
      expect(r.out).toMatch(new RegExp(`^# marathon-constraints convert --to ${to}: \\d+ apps?`));
    }
  });

  it("writes a small app as YAML with each constraint's fidelity as a comment, and exits 0 when all are exact", async () => {
    const app = JSON.stringify({
      id: "/web",
      constraints: [
        ["hostname", "UNIQUE"],
        ["rack", "LIKE", "r[12]"],
      ],
    });
    const r = await run(["--to", "kubernetes", "-"], { stdin: app });
    expect(r.code).toBe(0);
    expect(r.out).toMatchInlineSnapshot(`
      "# marathon-constraints convert --to kubernetes: 1 app, 2 constraints: 2 exact
      # Each document is the placement part of a pod template: merge metadata.labels and spec into yours.
      ---
      # /web (marathon)
      #   exact  hostname:UNIQUE: required pod anti-affinity on kubernetes.io/hostname: one pod per value
      #   exact  rack:LIKE:r[12]: node affinity rack In: the pattern matches exactly "r1", "r2"
      app: /web
      metadata:
        labels:
          app.kubernetes.io/instance: web
      spec:
        affinity:
          nodeAffinity:
            requiredDuringSchedulingIgnoredDuringExecution:
              nodeSelectorTerms:
                - matchExpressions:
                    - key: rack
                      operator: In
                      values:
                        - r1
                        - r2
          podAntiAffinity:
            requiredDuringSchedulingIgnoredDuringExecution:
              - labelSelector:
                  matchLabels:
                    app.kubernetes.io/instance: web
                topologyKey: kubernetes.io/hostname
      "
    `);
  });

  it("writes Nomad HCL with the client meta blocks for the inventory, and exits 1 for an approximate rule", async () => {
    const app = JSON.stringify({ id: "/db", constraints: [["rack", "GROUP_BY", "2"]] });
    const inventory = join(mkdtempSync(join(tmpdir(), "convert-")), "agents.txt");
    writeFileSync(inventory, "10.0.0.1 rack:a;level:1.50\n10.0.0.2 rack:b\n");
    const r = await run(["--to", "nomad", "--inventory", inventory, "--label-prefix", "mesos_", "-"], {
      stdin: app,
    });
    expect(r.code).toBe(1);
    expect(r.out).toContain(
      `group "/db" {\n  constraint {\n    attribute = "\${meta.mesos_rack}"\n    operator  = "is_set"\n  }`,
    );
    expect(r.out).toContain(
      '# 10.0.0.1\nclient {\n  meta {\n    mesos_rack = "a"\n    mesos_level = "1.5"\n  }\n}',
    );
  });

  it("writes the documented JSON layout, with kubectl commands for each agent", async () => {
    const r = await run([
      "--to",
      "kubernetes",
      "--format",
      "json",
      "--inventory",
      cluster,
      "examples/workloads/marathon-group.json",
    ]);
    const json = JSON.parse(r.out);
    expect(Object.keys(json)).toEqual(["format", "target", "apps", "nodeLabels"]);
    expect(json.format).toBe("marathon-constraints/convert@1");
    expect(Object.keys(json.apps[0])).toEqual(["id", "kubernetes", "constraints"]);
    expect(json.apps[0].constraints[0]).toEqual({
      constraint: ["hostname", "UNIQUE"],
      fidelity: "exact",
      reason: expect.stringContaining("pod anti-affinity"),
    });
    expect(json.nodeLabels).toHaveLength(14);
    expect(json.nodeLabels[0].command).toMatch(/^kubectl label node 10\.0\.1\.10 --overwrite rack=a1 /);
  });

  it("writes --out atomically and prints the summary on stderr", async () => {
    const dir = mkdtempSync(join(tmpdir(), "convert-"));
    const r = await run([
      "--to",
      "nomad",
      "--format",
      "json",
      "--out",
      join(dir, "out.json"),
      "examples/workloads/marathon-group.json",
    ]);
    expect(r.out).toBe("");
    expect(r.err).toMatch(/^wrote .*out\.json: 5 apps, 7 constraints: /);
    expect(JSON.parse(readFileSync(join(dir, "out.json"), "utf8")).target).toBe("nomad");
    expect(readdirSync(dir)).toEqual(["out.json"]);
  });

  it("reports a malformed workload with a code frame and exits 2", async () => {
    const r = await run(["--to", "kubernetes", "-"], {
      stdin: '{"id": "/a", "constraints": [["rack", "LIKE", "*"]]}',
    });
    expect(r.code).toBe(2);
    expect(r.out).toBe("");
    expect(r.err).toContain("<stdin>:1:");
    expect(r.err).toContain("Dangling meta character");
  });

  it.each([
    [[], /missing --to/],
    [["--to", "helm", "a.json"], /--to must be one of kubernetes, nomad/],
    [["--to", "kubernetes", "--format", "hcl", "a.json"], /--format hcl is for nomad/],
    [["--to", "nomad"], /missing FILES/],
    [
      ["--to", "nomad", "--label-prefix", "a.b", "examples/workloads/marathon-group.json"],
      /cannot start a Nomad meta key/,
    ],
    [
      ["--to", "nomad", "no-such-file.json"],
      /cannot read workload no-such-file\.json: no such file or directory/,
    ],
  ])("rejects %j with a usage error (exit 2)", async (args, message) => {
    const r = await run(args);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
  });
});
