// The simulate command's switches for Marathon's offer matcher: each flag, the maintenance and /v2/info
// inputs, and their usage errors.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { simulateCommand } from "../../src/cli/simulate.js";
import { fakeIO } from "../helpers/fake-io.js";

async function run(args: string[], cwd: string) {
  const io = fakeIO({ cwd });
  const code = await simulateCommand(args, io);
  return { code, out: io.stdoutText(), err: io.stderrText() };
}

/** A directory with a three-agent inventory (one with GPUs) and a UNIQUE web app of three instances. */
function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), "simulate-marathon-"));
  const agent = (hostname: string, gpus = 0) =>
    `  - { hostname: ${hostname}, resources: { cpus: 8, mem: 32768, disk: 10000, gpus: ${gpus}, ports: "[31000-31009]" } }\n`;
  writeFileSync(join(dir, "cluster.yaml"), `agents:\n${agent("a", 2)}${agent("b")}${agent("c")}`);
  writeFileSync(
    join(dir, "web.json"),
    JSON.stringify({
      id: "/web",
      instances: 3,
      constraints: [["hostname", "UNIQUE"]],
      portDefinitions: [{ port: 0 }],
    }),
  );
  writeFileSync(
    join(dir, "schedule.json"),
    JSON.stringify({
      windows: [
        {
          machine_ids: [{ hostname: "b", ip: "10.0.0.2" }],
          unavailability: {
            start: { nanoseconds: Date.parse("2024-06-01T12:00:00Z") * 1e6 },
            duration: { nanoseconds: 3600e9 },
          },
        },
      ],
    }),
  );
  writeFileSync(
    join(dir, "info.json"),
    JSON.stringify({
      name: "marathon",
      version: "1.10.26",
      marathon_config: { max_instances_per_offer: 1, maintenance_mode: true, features: [] },
    }),
  );
  return dir;
}

const base = ["--inventory", "cluster.yaml", "--workload", "web.json"];

describe("simulate command: Marathon's offer matcher", () => {
  it("keeps the app off the GPU agent by default and explains it", async () => {
    const r = await run(base, workspace());
    expect(r.code).toBe(1);
    expect(r.out).toContain(
      "1 are GPU agents: this app uses no GPU and Marathon keeps GPU agents for GPU work (--gpu_scheduling_behavior restricted)",
    );
    expect(r.out).toContain(
      "Marathon's funnel (3 offers declined): UnfulfilledConstraint 2, DeclinedScarceResources 1",
    );
  });

  it("places it there with --gpu-scheduling-behavior unrestricted", async () => {
    const r = await run([...base, "--gpu-scheduling-behavior", "unrestricted"], workspace());
    expect(r.code).toBe(0);
    expect(r.out).toContain("Marathon: --gpu_scheduling_behavior unrestricted");
  });

  it("declines an agent in a --maintenance window at --now, unless --no-maintenance-mode", async () => {
    const dir = workspace();
    const during = [...base, "--gpu-scheduling-behavior", "unrestricted", "--maintenance", "schedule.json"];
    const r = await run([...during, "--now", "2024-06-01T12:30:00Z"], dir);
    expect(r.code).toBe(1);
    expect(r.out).toContain(
      "1 are in a maintenance window, so Marathon declines their offers (--maintenance_mode)",
    );
    expect((await run([...during, "--now", "2024-06-01T14:00:00Z"], dir)).code).toBe(0);
    expect(
      (await run([...during, "--now", "2024-06-01T11:56:00Z", "--draining-seconds", "300"], dir)).code,
    ).toBe(1);
    expect((await run([...during, "--now", "2024-06-01T12:30:00Z", "--no-maintenance-mode"], dir)).code).toBe(
      0,
    );
  });

  it("launches at most --max-instances-per-offer from one offer", async () => {
    const dir = workspace();
    writeFileSync(
      join(dir, "batch.json"),
      JSON.stringify({ id: "/batch", instances: 4, cpus: 0.1, mem: 16 }),
    );
    const args = ["--inventory", "cluster.yaml", "--workload", "batch.json", "--format", "json"];
    const rounds = async (extra: string[]) => JSON.parse((await run([...args, ...extra], dir)).out).rounds;
    expect(await rounds([])).toBe(1);
    expect(await rounds(["--max-instances-per-offer", "1"])).toBe(2);
  });

  it("reads the switches from a /v2/info response, and flags win over it", async () => {
    const dir = workspace();
    const r = await run([...base, "--marathon-info", "info.json", "--format", "json"], dir);
    const json = JSON.parse(r.out);
    expect(json.marathon).toMatchObject({
      maxInstancesPerOffer: 1,
      maintenanceMode: true,
      gpuResources: false,
    });
    expect(r.err).toContain("/v2/info does not show --gpu_scheduling_behavior or --draining_seconds");
    const flagged = await run(
      [...base, "--marathon-info", "info.json", "--max-instances-per-offer", "3", "--format", "json"],
      dir,
    );
    expect(JSON.parse(flagged.out).marathon.maxInstancesPerOffer).toBe(3);
  });

  it("refuses bad values with a usage error", async () => {
    const dir = workspace();
    await expect(run([...base, "--gpu-scheduling-behavior", "never"], dir)).rejects.toThrow(
      "--gpu-scheduling-behavior must be one of restricted, unrestricted",
    );
    await expect(run([...base, "--max-instances-per-offer", "0"], dir)).rejects.toThrow(
      "--max-instances-per-offer must be a whole number of at least 1",
    );
    await expect(run([...base, "--draining-seconds", "-5"], dir)).rejects.toThrow("--draining-seconds");
    await expect(run([...base, "--now", "tomorrow"], dir)).rejects.toThrow("--now must be an ISO 8601 time");
    await expect(run([...base, "--maintenance-mode", "--no-maintenance-mode"], dir)).rejects.toThrow(
      "not both",
    );
  });

  it("exits 2 on a malformed maintenance file, naming file:line:column", async () => {
    const dir = workspace();
    writeFileSync(join(dir, "bad.json"), '{"windows": [{"machine_ids": [], "unavailability": {}}]}');
    const r = await run([...base, "--maintenance", "bad.json"], dir);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/error\[invalid_maintenance\]: .*machine_ids/);
    expect(r.err).toContain("bad.json:1:");
  });
});
