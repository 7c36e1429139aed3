// Mesos master JSON (`/master/state`, `/master/state-summary`, `/master/slaves`) -> agents with fault
// domains, attributes and resources by role, plus running tasks. Takes parsed JSON; never throws.
import type { Agent, AgentResources, PortRanges, Resources, ResourcesByRole } from "./agent.js";
import { attributesFromObject, faultDomain, looksPublic, portRanges, readResources } from "./agent-input.js";
import type { Cluster, RunningTask } from "./cluster.js";
import { coalesceRanges, subtractRanges } from "./port-ranges.js";
import { isObject, type JsonPath, type Locate, Reporter } from "./report.js";

export interface LoadMesosStateOptions {
  /** Maps a path in `json` to its span in the source text, for diagnostics. */
  readonly locate?: Locate;
}

const TERMINAL_STATES = new Set([
  "TASK_FINISHED",
  "TASK_FAILED",
  "TASK_KILLED",
  "TASK_LOST",
  "TASK_ERROR",
  "TASK_DROPPED",
  "TASK_GONE",
  "TASK_GONE_BY_OPERATOR",
]);
const DIMENSIONS = ["cpus", "mem", "disk", "gpus", "ports"] as const;
type Mutable = { -readonly [K in keyof Resources]: Resources[K] };

/** True when `json` has the shape of a Mesos master state document (it has a `slaves` list). */
export function isMesosState(json: unknown): boolean {
  return isObject(json) && Array.isArray(json.slaves);
}

/**
 * Reads agents and running tasks from a Mesos master document: `/master/state`, `/master/state-summary`
 * or `/master/slaves`. Resources are split by role; `free` is total less `used_resources`.
 * @example loadMesosState(JSON.parse(stateText)).agents.map((a) => a.hostname)
 */
export function loadMesosState(json: unknown, options: LoadMesosStateOptions = {}): Cluster {
  const rep = new Reporter(options.locate);
  if (!isMesosState(json)) {
    rep.error(
      "invalid_inventory",
      [],
      "not a Mesos master document: expected an object with a 'slaves' list (/master/state, /master/state-summary or /master/slaves)",
    );
    return { agents: [], tasks: [], diagnostics: rep.diagnostics };
  }
  const root = json as Record<string, unknown>;
  const masterRegion = faultDomain(root.domain)?.region;
  const slaves = root.slaves as unknown[];
  const hostnames = new Map<string, string>();
  for (const s of slaves) {
    if (isObject(s) && typeof s.id === "string" && typeof s.hostname === "string")
      hostnames.set(s.id, s.hostname);
  }
  const tasks = readTasks(root.frameworks, hostnames, rep);
  const tasksByAgent = new Map<string, RunningTask[]>();
  for (const t of tasks) {
    const list = tasksByAgent.get(t.agentId);
    if (list) list.push(t);
    else tasksByAgent.set(t.agentId, [t]);
  }

  const agents: Agent[] = [];
  const seen = new Set<string>();
  slaves.forEach((slave, i) => {
    const path: JsonPath = ["slaves", i];
    if (!isObject(slave)) {
      rep.error("invalid_agent", path, "an agent entry must be an object");
      return;
    }
    const id = typeof slave.id === "string" ? slave.id : undefined;
    if (id !== undefined && seen.has(id)) {
      rep.warn(
        "invalid_agent",
        [...path, "id"],
        `agent id ${id} appears more than once; the first entry is kept`,
      );
      return;
    }
    if (id !== undefined) seen.add(id);
    const agent = readAgent(slave, path, id === undefined ? [] : (tasksByAgent.get(id) ?? []), rep);
    if (agent) agents.push(agent);
  });
  return {
    agents,
    ...(masterRegion === undefined ? {} : { masterRegion }),
    tasks,
    diagnostics: rep.diagnostics,
  };
}

function readAgent(
  slave: Record<string, unknown>,
  path: JsonPath,
  tasks: readonly RunningTask[],
  rep: Reporter,
): Agent | undefined {
  if (typeof slave.hostname !== "string" || slave.hostname === "") {
    rep.error("invalid_agent", path, "the agent has no hostname; it is skipped");
    return undefined;
  }
  const domain = faultDomain(slave.domain);
  const attributes = isObject(slave.attributes)
    ? attributesFromObject(slave.attributes, [...path, "attributes"], rep, true)
    : [];
  const resources = readAgentResources(slave, path, tasks, rep);
  const drain = isObject(slave.drain_info) ? slave.drain_info.state : undefined;
  const draining = drain === "DRAINING" || drain === "DRAINED" ? drain : undefined;
  const inactive = slave.active === false || slave.deactivated === true || draining !== undefined;
  const ip = typeof slave.pid === "string" ? /@([^:@]+):\d+$/.exec(slave.pid)?.[1] : undefined;
  return {
    ...(typeof slave.id === "string" ? { id: slave.id } : {}),
    hostname: slave.hostname,
    ...(domain === undefined ? {} : { region: domain.region, zone: domain.zone }),
    attributes,
    ...(resources === undefined ? {} : { resources }),
    ...(looksPublic(attributes, resources?.total) ? { public: true } : {}),
    ...(inactive ? { inactive: true } : {}),
    ...(ip === undefined ? {} : { ip }),
    ...(draining === undefined ? {} : { drain: draining }),
  };
}

