// Data shapes of the simulator: workload apps, running placements, and the simulation result that
// every report renders. Plain readonly data; no behaviour, no I/O.
import type { Agent, Resources } from "../agents/agent.js";
import type { MaintenanceSchedule } from "../agents/maintenance.js";
import type { Constraint, Dialect, Span } from "../ast.js";
import type { Diagnostic } from "../diagnostics.js";
import type { VerdictKind } from "../eval/types.js";
import type { GpuSchedulingBehavior, MarathonConfig } from "./marathon/config.js";
import type { FunnelStep, NoOfferMatchReason } from "./marathon/reasons.js";

/** Where an app came from: a Marathon app, a Marathon pod, a DC/OS SDK pod type, or a package's own app. */
export type WorkloadKind = "app" | "pod" | "sdk-pod" | "package-app";

/** One app (or pod type) to place: how many instances, what each needs, where it may go. */
export interface WorkloadApp {
  /** Marathon id (`/prod/web`) or `<service>/<pod type>` for DC/OS SDK pods. */
  readonly id: string;
  readonly kind: WorkloadKind;
  readonly instances: number;
  /** Per instance; `ports` is how many host ports each instance takes. mem and disk in MB. */
  readonly resources: Resources;
  /** Host ports each instance needs by number (`requirePorts` or a fixed `hostPort`). */
  readonly fixedPorts: readonly number[];
  /** The app's own constraints, as read (spans point into the workload file). */
  readonly constraints: readonly Constraint[];
  /** Constraints a package always adds (DC/OS Kubernetes: one task of a type per agent). */
  readonly packageRules: readonly Constraint[];
  /** dcos-sdk only: the placement text as written when it is invalid (the scheduler then refuses every agent). */
  readonly invalidConstraints?: string;
  readonly dialect: Dialect;
  /** Mesos roles whose resources the app may use; `"*"` is the unreserved pool. */
  readonly acceptedRoles: readonly string[];
  /** The enclosing group or service, for colours and summaries. */
  readonly group?: string;
  /** The app label `GPU_SCHEDULING_BEHAVIOR`, when it names a behaviour (it overrides Marathon's flag). */
  readonly gpuSchedulingBehavior?: GpuSchedulingBehavior;
  /**
   * `versionInfo.lastConfigChangeAt` (ISO 8601): running instances of an older version do not count
   * towards constraints (Marathon replaces them), though they still hold their resources.
   */
  readonly lastConfigChangeAt?: string;
  /**
   * MB of local persistent volumes per instance: the app is resident. A new instance first reserves
   * unreserved resources plus this much disk on one agent, and stays pinned to that reservation.
   */
  readonly persistentDisk?: number;
  /** The app's span in its workload file. */
  readonly span?: Span;
  /** The workload file's name, when known. */
  readonly file?: string;
}

export interface LoadWorkloadOptions {
  /** Dialect for Marathon apps and pods (default `marathon`); DC/OS package options always use `dcos-sdk`. */
  readonly dialect?: Dialect;
}

/** What `loadWorkload` found: the detected format, the apps and every problem with a span. */
export interface WorkloadResult {
  readonly format:
    | "marathon-app"
    | "marathon-pod"
    | "marathon-group"
    | "marathon-app-list"
    | "kubernetes-options"
    | "kubernetes-cluster-options"
    | "unknown";
  readonly apps: readonly WorkloadApp[];
  readonly diagnostics: readonly Diagnostic[];
}

/** An instance known to be running already: which app, on which agent. */
export interface RunningPlacement {
  readonly appId: string;
  /** The agent, by hostname or Mesos agent id (either may be given). */
  readonly hostname?: string;
  readonly agentId?: string;
  /** What the instance holds on its agent; the app's per-instance resources when absent. */
  readonly resources?: Resources;
  /** False when the agent's free resources already account for it (it came from the inventory's state). */
  readonly consumes?: boolean;
  /** A Mesos task id, to avoid counting the same task twice. */
  readonly taskId?: string;
  /** The app version the instance runs (ISO 8601), compared with the app's `lastConfigChangeAt`. */
  readonly version?: string;
  /** The host ports it holds, when known. */
  readonly ports?: readonly number[];
  /**
   * A resident instance that holds a reservation (persistent volumes) on the agent but runs no task:
   * Marathon relaunches it only there.
   */
  readonly reserved?: boolean;
}

export type OfferOrder = "listed" | "random" | "round-robin";

