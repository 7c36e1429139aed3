// `marathon-constraints simulate`: inventory + workloads (+ running placements) in, a placement report
// (text, JSON or self-contained HTML) out. Reads files, writes --out atomically, shows progress on a TTY.
import { randomBytes } from "node:crypto";
import { readFile, rename, unlink, writeFile } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { loadInventory } from "../agents/inventory.js";
import { formatDiagnostics } from "../code-frame.js";
import { type Diagnostic, hasErrors } from "../diagnostics.js";
import { renderHtml } from "../simulate/report-html.js";
import { renderJson } from "../simulate/report-json.js";
import { renderText } from "../simulate/report-text.js";
import { loadRunning, placementsFromTasks } from "../simulate/running.js";
import { simulate } from "../simulate/simulate.js";
import type { OfferOrder, RunningPlacement, WorkloadApp } from "../simulate/types.js";
import { loadWorkload } from "../simulate/workload.js";
import { choice, dialectOption, parseCliArgs, useColor } from "./args.js";
import { type CliIO, type Command, UsageError } from "./io.js";

const HELP = `Usage: marathon-constraints simulate --inventory FILE --workload FILE [--workload FILE...] [options]

Simulates Marathon's offer cycle: every round, each agent offers its free resources;
each offer launches queued instances (app by app, several per offer while resources
last) when the app's roles, resources and every placement constraint allow. Rounds
repeat until everything is placed or a round places nothing; then every unplaced
instance is explained agent by agent.

Inventory: Mesos master state JSON (/master/state, /state-summary, /slaves), an
  inventory YAML/JSON ({region?, agents: [...]}) or attribute lines ("host rack:r1").
  Tasks in a Mesos state count as running instances of matching app ids.
Workloads: Marathon app, pod or group JSON, a /v2/apps or /v2/groups response, a
  list of apps, or DC/OS Kubernetes package options (options.json, 1.x or 2.x).

Options:
  --inventory FILE       the cluster (required)
  --workload FILE        what to place (required; repeat for several files)
  --running FILE         instances already running: Mesos state JSON, a list
                         [{app: /web, hostname: 10.0.1.10, count?: 2}], a map
                         {/web: [10.0.1.10]}, or Marathon JSON with tasks/instances
  --offer-order ORDER    listed (default), random, round-robin
  --seed N               seed for --offer-order random (default 1)
  --format F             text (default), json, html
  --out FILE             write the report here (atomically) instead of stdout
  --verbose              every refusing agent's own reasons for each unplaced app
                         (text lists them; json and html embed them)
  --explain-agents N     the reasons of the first N refusing agents per unplaced app
                         (default 0: the counts per reason and the 3 closest agents)
  --drift                list running instances the current constraints would move
  --dialect D            dialect for Marathon apps and pods: marathon (default, 1.10),
                         marathon-1.11, dcos-sdk (package options always use dcos-sdk)
  -h, --help             show this help

Exit codes: 0 everything placed (and no drift), 1 some instance cannot be placed
(or --drift found some), 2 usage or bad input (the error names file:line:column).
Example:
  marathon-constraints simulate --inventory examples/cluster.yaml \\
    --workload examples/workloads/kubernetes-ha.json --format html --out sim.html
`;

const ORDERS: readonly OfferOrder[] = ["listed", "random", "round-robin"];
const FORMATS = ["text", "json", "html"] as const;
/** Progress appears only when a run takes longer than this. */
const PROGRESS_AFTER_MS = 300;

/** Stdout-TTY is in CliIO; a stderr flag, when the runtime provides it, decides the progress line. */

async function readNamed(io: CliIO, file: string, what: string): Promise<string> {
  try {
    return await readFile(resolve(io.cwd, file), "utf8");
  } catch (e) {
    throw new UsageError(
      `cannot read ${what} ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
    );
  }
}

/** Keeps a code frame to the first line of a span, so a diagnostic about a whole app stays short. */
function firstLine(text: string, d: Diagnostic): Diagnostic {
  const nl = text.indexOf("\n", d.span.start);
  if (nl < 0 || nl >= d.span.end) return d;
  return { ...d, span: { start: d.span.start, end: Math.max(d.span.start + 1, nl) } };
}

/** Prints diagnostics as code frames on stderr; true when any is an error. */
function report(io: CliIO, text: string, file: string, diagnostics: readonly Diagnostic[]): boolean {
  if (diagnostics.length === 0) return false;
  const shown = diagnostics.map((d) => firstLine(text, d));
  io.stderr(`${formatDiagnostics(text, shown, { fileName: file, color: useColor(io) })}\n\n`);
  return hasErrors(diagnostics);
}

async function writeAtomically(path: string, content: string): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
  try {
    await writeFile(tmp, content, "utf8");
    await rename(tmp, path);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    throw new UsageError(
      `cannot write ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
    );
  }
}

