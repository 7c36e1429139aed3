// Data shapes of a conversion: options, the placement each target gets, a fidelity per constraint,
// and the node labels (Nomad client meta) that give translated rules something to match. Plain data.
import type { Agent } from "../agents/agent.js";
import type { Dialect, Operator } from "../ast.js";
import type { Diagnostic } from "../diagnostics.js";

export type ConvertTarget = "kubernetes" | "nomad";
export const CONVERT_TARGETS: readonly ConvertTarget[] = ["kubernetes", "nomad"];
export const CONVERT_JSON_FORMAT = "marathon-constraints/convert@1";

/**
 * `exact`: the target admits exactly the agents and placements the dialect would. `inventory`: exact
 * for the agents given (a value list computed from them). `approximate`: the nearest target rule; the
 * reason says how it differs. `none`: the target has no such rule.
 */
export type Fidelity = "exact" | "inventory" | "approximate" | "none";
export const FIDELITIES: readonly Fidelity[] = ["exact", "inventory", "approximate", "none"];

/** The part of a constraint a conversion reads (a parsed `Constraint` fits). */
export interface ConstraintLike {
  readonly field: string;
  readonly operator: Operator;
  readonly value?: string;
}

/** The part of an app a conversion reads (a `WorkloadApp` from `loadWorkload` fits). */
export interface ConvertApp {
  /** Marathon id (`/prod/web`), or `<service>/<pod type>` for DC/OS SDK pods. */
  readonly id: string;
  readonly dialect: Dialect;
  readonly constraints: readonly ConstraintLike[];
  /** Constraints the package always adds (DC/OS Kubernetes: one task of a type per agent). */
  readonly packageRules?: readonly ConstraintLike[];
  /** dcos-sdk: placement text the scheduler cannot parse, so it refuses every agent. */
  readonly invalidConstraints?: string;
}

export interface ConvertOptions {
  readonly to: ConvertTarget;
  /** The agents the apps ran on: enables value lists for regexes and the node label commands. */
  readonly agents?: readonly Agent[];
  /** Prefix of the label keys (Kubernetes) or meta keys (Nomad) that carry attributes; default none. */
  readonly labelPrefix?: string;
  /** A label (Nomad: meta key) carrying Mesos host names, for when nodes are named differently. */
  readonly hostnameLabel?: string;
  /** Kubernetes: the pod label that identifies an app, for pod (anti-)affinity and spreading. */
  readonly appLabel?: string;
}

export interface LabelSelector {
  readonly matchLabels: Readonly<Record<string, string>>;
}

export interface NodeSelectorRequirement {
  readonly key: string;
  readonly operator: "In" | "NotIn" | "Exists" | "DoesNotExist" | "Gt" | "Lt";
  readonly values?: readonly string[];
}

export interface PodAffinityTerm {
  readonly labelSelector: LabelSelector;
  readonly topologyKey: string;
}

export interface TopologySpreadConstraint {
  readonly maxSkew: number;
  readonly topologyKey: string;
  readonly whenUnsatisfiable: "DoNotSchedule" | "ScheduleAnyway";
  readonly labelSelector: LabelSelector;
  readonly minDomains?: number;
}

/** The placement part of a Kubernetes pod template: the app label, then the spec fields. */
export interface KubernetesPlacement {
  readonly metadata: { readonly labels: Readonly<Record<string, string>> };
  readonly spec: {
    readonly nodeSelector?: Readonly<Record<string, string>>;
    readonly affinity?: {
      readonly nodeAffinity?: {
        readonly requiredDuringSchedulingIgnoredDuringExecution: {
          readonly nodeSelectorTerms: readonly {
            readonly matchExpressions: readonly NodeSelectorRequirement[];
          }[];
        };
      };
      readonly podAffinity?: {
        readonly requiredDuringSchedulingIgnoredDuringExecution: readonly PodAffinityTerm[];
      };
      readonly podAntiAffinity?: {
        readonly requiredDuringSchedulingIgnoredDuringExecution: readonly PodAffinityTerm[];
      };
    };
    readonly topologySpreadConstraints?: readonly TopologySpreadConstraint[];
  };
}

/** A Nomad constraint in the job API's JSON form (`LTarget`, `RTarget`, `Operand`). */
export interface NomadConstraint {
  readonly LTarget: string;
  readonly RTarget: string;
  readonly Operand: string;
}

export interface NomadSpread {
  readonly Attribute: string;
  readonly Weight: number;
  readonly SpreadTarget: readonly { readonly Value: string; readonly Percent: number }[] | null;
}

/** Task group placement in the Nomad job API's JSON form. */
export interface NomadPlacement {
  readonly Constraints: readonly NomadConstraint[];
  readonly Spreads: readonly NomadSpread[];
}

/** A fidelity and its reason, before the constraint is attached. */
export interface Converted {
  readonly fidelity: Fidelity;
  readonly reason: string;
}

export interface ConstraintConversion {
  /** As written: `[field, operator]` or `[field, operator, value]`. */
  readonly constraint: readonly [string, string] | readonly [string, string, string];
  readonly fidelity: Fidelity;
  /** One line: what the target rule is, and where it differs. */
  readonly reason: string;
}

export interface AppConversion {
  readonly id: string;
  readonly dialect: Dialect;
  readonly kubernetes?: KubernetesPlacement;
  readonly nomad?: NomadPlacement;
  readonly constraints: readonly ConstraintConversion[];
}

/** The labels (Nomad: client meta) one agent's replacement node needs, and how to set them. */
export interface NodeLabels {
  /** The agent's host name (the node is assumed to keep it). */
  readonly node: string;
  readonly labels: Readonly<Record<string, string>>;
  /** `kubectl label node …`, or a Nomad client configuration block. */
  readonly command: string;
}

export interface ConvertResult {
  readonly format: typeof CONVERT_JSON_FORMAT;
  readonly target: ConvertTarget;
  readonly apps: readonly AppConversion[];
  /** Present only when agents were given. */
  readonly nodeLabels: readonly NodeLabels[];
  /** Problems with the options (an unusable label prefix); the conversion then has no apps. */
  readonly diagnostics: readonly Diagnostic[];
}
