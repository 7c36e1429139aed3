// Running placements for a simulation: from Mesos master state (its tasks), a simple placement list or
// map (YAML or JSON), or Marathon app/group/pod JSON with embedded tasks or instances. Never throws.
import { isNode } from "yaml";
import type { RunningTask } from "../agents/cluster.js";
import { isMesosState, loadMesosState } from "../agents/mesos-state.js";
import { isObject, type JsonPath, Reporter } from "../agents/report.js";
import type { Span } from "../ast.js";
import type { Diagnostic } from "../diagnostics.js";
import { readYaml, yamlErrorSpan, yamlNodeLocator } from "../yaml-document.js";
import type { RunningPlacement } from "./types.js";
import { resolveId } from "./workload.js";

export interface RunningResult {
  readonly placements: readonly RunningPlacement[];
  readonly diagnostics: readonly Diagnostic[];
  /** Tasks of a Marathon framework whose app could not be told (Mesos state input only). */
  readonly unidentified?: number;
}

/** Tasks of Marathon frameworks whose app neither the task id nor a DCOS_SPACE label names. */
export function unidentifiedMarathonTasks(tasks: readonly RunningTask[]): number {
  return tasks.filter((t) => t.frameworkName?.startsWith("marathon") === true && t.appId === undefined)
    .length;
}

/** The note that counts them, so they are never dropped silently; undefined when there are none. */
export function unidentifiedTasksNote(count: number): string | undefined {
  if (count === 0) return undefined;
  return `${count} Marathon task${count === 1 ? "" : "s"} in the Mesos state could not be matched to an app (neither the task id nor a DCOS_SPACE label names one): ${count === 1 ? "it holds resources but counts" : "they hold resources but count"} towards no app's constraints`;
}

const MAX_COUNT = 100_000;

/**
 * Running placements from Mesos tasks of Marathon apps. `consumes` false: the agents' free resources
 * already account for them (the tasks came from the same state as the inventory).
 */
export function placementsFromTasks(tasks: readonly RunningTask[], consumes: boolean): RunningPlacement[] {
  const out: RunningPlacement[] = [];
  for (const t of tasks) {
    if (t.appId === undefined) continue;
    const ports = portNumbers(t.ports);
    out.push({
      appId: t.appId,
      agentId: t.agentId,
      ...(t.hostname === undefined ? {} : { hostname: t.hostname }),
      resources: t.resources,
      taskId: t.id,
      ...(ports.length === 0 ? {} : { ports }),
      ...(consumes ? {} : { consumes: false }),
    });
  }
  return out;
}

/** A task's port ranges as port numbers (tasks hold a few ports; a huge range is not a task's). */
function portNumbers(ranges: RunningTask["ports"]): number[] {
  const out: number[] = [];
  for (const [b, e] of ranges ?? []) {
    if (e - b > 10_000) return [];
    for (let p = b; p <= e; p++) out.push(p);
  }
  return out;
}

/** Host ports as Marathon lists them on a task (`ports`). */
function hostPorts(v: unknown): number[] {
  return Array.isArray(v) ? v.filter((p): p is number => Number.isInteger(p) && p > 0) : [];
}

/** The version in a pod instance's `specReference` (`/v2/pods/web::versions/2017-01-01T00:00:00.000Z`). */
function specVersion(ref: unknown): string | undefined {
  if (typeof ref !== "string") return undefined;
  const i = ref.indexOf("::versions/");
  return i < 0 ? undefined : ref.slice(i + "::versions/".length);
}

function text(v: unknown): string | undefined {
  return typeof v === "string" && v !== "" ? v : undefined;
}