/** `marathon-constraints simulate --inventory FILE --workload FILE... [options]`. */
export const simulateCommand: Command = async (argv, io) => {
  const { values, positionals } = parseCliArgs(argv, {
    inventory: { type: "string" },
    workload: { type: "string", multiple: true },
    running: { type: "string" },
    "offer-order": { type: "string" },
    seed: { type: "string" },
    format: { type: "string" },
    out: { type: "string" },
    verbose: { type: "boolean" },
    "explain-agents": { type: "string" },
    drift: { type: "boolean" },
    dialect: { type: "string" },
    help: { type: "boolean", short: "h" },
  });
  if (values.help) {
    io.stdout(HELP);
    return 0;
  }
  if (positionals.length > 0) {
    throw new UsageError(
      `unexpected argument "${positionals[0]}": give files with --inventory and --workload`,
    );
  }
  if (values.inventory === undefined) throw new UsageError("missing --inventory FILE (the cluster)");
  const workloads = values.workload ?? [];
  if (workloads.length === 0) throw new UsageError("missing --workload FILE (what to place)");
  const offerOrder = choice("offer-order", values["offer-order"], ORDERS, "listed");
  const format = choice("format", values.format, FORMATS, "text");
  const dialect = dialectOption(values.dialect) ?? "marathon";
  let seed: number | undefined;
  if (values.seed !== undefined) {
    if (!/^\d{1,10}$/.test(values.seed) || Number(values.seed) > 4294967295) {
      throw new UsageError(`--seed must be a whole number from 0 to 4294967295, not "${values.seed}"`);
    }
    seed = Number(values.seed);
  }

  let explainAgents = values.verbose === true ? Number.POSITIVE_INFINITY : 0;
  if (values["explain-agents"] !== undefined) {
    if (!/^\d{1,9}$/.test(values["explain-agents"])) {
      throw new UsageError(`--explain-agents must be a whole number, not "${values["explain-agents"]}"`);
    }
    explainAgents = Number(values["explain-agents"]);
  }

  let bad = false;
  const inventoryText = await readNamed(io, values.inventory, "inventory");
  const cluster = loadInventory(inventoryText, values.inventory);
  bad = report(io, inventoryText, values.inventory, cluster.diagnostics) || bad;
  if (!bad && cluster.agents.length === 0) {
    io.stderr(`marathon-constraints simulate: ${values.inventory} has no agents\n`);
    return 2;
  }

  const apps: WorkloadApp[] = [];
  const seen = new Map<string, string>();
  for (const file of workloads) {
    const text = await readNamed(io, file, "workload");
    const loaded = loadWorkload(text, file, { dialect });
    bad = report(io, text, file, loaded.diagnostics) || bad;
    for (const app of loaded.apps) {
      const first = seen.get(app.id);
      if (first !== undefined) {
        io.stderr(`warning: ${app.id} in ${file} is also defined in ${first}; only the first is simulated\n`);
        continue;
      }
      seen.set(app.id, file);
      apps.push(app);
    }
  }

  // Tasks in a Mesos state inventory already hold their resources there.
  const running: RunningPlacement[] = placementsFromTasks(cluster.tasks, false);
  if (values.running !== undefined) {
    const text = await readNamed(io, values.running, "running placements");
    const loaded = loadRunning(text);
    bad = report(io, text, values.running, loaded.diagnostics) || bad;
    running.push(...loaded.placements);
  }
  if (bad) return 2;

  const started = Date.now();
  const progress = io.stderrIsTTY === true;
  let shown = false;
  const result = simulate({
    agents: cluster.agents,
    apps,
    running,
    offerOrder,
    seed,
    masterRegion: cluster.masterRegion,
    drift: values.drift === true,
    explainAgents,
    onProgress: (placed, wanted) => {
      if (!progress || Date.now() - started < PROGRESS_AFTER_MS) return;
      shown = true;
      io.stderr(`\rsimulating: ${placed}/${wanted} instances placed`);
    },
  });
  if (shown) io.stderr("\r\u001b[K");

  const title = `Placement simulation: ${workloads.map((w) => basename(w)).join(", ")} on ${basename(values.inventory)}`;
  const output =
    format === "json"
      ? renderJson(result)
      : format === "html"
        ? renderHtml(result, { title })
        : renderText(result, { verbose: values.verbose === true || values["explain-agents"] !== undefined });
  if (values.out !== undefined) await writeAtomically(resolve(io.cwd, values.out), output);
  else io.stdout(output);
  const drifted = (result.drift?.length ?? 0) > 0;
  return result.complete && !drifted ? 0 : 1;
};
