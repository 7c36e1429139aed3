// Scenario runners for real cluster scale: explanations when many apps are stuck (time against the
// same cluster with every app placing, peak memory), the HTML report of such a run (size, opening it
// in headless Chromium against a blank page), and loading 50 MB Mesos states and workloads (against
// JSON.parse of the same text, peak memory against the file's size).
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { consume, stats } from "../harness.mjs";
import { ROOT } from "../lib.mjs";
import { apps, cluster, largeGroupText, mesosStateText, stuckApps } from "../workload.mjs";
import { workloadApps } from "./scale-data.mjs";

const CHILD = fileURLToPath(new URL("./scale-child.mjs", import.meta.url));
const CHROMIUM = "/usr/bin/chromium";
const mb = (b) => `${(b / 1e6).toFixed(1)} MB`;
const one = (x) => ({ median: x, p25: x, p75: x, n: 1 });

/** Runs one job in a fresh process (see scale-child.mjs) and returns what it printed. */
function child(job) {
  const r = spawnSync(process.execPath, ["--max-old-space-size=8192", CHILD, JSON.stringify(job)], {
    encoding: "utf8",
    maxBuffer: 1 << 20,
  });
  if (r.status !== 0) throw new Error(`scale child (${job.kind}) failed: ${r.stderr || r.stdout}`);
  return JSON.parse(r.stdout.trim().split("\n").pop());
}

/** Times each variant once per round, variants interleaved; returns stats in ns per variant. */
function interleaved(variants, rounds) {
  const names = Object.keys(variants);
  const samples = Object.fromEntries(names.map((n) => [n, []]));
  for (const n of names) consume(variants[n]());
  for (let r = 0; r < rounds; r++) {
    for (let j = 0; j < names.length; j++) {
      const n = names[(r + j) % names.length];
      const t0 = process.hrtime.bigint();
      consume(variants[n]());
      samples[n].push(Number(process.hrtime.bigint() - t0));
    }
  }
  return Object.fromEntries(names.map((n) => [n, stats(samples[n])]));
}

function sizes(c, smoke) {
  return smoke ? { ...c, ...c.smoke } : c;
}

/** The two workloads of the explanation scenario: every app placing, and the same plus stuck apps. */
function workloads(lib, s, extra = s.extra) {
  const agents = cluster({ count: s.agents });
  const placing = workloadApps(lib, apps({ apps: s.apps, instancesEach: s.instancesEach }));
  const stuck = workloadApps(lib, stuckApps({ count: s.stuck, perRack: s.perRack, extra }));
  return { agents, placing, all: [...placing, ...stuck], stuck };
}

/**
 * "explain": simulate() plus the JSON report with 400 stuck apps, against the same without them.
 * @param {any} c the case data
 * @param {{ lib: Record<string, any>, smoke: boolean, log: (s: string) => void }} ctx
 */
export async function runExplain(c, ctx) {
  const { lib, smoke } = ctx;
  const s = sizes(c, smoke);
  const w = workloads(lib, s);
  const run = (list) => {
    const result = lib.simulate({ agents: w.agents, apps: list });
    return { result, json: lib.renderJson(result) };
  };
  const placing = run(w.placing);
  const stuck = run(w.all);
  if (!placing.result.complete) throw new Error("explain: the placing apps alone must all place");
  if (stuck.result.unplaced.length !== s.stuck) {
    throw new Error(`explain: expected ${s.stuck} stuck apps, got ${stuck.result.unplaced.length}`);
  }
  // An explanation's size must not depend on how many instances are stuck.
  const few = lib.simulate({ agents: w.agents, apps: w.stuck }).unplaced;
  const many = lib.simulate({ agents: w.agents, apps: workloads(lib, s, s.extra * 10).stuck }).unplaced;
  const bytes = (list) => JSON.stringify(list.map((u) => ({ ...u, count: 0 }))).length;
  if (bytes(few) !== bytes(many)) {
    throw new Error(
      `explain: explanations grew with the stuck instances (${bytes(few)} -> ${bytes(many)} bytes)`,
    );
  }
  ctx.log(
    `  explain: ${stuck.result.placements.length} placed, ${stuck.result.unplaced.length} stuck apps; explanations ${bytes(few)} bytes with ${s.extra} and with ${s.extra * 10} stuck instances per app`,
  );
  if (smoke) return [];

  const times = interleaved(
    { placing: () => run(w.placing).json.length, stuck: () => run(w.all).json.length },
    c.rounds,
  );
  const memPlacing = child({ ...s, kind: "simulate", stuck: 0 });
  const memStuck = child({ ...s, kind: "simulate" });
  ctx.log(`  explain: peak memory ${mb(memStuck.peak)} with stuck apps, ${mb(memPlacing.peak)} without`);
  const invariants = invariantsAtScale(s.agents, ctx);
  const label = `${s.apps} apps that place (${(s.apps * s.instancesEach).toLocaleString("en-US")} instances) plus ${s.stuck} stuck apps (hostname:UNIQUE in one rack, ${s.extra} instances more than the rack has agents) on ${s.agents.toLocaleString("en-US")} agents`;
  return [
    {
      group: "explain",
      scenario: `Explanations: simulate() and the JSON report, ${label}`,
      unit: "ns",
      ours: times.stuck,
      baselines: [{ name: "the same without the stuck apps", measure: times.placing }],
      ratios: [{ label: "with stuck apps / without", value: times.stuck.median / times.placing.median }],
      target: `≤ ${c.targets.timesAllPlaceAtMost}x the time without them`,
      met: times.stuck.median / times.placing.median <= c.targets.timesAllPlaceAtMost,
      notes: [
        `each unplaced app keeps counts per reason and its ${3} closest agents; its explanation is ${Math.round(bytes(few) / few.length)} bytes whether ${s.extra} or ${s.extra * 10} of its instances are stuck`,
        invariants,
      ],
    },
    {
      group: "explain",
      scenario:
        "Peak memory of that run (a fresh process: cluster, workload, simulate() and the JSON report)",
      unit: "bytes",
      ours: one(memStuck.peak),
      baselines: [{ name: "without the stuck apps", measure: one(memPlacing.peak) }],
      ratios: [{ label: "with stuck apps / without", value: memStuck.peak / memPlacing.peak }],
      target: `< ${c.targets.peakBytesAtMost / 1e9} GB`,
      met: memStuck.peak < c.targets.peakBytesAtMost,
      notes: [`process resident set at its peak; JSON report ${mb(memStuck.report)}`],
    },
  ];
}

