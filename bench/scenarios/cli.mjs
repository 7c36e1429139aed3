// Scenario runners "cli-startup" and "cli-eval": the built CLI as a new process. Start-up rows time a
// short command against `node -e 0`; the eval rows stream request lines through `eval` against a Node
// process that passes the same lines through unchanged. Every answer is checked before anything is timed.

import { spawnSync } from "node:child_process";
import { closeSync, existsSync, mkdtempSync, openSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { compare } from "../harness.mjs";
import { CLI } from "../lib.mjs";

const NODE = process.execPath;

function run(args, options = {}) {
  const r = spawnSync(NODE, args, { encoding: "utf8", maxBuffer: 1 << 30, ...options });
  if (r.error) throw r.error;
  return r;
}

const GNU_TIME = "/usr/bin/time";
const hasGnuTime = existsSync(GNU_TIME) && spawnSync(GNU_TIME, ["-f", "%U", "true"]).status === 0;

/**
 * CPU seconds (user + system) of `node args`, summed over `times` runs, from GNU time: on a shared
 * machine wall time includes waiting for a core, CPU time does not. Undefined without GNU time.
 */
function cpuSeconds(args, times, stdout = "ignore") {
  if (!hasGnuTime) return undefined;
  let total = 0;
  for (let i = 0; i < times; i++) {
    const r = spawnSync(GNU_TIME, ["-f", "CPU %U %S", NODE, ...args], {
      encoding: "utf8",
      stdio: ["ignore", stdout, "pipe"],
    });
    const m = /CPU ([\d.]+) ([\d.]+)\s*$/.exec(r.stderr);
    if (!m) return undefined;
    total += Number(m[1]) + Number(m[2]);
  }
  return total;
}

/**
 * @param {any} c the case data
 * @param {{ smoke: boolean, log: (s: string) => void }} ctx
 */
export async function runCliStartup(c, ctx) {
  const { smoke } = ctx;
  const variants = { "node -e 0": { iters: 1, run: () => run(["-e", "0"]).status } };
  for (const cmd of c.commands) {
    const r = run([CLI, ...cmd.args]);
    if (r.status !== 0 || !new RegExp(cmd.expect).test(r.stdout)) {
      throw new Error(
        `cli ${cmd.args.join(" ")}: exit ${r.status}, output ${JSON.stringify(r.stdout + r.stderr)}`,
      );
    }
    ctx.log(`  ${cmd.label}: ${r.stdout.split("\n")[0]}`);
    variants[cmd.label] = { iters: 1, run: () => run([CLI, ...cmd.args]).stdout.length };
  }
  const measured = compare(variants, {
    smoke,
    rounds: c.rounds,
    minRounds: 5,
    warmup: 2,
    budgetMs: c.budgetMs,
  });
  if (smoke) return [];
  const node = measured["node -e 0"];
  return c.commands.map((cmd) => {
    const ours = measured[cmd.label];
    const ratio = ours.median / node.median;
    return {
      group: "cli",
      scenario: `Start-up: \`marathon-constraints ${cmd.args.join(" ")}\`, a new process`,
      unit: "ns",
      ours,
      baselines: [{ name: "node -e 0", measure: node }],
      ratios: [{ label: "CLI / bare Node start", value: ratio }],
      target: `≤ ${cmd.within}x \`node -e 0\``,
      met: ratio <= cmd.within,
      notes: [cmd.note],
    };
  });
}

/**
 * The light request stream: a cluster of agents, a few constraint sets and placed lists, as a scheduler
 * asks about the agents of its cluster for each app state. With `repeat` false no question (constraint
 * set, placed list, agent) is asked twice, so no answer can be remembered; with `repeat` true the three
 * cycle together every `agents` requests, as a scheduler re-asking unchanged questions each offer cycle.
 */
function lightRequests(c, n, repeat) {
  const agent = (i) => ({
    hostname: `10.${Math.floor(i / 250)}.${i % 250}.1`,
    attributes: { rack: `r${i % c.racks}`, zone: `z${i % 3}`, disk: i % 4 === 0 ? "hdd" : "ssd" },
  });
  const placedLists = Array.from({ length: c.placedLists }, (_, j) =>
    Array.from({ length: j % 6 }, (_, k) => agent((j * 37 + k * 11) % c.agents)),
  );
  const sets = c.constraintSets.length;
  if (!repeat && n > c.agents * sets * c.placedLists) throw new Error("cli eval: too few distinct questions");
  const lines = [];
  for (let i = 0; i < n; i++) {
    // Distinct questions: i in mixed radix (agent, set, placed list), the agent order scrambled.
    const rest = Math.floor(i / c.agents);
    const set = c.constraintSets[repeat ? i % sets : rest % sets];
    const placed = placedLists[repeat ? (i * 31) % c.placedLists : Math.floor(rest / sets) % c.placedLists];
    const request = {
      ...(set.dialect ? { dialect: set.dialect } : {}),
      constraints: set.constraints,
      agent: agent((i * 7919) % c.agents),
      placed,
    };
    lines.push(JSON.stringify(request));
  }
  return `${lines.join("\n")}\n`;
}

/** Every request a new agent (its own hostname and serial attribute): nothing is reused but the matchers. */
function distinctRequests(c, n) {
  const lines = [];
  for (let i = 0; i < n; i++) {
    const set = c.constraintSets[i % c.constraintSets.length];
    const request = {
      ...(set.dialect ? { dialect: set.dialect } : {}),
      constraints: set.constraints,
      agent: {
        hostname: `host-${i}`,
        attributes: { rack: `r${i % c.racks}`, zone: `z${i % 3}`, serial: `s${i}` },
      },
      placed: [],
    };
    lines.push(JSON.stringify(request));
  }
  return `${lines.join("\n")}\n`;
}

/** Checks the CLI's answers against the library computing the same requests in process. */
function checkAnswers(lib, text, output) {
  const requests = text.trimEnd().split("\n");
  const answers = output.trimEnd().split("\n");
  if (answers.length !== requests.length) {
    throw new Error(`cli eval: ${requests.length} requests, ${answers.length} answers`);
  }
  let accepted = 0;
  const matchers = new Map();
  for (let i = 0; i < requests.length; i++) {
    const q = JSON.parse(requests[i]);
    const a = JSON.parse(answers[i]);
    const key = `${q.dialect}:${q.constraints}`;
    if (!matchers.has(key))
      matchers.set(key, lib.compile(q.constraints, { dialect: q.dialect ?? "marathon" }));
    const matcher = matchers.get(key);
    const toAgent = (x) => lib.agentFromInput(x).agent;
    const state = matcher.createState({ placed: (q.placed ?? []).map(toAgent) });
    const expected = matcher.accepts(toAgent(q.agent), state);
    if (a.accepted !== expected) {
      throw new Error(
        `cli eval: line ${i + 1} answered ${JSON.stringify(a).slice(0, 200)}, expected accepted=${expected}`,
      );
    }
    if (expected) accepted++;
  }
  return accepted;
}

/**
 * @param {any} c the case data
 * @param {{ lib: Record<string, any>, smoke: boolean, log: (s: string) => void }} ctx
 */
export async function runCliEval(c, ctx) {
  const { lib, smoke } = ctx;
  const n = smoke ? c.smoke.requests : c.requests;
  const dir = mkdtempSync(path.join(os.tmpdir(), "bench-cli-eval-"));
  const rows = [];
  try {
    for (const stream of [
      { label: "light requests", text: lightRequests(c, n, false), target: c.targets.perSecondAtLeast },
      {
        label: `light requests, each asked again every ${c.agents.toLocaleString("en-US")}`,
        text: lightRequests(c, n, true),
        target: undefined,
      },
      { label: "every request a new agent", text: distinctRequests(c, Math.ceil(n / 4)), target: undefined },
    ]) {
      const file = path.join(dir, "requests.jsonl");
      writeFileSync(file, stream.text);
      const count = stream.text.length === 0 ? 0 : stream.text.split("\n").length - 1;
      // Correctness first, on a sample the in-process check can afford, spread over the whole stream.
      const all = stream.text.split("\n").slice(0, count);
      const step = Math.max(1, Math.floor(count / 2000));
      const sample = `${all
        .filter((_, i) => i % step === 0)
        .slice(0, 2000)
        .join("\n")}\n`;
      const checked = run([CLI, "eval"], { input: sample });
      const accepted = checkAnswers(lib, sample, checked.stdout);
      ctx.log(
        `  eval (${stream.label}): ${count.toLocaleString("en-US")} requests; sample of ${Math.min(count, 2000)} agrees with the library (${accepted} accepted)`,
      );
      const sinkFd = openSync("/dev/null", "w");
      try {
        const measured = compare(
          {
            ours: {
              iters: 1,
              run: () => run([CLI, "eval", file], { stdio: ["ignore", sinkFd, "pipe"] }).status,
            },
            "pass-through": {
              iters: 1,
              // The floor of any line-oriented Node co-process: start, read the lines, write them out.
              run: () =>
                run(["-e", "require('fs').createReadStream(process.argv[1]).pipe(process.stdout)", file], {
                  stdio: ["ignore", sinkFd, "pipe"],
                }).status,
            },
          },
          { smoke, rounds: c.rounds, minRounds: 3, warmup: 1, budgetMs: c.budgetMs },
        );
        if (smoke) continue;
        const perSecond = (m) => ({
          median: count / (m.median / 1e9),
          p25: count / (m.p75 / 1e9),
          p75: count / (m.p25 / 1e9),
          n: m.n,
        });
        const ours = perSecond(measured.ours);
        const cpuOurs = cpuSeconds([CLI, "eval", file], c.cpuRuns, sinkFd);
        const cpuNote =
          cpuOurs === undefined
            ? []
            : [
                `CPU time (user + system, GNU time, ${c.cpuRuns} runs): ${((cpuOurs / c.cpuRuns / count) * 1e6).toFixed(2)} µs per request, ${Math.round(count / (cpuOurs / c.cpuRuns)).toLocaleString("en-US")} requests per CPU-second`,
              ];
        rows.push({
          group: "cli",
          scenario: `\`eval\` through the CLI: ${count.toLocaleString("en-US")} ${stream.label} (${c.constraintSets.length} constraint sets of 1–3 constraints, up to 5 placed), file in, answers out`,
          unit: "per-second",
          ours,
          baselines: [
            {
              name: "pass-through",
              measure: perSecond(measured["pass-through"]),
              note: "(node, same lines in and out)",
            },
          ],
          ratios: [
            {
              label: "ours / pass-through time",
              value: measured.ours.median / measured["pass-through"].median,
            },
          ],
          target:
            stream.target === undefined ? "(for comparison)" : `≥ ${stream.target.toLocaleString("en-US")}/s`,
          met: stream.target === undefined ? null : ours.median >= stream.target,
          notes: [
            `includes start-up; ${((measured.ours.median / 1e6 / count) * 1e3).toFixed(2)} µs per request (wall); answers written in one write per chunk read`,
            ...cpuNote,
          ],
        });
      } finally {
        closeSync(sinkFd);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}
