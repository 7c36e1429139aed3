// The canonical agent model: what every loader produces and every evaluator reads.
// Plain readonly data; loaders and rendering live beside it.

/** One agent attribute, as Mesos types it. The attribute list is ordered; names may repeat. */
export type Attribute =
  | { readonly name: string; readonly text: string }
  | { readonly name: string; readonly scalar: number }
  | { readonly name: string; readonly ranges: readonly (readonly [number, number])[] }
  | { readonly name: string; readonly set: readonly string[] };

/** Scalar resources a task needs or an agent offers; `ports` is a count of ports. mem/disk in MB. */
export interface Resources {
  readonly cpus: number;
  readonly mem: number;
  readonly disk: number;
  readonly gpus: number;
  readonly ports: number;
}

/** Resources by Mesos role; `"*"` holds the unreserved ones. */
export type ResourcesByRole = Readonly<Record<string, Resources>>;

/** Inclusive `[begin, end]` port ranges, sorted and disjoint (as Mesos coalesces them). */
export type PortRanges = readonly (readonly [number, number])[];

/** Port ranges by Mesos role. */
export type PortRangesByRole = Readonly<Record<string, PortRanges>>;

export interface AgentResources {
  /** Everything the agent has, by role. */
  readonly total: ResourcesByRole;
  /** What is still free for new work, by role (total less what running tasks use). */
  readonly free: ResourcesByRole;
  /**
   * The port ranges behind `ports`, when the inventory gave ranges rather than a count: which host
   * port numbers exist and which are still free, by role. Absent: only the counts are known.
   */
  readonly portRanges?: { readonly total: PortRangesByRole; readonly free: PortRangesByRole };
}

export interface Agent {
  /** Mesos agent id, when known (state JSON). */
  readonly id?: string;
  /** What `hostname` and `@hostname` constraints see. */
  readonly hostname: string;
  /** Fault domain; present only when the agent has one (then both are present). */
  readonly region?: string;
  readonly zone?: string;
  readonly attributes: readonly Attribute[];
  /** Absent when unknown: constraint evaluation does not need it, simulation does. */
  readonly resources?: AgentResources;
  /** A DC/OS public agent: its resources are reserved to `slave_public`. */
  readonly public?: boolean;
  /**
   * Mesos makes no offers for this agent (deactivated, draining or disconnected in the state JSON).
   * Absent means active. Simulators should not place new work here.
   */
  readonly inactive?: boolean;
  /** The agent's IP address, when known (Mesos matches maintenance machines by hostname and IP). */
  readonly ip?: string;
  /** Mesos agent draining (`DRAIN_AGENT`): such an agent is also inactive. */
  readonly drain?: "DRAINING" | "DRAINED";
}

export const NO_RESOURCES: Resources = { cpus: 0, mem: 0, disk: 0, gpus: 0, ports: 0 };
