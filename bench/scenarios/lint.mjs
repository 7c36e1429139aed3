// Scenario runner "lint": a generated 1,000-app Marathon group file linted end to end, in process
// (against JSON.parse of the same text) and through the CLI (against a bare Node start-up).
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { compare } from "../harness.mjs";
import { CLI } from "../lib.mjs";
import { groupFile } from "../workload.mjs";

/** Whether the built CLI has a `lint` command (exit 0 on `lint --help`). */
function cliHasLint() {
  const r = spawnSync(process.execPath, [CLI, "lint", "--help"], { encoding: "utf8" });
  return r.status === 0;
}

/**
 * @param {any} c the case data
 * @param {{ lib: Record<string, any>, smoke: boolean, log: (s: string) => void }} ctx
 */
export async function runLint(c, ctx) {
  const { lib, smoke } = ctx;
  if (typeof lib.lint !== "function") throw new Error("the built library has no lint() (dist/lint/lint.js)");
  const apps = smoke ? c.smoke.apps : c.apps;
  const text = groupFile(apps);
  const result = lib.lint({ text, fileName: "group.json" });
  // Every tenth app carries a mistake the linter must report.
  const mistakes = Math.floor(apps / 10);
  if (!Array.isArray(result.diagnostics) || result.diagnostics.length < mistakes) {
    throw new Error(`lint: expected at least ${mistakes} findings, got ${result.diagnostics?.length}`);
  }
  // Each app with a planted mistake must get a finding inside its own object.
  const starts = [];
  for (let i = 0; i < apps; i++) starts.push(text.indexOf(`"id": "/bench/team-${i % 20}/app-${i}"`));
  for (let i = 9; i < apps; i += 10) {
    const end = i + 1 < apps ? starts[i + 1] : text.length;
    if (!result.diagnostics.some((d) => d.span.start >= starts[i] && d.span.start < end)) {
      throw new Error(`lint: no finding for app ${i}, which has a planted mistake`);
    }
  }
  ctx.log(
    `  lint: ${apps} apps, ${text.length.toLocaleString("en-US")} characters, ${result.diagnostics.length} findings`,
  );
  const dir = mkdtempSync(path.join(os.tmpdir(), "bench-lint-"));
  const file = path.join(dir, "group.json");
  writeFileSync(file, text);
  try {
    const hasCli = cliHasLint();
    const variants = {
      ours: {
        run(iters) {
          let k = 0;
          for (let i = 0; i < iters; i++) k += lib.lint({ text, fileName: "group.json" }).diagnostics.length;
          return k;
        },
      },
      "JSON.parse": {
        run(iters) {
          let k = 0;
          for (let i = 0; i < iters; i++) k += JSON.parse(text).apps.length;
          return k;
        },
      },
    };
    if (hasCli) {
      variants.cli = {
        iters: 1,
        run: () => spawnSync(process.execPath, [CLI, "lint", file], { encoding: "utf8" }).stdout.length,
      };
      variants.node = {
        iters: 1,
        run: () => spawnSync(process.execPath, ["-e", "0"], { encoding: "utf8" }).status,
      };
    }
    const measured = compare(variants, { smoke, rounds: 15, minRounds: 5, budgetMs: 20000 });
    if (smoke) return [];
    const rows = [
      {
        group: "lint",
        scenario: `Lint a ${apps.toLocaleString("en-US")}-app Marathon group file (${(text.length / 1024).toFixed(0)} KB), in process`,
        unit: "ns",
        ours: measured.ours,
        baselines: [{ name: "JSON.parse", measure: measured["JSON.parse"] }],
        ratios: [{ label: "ours / JSON.parse", value: measured.ours.median / measured["JSON.parse"].median }],
        target: `< ${c.targets.underNs / 1e6} ms end to end`,
        met: measured.ours.median < c.targets.underNs,
        notes: [`${result.diagnostics.length} findings; every tenth app has a mistake`],
      },
    ];
    if (hasCli) {
      rows.push({
        group: "lint",
        scenario: `Lint the same file through the CLI (\`marathon-constraints lint group.json\`, a new process)`,
        unit: "ns",
        ours: measured.cli,
        baselines: [{ name: "node -e 0", measure: measured.node }],
        ratios: [{ label: "CLI / bare Node start", value: measured.cli.median / measured.node.median }],
        target: `< ${c.targets.underNs / 1e6} ms end to end`,
        met: measured.cli.median < c.targets.underNs,
        notes: ["includes Node start-up, module loading, reading the file and printing the report"],
      });
    } else {
      ctx.log("  lint: the built CLI has no lint command; the process timing is left out");
    }
    return rows;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
