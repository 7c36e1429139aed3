// `marathon-constraints simulate`: inventory + workloads (+ running placements) in, a placement report
// (text, JSON or self-contained HTML) out. Reads inputs through input.ts, writes --out through
// write-file.ts, shows progress on a TTY.
import { basename, resolve } from "node:path";
import { loadInventory } from "../agents/inventory.js";
import {
  loadMaintenance,
  type MaintenanceSchedule,
  mergeMaintenance,
  NO_MAINTENANCE,
} from "../agents/maintenance.js";
import { formatDiagnostics } from "../code-frame.js";
import { type Diagnostic, hasErrors } from "../diagnostics.js";
import {
  GPU_SCHEDULING_BEHAVIORS,
  type MarathonConfig,
  marathonConfigFromInfo,
} from "../simulate/marathon/config.js";
import { renderHtml } from "../simulate/report-html.js";
import { renderJson } from "../simulate/report-json.js";
import { renderText, verdictLine } from "../simulate/report-text.js";
import {
  loadRunning,
  placementsFromTasks,
  unidentifiedMarathonTasks,
  unidentifiedTasksNote,
} from "../simulate/running.js";
import { simulate } from "../simulate/simulate.js";
import type { OfferOrder, RunningPlacement, WorkloadApp } from "../simulate/types.js";
import { loadWorkload } from "../simulate/workload.js";
import { choice, dialectOption, parseCliArgs, useColor } from "./args.js";
import { HTTP_OPTIONS, useHttpOptions } from "./http-options.js";
import { readInput, withInput } from "./input.js";
import { type CliIO, type Command, UsageError } from "./io.js";
import { writeFileSafely } from "./write-file.js";

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
  --inventory FILE       the cluster (required; - for standard input)
  --workload FILE        what to place (required; repeat for several files; one of
                         --inventory, --workload and --running may be -)
  --running FILE         instances already running: Mesos state JSON, a list
                         [{app: /web, hostname: 10.0.1.10, count?: 2}], a map
                         {/web: [10.0.1.10]}, or Marathon JSON with tasks/instances
  --offer-order ORDER    listed (default), random, round-robin
  --seed N               seed for --offer-order random (default 1)
  --format F             text (default), json, html
  --out FILE             write the report here instead of stdout (atomically, through
                         symbolic links, keeping mode and owner) and print the one-line
                         verdict on stderr
  --verbose              every refusing agent's own reasons for each unplaced app
                         (text lists them; json and html embed them)
  --explain-agents N     the reasons of the first N refusing agents per unplaced app
                         (default 0: the counts per reason and the 3 closest agents)
  --drift                list running instances the current constraints would move
  --dialect D            dialect for Marathon apps and pods: marathon (default, 1.10),
                         marathon-1.11, dcos-sdk (package options always use dcos-sdk)
  --color, --no-color    colour the code frames of input errors or not

