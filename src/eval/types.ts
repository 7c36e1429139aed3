// Public data shapes of the evaluator: options, verdicts, results. Plain types, no behaviour.
import type { Agent } from "../agents/agent.js";
import type { Dialect, InputForm, Operator } from "../ast.js";
import type { Diagnostic } from "../diagnostics.js";
import type { AgentTable } from "./agent-table.js";

/** Options for `compile` / `safeCompile`. */
export interface CompileOptions {
  /** Whose semantics to evaluate with; `marathon` (1.10 as released) by default. */
  readonly dialect?: Dialect;
  /** Force an input form for constraint text (otherwise detected). */
  readonly form?: InputForm;
  /**
   * What invalid constraints give. `error` (default): `compile` throws, `safeCompile` has no matcher.
   * `reject`: a matcher that rejects every agent, as dcos-commons' InvalidPlacementRule does;
   * `safeCompile` still reports `ok: false` and the diagnostics.
   */
  readonly invalid?: "error" | "reject";
  /**
   * The Mesos master's region, for `acceptsRegion` (the remote-region gate). `undefined`: no gate
   * (every agent passes); `null`: the master's region is unknown.
   */
  readonly localRegion?: string | null;
  /**
   * The cluster's agent table, shared by every matcher compiled with it: each agent's fields are
   * rendered once for all of them, and `acceptsRow` checks agents by row number. Without it the
   * matcher keeps a private table of the agents it is asked about.
   */
  readonly agents?: AgentTable;
}

/** Options for a new placement state. */
export interface PlacementStateOptions {
  /**
   * The app's instance count: `marathon-1.11` GROUP_BY's desired total N while something is placed
   * (Marathon uses N = 1 while nothing is). Defaults to 1.
   */
  readonly instances?: number;
  /** Agents already running an instance, in placement order (one entry per instance). */
  readonly placed?: readonly Agent[];
}

/** Short machine-readable reason for a verdict, for summaries. */
export type VerdictKind =
  /** The constraint accepts the agent. */
  | "ok"
  /** The agent lacks the field (attribute, fault domain) the constraint needs. */
  | "missing_field"
  /** The agent's value does not equal / match the constraint value (IS, CLUSTER with a value, LIKE, UNLIKE, IS_NOT). */
  | "value_mismatch"
  /** UNIQUE: another placed instance already has the agent's value. */
  | "value_used"
  /** MAX_PER: the agent's value already holds the maximum. */
  | "limit_reached"
  /** GROUP_BY: the agent's group is fuller than it may be (not the smallest / over its share / round robin). */
  | "group_full"
  /** GROUP_BY (marathon-1.11): a new group is refused because all groups exist. */
  | "group_limit"
  /** GROUP_BY (legacy): an existing group is refused until the requested number of groups exist. */
  | "groups_incomplete"
  /** CLUSTER without a value: the agent's value differs from the first placed instance's. */
  | "cluster_mismatch"
  /** GROUP_BY (marathon-1.11) with no positive count: Marathon divides by zero; treated as reject. */
  | "division_by_zero"
  /** dcos-sdk: the constraint text is invalid, so every agent is refused. */
  | "invalid_constraints";

/** The constraint a verdict is about, as written (`operator` upper-cased). */
export interface VerdictConstraint {
  readonly field: string;
  readonly operator: Operator | "INVALID";
  readonly value?: string;
}

/** Why one constraint accepts or rejects one agent, given what is placed. */
export interface Verdict {
  readonly constraint: VerdictConstraint;
  readonly accepted: boolean;
  readonly kind: VerdictKind;
  /** The agent's value for the field, rendered as the dialect compares it. */
  readonly value?: string;
  /** Present when the agent lacks the field. */
  readonly missing?: true;
  /** Instances (or tasks) already counted against the agent's value. */
  readonly count?: number;
  /** The limit `count` is held against (MAX_PER max, per-group share, group count). */
  readonly limit?: number;
  /** Distinct groups already placed (GROUP_BY). */
  readonly groups?: number;
  /** One sentence, e.g. `rack_id:MAX_PER:2 rejects rack-1: 2 instances already there (limit 2)`. */
  readonly reason: string;
}

export interface SafeCompileResult<M> {
  readonly ok: boolean;
  /** Present when ok, or when `invalid: "reject"` was asked for. */
  readonly matcher?: M;
  readonly diagnostics: readonly Diagnostic[];
}
