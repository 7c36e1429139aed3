// Marathon's offer matcher for one app and one agent's offer (ResourceMatcher.matchResources, the
// PortsMatcher and the resident-app rules of InstanceOpFactoryImpl): a fast yes/no for the placement
// loop, and the slow inspection that names every reason, Marathon's own and ours. Constraints and the
// region gate are the caller's: it passes their outcome in.
import type { Rejection, WorkloadApp } from "../types.js";
import type { GpuSchedulingBehavior, MarathonConfig } from "./config.js";
import {
  CPUS,
  D,
  DIMS,
  DISK,
  EPS,
  GPUS,
  MEM,
  type OfferPool,
  PORTS,
  type PoolMaintenance,
  type RoleIndex,
} from "./pool.js";
import { type NoOfferMatchReason, REASON_FUNNEL } from "./reasons.js";

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

/** Each of Marathon's reasons as one bit, at its rank in the funnel (the lowest set bit is the one counted). */
const BIT = Object.fromEntries(REASON_FUNNEL.map((r, i) => [r, 1 << i])) as Record<
  NoOfferMatchReason,
  number
>;
const INSUFFICIENT_BITS = [
  BIT.InsufficientCpus,
  BIT.InsufficientMemory,
  BIT.InsufficientDisk,
  BIT.InsufficientGpus,
] as const;
// Marathon matches cpus, mem and gpus first, then disk (ResourceMatcher.matchResources).
const SCALAR_ORDER = [CPUS, MEM, GPUS, DISK] as const;
const INSUFFICIENT: readonly NoOfferMatchReason[] = [
  "InsufficientCpus",
  "InsufficientMemory",
  "InsufficientDisk",
  "InsufficientGpus",
];

/**
 * What inspecting one agent's offer for one instance found, before the constraints and the region
 * gate are applied: flags and numbers that `readOffer` writes in place, so that a pass that only counts
 * reasons allocates nothing, and that apps asking the same of an offer can share (bench: explain).
 */
export class OfferFacts {
  /** Mesos makes the app's framework no offer: the agent is silent, or its GPUs hide it from the framework. */
  noOffer: "inactive" | "gpu_hidden" | undefined = undefined;
  /** Mesos offers the agent at all (active, with its minimum allocatable resources free). */
  offered = false;
  /** A resident app whose remaining instances all wait for their reservations on other agents. */
  noReservation = false;
  /** What one instance asks of the offer (undefined: a relaunch on its reservation). */
  request: OfferRequest | undefined = undefined;
  /** The roles have no resources at all here: one reason instead of each resource and port. */
  roleMissing = false;
  /** Bits by dimension (cpus, mem, disk, gpus): too little free, as our reasons count it. */
  short = 0;
  portsOk = true;
  /** Marathon declines the offer for a maintenance window. */
  maintenance = false;
  /** GPUs the offer carries that the app declines (0: none). */
  scarceGpus = 0;
  /** Marathon's reasons that neither the constraints nor the region gate decide, as bits by funnel rank. */
  bits = 0;
  /** Marathon records reasons for this offer (a Marathon app, and Mesos makes the offer). */
  marathonListed = false;
}

/**
 * Inspects one offer for one instance, writing every finding into `f`: Marathon's reasons (with its
 * quirks: a maintenance window also counts as `UnfulfilledConstraint`) and ours (every check, always).
 * Nothing here depends on the app's constraints or region gate (`settleOffer` adds those).
 */