/** Marathon JSON with embedded `tasks` (apps) or `instances` (pods), walked through groups. */
function fromMarathon(value: unknown, parent: string, out: RunningPlacement[], depth: number): void {
  if (depth > 64) return;
  if (Array.isArray(value)) {
    for (const v of value) fromMarathon(v, parent, out, depth + 1);
    return;
  }
  if (!isObject(value)) return;
  const id = text(value.id) === undefined ? parent : resolveId(value.id as string, parent);
  if (Array.isArray(value.tasks)) {
    for (const t of value.tasks) {
      if (!isObject(t)) continue;
      const host = text(t.host);
      const agentId = text(t.slaveId) ?? text(t.agentId);
      const taskId = text(t.id);
      const version = text(t.version);
      const ports = hostPorts(t.ports);
      // A resident task that holds its volumes but is not running: Marathon lists no version or start.
      const reserved =
        Array.isArray(t.localVolumes) &&
        t.localVolumes.length > 0 &&
        version === undefined &&
        t.startedAt === undefined;
      out.push({
        appId: text(t.appId) ?? id,
        ...(host === undefined ? {} : { hostname: host }),
        ...(agentId === undefined ? {} : { agentId }),
        ...(taskId === undefined ? {} : { taskId }),
        ...(version === undefined ? {} : { version }),
        ...(ports.length === 0 ? {} : { ports }),
        ...(reserved ? { reserved: true } : {}),
      });
    }
  }
  if (Array.isArray(value.instances)) {
    for (const inst of value.instances) {
      if (!isObject(inst)) continue;
      const host = text(inst.agentHostname);
      const agentId = text(inst.agentId);
      const instId = text(inst.id);
      if (host === undefined && agentId === undefined) continue;
      const version = specVersion(inst.specReference);
      const ports: number[] = [];
      if (Array.isArray(inst.containers)) {
        for (const c of inst.containers) {
          if (!isObject(c) || !Array.isArray(c.endpoints)) continue;
          for (const e of c.endpoints) if (isObject(e)) ports.push(...hostPorts([e.allocatedHostPort]));
        }
      }
      out.push({
        appId: id,
        ...(host === undefined ? {} : { hostname: host }),
        ...(agentId === undefined ? {} : { agentId }),
        ...(instId === undefined ? {} : { taskId: instId }),
        ...(version === undefined ? {} : { version }),
        ...(ports.length === 0 ? {} : { ports }),
      });
    }
  }
  for (const key of ["apps", "pods", "groups"]) {
    if (Array.isArray(value[key])) fromMarathon(value[key], id, out, depth + 1);
  }
  if (isObject(value.app)) fromMarathon(value.app, id, out, depth + 1);
}

/**
 * Running placements from parsed Marathon JSON with embedded `tasks` or pod `instances`
 * (`/v2/apps?embed=apps.tasks`, `/v2/groups` with embeds, `/v2/pods/::status`), walked through groups.
 */
export function marathonPlacements(value: unknown): RunningPlacement[] {
  const out: RunningPlacement[] = [];
  fromMarathon(value, "/", out, 0);
  return out;
}

function looksMarathon(value: unknown): boolean {
  const probe = (v: unknown): boolean =>
    isObject(v) &&
    (Array.isArray(v.tasks) ||
      Array.isArray(v.instances) ||
      Array.isArray(v.apps) ||
      Array.isArray(v.groups));
  if (Array.isArray(value)) return value.some(probe);
  return probe(value) || (isObject(value) && isObject(value.app));
}

/**
 * Reads running placements: Mesos master state (tasks of Marathon apps), a list like
 * `[{app: /web, hostname: 10.0.1.10, count?: 2}]`, a map like `{/web: [10.0.1.10, 10.0.1.11]}`, or
 * Marathon app/group/pod JSON with embedded `tasks` / `instances`.
 * @example loadRunning('{"/web": ["10.0.1.10"]}').placements[0]?.hostname // "10.0.1.10"
 */
