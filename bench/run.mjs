// Benchmark entry: `node bench/run.mjs [--smoke] [--json FILE] [--filter NAME]`. Runs the cases in
// cases.mjs on the built library (dist/), prints the table; --smoke checks answers only, times nothing.
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import { CASES } from "./cases.mjs";
import { formatNs, formatRatio, sink } from "./harness.mjs";
import { loadLibrary } from "./lib.mjs";
import { runCheck } from "./scenarios/check.mjs";
import { runCliEval, runCliStartup } from "./scenarios/cli.mjs";
import { runLint } from "./scenarios/lint.mjs";
import { runMemory, runMemoryApps } from "./scenarios/memory.mjs";
import { runParse } from "./scenarios/parse.mjs";
import { runRegex } from "./scenarios/regex.mjs";
import { runExplain, runLoading, runReport } from "./scenarios/scale.mjs";
import { runSimulation } from "./scenarios/simulation.mjs";
import { runSize } from "./scenarios/size.mjs";
import { runSweep } from "./scenarios/sweep.mjs";
import { runWhy } from "./scenarios/why.mjs";

const RUNNERS = {
  check: runCheck,
  sweep: runSweep,
  simulation: runSimulation,
  parse: runParse,
  lint: runLint,
  memory: runMemory,
  "memory-apps": runMemoryApps,
  regex: runRegex,
  explain: runExplain,
  report: runReport,
  loading: runLoading,
  "cli-startup": runCliStartup,
  "cli-eval": runCliEval,
  why: runWhy,
  size: runSize,
};

function usage(message) {
  process.stderr.write(
    `${message}\nusage: node bench/run.mjs [--smoke] [--json FILE] [--filter NAME] [--readme]\n`,
  );
  process.exit(2);
}

function parseArgs(argv) {
  const options = { smoke: false, json: undefined, filter: undefined, readme: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--smoke") options.smoke = true;
    else if (a === "--readme") options.readme = true;
    else if (a === "--json" || a === "--filter") {
      const v = argv[++i];
      if (v === undefined) usage(`${a} needs a value`);
      options[a.slice(2)] = v;
    } else if (a.startsWith("--json=")) options.json = a.slice(7);
    else if (a.startsWith("--filter=")) options.filter = a.slice(9);
    else usage(`unknown argument ${a}`);
  }
  if (options.readme && (options.filter !== undefined || options.smoke)) {
    usage("--readme rewrites the READMEs from a full run: it cannot be combined with --filter or --smoke");
  }
  return options;
}

function formatValue(unit, m) {
  if (m === undefined) return "";
  if (unit === "bytes") return `${(m.median / 1e6).toFixed(1)} MB`;
  if (unit === "per-second") return `${Math.round(m.median).toLocaleString("en-US")}/s`;
  return formatNs(m.median);
}

function formatSpread(unit, m) {
  if (m === undefined || m.n === 1 || m.p25 === undefined) return "";
  if (unit === "bytes") return "";
  if (unit === "per-second") {
    return ` (${Math.round(m.p25).toLocaleString("en-US")}–${Math.round(m.p75).toLocaleString("en-US")})`;
  }
  return ` (${formatNs(m.p25)}–${formatNs(m.p75)})`;
}

function cell(unit, m) {
  if (m !== undefined && !Number.isFinite(m.median)) return "—";
  return `${formatValue(unit, m)}${formatSpread(unit, m)}`;
}

/** The markdown table of all rows (the one bench/README.md shows). */
function table(rows) {
  const lines = [
    "| scenario | ours: median (p25–p75) | Marathon's algorithm | limit / reference | ratios | target | met? |",
    "| --- | --- | --- | --- | --- | --- | --- |",
  ];
  for (const r of rows) {
    const base = (name) => r.baselines.filter((b) => b.name === name);
    const marathon = base("Marathon")
      .map((b) => `${cell(r.unit, b.measure)}${b.note ? ` ${b.note}` : ""}`)
      .join("<br>");
    const others = r.baselines
      .filter((b) => b.name !== "Marathon")
      .map(
        (b) =>
          `${b.name === "limit" ? "" : `${b.name}: `}${cell(r.unit, b.measure)}${b.note ? ` ${b.note}` : ""}`,
      )
      .join("<br>");
    const ratios = r.ratios.map((x) => `${x.label}: **${formatRatio(x.value)}**`).join("<br>");
    const met = r.met === null ? "" : r.met ? "yes" : "**no**";
    const ours = `${cell(r.unit, r.ours)}${r.oursNote ? ` ${r.oursNote}` : ""}`;
    const cells = [r.scenario, ours, marathon, others, ratios, r.target, met].map((x) =>
      x.replaceAll("|", "\\|"),
    );
    lines.push(`| ${cells.join(" | ")} |`);
  }
  return lines.join("\n");
}

