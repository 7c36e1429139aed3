// One cluster snapshot from Marathon's and Mesos's responses (live or saved as files): agents, the apps
// and pods to place, what runs, and the launch queue. Both forms go through here, so they agree.
// Pure: text in, data out; never throws.
import type { Agent } from "../agents/agent.js";
import { loadInventory } from "../agents/inventory.js";
import type { Dialect } from "../ast.js";
import type { Diagnostic } from "../diagnostics.js";
import { unidentifiedMarathonTasks, unidentifiedTasksNote } from "../simulate/running.js";
import type { RunningPlacement, WorkloadApp } from "../simulate/types.js";
import { loadWorkload } from "../simulate/workload.js";
import { type QueueEntry, readQueue } from "./marathon-queue.js";
import { marathonRunning } from "./marathon-running.js";

/** One response body and where it came from (a redacted URL or a file name), for messages. */
export interface NamedText {
  readonly name: string;
  readonly text: string;
}

export interface SnapshotInput {
  /** `GET /v2/queue?embed=lastUnusedOffers`. */
  readonly queue: NamedText;
  /** `GET /v2/apps?embed=apps.tasks` or `GET /v2/groups?embed=group.apps.tasks` (also nested groups). */
  readonly apps: NamedText;
  /** `GET /v2/pods/::status`, when the cluster has pods. */
  readonly pods?: NamedText;
  /** `GET /master/state` of the leading Mesos master. */
  readonly state: NamedText;
}

export interface SnapshotOptions {
  /** Dialect for Marathon apps and pods (default `marathon`). */
  readonly dialect?: Dialect;
}

/** Problems found in one response, with its text for code frames. */
export interface SourceDiagnostics extends NamedText {
  readonly diagnostics: readonly Diagnostic[];
}

export interface ClusterSnapshot {
  readonly agents: readonly Agent[];
  readonly masterRegion?: string;
  /** Every Marathon app and pod, as `loadWorkload` reads them. */
  readonly apps: readonly WorkloadApp[];
  /** Instances that count towards their app's constraints; their resources are already in use. */
  readonly running: readonly RunningPlacement[];
  readonly queue: readonly QueueEntry[];
  /** Facts the reader should know: tasks that could not be attributed, instances left out. */
  readonly notes: readonly string[];
  /** Only sources with problems appear; any error means the snapshot cannot be trusted. */
  readonly problems: readonly SourceDiagnostics[];
}

function parsed(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * Reads a snapshot from Marathon's queue, apps and pods and the Mesos master state. Tasks in the state
 * already hold their resources; Marathon's own task lists say which app each instance belongs to.
 * @example loadClusterSnapshot({ queue, apps, state }).queue.map((q) => q.id)
 */
export function loadClusterSnapshot(input: SnapshotInput, options: SnapshotOptions = {}): ClusterSnapshot {
  const dialect = options.dialect ?? "marathon";
  const problems: SourceDiagnostics[] = [];
  const keep = (source: NamedText, diagnostics: readonly Diagnostic[]) => {
    if (diagnostics.length > 0) problems.push({ ...source, diagnostics });
  };
  const notes: string[] = [];

  const cluster = loadInventory(
    input.state.text,
    input.state.name.endsWith(".txt") ? undefined : "state.json",
  );
  keep(input.state, cluster.diagnostics);

  const queue = readQueue(input.queue.text);
  keep(input.queue, queue.diagnostics);

  const apps: WorkloadApp[] = [];
  const seen = new Set<string>();
  const addApps = (source: NamedText) => {
    const loaded = loadWorkload(source.text, source.name, { dialect });
    // A response may carry apps that fail validation; they are reported, the rest still count.
    keep(
      source,
      loaded.diagnostics.filter((d) => d.severity === "error"),
    );
    for (const app of loaded.apps) {
      if (seen.has(app.id)) continue;
      seen.add(app.id);
      apps.push(app);
    }
  };
  addApps(input.apps);
  const podsEmpty = input.pods === undefined || /^\s*\[\s*\]\s*$/.test(input.pods.text);
  if (input.pods !== undefined && !podsEmpty) addApps(input.pods);
  for (const entry of queue.entries) {
    if (seen.has(entry.id)) continue;
    // Queued but missing from /v2/apps (a race between the two reads): the queue's own copy is the spec.
    const loaded = loadWorkload(entry.definition.text, input.queue.name, { dialect });
    for (const app of loaded.apps) {
      if (seen.has(app.id)) continue;
      seen.add(app.id);
      apps.push(app);
    }
  }

  const running = marathonRunning([
    parsed(input.apps.text),
    ...(podsEmpty ? [] : [parsed(input.pods!.text)]),
  ]);
  for (const [appId, n] of running.olderConfig) {
    notes.push(
      `${plural(n, "running task", "running tasks")} of ${appId} ${n === 1 ? "runs" : "run"} an older configuration: Marathon leaves ${n === 1 ? "it" : "them"} out of constraint checks while replacing ${n === 1 ? "it" : "them"} (${n === 1 ? "its" : "their"} resources stay in use)`,
    );
  }
  const unidentified = unidentifiedTasksNote(unidentifiedMarathonTasks(cluster.tasks));
  if (unidentified !== undefined) notes.push(unidentified);
  return {
    agents: cluster.agents,
    ...(cluster.masterRegion === undefined ? {} : { masterRegion: cluster.masterRegion }),
    apps,
    running: running.placements,
    queue: queue.entries,
    notes,
    problems,
  };
}