export function readOffer(pool: OfferPool, app: OfferApp, mode: OfferMode, f: OfferFacts): OfferFacts {
  f.offered = false;
  f.noReservation = false;
  f.request = undefined;
  f.roleMissing = false;
  f.short = 0;
  f.portsOk = true;
  f.maintenance = false;
  f.scarceGpus = 0;
  f.bits = 0;
  f.marathonListed = false;
  if (pool.silent) {
    f.noOffer = "inactive";
    return f;
  }
  if (app.gpuAgentsHidden && pool.hasGpus) {
    f.noOffer = "gpu_hidden";
    return f;
  }
  f.noOffer = undefined;
  const offered = pool.offers();
  f.offered = offered;
  f.marathonListed = offered && app.marathon;
  if (mode === "no-reservation") {
    f.noReservation = true;
    f.bits = BIT.NoCorrespondingReservationFound;
    return f;
  }
  const req = requestFor(app, mode);
  f.request = req;
  let bits = 0;
  if (req !== undefined && pool.free !== undefined && pool.total !== undefined) {
    let short = 0;
    for (let d = 0; d < PORTS; d++) {
      const need = req.need[d]!;
      if (need === 0) continue;
      const free = pool.usable(req.roles, d);
      if (free + EPS < need) {
        bits |= INSUFFICIENT_BITS[d]!;
        if (need > 0) short |= 1 << d;
      }
    }
    if (!roleOffered(pool, req.roles)) bits |= BIT.UnfulfilledRole;
    let missing = true;
    for (let d = 0; d < D && missing; d++) if (pool.capacity(req.roles, d) > EPS) missing = false;
    f.roleMissing = missing;
    // Without any resources of the roles, "no resources for role" says it all, ports included.
    if (!missing) f.short = short;
  }
  if (req !== undefined) f.portsOk = pool.portsFit(req.roles, req.fixedPorts, req.dynamicPorts);
  if (app.marathon && pool.maintenance?.declines === true) {
    f.maintenance = true;
    bits |= BIT.UnfulfilledConstraint | BIT.AgentMaintenance;
  }
  if (req !== undefined && app.declinesGpus) {
    const gpus = pool.offeredGpus();
    if (gpus > 0) {
      f.scarceGpus = gpus;
      bits |= BIT.DeclinedScarceResources;
    }
  }
  f.bits = bits;
  return f;
}

/** One offer's outcome for one app: its findings with the constraints' and the region gate's verdicts. */
export class OfferOutcome {
  facts: OfferFacts = new OfferFacts();
  constraintsOk = true;
  regionOk = true;
  /** Marathon's reasons as bits by funnel rank (REASON_FUNNEL); 0 when it records none. */
  marathonBits = 0;
  /** The offer takes one instance. */
  matched = false;
}

/**
 * Marathon's reasons as bits once the constraints' and the region gate's verdicts are known: a
 * rejecting constraint adds `UnfulfilledConstraint`; ports are looked at only when everything else
 * matched; a remote region records no reason. `bits` are the findings' own (`OfferFacts.bits`);
 * `framework`: Mesos makes the app's framework the offer at all.
 */
export function settledBits(
  bits: number,
  framework: boolean,
  portsOk: boolean,
  constraintsOk: boolean,
  regionOk: boolean,
): number {
  if (!framework) return bits;
  let out = bits;
  if (!constraintsOk) out |= BIT.UnfulfilledConstraint;
  if (out === 0 && regionOk && !portsOk) out |= BIT.InsufficientPorts;
  return out;
}

/** Whether the offer takes one instance, from its settled bits and findings. */
export function offerTakes(
  settled: number,
  framework: boolean,
  offered: boolean,
  portsOk: boolean,
  regionOk: boolean,
): boolean {
  return framework && settled === 0 && regionOk && portsOk && offered;
}

/** Completes `o` from an offer's findings and the caller's checks; returns whether the offer takes one instance. */
export function settleOffer(
  o: OfferOutcome,
  f: OfferFacts,
  constraintsOk: boolean,
  regionOk: boolean,
): boolean {
  const framework = f.noOffer === undefined;
  o.facts = f;
  o.constraintsOk = constraintsOk;
  o.regionOk = regionOk;
  o.marathonBits = settledBits(f.bits, framework, f.portsOk, constraintsOk, regionOk);
  o.matched = offerTakes(o.marathonBits, framework, f.offered, f.portsOk, regionOk);
  return o.matched;
}

/** The funnel rank of the first reason among settled bits (-1: none). */
export function firstRank(bits: number): number {
  return bits === 0 ? -1 : 31 - Math.clz32(bits & -bits);
}

