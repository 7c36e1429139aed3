// Marathon's offer matcher for one app and one agent's offer (ResourceMatcher.matchResources, the
// PortsMatcher and the resident-app rules of InstanceOpFactoryImpl): a fast yes/no for the placement
// loop, and the slow inspection that names every reason, Marathon's own and ours. Constraints and the
// region gate are the caller's: it passes their outcome in.
import type { Rejection, WorkloadApp } from "../types.js";
import type { GpuSchedulingBehavior, MarathonConfig } from "./config.js";
import { CPUS, D, DIMS, DISK, EPS, GPUS, MEM, type OfferPool, PORTS, type RoleIndex } from "./pool.js";
import type { NoOfferMatchReason } from "./reasons.js";

/**
 * How an app meets an offer. `launch`: an ordinary instance. Resident apps (persistent volumes):
 * `reserve` a new instance on unreserved resources, relaunch one `on-reservation` it holds on this
 * agent, or `no-reservation` when every remaining instance waits for a reservation elsewhere.
 */
export type OfferMode = "launch" | "reserve" | "on-reservation" | "no-reservation";

/** What one instance asks of an offer: roles it may use (in the order they are used up) and amounts. */
export interface OfferRequest {
  readonly roles: Int32Array;
  /** D numbers: cpus, mem, disk, gpus, and the count of host ports. */
  readonly need: Float64Array;
  readonly fixedPorts: readonly number[];
  readonly dynamicPorts: number;
}

/** An app prepared for offer matching, once per simulation. */
export interface OfferApp {
  /** Marathon's matcher applies (Marathon apps and pods, and a package's own Marathon app); not to SDK pods. */
  readonly marathon: boolean;
  readonly launch: OfferRequest;
  /** Resident apps: a new instance reserves unreserved resources plus its persistent volumes. */
  readonly reserve: OfferRequest | undefined;
  /** The behaviour that applies: the app's `GPU_SCHEDULING_BEHAVIOR` label, else the flag. */
  readonly gpuBehavior: GpuSchedulingBehavior;
  /** Declines offers that carry GPUs: a Marathon app without GPUs under restricted behaviour. */
  readonly declinesGpus: boolean;
  /**
   * Mesos offers this app's framework no agent that has GPUs: Marathon without `gpu_resources`, or a
   * DC/OS SDK service none of whose pods asks for a GPU (it then registers without GPU support).
   */
  readonly gpuAgentsHidden: boolean;
}

/** Marathon apps and pods, and a package's own scheduler app, go through Marathon's matcher. */
export function isMarathonApp(app: WorkloadApp): boolean {
  return app.kind !== "sdk-pod";
}

/**
 * Prepares an app: role ids (reserved roles first, as they are used up before the shared pool), its
 * needs, and the GPU rules. `sdkUsesGpus`: whether the app's SDK service asks for GPUs anywhere.
 */
export function offerApp(
  app: WorkloadApp,
  roles: RoleIndex,
  config: MarathonConfig,
  sdkUsesGpus = false,
): OfferApp {
  const marathon = isMarathonApp(app);
  const reserved = app.acceptedRoles.filter((r) => r !== "*");
  const ordered = app.acceptedRoles.includes("*") ? [...reserved, "*"] : reserved;
  const r = app.resources;
  const fixed = app.fixedPorts;
  const dynamic = Math.max(0, r.ports - fixed.length);
  const launch: OfferRequest = {
    roles: Int32Array.from(ordered, (x) => roles.id(x)),
    need: Float64Array.of(r.cpus, r.mem, r.disk, r.gpus, r.ports),
    fixedPorts: fixed,
    dynamicPorts: dynamic,
  };
  // Marathon 1.10 reserves from unreserved resources only, whatever the accepted roles (ResourceSelector.reservable).
  const reserve: OfferRequest | undefined =
    app.persistentDisk === undefined || !marathon
      ? undefined
      : {
          roles: Int32Array.of(roles.id("*")),
          need: Float64Array.of(r.cpus, r.mem, r.disk + app.persistentDisk, r.gpus, r.ports),
          fixedPorts: fixed,
          dynamicPorts: dynamic,
        };
  const gpuBehavior = app.gpuSchedulingBehavior ?? config.gpuSchedulingBehavior;
  return {
    marathon,
    launch,
    reserve,
    gpuBehavior,
    declinesGpus: marathon && gpuBehavior === "restricted" && r.gpus === 0,
    gpuAgentsHidden: marathon ? !config.gpuResources : r.gpus === 0 && !sdkUsesGpus,
  };
}