export interface SimulateOptions {
  readonly agents: readonly Agent[];
  readonly apps: readonly WorkloadApp[];
  readonly running?: readonly RunningPlacement[];
  /** `listed` (default): inventory order every round; `random`: a seeded shuffle per round; `round-robin`: rotate the start. */
  readonly offerOrder?: OfferOrder;
  /** PRNG seed for `random` (default 1). */
  readonly seed?: number | undefined;
  /** The Mesos master's region: agents in other regions are remote (Marathon's fault-domain gate). */
  readonly masterRegion?: string | undefined;
  /** Also check running instances against the (possibly changed) constraints. */
  readonly drift?: boolean;
  /**
   * Per-agent detail of unplaced apps: list the reasons of this many refusing agents per app (inventory
   * order); 0 (the default) lists none, `Infinity` all. The summary and the closest agents are always there.
   */
  readonly explainAgents?: number;
  /** How many closest agents each unplaced app names (default 3). */
  readonly nearest?: number;
  /** Called after each offer round with instances placed so far and the total wanted. */
  readonly onProgress?: (placed: number, wanted: number) => void;
  /** Marathon's offer-matching flags (defaults: restricted GPUs, maintenance mode on, 0 s draining, 5 per offer). */
  readonly marathon?: Partial<MarathonConfig>;
  /** Mesos maintenance windows and DOWN machines. */
  readonly maintenance?: MaintenanceSchedule;
  /** The time the offers arrive at, in ms since the Unix epoch (default: now); maintenance windows are judged at it. */
  readonly now?: number;
}

export type ResourceName = "cpus" | "mem" | "disk" | "gpus" | "ports";

/** Why one agent cannot take one more instance of an app. */
export type Rejection =
  | {
      readonly kind: "inactive";
      /** Why Mesos makes no offers: deactivated (default), agent draining, or a machine DOWN for maintenance. */
      readonly state?: "DRAINING" | "DRAINED" | "DOWN";
    }
  /** Marathon runs without `--enable_features gpu_resources`, so Mesos offers it no agent with GPUs. */
  | { readonly kind: "gpu_hidden" }
  | { readonly kind: "remote_region"; readonly region: string }
  | { readonly kind: "role"; readonly roles: readonly string[] }
  | {
      readonly kind: "resources";
      readonly resource: ResourceName;
      readonly need: number;
      readonly free: number;
    }
  | {
      readonly kind: "port";
      readonly port: number;
      /** False: no accepted role offers that port number at all (else it is in use). */
      readonly offered?: false;
    }
  /** Not enough free host ports (in the accepted roles) for the app's dynamic ports. */
  | { readonly kind: "ports"; readonly need: number; readonly free: number }
  /** Inside a maintenance window, or within `--draining_seconds` before it (Marathon's `AgentMaintenance`). */
  | {
      readonly kind: "maintenance";
      /** ISO 8601. */
      readonly start: string;
      readonly end?: string;
      /** The window has not started yet: only `--draining_seconds` puts the agent inside it. */
      readonly draining: boolean;
    }
  /** An agent with free GPUs, an app without GPUs, behaviour restricted (`DeclinedScarceResources`). */
  | { readonly kind: "gpu_scarce"; readonly gpus: number }
  /** A resident app whose remaining instances wait for their reservations on other agents. */
  | { readonly kind: "reservation"; readonly hostnames: readonly string[] }
  | {
      readonly kind: "constraint";
      /** `field:OPERATOR[:value]`. */
      readonly constraint: string;
      readonly verdict: VerdictKind;
      readonly reason: string;
      readonly packageRule: boolean;
    };

/** One agent's reasons for refusing an app (empty `reasons` never appears). */
export interface AgentRejection {
  readonly hostname: string;
  readonly reasons: readonly Rejection[];
  /**
   * Marathon apps and pods: the reasons Marathon's matcher records for this agent's offer, in its order
   * (may be empty: a remote region has no reason). Absent when the agent makes Marathon no offer.
   */
  readonly marathon?: readonly NoOfferMatchReason[];
}

/** One line of the Kubernetes-style summary: how many agents refuse for one reason. */
export interface ReasonCount {
  /** A stable key, e.g. `constraint:hostname:UNIQUE:value_used` or `resources:mem`. */
  readonly key: string;
  readonly count: number;
  /** e.g. `rejected by hostname:UNIQUE (value already used)`, `have too little mem (need 3072 MB, most free 2048 MB)`. */
  readonly text: string;
}

/**
 * The instances of one app that could not be placed, and why: one explanation shared by all of them
 * (they are identical), whose size does not depend on how many there are.
 */
