// One cluster snapshot from Marathon's and Mesos's responses (live or saved as files): agents, the apps
// and pods to place, what runs, and the launch queue. Both forms go through here, so they agree.
// Pure: text in, data out; never throws.
import type { Agent } from "../agents/agent.js";
import { loadInventory } from "../agents/inventory.js";
import {
  loadMaintenance,
  type MaintenanceSchedule,
  mergeMaintenance,
  NO_MAINTENANCE,
} from "../agents/maintenance.js";
import type { Dialect } from "../ast.js";
import type { Diagnostic } from "../diagnostics.js";
import { type MarathonConfig, marathonConfigFromInfo } from "../simulate/marathon/config.js";
import { marathonPlacements, unidentifiedMarathonTasks, unidentifiedTasksNote } from "../simulate/running.js";
import type { RunningPlacement, WorkloadApp } from "../simulate/types.js";
import { loadWorkload } from "../simulate/workload.js";
import { type QueueEntry, readQueue } from "./marathon-queue.js";

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
  /** `GET /v2/info`: Marathon's offer-matching switches (defaults without it). */
  readonly info?: NamedText;
  /** Mesos `/maintenance/schedule` and `/maintenance/status` responses. */
  readonly maintenance?: readonly NamedText[];
  /** What reading them could not get, to pass on. */
  readonly notes?: readonly string[];
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
  /** The Marathon switches `/v2/info` showed. */
  readonly marathon?: Partial<MarathonConfig>;
  /** Maintenance windows and machines DOWN, when the responses were given. */
  readonly maintenance?: MaintenanceSchedule;
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
  const notes: string[] = [...(input.notes ?? [])];

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

  // The Mesos state already charges their resources; Marathon's lists say whose instances they are.
  const running: RunningPlacement[] = [input.apps.text, ...(podsEmpty ? [] : [input.pods!.text])]
    .flatMap((text) => marathonPlacements(parsed(text)))
    .map((p) => ({ ...p, consumes: false }));
  let marathon: Partial<MarathonConfig> | undefined;
  if (input.info !== undefined) {
    const info = parsed(input.info.text);
    if (info === undefined) {
      keep(input.info, [
        {
          severity: "error",
          code: "json_syntax",
          message: "not JSON: expected Marathon's /v2/info response",
          span: { start: 0, end: 0 },
        },
      ]);
    } else {
      const read = marathonConfigFromInfo(info);
      marathon = read.config;
      // The switches /v2/info cannot show are not news on every run; other notes are.
      notes.push(...read.notes.filter((n) => !n.startsWith("/v2/info does not show")));
    }
  }
  let maintenance: MaintenanceSchedule | undefined;
  for (const source of input.maintenance ?? []) {
    const read = loadMaintenance(source.text);
    keep(source, read.diagnostics);
    maintenance = mergeMaintenance(maintenance ?? NO_MAINTENANCE, read.schedule);
  }
  const unidentified = unidentifiedTasksNote(unidentifiedMarathonTasks(cluster.tasks));
  if (unidentified !== undefined) notes.push(unidentified);
  return {
    agents: cluster.agents,
    ...(cluster.masterRegion === undefined ? {} : { masterRegion: cluster.masterRegion }),
    apps,
    running,
    queue: queue.entries,
    ...(marathon === undefined ? {} : { marathon }),
    ...(maintenance === undefined ? {} : { maintenance }),
    notes,
    problems,
  };
}
