// `npm run fuzz -- --minutes N [--property NAME] [--seed S --path P]`: runs the totality properties of
// test/fuzz for N minutes, in rounds with a fresh random seed each, and prints the command that
// reproduces a failure. The suite runs the same properties, bounded; this is for long local runs.
import { spawnSync } from "node:child_process";
import { randomInt } from "node:crypto";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const VITEST = fileURLToPath(new URL("../node_modules/vitest/vitest.mjs", import.meta.url));
const FILE = "test/fuzz/totality.prop.test.ts";
const ROUND_MINUTES = 5;

function usage(message) {
  process.stderr.write(
    `${message}\nusage: npm run fuzz -- --minutes N [--property NAME] [--seed S [--path P]]\n`,
  );
  process.exit(2);
}

function parseArgs(argv) {
  const o = { minutes: undefined, property: undefined, seed: undefined, path: undefined };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    const value = inline ?? argv[++i];
    if (!["--minutes", "--property", "--seed", "--path"].includes(flag)) usage(`unknown argument ${argv[i]}`);
    if (value === undefined) usage(`${flag} needs a value`);
    o[flag.slice(2)] = value;
  }
  if (o.seed === undefined && !(Number(o.minutes) > 0)) usage("--minutes must be a positive number");
  if (o.path !== undefined && o.seed === undefined) usage("--path needs --seed");
  return o;
}

function runRound(o, seed, ms) {
  const env = {
    ...process.env,
    NO_COLOR: "1",
    FORCE_COLOR: "0",
    FUZZ_TOTAL_MS: String(ms),
    FUZZ_SEED: String(seed),
  };
  if (o.property !== undefined) env.FUZZ_PROPERTY = o.property;
  if (o.path !== undefined) env.FUZZ_PATH = o.path;
  return spawnSync(process.execPath, [VITEST, "run", FILE], {
    cwd: ROOT,
    env,
    encoding: "utf8",
    maxBuffer: 1 << 28,
  });
}

/** The failing property and fast-check's seed and path, from vitest's report. */
function failure(output) {
  const name = /× (\S+) never throws/.exec(output)?.[1];
  const m = /seed: (-?\d+), path: "([^"]+)"/.exec(output);
  return { name, seed: m?.[1], path: m?.[2] };
}

const o = parseArgs(process.argv.slice(2));
const replay = o.seed !== undefined;
const deadline = Date.now() + (replay ? 0 : Number(o.minutes) * 60_000);
for (let round = 1; ; round++) {
  const seed = replay ? Number(o.seed) : randomInt(2 ** 31);
  const ms = replay ? 60_000 : Math.max(10_000, Math.min(ROUND_MINUTES * 60_000, deadline - Date.now()));
  const started = Date.now();
  process.stdout.write(
    `round ${round}: seed ${seed}, ${Math.round(ms / 1000)} s${o.property ? `, ${o.property} only` : ""}\n`,
  );
  const r = runRound(o, seed, ms);
  const output = `${r.stdout}${r.stderr}`;
  if (r.status !== 0) {
    // Counterexamples can be megabytes long: show the end of the report, each line cut short.
    const lines = output.split("\n").slice(-60);
    process.stdout.write(
      `${lines.map((l) => (l.length > 400 ? `${l.slice(0, 400)}… (${l.length} characters)` : l)).join("\n")}\n`,
    );
    const f = failure(output);
    if (f.seed !== undefined) {
      process.stdout.write(
        `\nFAILED: ${f.name ?? "a property"}. Reproduce with:\n  npm run fuzz -- --property ${f.name ?? "<name>"} --seed ${f.seed} --path ${f.path}\n`,
      );
    } else process.stdout.write(`\nFAILED (vitest exit ${r.status}; seed ${seed})\n`);
    process.exit(1);
  }
  process.stdout.write(`  every property held (${((Date.now() - started) / 1000).toFixed(0)} s)\n`);
  if (replay || Date.now() >= deadline - 5_000) break;
}