/** The request a mode matches against; undefined for the modes that use no new resources. */
export function requestFor(app: OfferApp, mode: OfferMode): OfferRequest | undefined {
  return mode === "launch" ? app.launch : mode === "reserve" ? app.reserve : undefined;
}

/** Mesos sends this app's framework an offer from the agent at all. */
export function offersTo(pool: OfferPool, app: OfferApp): boolean {
  return pool.offers() && !(app.gpuAgentsHidden && pool.hasGpus);
}

/**
 * The hot path: whether the offer takes one instance, everything but the constraints and the region gate
 * (the caller's), checked cheapest first. Agrees with `inspectOffer` (property-tested).
 */
export function offerFits(pool: OfferPool, app: OfferApp, mode: OfferMode): boolean {
  if (mode === "no-reservation") return false;
  if (app.marathon && pool.maintenance?.declines === true) return false;
  if (mode === "on-reservation") return true;
  const req = mode === "reserve" ? app.reserve! : app.launch;
  if (app.declinesGpus && pool.offeredGpus() > 0) return false;
  return (
    pool.scalarsFit(req.roles, req.need) &&
    roleOffered(pool, req.roles) &&
    pool.portsFit(req.roles, req.fixedPorts, req.dynamicPorts)
  );
}

/** Some free resource of the roles is in the offer (else Marathon says `UnfulfilledRole`). */
function roleOffered(pool: OfferPool, roles: Int32Array): boolean {
  const free = pool.free;
  if (free === undefined) return true;
  for (let i = 0; i < roles.length; i++) {
    const at = roles[i]! * D;
    for (let d = 0; d < D; d++) if (free[at + d]! > EPS) return true;
  }
  return false;
}

/** What the caller decided about the parts of the match it owns. */
export interface OfferChecks {
  readonly constraintsOk: boolean;
  readonly regionOk: boolean;
  /** Role names by id, for messages. */
  readonly roleNames: readonly string[];
  /** Resident apps with `no-reservation`: the agents holding the reservations the instances wait for. */
  readonly reservedOn?: readonly string[];
}

export interface OfferInspection {
  /** The offer takes one instance (given the caller's checks). */
  readonly matched: boolean;
  /** Mesos makes the app's framework no offer from this agent at all: the one reason in `ours` is all there is. */
  readonly noOffer: boolean;
  /** Marathon's reasons in the order its matcher records them; undefined when Mesos makes no offer. */
  readonly marathon: readonly NoOfferMatchReason[] | undefined;
  /** Every reason, in words the reports use (constraint verdicts are the caller's to add). */
  readonly ours: readonly Rejection[];
}

const INSUFFICIENT: readonly NoOfferMatchReason[] = [
  "InsufficientCpus",
  "InsufficientMemory",
  "InsufficientDisk",
  "InsufficientGpus",
];
// Marathon matches cpus, mem and gpus first, then disk (ResourceMatcher.matchResources).
const SCALAR_ORDER = [CPUS, MEM, GPUS, DISK] as const;

/**
 * The slow path: every reason this offer cannot take one instance, both as Marathon's matcher records
 * them (its order, including its quirks: a maintenance window also counts as `UnfulfilledConstraint`,
 * ports are checked only when everything else matched, a remote region adds no reason) and as this
 * tool explains them (every check, always).
 */