/** Marathon's reasons in the order its matcher records them; undefined when it records none for the offer. */
export function marathonReasons(o: OfferOutcome): NoOfferMatchReason[] | undefined {
  const f = o.facts;
  if (!f.marathonListed) return undefined;
  if (f.noReservation) return ["NoCorrespondingReservationFound"];
  const bits = o.marathonBits;
  const out: NoOfferMatchReason[] = [];
  for (const d of SCALAR_ORDER) if ((bits & INSUFFICIENT_BITS[d]!) !== 0) out.push(INSUFFICIENT[d]!);
  if ((bits & BIT.UnfulfilledRole) !== 0) out.push("UnfulfilledRole");
  if (!o.constraintsOk) out.push("UnfulfilledConstraint");
  if (f.maintenance) out.push("UnfulfilledConstraint", "AgentMaintenance");
  if ((bits & BIT.DeclinedScarceResources) !== 0) out.push("DeclinedScarceResources");
  if ((bits & BIT.InsufficientPorts) !== 0) out.push("InsufficientPorts");
  return out;
}

/** Our reasons for the offer, in words (constraint verdicts are the caller's to add). */
export function offerReasons(
  o: OfferOutcome,
  pool: OfferPool,
  roleNames: readonly string[],
  reservedOn: () => readonly string[],
): Rejection[] {
  const f = o.facts;
  const a = pool.agent;
  if (f.noOffer === "inactive") return [silentReason(pool)];
  if (f.noOffer === "gpu_hidden") return [{ kind: "gpu_hidden" }];
  const ours: Rejection[] = [];
  if (!o.regionOk) ours.push({ kind: "remote_region", region: a.region ?? "" });
  if (f.noReservation) {
    ours.push({ kind: "reservation", hostnames: reservedOn() });
    return ours;
  }
  const req = f.request;
  if (req !== undefined) {
    if (f.roleMissing) ours.push({ kind: "role", roles: Array.from(req.roles, (r) => roleNames[r]!) });
    for (let d = 0; d < PORTS; d++) {
      if ((f.short & (1 << d)) !== 0) {
        ours.push({
          kind: "resources",
          resource: DIMS[d]!,
          need: req.need[d]!,
          free: pool.usable(req.roles, d),
        });
      }
    }
    if (!f.roleMissing && !f.portsOk) portReasons(pool, req, ours);
  }
  const m = pool.maintenance;
  if (f.maintenance && m !== undefined) ours.push(maintenanceReason(m));
  if (f.scarceGpus > 0) ours.push({ kind: "gpu_scarce", gpus: f.scarceGpus });
  return ours;
}

/** The reason an agent Mesos makes no offers for gives. */
export function silentReason(pool: OfferPool): Rejection {
  const state = pool.down ? "DOWN" : pool.agent.drain;
  return { kind: "inactive", ...(state === undefined ? {} : { state }) };
}

/** The reason a maintenance window gives. */
export function maintenanceReason(m: PoolMaintenance): Rejection {
  return {
    kind: "maintenance",
    start: new Date(m.window.start).toISOString(),
    ...(m.window.duration === undefined
      ? {}
      : { end: new Date(m.window.start + m.window.duration).toISOString() }),
    draining: m.draining,
  };
}

/**
 * The slow path: every reason this offer cannot take one instance, Marathon's and ours, as data.
 * The same findings as `readOffer`, worded.
 */
export function inspectOffer(
  pool: OfferPool,
  app: OfferApp,
  mode: OfferMode,
  checks: OfferChecks,
): OfferInspection {
  const o = new OfferOutcome();
  settleOffer(o, readOffer(pool, app, mode, new OfferFacts()), checks.constraintsOk, checks.regionOk);
  return {
    matched: o.matched,
    noOffer: o.facts.noOffer !== undefined,
    marathon: marathonReasons(o),
    ours: offerReasons(o, pool, checks.roleNames, () => checks.reservedOn ?? []),
  };
}

/** Adds the port reasons of ports that do not fit: each fixed port in use or not offered, too few others. */
export function portReasons(pool: OfferPool, req: OfferRequest, ours: Rejection[]): void {
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