/** The table, its notes and the conditions of the run, as markdown. */
function results(rows, info, started) {
  const notes = rows.flatMap((r) => r.notes.map((n) => `- ${r.scenario}: ${n}`));
  const when = new Date(started).toISOString().replace(/\.\d+Z$/, "Z");
  return [
    table(rows),
    "",
    ...notes,
    "",
    `Measured ${when} on ${info.cpu} (${info.cores} cores, ${info.memoryGB} GB), ${info.platform}, Node ${info.node} (V8 ${info.v8}); load average at the start ${info.load.map((x) => x.toFixed(2)).join(", ")}.`,
  ].join("\n");
}

/** Replaces the generated block `name` of a README (between its two markers) with `body`. */
function replaceBlock(file, name, body) {
  const start = `<!-- bench:${name}:start -->`;
  const end = `<!-- bench:${name}:end -->`;
  const text = readFileSync(file, "utf8");
  const a = text.indexOf(start);
  const b = text.indexOf(end);
  if (a < 0 || b < a) throw new Error(`${file} has no ${start} … ${end} block`);
  writeFileSync(file, `${text.slice(0, a + start.length)}\n${body}\n${text.slice(b)}`);
}

/** The README's summary: every row with a target, one line each, from the same rows as the table. */
function summary(rows, info, started) {
  const when = new Date(started).toISOString().slice(0, 10);
  const lines = rows
    .filter((r) => r.met !== null)
    .map((r) => {
      const ratios = r.ratios.map((x) => `${x.label} ${formatRatio(x.value)}`).join(", ");
      const verdict = r.met ? "met" : "**missed**";
      return `- ${r.scenario}: ${cell(r.unit, r.ours)}${ratios === "" ? "" : ` (${ratios})`}; target ${r.target}: ${verdict}.`;
    });
  return [
    ...lines,
    "",
    `Generated by \`npm run bench -- --readme\` on ${when} (${info.cpu}, ${info.cores} cores, Node ${info.node}, load average ${info.load.map((x) => x.toFixed(2)).join(", ")} at the start), the same run as the table in bench/README.md.`,
  ].join("\n");
}

function machine() {
  const cpus = os.cpus();
  let model = cpus[0]?.model ?? "unknown";
  const lscpu = spawnSync("lscpu", [], { encoding: "utf8" });
  if (lscpu.status === 0) {
    const line = lscpu.stdout.split("\n").find((l) => l.startsWith("Model name:"));
    if (line) model = line.slice("Model name:".length).trim();
  }
  return {
    cpu: model,
    cores: cpus.length,
    memoryGB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    v8: process.versions.v8,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    load: os.loadavg(),
  };
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const lib = await loadLibrary();
  const started = Date.now();
  const log = (s) => process.stdout.write(`${s}\n`);
  const selected = CASES.filter((c) => options.filter === undefined || c.name.includes(options.filter));
  if (selected.length === 0) usage(`no case matches --filter ${options.filter}`);
  const info = machine();
  log(
    `${options.smoke ? "smoke run" : "benchmark"}: ${selected.length} case(s), Node ${info.node}, ${info.cpu} ×${info.cores}, load ${info.load.map((x) => x.toFixed(2)).join(" ")}`,
  );
  const rows = [];
  let failed = 0;
  for (const c of selected) {
    const t0 = Date.now();
    log(`case ${c.name} (${c.kind})`);
    try {
      const out = await RUNNERS[c.kind](c, { lib, smoke: options.smoke, log });
      for (const r of out) rows.push({ case: c.name, ...r });
      log(`  done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    } catch (e) {
      failed++;
      log(`  FAILED: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    }
  }
  if (!options.smoke) {
    const report = results(rows, info, started);
    log("");
    log(report);
    if (options.readme) {
      const root = new URL("..", import.meta.url);
      replaceBlock(new URL("bench/README.md", root), "results", report);
      replaceBlock(new URL("README.md", root), "summary", summary(rows, info, started));
      log("updated the results block of bench/README.md and the summary block of README.md");
    }
  }
  log("");
  log(`checksum ${sink.value} (every measured result was consumed)`);
  log(
    `${selected.length - failed} case(s) passed, ${failed} failed, ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  if (options.json !== undefined) {
    const file = options.json;
    const body = {
      date: new Date().toISOString(),
      machine: info,
      smoke: options.smoke,
      rows,
      checksum: sink.value,
    };
    writeFileSync(file, `${JSON.stringify(body, null, 2)}\n`);
    log(`wrote ${file}`);
  }
  // Timings never fail a run; wrong answers (and crashes) do.
  process.exitCode = failed > 0 ? 1 : 0;
}

await main();