function readAgentResources(
  slave: Record<string, unknown>,
  path: JsonPath,
  tasks: readonly RunningTask[],
  rep: Reporter,
): AgentResources | undefined {
  if (!isObject(slave.resources)) return undefined;
  const total = readResources(slave.resources, [...path, "resources"], rep, false);
  if (total === undefined) return undefined;
  const reserved: Record<string, Resources> = {};
  if (isObject(slave.reserved_resources)) {
    for (const [role, r] of Object.entries(slave.reserved_resources)) {
      const res = readResources(r, [...path, "reserved_resources", role], rep, false);
      if (res !== undefined && role !== "*") reserved[role] = res;
    }
  }
  // unreserved_resources is total minus reservations (not free capacity); older Mesos omits it.
  let unreserved: Resources | undefined;
  if (isObject(slave.unreserved_resources)) {
    unreserved = readResources(slave.unreserved_resources, [...path, "unreserved_resources"], rep, false);
  }
  if (unreserved === undefined) {
    const rest = { ...total };
    for (const r of Object.values(reserved))
      for (const k of DIMENSIONS) rest[k] = fixed(Math.max(0, rest[k] - r[k]));
    unreserved = rest;
  }
  const byRole: Record<string, Resources> = {};
  if (!isZero(unreserved) || Object.keys(reserved).length === 0) byRole["*"] = unreserved;
  for (const [role, r] of Object.entries(reserved)) if (!isZero(r)) byRole[role] = r;

  const used = isObject(slave.used_resources)
    ? (readResources(slave.used_resources, [...path, "used_resources"], rep, false) ?? zero())
    : zero();
  const ranges = readPortRanges(slave, Object.keys(byRole));
  return {
    total: byRole,
    free: subtractUsed(byRole, used, tasks),
    ...(ranges === undefined ? {} : { portRanges: ranges }),
  };
}

/**
 * Port ranges by role: reserved ranges per role, the unreserved ones (or total less the reserved), and
 * free = less `used_resources.ports`. Unlike scalars, used ports need no guessing about roles: the
 * ranges of different roles never overlap, so each used port leaves exactly the role that had it.
 */
function readPortRanges(
  slave: Record<string, unknown>,
  roles: readonly string[],
): AgentResources["portRanges"] | undefined {
  const totalAll = isObject(slave.resources) ? portRanges(slave.resources.ports) : undefined;
  if (totalAll === undefined) return undefined;
  const total: Record<string, PortRanges> = {};
  let reservedAll: [number, number][] = [];
  if (isObject(slave.reserved_resources)) {
    for (const [role, r] of Object.entries(slave.reserved_resources)) {
      if (role === "*" || !isObject(r)) continue;
      const ranges = portRanges(r.ports);
      if (ranges === undefined) return undefined;
      total[role] = ranges;
      reservedAll = coalesceRanges([...reservedAll, ...ranges]);
    }
  }
  const unreserved = isObject(slave.unreserved_resources)
    ? portRanges(slave.unreserved_resources.ports)
    : undefined;
  total["*"] = unreserved ?? subtractRanges(totalAll, reservedAll);
  for (const role of roles) total[role] ??= [];
  const used = isObject(slave.used_resources) ? (portRanges(slave.used_resources.ports) ?? []) : [];
  const free: Record<string, PortRanges> = {};
  for (const [role, ranges] of Object.entries(total)) free[role] = subtractRanges(ranges, used);
  return { total, free };
}

/**
 * `used_resources` carries no role, so this is an approximation. When the state lists the agent's
 * tasks, each task is charged to its own role if the agent reserves that role, else to `*`. What is
 * left of `used_resources` (executors, or every task when there is no task list, as in
 * /state-summary) is charged to reserved roles first, in order, then to `*`: frameworks with a
 * reservation on an agent normally run inside it. Over-use is clamped at zero.
 */
