// One agent's offer as the simulator keeps it: free scalar resources and host port ranges by role, what
// maintenance and Mesos say about the agent, and the arithmetic of checking and taking resources.
// Pure computation over typed arrays; no constraint logic (that is the evaluator's).
import type { Agent } from "../../agents/agent.js";
import {
  agentMaintenance,
  type MaintenanceSchedule,
  type MaintenanceWindow,
} from "../../agents/maintenance.js";
import type { MarathonConfig } from "./config.js";

/** Scalar dimensions, in this order in every pool array; `ports` is a count. */
export const DIMS = ["cpus", "mem", "disk", "gpus", "ports"] as const;
export const D = DIMS.length;
export const CPUS = 0;
export const MEM = 1;
export const DISK = 2;
export const GPUS = 3;
export const PORTS = 4;
/** Resource sums of decimals (0.1 cpus) drift in binary; comparisons allow this much. */
export const EPS = 1e-9;
// Mesos' default --min_allocatable_resources: an agent with less than this free is not offered.
const MIN_OFFER_CPUS = 0.01;
const MIN_OFFER_MEM = 32;

/** Interns Mesos role names to small integers; `"*"` (unreserved) is always 0. */
export class RoleIndex {
  readonly names: string[] = [];
  readonly #ids = new Map<string, number>();
  constructor() {
    this.id("*");
  }
  id(role: string): number {
    let id = this.#ids.get(role);
    if (id === undefined) {
      id = this.names.length;
      this.#ids.set(role, id);
      this.names.push(role);
    }
    return id;
  }
}

/** Interns every role the agents and apps name, so pools can size their arrays once. */
export function registerRoles(roles: RoleIndex, agents: readonly Agent[], appRoles: Iterable<string>): void {
  for (const a of agents) {
    const r = a.resources;
    if (r === undefined) continue;
    for (const role of Object.keys(r.total)) roles.id(role);
    for (const role of Object.keys(r.free)) roles.id(role);
    for (const role of Object.keys(r.portRanges?.free ?? {})) roles.id(role);
  }
  for (const role of appRoles) roles.id(role);
}

/** What Marathon's maintenance check sees for an agent at the simulated time. */
export interface PoolMaintenance {
  readonly window: MaintenanceWindow;
  /** Marathon declines the agent's offers now (maintenance mode on, inside the window or its draining time). */
  readonly declines: boolean;
  /** The window has not started: only `--draining_seconds` reaches the agent. */
  readonly draining: boolean;
}

/** A chosen host port and the role whose range it came from. */
export interface PortPick {
  readonly ports: readonly number[];
  readonly roles: readonly number[];
}

/**
 * An agent's free resources, changed as instances are placed. `free` and `total` hold D numbers per
 * role (undefined: the inventory gave no resources, the agent is unlimited); `ranges` holds each role's
 * free port ranges as flat `[begin, end, begin, end, ...]` arrays (undefined: only counts are known).
 */
export class OfferPool {
  readonly free: Float64Array | undefined;
  readonly total: Float64Array | undefined;
  readonly ranges: number[][] | undefined;
  /** Every port range the agent has, by role id (free or not); undefined with `ranges`. */
  readonly allRanges: (readonly (readonly [number, number])[])[] | undefined;
  /** Host ports taken by number where no ranges are known (they must not be taken twice). */
  readonly taken = new Set<number>();
  readonly maintenance: PoolMaintenance | undefined;
  /** Mesos makes no offers at all: deactivated, draining or drained, or its machine is DOWN. */
  readonly silent: boolean;
  readonly down: boolean;
  /** Total GPUs (all roles); Mesos hides such agents from frameworks without GPU support. */
  readonly hasGpus: boolean;
  /**
   * GPUs held by reservations whose instance is not running: Mesos offers reserved resources back to
   * their role until a task uses them, so an offer still carries these GPUs.
   */
  heldGpus = 0;

