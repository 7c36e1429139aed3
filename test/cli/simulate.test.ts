import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it, vi } from "vitest";
import { UsageError } from "../../src/cli/io.js";
import { simulateCommand } from "../../src/cli/simulate.js";
import { fakeIO } from "../helpers/fake-io.js";
import { FIXTURES_DIR } from "../helpers/vectors.js";

const repo = fileURLToPath(new URL("../../", import.meta.url));
const cluster = "examples/cluster.yaml";

async function run(args: string[], cwd = repo) {
  const io = fakeIO({ cwd });
  const code = await simulateCommand(args, io);
  return { code, out: io.stdoutText(), err: io.stderrText() };
}

describe("simulate command", () => {
  it("prints help", async () => {
    const r = await run(["--help"]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Usage: marathon-constraints simulate --inventory FILE --workload FILE/);
  });

  it("exits 1 and explains when an app cannot fully place on the example cluster", async () => {
    const r = await run(["--inventory", cluster, "--workload", "examples/workloads/marathon-group.json"]);
    expect(r.code).toBe(1);
    expect(r.err).toBe("");
    expect(r.out).toContain("/shop/data/db  7/8 placed");
    expect(r.out).toMatch(
      /\n {2}0\/14 agents can take \/shop\/data\/db#8: \d+ have too little mem \(need 49152 MB, most free \d+ MB\)/,
    );
  });

  it.each([
    "kubernetes-default.json",
    "kubernetes-ha.json",
    "kubernetes-10-private-2-public.json",
    "kubernetes-placement.json",
    "kubernetes-node-resources.json",
  ])("places every task of examples/workloads/%s on the example cluster (exit 0)", async (file) => {
    const r = await run(["--inventory", cluster, "--workload", `examples/workloads/${file}`]);
    expect(r.out).toMatch(/^All placed: /);
    expect(r.code).toBe(0);
  });

  it("exits 2 on a workload with a syntax error, naming file:line:column", async () => {
    const r = await run([
      "--inventory",
      cluster,
      "--workload",
      "examples/docs-as-written/kubernetes-ha.json",
    ]);
    expect(r.code).toBe(2);
    expect(r.out).toBe("");
    expect(r.err).toContain("error[trailing_comma]");
    expect(r.err).toContain("--> examples/docs-as-written/kubernetes-ha.json:3:30");
  });

  it("exits 2 on an unreadable inventory", async () => {
    await expect(run(["--inventory", "nope.yaml", "--workload", "x.json"])).rejects.toThrow(
      "cannot read inventory nope.yaml: no such file or directory",
    );
  });

  it("refuses missing and bad options as usage errors", async () => {
    await expect(run(["--workload", "x.json"])).rejects.toThrow(UsageError);
    await expect(run(["--inventory", cluster])).rejects.toThrow("missing --workload");
    await expect(run(["--inventory", cluster, "--workload", "x", "--seed", "-1"])).rejects.toThrow("--seed");
    await expect(run(["--inventory", cluster, "--workload", "x", "--offer-order", "best"])).rejects.toThrow(
      "--offer-order must be one of listed, random, round-robin",
    );
  });

  it("writes JSON and HTML reports atomically to --out", async () => {
    const dir = mkdtempSync(join(tmpdir(), "simulate-cli-"));
    const json = join(dir, "sim.json");
    const html = join(dir, "sim.html");
    const base = [
      "--inventory",
      join(repo, cluster),
      "--workload",
      join(repo, "examples/workloads/kubernetes-ha.json"),
    ];
    expect((await run([...base, "--format", "json", "--out", json])).code).toBe(0);
    expect(JSON.parse(readFileSync(json, "utf8")).complete).toBe(true);
    const r = await run([
      ...base,
      "--format",
      "html",
      "--out",
      html,
      "--offer-order",
      "random",
      "--seed",
      "3",
    ]);
    expect(r.code).toBe(0);
    expect(r.out).toBe("");
    expect(r.err).toMatch(
      /^All placed: \d+\/\d+ instances of \d+ apps on 14 agents \(offer order random, seed 3, \d+ rounds?\); report written to .*sim\.html\n$/,
    );
    expect(readFileSync(html, "utf8")).toMatch(/^<!doctype html>/);
    expect(readdirSync(dir).sort()).toEqual(["sim.html", "sim.json"]);
    await expect(run([...base, "--out", join(dir, "missing", "x.txt")])).rejects.toThrow(/cannot write/);
  });

  it("reads the inventory or a workload from standard input (-), with or without a BOM", async () => {
    const inventory = readFileSync(join(repo, cluster), "utf8");
    const workload = readFileSync(join(repo, "examples/workloads/kubernetes-ha.json"), "utf8");
    const viaStdin = async (args: string[], stdin: string) => {
      const io = fakeIO({ cwd: repo, stdin });
      return { code: await simulateCommand(args, io), out: io.stdoutText(), err: io.stderrText() };
    };
    const a = await viaStdin(
      ["--inventory", "-", "--workload", "examples/workloads/kubernetes-ha.json"],
      inventory,
    );
    const b = await viaStdin(["--inventory", cluster, "--workload", "-"], `\ufeff${workload}`);
    expect(a).toMatchObject({ code: 0, err: "" });
    expect(a.out).toMatch(/^All placed: /);
    expect(b).toEqual(a);
    await expect(viaStdin(["--inventory", "-", "--workload", "-"], inventory)).rejects.toThrow(
      "cannot read workload from standard input: it was already read for another input",
    );
  });

  it("reads running placements and exits 1 when --drift finds instances to move", async () => {
    const dir = mkdtempSync(join(tmpdir(), "simulate-cli-"));
    writeFileSync(join(dir, "app.json"), '{"id":"/a","instances":2,"constraints":[["rack","LIKE","a1"]]}');
    writeFileSync(join(dir, "running.yaml"), "/a: [10.0.1.10, 10.0.2.10]\n");
    const args = ["--inventory", join(repo, cluster), "--workload", "app.json", "--running", "running.yaml"];
    const plain = await run(args, dir);
    expect(plain.code).toBe(0);
    const drift = await run([...args, "--drift"], dir);
    expect(drift.code).toBe(1);
    expect(drift.out).toContain("/a#2 on 10.0.2.10: rack:LIKE:a1 rejects b1");
  });

  it("reads a running file of 200,000 placements without spreading them as arguments", async () => {
    const dir = mkdtempSync(join(tmpdir(), "simulate-cli-"));
    writeFileSync(join(dir, "app.json"), '{"id":"/a","instances":1}');
    writeFileSync(
      join(dir, "running.yaml"),
      "- {app: /a, hostname: 10.0.1.10, count: 100000}\n- {app: /a, hostname: 10.0.2.10, count: 100000}\n",
    );
    const r = await run(
      ["--inventory", join(repo, cluster), "--workload", "app.json", "--running", "running.yaml"],
      dir,
    );
    expect(r.err).not.toContain("internal error");
    expect(r.code).toBe(0);
  });

  it("seeds running instances from a Mesos state inventory", async () => {
    const dir = mkdtempSync(join(tmpdir(), "simulate-cli-"));
    const state = join(FIXTURES_DIR, "mesos-state-dcos-1.8.json");
    const stateJson = JSON.parse(readFileSync(state, "utf8"));
    const task = stateJson.frameworks.flatMap((f: { tasks: { name: string; id: string }[] }) => f.tasks)[0];
    expect(task).toBeDefined();
    writeFileSync(
      join(dir, "w.json"),
      JSON.stringify({ apps: [{ id: "/probe", instances: 1, cpus: 0.1, mem: 16 }] }),
    );
    const r = await run(["--inventory", state, "--workload", "w.json", "--format", "json"], dir);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).agents).toHaveLength(2);
  });

  it("shows progress on a terminal's stderr once a run takes longer than 300 ms, then clears it", async () => {
    let now = 0;
    vi.spyOn(Date, "now").mockImplementation(() => {
      now += 400;
      return now;
    });
    const io = { ...fakeIO({ cwd: repo }), stderrIsTTY: true };
    const err: string[] = [];
    io.stderr = (t: string) => err.push(t);
    const code = await simulateCommand(
      ["--inventory", cluster, "--workload", "examples/workloads/kubernetes-ha.json"],
      io,
    );
    expect(code).toBe(0);
    expect(err.join("")).toBe("\rsimulating: 14/14 instances placed\r\u001b[K");
    const quiet = fakeIO({ cwd: repo });
    await simulateCommand(
      ["--inventory", cluster, "--workload", "examples/workloads/kubernetes-ha.json"],
      quiet,
    );
    expect(quiet.stderrText()).toBe("");
  });

  it("lists every agent's reasons with --verbose", async () => {
    const r = await run([
      "--inventory",
      cluster,
      "--workload",
      "examples/workloads/marathon-group.json",
      "--verbose",
    ]);
    expect(r.out).toContain("    10.0.9.10: no resources for role *");
  });

  it("finds the drift planted in examples/workloads/marathon-group-running.yaml", async () => {
    const r = await run([
      "--inventory",
      cluster,
      "--workload",
      "examples/workloads/marathon-group.json",
      "--running",
      "examples/workloads/marathon-group-running.yaml",
      "--drift",
    ]);
    expect(r.code).toBe(1);
    expect(r.out).toContain("Drift: 2 running instances would move on a replace");
    expect(r.out).toContain("/shop/cache#2 on 10.0.1.11: disk:LIKE:fast-.* rejects hdd: does not match");
  });
});

describe("simulate command, Marathon tasks of unknown apps", () => {
  it("counts Marathon tasks whose app cannot be told in a note", async () => {
    const r = await run(["--inventory", "examples/why/state.json", "--workload", "examples/why/apps.json"]);
    expect(r.out).toContain(
      "1 Marathon task in the Mesos state could not be matched to an app (neither the task id nor a DCOS_SPACE label names one)",
    );
  });

  it("counts them once when the same state is also given as --running", async () => {
    const r = await run([
      "--inventory",
      "examples/why/state.json",
      "--workload",
      "examples/why/apps.json",
      "--running",
      "examples/why/state.json",
    ]);
    expect(r.out).toContain("  - 1 Marathon task in the Mesos state could not be matched");
  });
});
