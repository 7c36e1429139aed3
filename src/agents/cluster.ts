// The result of loading a cluster (Mesos state JSON or an inventory file): agents, the master's region,
// running tasks. Plain readonly data; loaders live in mesos-state.ts and inventory.ts.
import type { Diagnostic } from "../diagnostics.js";
import type { Agent, PortRanges, Resources } from "./agent.js";

/** A task Mesos reports as running (or about to), for seeding a simulation with `--running`. */
export interface RunningTask {
  readonly id: string;
  readonly name: string;
  readonly frameworkId: string;
  readonly frameworkName?: string;
  readonly agentId: string;
  /** The hostname of `agentId`, when that agent is in the same state. */
  readonly hostname?: string;
  /** `TASK_RUNNING`, `TASK_STAGING`, ... */
  readonly state: string;
  /** The role the task's resources were allocated to, when Mesos reports it. */
  readonly role?: string;
  readonly resources: Resources;
  /** The host ports the task holds (its `ports` resource), when it has any. */
  readonly ports?: PortRanges;
  /** The Marathon app or pod id (`/prod/web`) when the task belongs to a Marathon framework. */
  readonly appId?: string;
}

export interface Cluster {
  readonly agents: readonly Agent[];
  /** The Mesos master's own region (the "local" region for fault-domain rules), when known. */
  readonly masterRegion?: string;
  readonly tasks: readonly RunningTask[];
  readonly diagnostics: readonly Diagnostic[];
}
