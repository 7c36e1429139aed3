import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { whyCommand } from "../../src/cli/why.js";
import { SIMULATION_JSON_FORMAT } from "../../src/simulate/report-json.js";
import { startServer, TEST_CA_PATH, type TestServer } from "../cluster/server.js";
import { fakeIO } from "../helpers/fake-io.js";
import { type ExampleName, exampleText } from "../why/examples.js";

const repo = fileURLToPath(new URL("../../", import.meta.url));
const NOW = ["--now", "2026-11-26T05:30:00Z"];
const SAVED = [
  "--queue",
  "examples/why/queue.json",
  "--apps",
  "examples/why/apps.json",
  "--pods",
  "examples/why/pods.json",
  "--state",
  "examples/why/state.json",
  "--info",
  "examples/why/info.json",
  "--maintenance",
  "examples/why/maintenance-schedule.json",
  "--maintenance",
  "examples/why/maintenance-status.json",
];
const TOKEN = "eyJhbGciOiJSUzI1NiJ9.c2VjcmV0.token-value";

async function run(args: string[], env: Record<string, string> = {}) {
  const io = fakeIO({ cwd: repo, env });
  const code = await whyCommand(args, io);
  return { code, out: io.stdoutText(), err: io.stderrText() };
}

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** Marathon (token required) and two Mesos masters: a follower that points at the leader. */
async function cluster(options: { https?: boolean; token?: string } = {}) {
  const json = (name: ExampleName) => JSON.parse(exampleText(name));
  const marathon = await startServer({
    ...options,
    routes: {
      "/v2/queue": (req, res) => {
        res.writeHead(200, { "content-type": "application/json", date: "Thu, 26 Nov 2026 05:30:00 GMT" });
        res.end(req.url === "/v2/queue?embed=lastUnusedOffers" ? exampleText("queue") : '{"queue":[]}');
      },
      "/v2/apps": { json: json("apps"), gzip: true },
      "/v2/pods/::status": { json: json("pods") },
      "/v2/info": { json: json("info") },
    },
  });
  const leader = await startServer({
    ...options,
    routes: {
      "/master/state": { json: json("state"), gzip: true },
      "/master/maintenance/schedule": { json: {} },
      "/master/maintenance/status": { json: {} },
    },
  });
  const follower = await startServer({
    ...options,
    routes: {
      "/master/redirect": (_req, res) => {
        res.writeHead(307, { location: `//127.0.0.1:${new URL(leader.url).port}` });
        res.end();
      },
    },
  });
  servers.push(marathon, leader, follower);
  return { marathon, leader, follower };
}

