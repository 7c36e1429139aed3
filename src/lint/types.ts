// The data of linting: rules, the context a rule sees, findings, and the diagnostics lint() returns.
// Types only; the runner is lint.ts and the rules live in rules/.
import type { Agent } from "../agents/agent.js";
import type { Constraint, Dialect, Span } from "../ast.js";
import type { Fix, RelatedInformation, Severity } from "../diagnostics.js";
import type { ConstraintSource, HostKind } from "../sources/source.js";
import type { ParseResult } from "../syntax/parse.js";

/** How a rule is configured: `off`, or the severity its findings get. */
export type RuleSetting = "off" | Severity;

/** Everything a rule may look at for one constraint source. Spans are offsets into `text`. */
export interface LintContext {
  /** The constraint text being checked (not the whole file). */
  readonly text: string;
  readonly dialect: Dialect;
  readonly parse: ParseResult;
  readonly constraints: readonly Constraint[];
  /** How many instances the host asks for, when it says. */
  readonly instances?: number;
  /** The agent inventory, when one was given. */
  readonly agents?: readonly Agent[];
}

/** One problem a rule found, in constraint-text offsets. */
export interface Finding {
  readonly message: string;
  readonly span: Span;
  readonly upstream?: string;
  /** A safe fix (keeps the meaning the author evidently intended); `--fix` applies it. */
  readonly fix?: Fix;
  /** Fixes that change behaviour; shown, never applied automatically. */
  readonly suggestions?: readonly Fix[];
  readonly related?: readonly RelatedInformation[];
  /** Overrides the rule's default severity (wrapped parser diagnostics keep their own). */
  readonly severity?: Severity;
}

/** What the README's rules table says about a rule; host-document checks have only this. */
export interface RuleInfo {
  readonly id: string;
  readonly defaultSeverity: Severity;
  readonly dialects: readonly Dialect[];
  /** One paragraph for the README: what is wrong, why it matters, what to write instead. */
  readonly description: string;
  /** Whether findings carry a safe fix (`safe`), only suggestions (`suggestion`), or neither. */
  readonly fix?: "safe" | "suggestion";
  /** The rule needs an agent inventory (`--inventory`); without one it does not run. */
  readonly needsInventory?: boolean;
}

/** A lint rule: one concern, checked on one constraint source at a time. */
export interface LintRule extends RuleInfo {
  check(context: LintContext): readonly Finding[];
}

export interface LintRelated {
  readonly message: string;
  readonly span: Span;
  readonly line: number;
  readonly column: number;
}

/** A finding placed in the user's file. Lines and columns are 1-based; `endColumn` is exclusive. */
export interface LintDiagnostic {
  readonly ruleId: string;
  readonly severity: Severity;
  readonly message: string;
  readonly upstream?: string;
  /** UTF-16 offsets into the file; end exclusive. */
  readonly span: Span;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  /** A safe fix with edits in file offsets. */
  readonly fix?: Fix;
  readonly suggestions?: readonly Fix[];
  readonly related?: readonly LintRelated[];
  /** Where in the host the constraints are (`/apps/2/constraints`); empty for a constraint-text file. */
  readonly path?: string;
  /** The app, pod or option the constraints belong to. */
  readonly owner?: string;
}

export interface LintOptions {
  /** Read every constraint source as this dialect instead of the one its host implies. */
  readonly dialect?: Dialect;
  /** Rule settings by rule id; unknown ids are ignored here (the CLI rejects them). */
  readonly rules?: Readonly<Record<string, RuleSetting>>;
  /** Agents to check fields, values and capacity against. */
  readonly agents?: readonly Agent[];
}

export interface LintResult {
  readonly filePath: string;
  readonly kind: HostKind;
  /** Sorted by position in the file. */
  readonly diagnostics: readonly LintDiagnostic[];
  readonly errorCount: number;
  readonly warningCount: number;
  readonly infoCount: number;
  /** How many diagnostics carry a safe fix. */
  readonly fixableCount: number;
  /** The constraint sources that were checked. */
  readonly sources: readonly ConstraintSource[];
}