function subtractUsed(
  total: ResourcesByRole,
  used: Resources,
  tasks: readonly RunningTask[],
): ResourcesByRole {
  const free: Record<string, Mutable> = {};
  for (const [role, r] of Object.entries(total)) free[role] = { ...r };
  const residual: Mutable = { ...used };
  for (const t of tasks) {
    const role = t.role !== undefined && t.role !== "*" && free[t.role] !== undefined ? t.role : "*";
    const pool = free[role];
    if (pool === undefined) continue;
    for (const k of DIMENSIONS) {
      const take = Math.min(t.resources[k], pool[k], residual[k]);
      pool[k] = fixed(pool[k] - take);
      residual[k] = fixed(residual[k] - take);
    }
  }
  const order = [...Object.keys(free).filter((r) => r !== "*"), ...(free["*"] ? ["*"] : [])];
  for (const role of order) {
    const pool = free[role]!;
    for (const k of DIMENSIONS) {
      const take = Math.min(residual[k], pool[k]);
      pool[k] = fixed(pool[k] - take);
      residual[k] = fixed(residual[k] - take);
    }
  }
  return free;
}

function readTasks(
  frameworks: unknown,
  hostnames: ReadonlyMap<string, string>,
  rep: Reporter,
): RunningTask[] {
  const out: RunningTask[] = [];
  if (!Array.isArray(frameworks)) return out;
  frameworks.forEach((fw, f) => {
    if (!isObject(fw) || !Array.isArray(fw.tasks)) return;
    const frameworkName = typeof fw.name === "string" ? fw.name : undefined;
    const frameworkRole = typeof fw.role === "string" ? fw.role : undefined;
    const isMarathon = frameworkName?.startsWith("marathon") === true;
    fw.tasks.forEach((task, i) => {
      const path: JsonPath = ["frameworks", f, "tasks", i];
      if (!isObject(task)) return;
      const { id, name, state } = task;
      const agentId = task.slave_id ?? task.agent_id;
      if (typeof id !== "string" || typeof agentId !== "string") {
        rep.warn("invalid_agent", path, "a task without an id or agent id is ignored");
        return;
      }
      if (typeof state === "string" && TERMINAL_STATES.has(state)) return;
      const resources = isObject(task.resources)
        ? (readResources(task.resources, [...path, "resources"], rep, false) ?? zero())
        : zero();
      const role = typeof task.role === "string" ? task.role : frameworkRole;
      const ports = isObject(task.resources) ? portRanges(task.resources.ports) : undefined;
      const hostname = hostnames.get(agentId);
      const appId = isMarathon ? marathonAppId(id, task.labels) : undefined;
      const frameworkId =
        typeof task.framework_id === "string" ? task.framework_id : typeof fw.id === "string" ? fw.id : "";
      out.push({
        id,
        name: typeof name === "string" ? name : id,
        frameworkId,
        ...(frameworkName === undefined ? {} : { frameworkName }),
        agentId,
        ...(hostname === undefined ? {} : { hostname }),
        state: typeof state === "string" ? state : "TASK_RUNNING",
        ...(role === undefined ? {} : { role }),
        resources,
        ...(ports === undefined || ports.length === 0 ? {} : { ports }),
        ...(appId === undefined ? {} : { appId }),
      });
    });
  });
  return out;
}

// Marathon task ids: `<app>.<uuid>` (before 1.5), `<app>.instance-<uuid>._app.<n>` or
// `<app>.instance-<uuid>.<container>` (pods), where <app> is the id without its leading slash and with
// `/` written as `_`. Marathon ids never contain `_`, so the mapping reverses exactly.
const MARATHON_TASK_ID =
  /^(.+?)\.(?:instance-|marathon-)?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?:\..*)?$/i;

/**
 * The Marathon app or pod id a task id encodes (`prod_web.<uuid>` -> `/prod/web`), falling back to the
 * DC/OS `DCOS_SPACE` task label; undefined when neither is there.
 */
export function marathonAppId(taskId: string, labels?: unknown): string | undefined {
  const m = MARATHON_TASK_ID.exec(taskId);
  if (m) return `/${m[1]!.replaceAll("_", "/")}`;
  if (Array.isArray(labels)) {
    for (const l of labels) {
      if (isObject(l) && l.key === "DCOS_SPACE" && typeof l.value === "string" && l.value.startsWith("/"))
        return l.value;
    }
  }
  return undefined;
}

function zero(): Mutable {
  return { cpus: 0, mem: 0, disk: 0, gpus: 0, ports: 0 };
}

function isZero(r: Resources): boolean {
  return r.cpus === 0 && r.mem === 0 && r.disk === 0 && r.gpus === 0 && r.ports === 0;
}

/** Mesos keeps scalar resources to three decimal places; so do we after arithmetic. */
function fixed(x: number): number {
  return Math.round(x * 1000) / 1000;
}
