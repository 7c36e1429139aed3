// Mesos maintenance inputs: the `/maintenance/schedule` windows and `/maintenance/status` machine modes
// (v0 endpoints or the v1 operator API's responses) -> plain data, and which window applies to an agent.
// Never throws; times become milliseconds since the Unix epoch.
import { isNode } from "yaml";
import type { Span } from "../ast.js";
import type { Diagnostic } from "../diagnostics.js";
import { readYaml, yamlErrorSpan, yamlNodeLocator } from "../yaml-document.js";
import type { Agent } from "./agent.js";
import { isObject, type JsonPath, Reporter } from "./report.js";

/** A machine as Mesos names it in maintenance: both fields must equal the agent's (hostname ignoring case). */
export interface MachineId {
  readonly hostname?: string;
  readonly ip?: string;
}

/** Machines expected to be unavailable from `start` for `duration` (open-ended when absent). */
export interface MaintenanceWindow {
  readonly machines: readonly MachineId[];
  /** Milliseconds since the Unix epoch. */
  readonly start: number;
  /** Milliseconds; absent: the unavailability has no end. */
  readonly duration?: number;
}

/** The cluster's maintenance: scheduled windows, and machines an operator has put DOWN. */
export interface MaintenanceSchedule {
  readonly windows: readonly MaintenanceWindow[];
  /** Machines in `DOWN` mode: their agents may not register, so they make no offers. */
  readonly down: readonly MachineId[];
}

export interface MaintenanceResult {
  readonly schedule: MaintenanceSchedule;
  readonly diagnostics: readonly Diagnostic[];
}

export const NO_MAINTENANCE: MaintenanceSchedule = { windows: [], down: [] };

/**
 * Reads Mesos maintenance JSON: `GET /maintenance/schedule` (`{windows: [...]}`), `GET
 * /maintenance/status` (`{draining_machines, down_machines}`), or the v1 operator API's
 * `GET_MAINTENANCE_SCHEDULE` / `GET_MAINTENANCE_STATUS` responses. Times are `{nanoseconds}`.
 * @example loadMaintenance('{"windows":[]}').schedule.windows // []
 */
export function loadMaintenance(text: string): MaintenanceResult {
  // Through the nesting guard: the yaml package recurses as deep as the document nests.
  const read = readYaml(text, { prettyErrors: false, uniqueKeys: false });
  if (read.doc === undefined) return { schedule: NO_MAINTENANCE, diagnostics: [read.limit] };
  const doc = read.doc;
  if (doc.errors.length > 0) {
    return {
      schedule: NO_MAINTENANCE,
      diagnostics: doc.errors.map((e) => ({
        severity: "error",
        code: "invalid_maintenance",
        message: `not valid JSON: ${e.message}`,
        span: yamlErrorSpan(e, text.length),
      })),
    };
  }
  const find = yamlNodeLocator(doc);
  const locate = (path: JsonPath): Span | undefined => {
    const node = find(path);
    return isNode(node) && node.range ? { start: node.range[0], end: node.range[1] } : undefined;
  };
  const rep = new Reporter(locate);
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 1000 });
  } catch (e) {
    rep.error("limit_exceeded", [], `the maintenance file cannot be expanded: ${(e as Error).message}`);
    return { schedule: NO_MAINTENANCE, diagnostics: rep.diagnostics };
  }
  const windows: MaintenanceWindow[] = [];
  const down: MachineId[] = [];
  let root: unknown = value;
  let at: JsonPath = [];
  if (isObject(value) && isObject(value.get_maintenance_schedule)) {
    root = value.get_maintenance_schedule.schedule ?? {};
    at = ["get_maintenance_schedule", "schedule"];
  } else if (isObject(value) && isObject(value.get_maintenance_status)) {
    root = value.get_maintenance_status.status ?? {};
    at = ["get_maintenance_status", "status"];
  }
  // Mesos writes an empty schedule or status as `{}`: protobuf JSON leaves out empty repeated fields.
  const empty = isObject(root) && Object.keys(root).length === 0;
  if (
    !isObject(root) ||
    !(empty || "windows" in root || "draining_machines" in root || "down_machines" in root)
  ) {
    rep.error(
      "invalid_maintenance",
      at,
      "expected Mesos maintenance JSON: a schedule ({windows: [...]}) or a status ({draining_machines, down_machines})",
    );
    return { schedule: NO_MAINTENANCE, diagnostics: rep.diagnostics };
  }
  if (root.windows !== undefined) {
    if (!Array.isArray(root.windows))
      rep.error("invalid_maintenance", [...at, "windows"], "windows must be a list");
    else
      root.windows.forEach((w, i) => {
        readWindow(w, [...at, "windows", i], rep, windows);
      });
  }
  if (root.down_machines !== undefined) {
    if (!Array.isArray(root.down_machines))
      rep.error("invalid_maintenance", [...at, "down_machines"], "down_machines must be a list");
    else
      root.down_machines.forEach((m, i) => {
        const id = readMachine(m, [...at, "down_machines", i], rep);
        if (id !== undefined) down.push(id);
      });
  }
  // Draining machines carry no times: their windows are in the schedule, which says when.
  return { schedule: { windows, down }, diagnostics: rep.diagnostics };
}

