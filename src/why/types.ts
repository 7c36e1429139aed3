// Data shapes of the `why` report: per waiting app or pod, Marathon's counters beside our simulation of
// the next offer round, a verdict and what would change it. Plain readonly data.
import type { SimulationResult, Unplaced } from "../simulate/types.js";

/** The one-line answer, chosen in this order of precedence. */
export type WhyVerdictKind =
  /** Marathon backs off launching after failures; it is not matching offers at all now. */
  | "held_by_backoff"
  /** No active agent has resources for any of the roles the app accepts. */
  | "no_role_offers"
  /** Every agent with resources for its roles is outside the master's region. */
  | "remote_region"
  /** Every agent that could take it is in maintenance, or has GPUs Marathon cannot or may not use. */
  | "agents_unavailable"
  /** Even empty agents with unlimited resources cannot hold every instance: a constraint forbids it. */
  | "never_placeable"
  /** Placeable from scratch, but not next to where its instances run now (GROUP_BY, CLUSTER). */
  | "blocked_by_running"
  /** Constraints allow it; no allowed agent has enough free of some resource. */
  | "waiting_for_resources"
  /** The next offers place every waiting instance. */
  | "deploying_normally";

export interface WhyVerdict {
  readonly kind: WhyVerdictKind;
  /** One line, e.g. `can never be placed with these agents: hostname:UNIQUE allows 5 of 8 instances (5 agents qualify)`. */
  readonly text: string;
}

/** One row of the offer funnel: Marathon's count beside ours, for one reason. */
export interface FunnelRow {
  readonly reason: string;
  readonly marathon?: { readonly declined: number; readonly processed: number };
  /** Absent when our simulation places every waiting instance (no offer is declined then). */
  readonly ours?: { readonly declined: number; readonly processed: number };
}

/** A change to the app or the cluster and what it does, measured by re-running the simulation. */
export interface WhySuggestion {
  /** e.g. `rack:MAX_PER:2 → 3`, `2 more agents with rack r1 or r2`, `instances 6 → 4`. */
  readonly change: string;
  /** Waiting instances the changed simulation places, and how many wait now (or would, for instances). */
  readonly places: number;
  readonly of: number;
  /** `places all` or `places 2 of 3`. */
  readonly text: string;
}

/** Everything `why` says about one app or pod in Marathon's queue. */
export interface WaitingApp {
  readonly id: string;
  readonly kind: "app" | "pod";
  /** Instances Marathon still has to launch. */
  readonly waiting: number;
  /** Instances counting towards its constraints now. */
  readonly running: number;
  readonly since?: string;
  /** Seconds since `since`, against the snapshot's clock. */
  readonly waitingSeconds?: number;
  readonly delay?: { readonly timeLeftSeconds: number; readonly overdue: boolean };
  readonly role?: string;
  readonly verdict: WhyVerdict;
  /** When held by back-off: what happens once it ends. */
  readonly afterBackoff?: WhyVerdict;
  /** Waiting instances our simulation of the next offer round places. */
  readonly placedNext: number;
  readonly funnel: readonly FunnelRow[];
  /** Marathon's processed and unused offer counts for this launch attempt. */
  readonly offers?: {
    readonly processed: number;
    readonly unused: number;
    readonly lastUnusedAt?: string;
    readonly lastUsedAt?: string;
  };
  /** Where our simulation and Marathon's counters disagree, said plainly. */
  readonly disagreements: readonly string[];
  readonly suggestions: readonly WhySuggestion[];
  /** The simulation's explanation of the instances it could not place. */
  readonly unplaced?: Unplaced;
}

export interface WhyReport {
  /** The clock the durations were measured against (ISO 8601). */
  readonly at: string;
  readonly waiting: readonly WaitingApp[];
  /** APP_IDs asked about that are not in the queue (nothing of theirs waits). */
  readonly notWaiting: readonly string[];
  /** Apps in the queue that have no definition anywhere (nothing to simulate). */
  readonly unknown: readonly string[];
  /** The simulation of the next offer round on the current state, shared with `simulate`'s layout. */
  readonly simulation: SimulationResult;
  readonly notes: readonly string[];
}