describe("why command, saved responses", () => {
  it("prints help", async () => {
    const r = await run(["--help"]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Usage: marathon-constraints why \[APP_ID\.\.\.\]/);
  });

  it("explains one waiting app and exits 1", async () => {
    const r = await run([...SAVED, ...NOW, "/shop/db"]);
    expect(r.err).toBe("");
    expect(r.code).toBe(1);
    expect(r.out).toMatchInlineSnapshot(`
      "1 deployment waiting, 1 of them stuck (at 2026-11-26T05:30:00.000Z; 7 agents)

      /shop/db  1 of 5 instances waiting, for 3h 24m (since 2026-11-26T02:05:00.511Z)
        verdict: can never be placed with these agents: hostname:UNIQUE and rack:LIKE:r[12] allow at most 4 of its 5 instances (4 agents qualify)
        Marathon: 2870 offers processed in this launch attempt, 2870 unused
        declined at            Marathon (last offer per agent)  our next round
        UnfulfilledRole        1/7                              1/7
        UnfulfilledConstraint  6/6                              6/6
        our next round places 0 of 1: 0/7 agents can take /shop/db#5: 4 rejected by hostname:UNIQUE (value already used), 2 rejected by rack:LIKE:r[12] (value does not match), 1 rejected by rack:LIKE:r[12] (agent lacks the field), 1 are in a remote region (no @region or @zone constraint allows that), 1 have too little mem (need 4096 MB, most free 2048 MB), 1 have no resources for role *
        what would change it:
          - hostname:UNIQUE → hostname:MAX_PER:2: places all
          - 1 more agent with rack r1 or r2: places all
          - instances 5 → 4: nothing left waiting

      Notes:
        - 1 Marathon task in the Mesos state could not be matched to an app (neither the task id nor a DCOS_SPACE label names one): it holds resources but counts towards no app's constraints
      "
    `);
  });

  it("exits 0 when nothing waits", async () => {
    const dir = mkdtempSync(join(tmpdir(), "why-"));
    writeFileSync(join(dir, "queue.json"), '{"queue":[]}');
    const r = await run([
      "--queue",
      join(dir, "queue.json"),
      "--apps",
      "examples/why/apps.json",
      "--state",
      "examples/why/state.json",
    ]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Nothing waits in Marathon's queue/);
  });

  it("writes JSON in the why@1 layout with the simulation inside", async () => {
    const r = await run([...SAVED, ...NOW, "--format", "json"]);
    const j = JSON.parse(r.out);
    expect(j.format).toBe("marathon-constraints/why@1");
    expect(j.waiting).toHaveLength(6);
    expect(j.waiting[0].verdict.kind).toBe("never_placeable");
    expect(j.simulation.format).toBe(SIMULATION_JSON_FORMAT);
    expect(j.waiting[1].unplaced.agents).toEqual([]);
    expect(j.waiting[1].unplaced.agentsOmitted).toBe(7);
    const verbose = JSON.parse((await run([...SAVED, ...NOW, "--format", "json", "--verbose"])).out);
    expect(verbose.waiting[1].unplaced.agents).toHaveLength(7);
  });

  it("writes the HTML report to --out, with the waiting section before the cluster map", async () => {
    const dir = mkdtempSync(join(tmpdir(), "why-"));
    const out = join(dir, "why.html");
    const r = await run([...SAVED, ...NOW, "--format", "html", "--out", out]);
    expect(r.code).toBe(1);
    expect(r.out).toBe("");
    const html = readFileSync(out, "utf8");
    expect(html).toContain('<section id="waiting">');
    expect(html.indexOf('id="waiting"')).toBeLessThan(html.indexOf('id="cluster"'));
    expect(html).toContain("can never be placed with these agents");
  });

  it("exits 2 on a malformed saved response, with a code frame naming the file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "why-"));
    writeFileSync(join(dir, "queue.json"), '{"queue": [{"app": {"id": "/a"}, "count": "3"}]}');
    const r = await run([
      "--queue",
      join(dir, "queue.json"),
      "--apps",
      "examples/why/apps.json",
      "--state",
      "examples/why/state.json",
    ]);
    expect(r.code).toBe(2);
    expect(r.err).toContain("error[invalid_queue]: queue[0]: count must be a number");
    expect(r.err).toContain("queue.json:1:");
  });

  it("frames only the first line of a problem with a whole response", async () => {
    const r = await run([
      "--queue",
      "examples/why/apps.json",
      "--apps",
      "examples/why/apps.json",
      "--state",
      "examples/why/state.json",
    ]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('error[invalid_queue]: not a Marathon queue: expected {"queue": [...]}');
    expect(r.err.split("\n").length).toBeLessThan(10);
  });

  it.each([
    [["--queue", "q.json"], "the saved form needs --queue FILE, --apps FILE and --state FILE"],
    [["--marathon", "http://m"], "give --marathon URL and --mesos URL, or --dcos URL"],
    [["--dcos", "http://d", "--queue", "q"], "not both"],
    [["--dcos", "http://d", "--timeout", "soon"], "--timeout must be a number of seconds"],
  ])("refuses %j", async (args, message) => {
    await expect(run(args)).rejects.toThrow(message);
  });
});

describe("why command, live over HTTP", () => {
  it("gives the same answer as the saved responses, with the token on every request", async () => {
    const { marathon, leader, follower } = await cluster({ token: TOKEN });
    const live = await run(["--marathon", marathon.url, "--mesos", follower.url], { DCOS_ACS_TOKEN: TOKEN });
    const saved = await run([...SAVED, ...NOW]);
    expect(live.err).toBe("");
    expect(live.code).toBe(1);
    expect(live.out).toBe(saved.out);
    expect(marathon.requests.map((q) => q.path).sort()).toEqual([
      "/v2/apps?embed=apps.tasks",
      "/v2/info",
      "/v2/pods/::status",
      "/v2/queue?embed=lastUnusedOffers",
    ]);
    expect(follower.requests.map((q) => q.path)).toEqual(["/master/redirect"]);
    expect(leader.requests.map((q) => q.path).sort()).toEqual([
      "/master/maintenance/schedule",
      "/master/maintenance/status",
      "/master/state",
    ]);
    for (const q of [...marathon.requests, ...leader.requests, ...follower.requests])
      expect(q.authorization).toBe(`token=${TOKEN}`);
  });

  it("saves the responses it read with --save, and the saved form reads them back to the same report", async () => {
    const { marathon, follower } = await cluster();
    const dir = join(mkdtempSync(join(tmpdir(), "why-save-")), "snapshot");
    const live = await run(["--marathon", marathon.url, "--mesos", follower.url, "--save", dir, ...NOW]);
    const files = [
      ...["queue", "apps", "pods", "state", "info"].flatMap((f) => [`--${f}`, join(dir, `${f}.json`)]),
      ...["schedule", "status"].flatMap((f) => ["--maintenance", join(dir, `maintenance-${f}.json`)]),
    ];
    const saved = await run([...files, ...NOW]);
    expect(live.code).toBe(1);
    expect(saved.out).toBe(live.out);
    expect(readFileSync(join(dir, "queue.json"), "utf8")).toBe(exampleText("queue"));
  });

  it("reads a DC/OS cluster over HTTPS with --dcos and --ca-cert, the token from --token-file", async () => {
    const json = (name: ExampleName) => JSON.parse(exampleText(name));
    const dcos = await startServer({
      https: true,
      token: TOKEN,
      routes: {
        "/service/marathon/v2/queue": { json: json("queue") },
        "/service/marathon/v2/apps": { json: json("apps"), gzip: true },
        "/service/marathon/v2/pods/::status": { json: json("pods") },
        "/mesos/master/state": { json: json("state"), gzip: true },
        "/service/marathon/v2/info": { json: json("info") },
      },
    });
    servers.push(dcos);
    const dir = mkdtempSync(join(tmpdir(), "why-"));
    writeFileSync(join(dir, "token"), `${TOKEN}\n`);
    const r = await run([
      "--dcos",
      `${dcos.url}/`,
      "--ca-cert",
      TEST_CA_PATH,
      "--token-file",
      join(dir, "token"),
      ...NOW,
      "--verbose",
      "/shop/api",
    ]);
    expect(r.code).toBe(1);
    expect(r.out).toContain("/shop/api  2 of 8 instances waiting");
    expect(dcos.requests.map((q) => q.path).sort()).toEqual([
      "/mesos/master/maintenance/schedule",
      "/mesos/master/maintenance/status",
      "/mesos/master/state",
      "/service/marathon/v2/apps?embed=apps.tasks",
      "/service/marathon/v2/info",
      "/service/marathon/v2/pods/::status",
      "/service/marathon/v2/queue?embed=lastUnusedOffers",
    ]);
    // The maintenance endpoints answer 404 here: a note says so, and the run goes on.
    expect(r.out).toContain(
      "the Mesos maintenance schedule could not be read (HTTP 404): no maintenance windows were applied",
    );
    expect(r.err).toContain(`GET ${dcos.url}/mesos/master/state`);
    expect(r.out + r.err).not.toContain(TOKEN);
  });

  it("names --ca-cert when the cluster's certificate is not trusted, and exits 2", async () => {
    const { marathon, follower } = await cluster({ https: true });
    const r = await run(["--marathon", marathon.url, "--mesos", follower.url]);
    expect(r.code).toBe(2);
    expect(r.out).toBe("");
    expect(r.err).toMatch(/^marathon-constraints why: .*is not trusted.*--ca-cert FILE/);
  });

  it("warns about --insecure and reads anyway", async () => {
    const { marathon, follower } = await cluster({ https: true });
    const r = await run(["--marathon", marathon.url, "--mesos", follower.url, "--insecure", ...NOW]);
    expect(r.err).toContain("warning: --insecure");
    expect(r.code).toBe(1);
  });

  it("says the token was refused on 401, exits 2, and never prints the token", async () => {
    const { marathon, follower } = await cluster({ token: "the-right-token" });
    const r = await run(["--marathon", marathon.url, "--mesos", follower.url], { DCOS_ACS_TOKEN: TOKEN });
    expect(r.code).toBe(2);
    expect(r.err).toContain("the token was refused: log in again (e.g. `dcos auth login`");
    expect(r.err).not.toContain(TOKEN);
  });

  it("hides user:password from the URL in every message", async () => {
    const r = await run([
      "--marathon",
      "http://admin:hunter2@127.0.0.1:9/",
      "--mesos",
      "http://127.0.0.1:9/",
    ]);
    expect(r.code).toBe(2);
    expect(r.err).not.toMatch(/hunter2|admin:/);
    expect(r.err).toContain("refused the connection");
  });

  it("sends user:password from the URLs as Basic auth and shows them nowhere, not even in --verbose logs", async () => {
    const { marathon, follower, leader } = await cluster();
    const secret = (url: string) => url.replace("//", "//admin:hunter2@");
    for (const format of ["text", "json", "html"]) {
      const r = await run([
        "--marathon",
        secret(marathon.url),
        "--mesos",
        secret(follower.url),
        "--verbose",
        "--format",
        format,
        ...NOW,
      ]);
      expect(r.code).toBe(1);
      expect(r.err).toContain(`GET ${marathon.url}/v2/queue?embed=lastUnusedOffers`);
      expect(r.out + r.err).not.toMatch(/hunter2|admin:|YWRtaW46aHVudGVyMg/);
    }
    const basic = `Basic ${Buffer.from("admin:hunter2").toString("base64")}`;
    expect(marathon.requests.every((q) => q.authorization === basic)).toBe(true);
    expect(leader.requests.every((q) => q.authorization === basic)).toBe(true);
  });

  it("sends MARATHON_USERNAME and MARATHON_PASSWORD to Marathon only", async () => {
    const { marathon, follower, leader } = await cluster();
    const r = await run(["--marathon", marathon.url, "--mesos", follower.url, ...NOW], {
      MARATHON_USERNAME: "ops",
      MARATHON_PASSWORD: "s3cr3t-pw",
    });
    expect(r.code).toBe(1);
    expect(marathon.requests[0]?.authorization).toBe(
      `Basic ${Buffer.from("ops:s3cr3t-pw").toString("base64")}`,
    );
    expect(leader.requests[0]?.authorization).toBeUndefined();
    expect(r.out + r.err).not.toContain("s3cr3t-pw");
  });

  it("asks whether a 404 URL is Marathon's", async () => {
    const { follower } = await cluster();
    const r = await run(["--marathon", follower.url, "--mesos", follower.url]);
    expect(r.code).toBe(2);
    expect(r.err).toContain("/v2/queue was not found: is this a Marathon URL?");
  });

  it("stops waiting after --timeout", async () => {
    const { follower } = await cluster();
    const stall = await startServer({
      routes: { "/v2/queue": () => undefined, "/v2/apps": () => undefined },
    });
    servers.push(stall);
    const r = await run(["--marathon", stall.url, "--mesos", follower.url, "--timeout", "0.3"]);
    expect(r.code).toBe(2);
    expect(r.err).toContain("within 0.3 s");
  });

  it("reports a login page instead of JSON", async () => {
    const { follower } = await cluster();
    const html = await startServer({
      routes: { "/v2/queue": { text: "<!doctype html><title>Login</title>", type: "text/html" } },
    });
    servers.push(html);
    const r = await run(["--marathon", html.url, "--mesos", follower.url]);
    expect(r.code).toBe(2);
    expect(r.err).toContain("answered with something other than JSON");
  });
});