export function loadRunning(source: string): RunningResult {
  const read = readYaml(source, { prettyErrors: false, uniqueKeys: false });
  if (read.doc === undefined) return { placements: [], diagnostics: [read.limit] };
  const doc = read.doc;
  if (doc.errors.length > 0) {
    return {
      placements: [],
      diagnostics: doc.errors.map((err) => ({
        severity: "error",
        code: "invalid_running",
        message: `not valid JSON or YAML: ${err.message}`,
        span: yamlErrorSpan(err, source.length),
      })),
    };
  }
  const find = yamlNodeLocator(doc);
  const locate = (path: JsonPath): Span | undefined => {
    const node = find(path);
    return isNode(node) && node.range ? { start: node.range[0], end: node.range[1] } : undefined;
  };
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 1000 });
  } catch (e) {
    return {
      placements: [],
      diagnostics: [
        {
          severity: "error",
          code: "limit_exceeded",
          message: `the running file cannot be expanded: ${(e as Error).message}`,
          span: { start: 0, end: source.length },
        },
      ],
    };
  }
  if (isMesosState(value)) {
    const cluster = loadMesosState(value, { locate });
    return {
      placements: placementsFromTasks(cluster.tasks, true),
      diagnostics: cluster.diagnostics.filter((d) => d.severity === "error"),
      unidentified: unidentifiedMarathonTasks(cluster.tasks),
    };
  }
  if (looksMarathon(value)) {
    const placements: RunningPlacement[] = [];
    fromMarathon(value, "/", placements, 0);
    return { placements, diagnostics: [] };
  }
  const rep = new Reporter(locate);
  const placements: RunningPlacement[] = [];
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      if (!isObject(item)) {
        rep.error(
          "invalid_running",
          [i],
          "a running placement is an object like {app: /web, hostname: 10.0.1.10}",
        );
        return;
      }
      const appId = text(item.app) ?? text(item.appId);
      const hostname = text(item.hostname) ?? text(item.host);
      const agentId = text(item.agentId);
      if (appId === undefined) rep.error("invalid_running", [i], "the placement names no app (app: /web)");
      if (hostname === undefined && agentId === undefined)
        rep.error("invalid_running", [i], "the placement names no agent (hostname: ... or agentId: ...)");
      let count = 1;
      if (item.count !== undefined) {
        if (
          typeof item.count === "number" &&
          Number.isInteger(item.count) &&
          item.count >= 1 &&
          item.count <= MAX_COUNT
        )
          count = item.count;
        else {
          rep.error("invalid_running", [i, "count"], `count must be a whole number from 1 to ${MAX_COUNT}`);
          return;
        }
      }
      const version = text(item.version);
      if (version !== undefined && Number.isNaN(Date.parse(version)))
        rep.error(
          "invalid_running",
          [i, "version"],
          "version must be an ISO 8601 time, like 2024-05-01T12:00:00.000Z",
        );
      const ports = hostPorts(item.ports);
      if (item.ports !== undefined && (!Array.isArray(item.ports) || ports.length !== item.ports.length))
        rep.error(
          "invalid_running",
          [i, "ports"],
          "ports must be a list of host port numbers, like [31000, 31001]",
        );
      if (item.reserved !== undefined && typeof item.reserved !== "boolean")
        rep.error("invalid_running", [i, "reserved"], "reserved must be true or false");
      if (appId === undefined || (hostname === undefined && agentId === undefined)) return;
      for (let k = 0; k < count; k++) {
        placements.push({
          appId,
          ...(hostname === undefined ? {} : { hostname }),
          ...(agentId === undefined ? {} : { agentId }),
          ...(version === undefined ? {} : { version }),
          ...(ports.length === 0 || count > 1 ? {} : { ports }),
          ...(item.reserved === true ? { reserved: true } : {}),
        });
      }
    });
  } else if (isObject(value)) {
    for (const [appId, hosts] of Object.entries(value)) {
      if (!Array.isArray(hosts) || hosts.some((h) => typeof h !== "string" || h === "")) {
        rep.error(
          "invalid_running",
          [appId],
          `${appId}: give a list of agent hostnames, like [10.0.1.10, 10.0.1.11]`,
        );
        continue;
      }
      for (const hostname of hosts as string[]) placements.push({ appId, hostname });
    }
  } else {
    rep.error(
      "invalid_running",
      [],
      "expected Mesos state JSON, a list of {app, hostname}, a map of app id to hostnames, or Marathon JSON with tasks",
    );
  }
  return { placements, diagnostics: rep.diagnostics };
}