export function inspectOffer(
  pool: OfferPool,
  app: OfferApp,
  mode: OfferMode,
  checks: OfferChecks,
): OfferInspection {
  const a = pool.agent;
  if (pool.silent) {
    const state = pool.down ? "DOWN" : a.drain;
    return {
      matched: false,
      noOffer: true,
      marathon: undefined,
      ours: [{ kind: "inactive", ...(state === undefined ? {} : { state }) }],
    };
  }
  if (app.gpuAgentsHidden && pool.hasGpus)
    return { matched: false, noOffer: true, marathon: undefined, ours: [{ kind: "gpu_hidden" }] };
  const offered = pool.offers();
  const ours: Rejection[] = [];
  const marathon: NoOfferMatchReason[] = [];
  if (!checks.regionOk) ours.push({ kind: "remote_region", region: a.region ?? "" });
  if (mode === "no-reservation") {
    ours.push({ kind: "reservation", hostnames: checks.reservedOn ?? [] });
    return {
      matched: false,
      noOffer: false,
      marathon: offered && app.marathon ? ["NoCorrespondingReservationFound"] : undefined,
      ours,
    };
  }
  const req = requestFor(app, mode);
  let portsOk = true;
  let roleMissing = false;
  if (req !== undefined && pool.free !== undefined && pool.total !== undefined) {
    for (const d of SCALAR_ORDER) {
      const need = req.need[d]!;
      if (need !== 0 && pool.usable(req.roles, d) + EPS < need) marathon.push(INSUFFICIENT[d]!);
    }
    if (!roleOffered(pool, req.roles)) marathon.push("UnfulfilledRole");
    roleMissing = true;
    for (let d = 0; d < D; d++) if (pool.capacity(req.roles, d) > EPS) roleMissing = false;
    if (roleMissing) {
      ours.push({ kind: "role", roles: Array.from(req.roles, (r) => checks.roleNames[r]!) });
    } else {
      for (let d = 0; d < PORTS; d++) {
        const need = req.need[d]!;
        const free = pool.usable(req.roles, d);
        if (need > 0 && free + EPS < need) ours.push({ kind: "resources", resource: DIMS[d]!, need, free });
      }
    }
  }
  // Without any resources of the roles, "no resources for role" says it all, ports included.
  if (req !== undefined)
    portsOk = roleMissing
      ? pool.portsFit(req.roles, req.fixedPorts, req.dynamicPorts)
      : explainPorts(pool, req, ours);
  if (!checks.constraintsOk) marathon.push("UnfulfilledConstraint");
  const m = pool.maintenance;
  if (app.marathon && m?.declines === true) {
    marathon.push("UnfulfilledConstraint", "AgentMaintenance");
    ours.push({
      kind: "maintenance",
      start: new Date(m.window.start).toISOString(),
      ...(m.window.duration === undefined
        ? {}
        : { end: new Date(m.window.start + m.window.duration).toISOString() }),
      draining: m.draining,
    });
  }
  if (req !== undefined && app.declinesGpus) {
    const gpus = pool.offeredGpus();
    if (gpus > 0) {
      marathon.push("DeclinedScarceResources");
      ours.push({ kind: "gpu_scarce", gpus });
    }
  }
  // Marathon looks for ports only when everything else matched.
  if (marathon.length === 0 && checks.regionOk && !portsOk) marathon.push("InsufficientPorts");
  const matched = marathon.length === 0 && checks.regionOk && portsOk && offered;
  return { matched, noOffer: false, marathon: offered && app.marathon ? marathon : undefined, ours };
}

/** Adds the port reasons (each fixed port in use or not offered, too few others); true when they fit. */
function explainPorts(pool: OfferPool, req: OfferRequest, ours: Rejection[]): boolean {
  if (pool.portsFit(req.roles, req.fixedPorts, req.dynamicPorts)) return true;
  let fixedOk = 0;
  for (const port of req.fixedPorts) {
    if (pool.ranges === undefined) {
      if (pool.taken.has(port)) ours.push({ kind: "port", port });
      else fixedOk++;
    } else if (pool.roleOfPort(req.roles, port) >= 0) {
      fixedOk++;
    } else {
      ours.push(
        pool.hasPort(req.roles, port) ? { kind: "port", port } : { kind: "port", port, offered: false },
      );
    }
  }
  const free = pool.usable(req.roles, PORTS);
  const need = req.fixedPorts.length + req.dynamicPorts;
  // When every fixed port is there, what is missing is the count.
  if (free + EPS < need || fixedOk === req.fixedPorts.length) ours.push({ kind: "ports", need, free });
  return false;
}

/**
 * Whether a running instance counts towards its app's constraints: Marathon ignores instances whose
 * version is older than the app's last configuration change (they are about to be replaced). An unknown
 * or unreadable time on either side counts, the reading that never hides an instance.
 */
export function isCurrentVersion(
  version: string | undefined,
  lastConfigChangeAt: string | undefined,
): boolean {
  if (version === undefined || lastConfigChangeAt === undefined) return true;
  const v = Date.parse(version);
  const c = Date.parse(lastConfigChangeAt);
  return Number.isNaN(v) || Number.isNaN(c) || v >= c;
}