  constructor(
    readonly agent: Agent,
    readonly index: number,
    roles: RoleIndex,
    schedule: MaintenanceSchedule | undefined,
    config: MarathonConfig,
    now: number,
  ) {
    const res = agent.resources;
    const roleCount = roles.names.length;
    if (res !== undefined) {
      this.free = new Float64Array(roleCount * D);
      this.total = new Float64Array(roleCount * D);
      // Roles are interned before pools are built (see registerRoles); a role seen only now is ignored.
      const idOf = (role: string) => {
        const id = roles.id(role);
        return id < roleCount ? id : -1;
      };
      for (const [role, r] of Object.entries(res.free))
        if (idOf(role) >= 0) this.free.set(toArray(r), idOf(role) * D);
      for (const [role, r] of Object.entries(res.total))
        if (idOf(role) >= 0) this.total.set(toArray(r), idOf(role) * D);
      if (res.portRanges !== undefined) {
        this.ranges = Array.from({ length: roleCount }, () => []);
        this.allRanges = Array.from({ length: roleCount }, () => []);
        for (const [role, list] of Object.entries(res.portRanges.total)) {
          if (idOf(role) >= 0) this.allRanges[idOf(role)] = list;
        }
        for (const [role, list] of Object.entries(res.portRanges.free)) {
          const id = idOf(role);
          if (id < 0) continue;
          const flat: number[] = [];
          let count = 0;
          for (const [b, e] of list) {
            flat.push(b, e);
            count += e - b + 1;
          }
          this.ranges[id] = flat;
          // The ranges are the truth about ports; the count follows them.
          this.free[id * D + PORTS] = count;
        }
      }
    }
    let gpus = 0;
    if (this.total !== undefined) for (let i = GPUS; i < this.total.length; i += D) gpus += this.total[i]!;
    this.hasGpus = gpus > 0;
    const m = schedule === undefined ? { down: false } : agentMaintenance(agent, schedule);
    this.down = m.down;
    this.silent = agent.inactive === true || m.down;
    if (m.window !== undefined) {
      const w = m.window;
      const drainFrom = w.start - config.drainingSeconds * 1000;
      // Marathon's Availability.offerAvailable: unavailable from (start - draining) until start + duration.
      const inside = now > drainFrom && !(w.duration !== undefined && now > w.start + w.duration);
      this.maintenance = {
        window: w,
        declines: config.maintenanceMode && inside,
        draining: inside && now <= w.start,
      };
    } else {
      this.maintenance = undefined;
    }
  }

  /** Mesos sends an offer: the agent is active and has at least its minimum allocatable resources free. */
  offers(): boolean {
    if (this.silent) return false;
    const free = this.free;
    if (free === undefined) return true;
    let cpus = 0;
    let mem = 0;
    for (let i = 0; i < free.length; i += D) {
      cpus += free[i + CPUS]!;
      mem += free[i + MEM]!;
    }
    return cpus + EPS >= MIN_OFFER_CPUS || mem + EPS >= MIN_OFFER_MEM;
  }

  /** Free amount of dimension `d` in the given roles (Infinity when the agent is unlimited). */
  usable(roles: Int32Array, d: number): number {
    const free = this.free;
    if (free === undefined) return Number.POSITIVE_INFINITY;
    let sum = 0;
    for (let i = 0; i < roles.length; i++) sum += free[roles[i]! * D + d]!;
    return sum;
  }

  /** The same, from what the agent has in total. */
  capacity(roles: Int32Array, d: number): number {
    const total = this.total;
    if (total === undefined) return Number.POSITIVE_INFINITY;
    let sum = 0;
    for (let i = 0; i < roles.length; i++) sum += total[roles[i]! * D + d]!;
    return sum;
  }

  /** Free GPUs in every role, and those of idle reservations: what an offer from this agent carries. */
  offeredGpus(): number {
    const free = this.free;
    if (free === undefined) return this.heldGpus;
    let sum = this.heldGpus;
    for (let i = GPUS; i < free.length; i += D) sum += free[i]!;
    return sum;
  }

  /** True when the roles hold every scalar in `need` (cpus, mem, disk, gpus; ports are checked apart). */
  scalarsFit(roles: Int32Array, need: Float64Array): boolean {
    if (this.free === undefined) return true;
    for (let d = 0; d < PORTS; d++) {
      const n = need[d]!;
      if (n > 0 && this.usable(roles, d) + EPS < n) return false;
    }
    return true;
  }

  /** Whether the agent has `port` at all in one of the roles (free or in use). */
  hasPort(roles: Int32Array, port: number): boolean {
    const all = this.allRanges;
    if (all === undefined) return true;
    for (let i = 0; i < roles.length; i++) {
      for (const [b, e] of all[roles[i]!]!) if (port >= b && port <= e) return true;
    }
    return false;
  }

  /** The role (among `roles`, in order) whose free ranges contain `port`; -1 when none does. */
  roleOfPort(roles: Int32Array, port: number): number {
    const ranges = this.ranges;
    if (ranges === undefined) return -1;
    for (let i = 0; i < roles.length; i++) if (contains(ranges[roles[i]!]!, port)) return roles[i]!;
    return -1;
  }

  /** True when one instance's host ports fit: every fixed port free (and offered), and enough others. */
  portsFit(roles: Int32Array, fixed: readonly number[], dynamic: number): boolean {
    if (fixed.length === 0 && dynamic === 0) return true;
    if (this.ranges === undefined) {
      for (let i = 0; i < fixed.length; i++) if (this.taken.has(fixed[i]!)) return false;
      return this.free === undefined || this.usable(roles, PORTS) + EPS >= fixed.length + dynamic;
    }
    for (let i = 0; i < fixed.length; i++) if (this.roleOfPort(roles, fixed[i]!) < 0) return false;
    return dynamic === 0 || this.usable(roles, PORTS) - distinct(fixed) >= dynamic;
  }