function readWindow(w: unknown, path: JsonPath, rep: Reporter, out: MaintenanceWindow[]): void {
  if (!isObject(w)) {
    rep.error(
      "invalid_maintenance",
      path,
      "a window is {machine_ids: [...], unavailability: {start, duration?}}",
    );
    return;
  }
  const machines: MachineId[] = [];
  if (!Array.isArray(w.machine_ids) || w.machine_ids.length === 0) {
    rep.error(
      "invalid_maintenance",
      [...path, "machine_ids"],
      "a window needs at least one machine in machine_ids",
      "Window does not contain any machines",
    );
  } else {
    w.machine_ids.forEach((m, i) => {
      const id = readMachine(m, [...path, "machine_ids", i], rep);
      if (id !== undefined) machines.push(id);
    });
  }
  const u = w.unavailability;
  if (!isObject(u)) {
    rep.error(
      "invalid_maintenance",
      [...path, "unavailability"],
      "a window needs an unavailability {start: {nanoseconds}}",
    );
    return;
  }
  const start = nanosToMillis(u.start, [...path, "unavailability", "start"], rep);
  const duration =
    u.duration === undefined
      ? undefined
      : nanosToMillis(u.duration, [...path, "unavailability", "duration"], rep);
  if (start === undefined || (u.duration !== undefined && duration === undefined) || machines.length === 0)
    return;
  out.push({ machines, start, ...(duration === undefined ? {} : { duration }) });
}

function readMachine(m: unknown, path: JsonPath, rep: Reporter): MachineId | undefined {
  // `/maintenance/status` wraps draining machines as {id: {...}, statuses}; down machines are bare.
  const id = isObject(m) && isObject(m.id) ? m.id : m;
  if (!isObject(id)) {
    rep.error(
      "invalid_maintenance",
      path,
      'a machine is {hostname, ip}, like {"hostname": "agent1", "ip": "10.0.0.1"}',
    );
    return undefined;
  }
  const hostname = typeof id.hostname === "string" && id.hostname !== "" ? id.hostname : undefined;
  const ip = typeof id.ip === "string" && id.ip !== "" ? id.ip : undefined;
  if (hostname === undefined && ip === undefined) {
    rep.error(
      "invalid_maintenance",
      path,
      "a machine needs a hostname or an ip",
      "Both 'hostname' and 'ip' for a machine are empty",
    );
    return undefined;
  }
  if (hostname === undefined || ip === undefined) {
    rep.warn(
      "invalid_maintenance",
      path,
      hostname === undefined
        ? "this machine has no hostname: Mesos applies maintenance only to an agent whose hostname and IP both equal the machine's, so it applies to no agent"
        : "this machine has no ip: Mesos applies maintenance only to an agent whose hostname and IP both equal the machine's, so it applies to no agent (the simulator applies it to agents whose IP the inventory does not know)",
    );
  }
  return { ...(hostname === undefined ? {} : { hostname }), ...(ip === undefined ? {} : { ip }) };
}

/** `{nanoseconds: n}` (a number or, as the v1 API writes int64, a string) -> milliseconds. */
function nanosToMillis(v: unknown, path: JsonPath, rep: Reporter): number | undefined {
  const ns = isObject(v) ? v.nanoseconds : undefined;
  if (typeof ns === "number" && Number.isFinite(ns)) return ns / 1e6;
  if (typeof ns === "string" && /^-?\d{1,19}$/.test(ns)) return Number(BigInt(ns) / 1000n) / 1000;
  rep.error(
    "invalid_maintenance",
    path,
    'a time is {"nanoseconds": <integer>} (nanoseconds since the Unix epoch, or a length)',
  );
  return undefined;
}

/** Merges schedules read from several files (a schedule and a status, say). */
export function mergeMaintenance(a: MaintenanceSchedule, b: MaintenanceSchedule): MaintenanceSchedule {
  return { windows: [...a.windows, ...b.windows], down: [...a.down, ...b.down] };
}

/**
 * Whether a maintenance machine is this agent: hostnames equal ignoring case and IPs equal, as Mesos
 * requires. An inventory that does not know an agent's IP cannot compare it, so then the hostname decides.
 */
export function isMachine(agent: Agent, machine: MachineId): boolean {
  if (machine.hostname === undefined || machine.hostname.toLowerCase() !== agent.hostname.toLowerCase())
    return false;
  return agent.ip === undefined || machine.ip === agent.ip;
}

/** What maintenance says about one agent: its window (Mesos allows one per machine) and DOWN mode. */
export function agentMaintenance(
  agent: Agent,
  schedule: MaintenanceSchedule,
): { readonly window?: MaintenanceWindow; readonly down: boolean } {
  const down = schedule.down.some((m) => isMachine(agent, m));
  const window = schedule.windows.find((w) => w.machines.some((m) => isMachine(agent, m)));
  return window === undefined ? { down } : { window, down };
}