export interface Unplaced {
  readonly appId: string;
  /** The first unplaced instance's number (1-based); the unplaced ones are `first` to `first + count - 1`. */
  readonly first: number;
  readonly count: number;
  /** How many agents could take one more instance at the end (0 unless the loop was cut short). */
  readonly candidates: number;
  readonly agentCount: number;
  /** How many agents refuse for each reason (an agent counts under every reason it fails), biggest first. */
  readonly summary: readonly ReasonCount[];
  /**
   * The agents that came closest, best first, with their reasons: fewest refusals that no resources
   * would lift (constraints, region, ports, roles), then the smallest resource shortfall relative to
   * the need (as Aurora's NearestFit).
   */
  readonly nearest: readonly AgentRejection[];
  /** Each refusing agent's reasons, in inventory order, for as many agents as `explainAgents` asked. */
  readonly agents: readonly AgentRejection[];
  /** Refusing agents whose reasons are not in `agents`. */
  readonly agentsOmitted: number;
  /**
   * Marathon apps and pods: Marathon's own funnel over the agents' last offers, as `/v2/queue` shows it in
   * `processedOffersSummary.rejectSummaryLastOffers` (each offer counted once, under its first reason).
   */
  readonly funnel?: readonly FunnelStep[];
}

export interface Placement {
  readonly appId: string;
  /** 1-based instance number (running instances first). */
  readonly instance: number;
  readonly hostname: string;
  /** 0 for running instances, else the offer round (1-based) that launched it. */
  readonly round: number;
  readonly running?: true;
  /** A running instance of an older configuration: it holds resources but no longer counts (see `lastConfigChangeAt`). */
  readonly outdated?: true;
  /** Host port numbers the instance holds, when known. */
  readonly ports?: readonly number[];
  /** A resident instance launched on the reservation it already held there. */
  readonly onReservation?: true;
}

/** Instances per value of one constraint field, for one app. */
export interface Spread {
  readonly appId: string;
  readonly field: string;
  /** Value -> instances, in first-seen order; agents lacking the field count under `(none)`. */
  readonly counts: readonly { readonly value: string; readonly count: number }[];
}

export interface AppSummary {
  readonly id: string;
  readonly kind: WorkloadKind;
  readonly group?: string;
  readonly dialect: Dialect;
  readonly wanted: number;
  /** Running plus newly placed. */
  readonly placed: number;
  readonly running: number;
  /** Running instances of an older configuration (not in `placed`). */
  readonly outdated: number;
  readonly resources: Resources;
  readonly acceptedRoles: readonly string[];
  /** `field:OPERATOR[:value]` for each constraint. */
  readonly constraints: readonly string[];
  readonly packageRules: readonly string[];
}

/** An agent after the simulation: capacity the workload could use, what it uses, what runs there. */
export interface AgentUsage {
  readonly hostname: string;
  readonly id?: string;
  readonly region?: string;
  readonly zone?: string;
  readonly rack?: string;
  readonly public: boolean;
  readonly inactive: boolean;
  /** False when the inventory gave no resources: the agent was treated as unlimited. */
  readonly hasResources: boolean;
  /** Everything the agent has (all roles together; zero when `hasResources` is false). */
  readonly total: Resources;
  /** Free as the inventory reported it, before running and new instances (all roles together). */
  readonly before: Resources;
  /** Free after it. */
  readonly after: Resources;
  /** Instances per app (running and new). */
  readonly apps: readonly { readonly appId: string; readonly count: number }[];
}

/** A running instance that its app's current constraints would no longer allow where it is. */
export interface Drift {
  readonly appId: string;
  readonly instance: number;
  readonly hostname: string;
  readonly reasons: readonly Rejection[];
}

export interface SimulationResult {
  readonly offerOrder: OfferOrder;
  /** The Marathon switches the simulation used. */
  readonly marathon: MarathonConfig;
  /** When maintenance windows were given: the time they were judged at (ISO 8601). */
  readonly now?: string;
  readonly seed?: number;
  readonly rounds: number;
  /** Every wanted instance is placed. */
  readonly complete: boolean;
  readonly apps: readonly AppSummary[];
  readonly placements: readonly Placement[];
  readonly unplaced: readonly Unplaced[];
  readonly spreads: readonly Spread[];
  readonly agents: readonly AgentUsage[];
  /** Present when `drift` was asked for. */
  readonly drift?: readonly Drift[];
  /** Facts the reader should know (agents without resources, running instances that matched nothing). */
  readonly notes: readonly string[];
}