  /**
   * Chooses the instance's host ports: its fixed ones, then the lowest free ones of the roles in order,
   * passing over `avoid` (numbers other apps ask for by number) while others are left. Marathon takes
   * dynamic ports at random; taking the lowest others do not want never invents a clash Marathon would
   * only meet by chance. Undefined when the ports do not fit; in count mode only fixed ports are named.
   */
  pickPorts(
    roles: Int32Array,
    fixed: readonly number[],
    dynamic: number,
    avoid: ReadonlySet<number>,
  ): PortPick | undefined {
    if (!this.portsFit(roles, fixed, dynamic)) return undefined;
    const ranges = this.ranges;
    if (ranges === undefined) return { ports: fixed, roles: fixed.map(() => -1) };
    const ports: number[] = [];
    const owners: number[] = [];
    for (const p of fixed) {
      ports.push(p);
      owners.push(this.roleOfPort(roles, p));
    }
    const own = new Set(fixed);
    for (let pass = 0; pass < 2 && ports.length < fixed.length + dynamic; pass++) {
      for (let i = 0; i < roles.length && ports.length < fixed.length + dynamic; i++) {
        const flat = ranges[roles[i]!]!;
        for (let k = 0; k < flat.length && ports.length < fixed.length + dynamic; k += 2) {
          for (let p = flat[k]!; p <= flat[k + 1]! && ports.length < fixed.length + dynamic; p++) {
            if (own.has(p)) continue;
            if (pass === 0 && avoid.has(p)) continue;
            if (pass === 1 && !avoid.has(p)) continue;
            own.add(p);
            ports.push(p);
            owners.push(roles[i]!);
          }
        }
      }
    }
    return ports.length === fixed.length + dynamic ? { ports, roles: owners } : undefined;
  }

  /**
   * Takes one instance's scalars from the roles in order (reserved roles first) and its ports. Returns
   * false when some scalar had to be clamped (it held more than was free).
   */
  take(
    roles: Int32Array,
    need: ArrayLike<number>,
    pick: PortPick | undefined,
    dynamicCount: number,
  ): boolean {
    const free = this.free;
    let exact = true;
    if (free !== undefined) {
      for (let d = 0; d < PORTS; d++) {
        let left = need[d]!;
        for (let i = 0; i < roles.length && left > EPS; i++) {
          const at = roles[i]! * D + d;
          const take = Math.min(free[at]!, left);
          free[at] = Math.round((free[at]! - take) * 1e9) / 1e9;
          left -= take;
        }
        if (left > EPS) exact = false;
      }
    }
    this.takePorts(roles, pick?.ports ?? [], dynamicCount);
    return exact;
  }

  /**
   * Marks host ports as used: by number where ranges are known (whichever role has each; a port no role
   * has is already used), else as taken numbers; `unnamed` more ports are only counted.
   */
  takePorts(roles: Int32Array, ports: readonly number[], unnamed: number): void {
    const free = this.free;
    const ranges = this.ranges;
    if (ranges !== undefined && free !== undefined) {
      for (const p of ports) {
        for (let r = 0; r < ranges.length; r++) {
          if (remove(ranges[r]!, p)) {
            free[r * D + PORTS]!--;
            break;
          }
        }
      }
      return;
    }
    for (const p of ports) this.taken.add(p);
    if (free === undefined) return;
    let left = ports.length + unnamed;
    for (let i = 0; i < roles.length && left > 0; i++) {
      const at = roles[i]! * D + PORTS;
      const take = Math.min(free[at]!, left);
      free[at]! -= take;
      left -= take;
    }
  }
}

function toArray(r: { cpus: number; mem: number; disk: number; gpus: number; ports: number }): Float64Array {
  return Float64Array.of(r.cpus, r.mem, r.disk, r.gpus, r.ports);
}

function distinct(ports: readonly number[]): number {
  return ports.length < 2 ? ports.length : new Set(ports).size;
}

/** Binary search in a flat sorted `[b, e, b, e, ...]` list. */
function contains(flat: readonly number[], port: number): boolean {
  let lo = 0;
  let hi = (flat.length >> 1) - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (port < flat[2 * mid]!) hi = mid - 1;
    else if (port > flat[2 * mid + 1]!) lo = mid + 1;
    else return true;
  }
  return false;
}

/** Removes one port from a flat range list, splitting its range; false when the port is not there. */
function remove(flat: number[], port: number): boolean {
  let lo = 0;
  let hi = (flat.length >> 1) - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const b = flat[2 * mid]!;
    const e = flat[2 * mid + 1]!;
    if (port < b) hi = mid - 1;
    else if (port > e) lo = mid + 1;
    else {
      if (b === e) flat.splice(2 * mid, 2);
      else if (port === b) flat[2 * mid] = b + 1;
      else if (port === e) flat[2 * mid + 1] = e - 1;
      else flat.splice(2 * mid, 2, b, port - 1, port + 1, e);
      return true;
    }
  }
  return false;
}