/** Runs the suite's large-cluster test (invariants, explanations, report) at `agents` agents. */
function invariantsAtScale(agents, ctx) {
  const t0 = Date.now();
  const r = spawnSync(
    process.execPath,
    [path.join(ROOT, "node_modules/vitest/vitest.mjs"), "run", "test/simulate/scale.test.ts"],
    {
      cwd: ROOT,
      encoding: "utf8",
      env: { ...process.env, SCALE_AGENTS: String(agents) },
      maxBuffer: 1 << 24,
    },
  );
  if (r.status !== 0)
    throw new Error(`the invariant checker failed at ${agents} agents:\n${r.stdout}${r.stderr}`);
  const seconds = ((Date.now() - t0) / 1000).toFixed(0);
  ctx.log(`  explain: test/simulate/scale.test.ts passed with ${agents} agents (${seconds} s)`);
  return `the invariant checker (test/simulate/invariants.ts) passed on the same shape at ${agents.toLocaleString("en-US")} agents (test/simulate/scale.test.ts with SCALE_AGENTS=${agents}, ${seconds} s)`;
}

/**
 * "report": the HTML report of the stuck-apps run: its size, and opening it in headless Chromium.
 * @param {any} c the case data
 * @param {{ lib: Record<string, any>, smoke: boolean, log: (s: string) => void }} ctx
 */
export async function runReport(c, ctx) {
  const { lib, smoke } = ctx;
  const s = sizes(c, smoke);
  const w = workloads(lib, s);
  const result = lib.simulate({ agents: w.agents, apps: w.all });
  const html = lib.renderHtml(result, { title: "bench" });
  const bytes = Buffer.byteLength(html);
  const instances = result.placements.length;
  ctx.log(
    `  report: ${mb(bytes)} for ${s.agents} agents, ${instances} instances, ${result.unplaced.length} stuck apps`,
  );
  if (smoke) return [];
  const rows = [
    {
      group: "report",
      scenario: `HTML report size: ${s.agents.toLocaleString("en-US")} agents, ${instances.toLocaleString("en-US")} instances, ${result.unplaced.length} stuck apps`,
      unit: "bytes",
      ours: one(bytes),
      baselines: [{ name: "JSON report of the same run", measure: one(lib.renderJson(result).length) }],
      ratios: [],
      target: `≤ ${c.targets.htmlBytesAtMost / 1e6} MB`,
      met: bytes <= c.targets.htmlBytesAtMost,
      notes: [
        "one self-contained file: rack tiles, the app table and the unplaced table as HTML, agents as embedded JSON",
      ],
    },
  ];
  if (!existsSync(CHROMIUM)) {
    ctx.log(`  report: ${CHROMIUM} is missing, so the page-open row is skipped (apt-get install chromium)`);
    return rows;
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), "bench-report-"));
  const file = path.join(dir, "report.html");
  const blank = path.join(dir, "blank.html");
  writeFileSync(file, html);
  writeFileSync(blank, "<!doctype html><html><head><title>blank</title></head><body></body></html>");
  const { chromium } = await import("playwright-core");
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const open = async (target) => {
      const t0 = process.hrtime.bigint();
      await page.goto(pathToFileURL(target).href, { waitUntil: "load" });
      // Until the first frame is painted, not just parsed.
      await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => resolve(0))));
      return Number(process.hrtime.bigint() - t0);
    };
    const samples = { report: [], blank: [] };
    await open(file);
    await open(blank);
    for (let r = 0; r < c.rounds; r++) {
      samples.blank.push(await open(blank));
      samples.report.push(await open(file));
    }
    const report = stats(samples.report);
    const empty = stats(samples.blank);
    rows.push({
      group: "report",
      scenario: "Open that report in headless Chromium (navigation to first painted frame)",
      unit: "ns",
      ours: report,
      baselines: [{ name: "a blank page", measure: empty }],
      ratios: [{ label: "report / blank page", value: report.median / empty.median }],
      target: `< ${c.targets.htmlOpenNsAtMost / 1e9} s`,
      met: report.median < c.targets.htmlOpenNsAtMost,
      notes: [
        `Chromium ${browser.version()} through playwright-core, one page reused, ${c.rounds} rounds interleaved`,
      ],
    });
  } finally {
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}

