// http(s):// URLs wherever a command reads a file: simulate's inventory, workload and running
// placements, lint's inventory, eval's requests, through the same client and options as `why`.
import { spawn } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import { closeHttpInputs } from "../../src/cli/http-options.js";
import type { CliIO } from "../../src/cli/io.js";
import { lintCommand } from "../../src/cli/lint.js";
import { simulateCommand } from "../../src/cli/simulate.js";
import { startServer, TEST_CA_PATH, type TestServer } from "../cluster/server.js";
import { BIN, REPO } from "../helpers/cli-process.js";
import { fakeIO } from "../helpers/fake-io.js";
import { exampleText } from "../why/examples.js";

const TOKEN = "url-input-token-9f2c";
const servers: TestServer[] = [];
const ios: CliIO[] = [];
afterEach(async () => {
  await Promise.all(ios.splice(0).map((io) => closeHttpInputs(io)));
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function cluster(options: { https?: boolean } = {}) {
  const s = await startServer({
    ...options,
    token: TOKEN,
    routes: {
      "/master/state": { json: JSON.parse(exampleText("state")), gzip: true },
      "/v2/apps": { json: JSON.parse(exampleText("apps")) },
      "/v2/pods/::status": { json: JSON.parse(exampleText("pods")) },
      "/v2/queue": { json: JSON.parse(exampleText("queue")) },
      "/v2/info": { json: JSON.parse(exampleText("info")) },
      "/master/maintenance/schedule": { json: {} },
      "/master/maintenance/status": { json: {} },
    },
  });
  servers.push(s);
  return s;
}

async function run(command: typeof simulateCommand, args: string[], env: Record<string, string> = {}) {
  const io = fakeIO({ cwd: REPO, env });
  ios.push(io);
  try {
    const code = await command(args, io);
    return { code, out: io.stdoutText(), err: io.stderrText() };
  } catch (e) {
    return { code: 2, out: io.stdoutText(), err: `${io.stderrText()}${(e as Error).message}` };
  }
}

describe("URL inputs", () => {
  it("simulate reads the inventory, workload and running placements from URLs, with the token", async () => {
    const s = await cluster();
    const r = await run(
      simulateCommand,
      [
        "--inventory",
        `${s.url}/master/state`,
        "--workload",
        `${s.url}/v2/apps?embed=apps.tasks`,
        "--workload",
        `${s.url}/v2/pods/::status`,
        "--running",
        `${s.url}/v2/pods/::status`,
      ],
      { DCOS_ACS_TOKEN: TOKEN },
    );
    expect(r.err).toBe("");
    expect(r.code).toBe(1);
    expect(r.out).toContain("/shop/db  4/5 placed, 4 already running");
    expect(s.requests.every((q) => q.authorization === `token=${TOKEN}`)).toBe(true);
  });

  it("lint takes --inventory from an HTTPS URL with --ca-cert and --token-file", async () => {
    const s = await cluster({ https: true });
    const { mkdtempSync, writeFileSync } = await import("node:fs");
    const { join } = await import("node:path");
    const { tmpdir } = await import("node:os");
    const dir = mkdtempSync(join(tmpdir(), "url-"));
    writeFileSync(join(dir, "token"), TOKEN);
    const r = await run(lintCommand, [
      "--inventory",
      `${s.url}/master/state`,
      "--ca-cert",
      TEST_CA_PATH,
      "--token-file",
      join(dir, "token"),
      "--text",
      '[["rack","LIKE","r[45]"]]',
    ]);
    expect(r.err).toBe("");
    expect(r.out).toContain("rack");
    expect(s.requests.map((q) => q.path)).toEqual(["/master/state"]);
  });

  it("lint reads the apps to lint from a URL: Marathon's live /v2/apps", async () => {
    const s = await cluster();
    const r = await run(lintCommand, [`${s.url}/v2/apps?embed=apps.tasks`], { DCOS_ACS_TOKEN: TOKEN });
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(s.requests.map((q) => q.path)).toEqual(["/v2/apps?embed=apps.tasks"]);
  });

  it("says what to do when a URL input fails, and names no credential", async () => {
    const s = await cluster();
    const r = await run(simulateCommand, [
      "--inventory",
      `${s.url.replace("//", "//ops:s3cret@")}/master/state`,
      "--workload",
      "examples/why/apps.json",
    ]);
    expect(r.code).toBe(2);
    expect(r.err).toContain("the user name and password were refused");
    expect(r.err).not.toContain("s3cret");
  });
});

/** Runs the bundled CLI as a real process (asynchronously: the test servers answer meanwhile). */
function runProcess(args: string[], env: Record<string, string>) {
  return new Promise<{ status: number | null; stdout: string; stderr: string; ms: number }>((done) => {
    const started = Date.now();
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: REPO,
      env: { ...process.env, ...env, NO_COLOR: "1" },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (c: string) => (stdout += c));
    child.stderr.setEncoding("utf8").on("data", (c: string) => (stderr += c));
    const timer = setTimeout(() => child.kill("SIGKILL"), 20_000);
    child.on("close", (status) => {
      clearTimeout(timer);
      done({ status, stdout, stderr, ms: Date.now() - started });
    });
  });
}

describe("URL inputs through the bundled CLI", () => {
  it("why and simulate read a cluster over HTTP and the process ends as soon as they answer", async () => {
    const s = await cluster();
    const env = { DCOS_ACS_TOKEN: TOKEN };
    const why = await runProcess(["why", "--marathon", s.url, "--mesos", s.url, "/shop/db"], env);
    expect(why.stderr).toBe("");
    expect(why.status).toBe(1);
    expect(why.stdout).toContain("/shop/db  1 of 5 instances waiting");
    const sim = await runProcess(
      ["simulate", "--inventory", `${s.url}/master/state`, "--workload", `${s.url}/v2/apps?embed=apps.tasks`],
      env,
    );
    expect(sim.status).toBe(1);
    expect(sim.stdout).toMatch(/^Not all placed/);
    // Idle keep-alive connections would hold the process open for seconds after the answer.
    expect(sim.ms).toBeLessThan(4000);
  });
});