Marathon's offer matcher (its own flags; defaults as Marathon's):
  --gpu-scheduling-behavior B   restricted (default: apps without GPUs keep off GPU
                         agents) or unrestricted; the app label GPU_SCHEDULING_BEHAVIOR wins
  --maintenance FILE     Mesos /maintenance/schedule or /maintenance/status JSON
                         (repeatable); agents in a window make Marathon decline, DOWN
                         machines make no offers
  --no-maintenance-mode  ignore maintenance windows (Marathon's --disable_maintenance_mode);
                         --maintenance-mode is the default
  --draining-seconds N   also decline N seconds before a window starts (default 0)
  --now TIME             judge maintenance windows at this ISO 8601 time (default: now)
  --max-instances-per-offer N   launches from one offer, across apps (default 5)
  --no-gpu-resources     Marathon runs without --enable_features gpu_resources: Mesos
                         offers it no agent with GPUs
  --marathon-info FILE   read these switches from a Marathon /v2/info response (flags
                         given here win)

Any FILE may be an http(s):// URL (e.g. <mesos>/master/state, <marathon>/v2/apps?embed=apps.tasks),
read with these options (see "marathon-constraints why --help"):
  --token-file FILE  --ca-cert FILE  --insecure  --timeout S
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

/** A whole-number flag value of at least `min`. */
function wholeNumber(name: string, value: string, min: number): number {
  if (!/^\d{1,9}$/.test(value) || Number(value) < min)
    throw new UsageError(`--${name} must be a whole number of at least ${min}, not "${value}"`);
  return Number(value);
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
    "gpu-scheduling-behavior": { type: "string" },
    maintenance: { type: "string", multiple: true },
    "maintenance-mode": { type: "boolean" },
    "no-maintenance-mode": { type: "boolean" },
    "draining-seconds": { type: "string" },
    now: { type: "string" },
    "max-instances-per-offer": { type: "string" },
    "no-gpu-resources": { type: "boolean" },
    "marathon-info": { type: "string" },
    ...HTTP_OPTIONS,
    help: { type: "boolean", short: "h" },
  });
  useHttpOptions(io, values);
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
  const marathon: { -readonly [K in keyof MarathonConfig]?: MarathonConfig[K] } = {};
  if (values["gpu-scheduling-behavior"] !== undefined)
    marathon.gpuSchedulingBehavior = choice(
      "gpu-scheduling-behavior",
      values["gpu-scheduling-behavior"],
      GPU_SCHEDULING_BEHAVIORS,
      "restricted",
    );
  if (values["maintenance-mode"] && values["no-maintenance-mode"])
    throw new UsageError("give --maintenance-mode or --no-maintenance-mode, not both");
  if (values["maintenance-mode"]) marathon.maintenanceMode = true;
  if (values["no-maintenance-mode"]) marathon.maintenanceMode = false;
  if (values["draining-seconds"] !== undefined)
    marathon.drainingSeconds = wholeNumber("draining-seconds", values["draining-seconds"], 0);
  if (values["max-instances-per-offer"] !== undefined)
    marathon.maxInstancesPerOffer = wholeNumber(
      "max-instances-per-offer",
      values["max-instances-per-offer"],
      1,
    );
  if (values["no-gpu-resources"]) marathon.gpuResources = false;
  let now: number | undefined;
  if (values.now !== undefined) {
    now = Date.parse(values.now);
    if (!/^\d{4}-\d{2}-\d{2}/.test(values.now) || Number.isNaN(now))
      throw new UsageError(`--now must be an ISO 8601 time like 2024-06-01T12:00:00Z, not "${values.now}"`);
  }

  let explainAgents = values.verbose === true ? Number.POSITIVE_INFINITY : 0;
  if (values["explain-agents"] !== undefined) {
    if (!/^\d{1,9}$/.test(values["explain-agents"])) {
      throw new UsageError(`--explain-agents must be a whole number, not "${values["explain-agents"]}"`);
    }
    explainAgents = Number(values["explain-agents"]);
  }

  let bad = false;
  const inventory = await readInput(values.inventory, io, "inventory");
  const cluster = withInput(inventory.name, () => loadInventory(inventory.text, inventory.name));
  bad = report(io, inventory.text, inventory.name, cluster.diagnostics) || bad;
  if (!bad && cluster.agents.length === 0) {
    io.stderr(`marathon-constraints simulate: ${inventory.name} has no agents\n`);
    return 2;
  }

  const apps: WorkloadApp[] = [];
  const seen = new Map<string, string>();
  for (const spec of workloads) {
    const { text, name: file } = await readInput(spec, io, "workload");
    const loaded = withInput(file, () => loadWorkload(text, file, { dialect }));
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
  let unidentified = unidentifiedMarathonTasks(cluster.tasks);
  if (values.running !== undefined) {
    const { text, name } = await readInput(values.running, io, "running placements");
    const loaded = withInput(name, () => loadRunning(text));
    bad = report(io, text, name, loaded.diagnostics) || bad;
    for (const p of loaded.placements) running.push(p);
    // The same state given as inventory and --running holds the same tasks: count them once.
    if (text !== inventory.text) unidentified += loaded.unidentified ?? 0;
  }
  let maintenance: MaintenanceSchedule | undefined;
  for (const file of values.maintenance ?? []) {
    const { text, name } = await readInput(file, io, "maintenance schedule");
    const loaded = withInput(name, () => loadMaintenance(text));
    bad = report(io, text, name, loaded.diagnostics) || bad;
    maintenance = mergeMaintenance(maintenance ?? NO_MAINTENANCE, loaded.schedule);
  }
  let fromInfo: Partial<MarathonConfig> = {};
  if (values["marathon-info"] !== undefined) {
    const file = values["marathon-info"];
    const { text } = await readInput(file, io, "Marathon /v2/info response");
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (e) {
      throw new UsageError(`${file} is not JSON: ${(e as Error).message}`);
    }
    const info = marathonConfigFromInfo(json);
    fromInfo = info.config;
    for (const note of info.notes) io.stderr(`note: ${file}: ${note}\n`);
  }
  if (bad) return 2;

  const started = Date.now();
  const progress = io.stderrIsTTY === true;
  let shown = false;
  const simulated = simulate({
    agents: cluster.agents,
    apps,
    running,
    offerOrder,
    seed,
    masterRegion: cluster.masterRegion,
    drift: values.drift === true,
    explainAgents,
    marathon: { ...fromInfo, ...marathon },
    ...(maintenance === undefined ? {} : { maintenance }),
    ...(now === undefined ? {} : { now }),
    onProgress: (placed, wanted) => {
      if (!progress || Date.now() - started < PROGRESS_AFTER_MS) return;
      shown = true;
      io.stderr(`\rsimulating: ${placed}/${wanted} instances placed`);
    },
  });
  if (shown) io.stderr("\r\u001b[K");
  const note = unidentifiedTasksNote(unidentified);
  const result = note === undefined ? simulated : { ...simulated, notes: [...simulated.notes, note] };

  const title = `Placement simulation: ${workloads.map((w) => basename(w)).join(", ")} on ${basename(values.inventory)}`;
  const output =
    format === "json"
      ? renderJson(result)
      : format === "html"
        ? renderHtml(result, { title })
        : renderText(result, { verbose: values.verbose === true || values["explain-agents"] !== undefined });
  const drifted = (result.drift?.length ?? 0) > 0;
  if (values.out !== undefined) {
    await writeFileSafely(resolve(io.cwd, values.out), output, { name: values.out });
    const moved = result.drift?.length ?? 0;
    const drift = drifted ? `; ${moved} running instance${moved === 1 ? "" : "s"} would move (--drift)` : "";
    io.stderr(`${verdictLine(result)}${drift}; report written to ${values.out}\n`);
  } else io.stdout(output);
  return result.complete && !drifted ? 0 : 1;
};