/**
 * "loading": a 10,000-agent Mesos state and a Marathon group of the same size, against JSON.parse.
 * @param {any} c the case data
 * @param {{ lib: Record<string, any>, smoke: boolean, log: (s: string) => void }} ctx
 */
export async function runLoading(c, ctx) {
  const { lib, smoke } = ctx;
  const s = sizes(c, smoke);
  const state = mesosStateText({ agents: s.agents });
  const group = largeGroupText(s.apps);
  const loaded = lib.loadInventory(state, "state.json");
  const work = lib.loadWorkload(group, "group.json");
  if (loaded.agents.length !== s.agents || loaded.diagnostics.some((d) => d.severity === "error")) {
    throw new Error(`loading: the state gave ${loaded.agents.length} agents`);
  }
  if (work.apps.length !== s.apps || work.diagnostics.some((d) => d.severity === "error")) {
    throw new Error(`loading: the group gave ${work.apps.length} apps`);
  }
  ctx.log(
    `  loading: state ${mb(state.length)} (${s.agents} agents), group ${mb(group.length)} (${s.apps} apps)`,
  );
  if (smoke) return [];
  const rows = [];
  const jobs = [
    {
      kind: "state",
      text: state,
      label: `a ${s.agents.toLocaleString("en-US")}-agent Mesos state`,
      load: () => lib.loadInventory(state, "state.json").agents.length,
      parse: () => JSON.parse(state).slaves.length,
      count: s.agents,
    },
    {
      kind: "group",
      text: group,
      label: `a ${s.apps.toLocaleString("en-US")}-app Marathon group`,
      load: () => lib.loadWorkload(group, "group.json").apps.length,
      parse: () => JSON.parse(group).apps.length,
      count: s.apps,
    },
  ];
  const dir = mkdtempSync(path.join(os.tmpdir(), "bench-loading-"));
  try {
    for (const job of jobs) rows.push(...(await loadingRows(c, job, dir)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}

/** The time and memory rows of loading one file. */
async function loadingRows(c, { kind, text, label, load, parse, count }, dir) {
  const rows = [];
  {
    const file = path.join(dir, `${kind}.json`);
    writeFileSync(file, text);
    const times = interleaved({ ours: load, "JSON.parse": parse }, c.rounds);
    const mem = child({ kind, file });
    if (mem.items !== count) throw new Error(`loading: child read ${mem.items} of ${count}`);
    const grew = mem.peak - mem.before;
    const ratio = times.ours.median / times["JSON.parse"].median;
    rows.push({
      group: "loading",
      scenario: `Load ${label} (${mb(text.length)})`,
      unit: "ns",
      ours: times.ours,
      baselines: [{ name: "JSON.parse", measure: times["JSON.parse"] }],
      ratios: [{ label: "ours / JSON.parse", value: ratio }],
      target: kind === "state" ? `≤ ${c.targets.timesJsonParseAtMost}x JSON.parse` : "(for comparison)",
      met: kind === "state" ? ratio <= c.targets.timesJsonParseAtMost : null,
      notes: [
        kind === "state"
          ? "JSON.parse, then agents, fault domains, attributes, resources by role and running tasks"
          : "the lean reader: one small object per value, spans and source maps computed when a diagnostic needs them",
      ],
    });
    rows.push({
      group: "loading",
      scenario: `Peak memory loading ${label}, over the file's size (a fresh process)`,
      unit: "bytes",
      ours: one(grew),
      baselines: [{ name: "the file", measure: one(mem.fileBytes) }],
      ratios: [{ label: "peak growth / file", value: grew / mem.fileBytes }],
      target: `≤ ${c.targets.peakOverFileAtMost}x the file`,
      met: grew / mem.fileBytes <= c.targets.peakOverFileAtMost,
      notes: [
        "a fresh process reads the file as the CLI does; growth of its resident set from just before loading to its peak",
      ],
    });
  }
  return rows;
}
