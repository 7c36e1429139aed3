// Constraint lists written inside a larger JSON document (app, pod, options): parse them in place and
// move every span into the document. Pure; never throws.
import type { Constraint, Dialect, Span } from "../ast.js";
import type { Diagnostic } from "../diagnostics.js";
import { safeCompile } from "../eval/index.js";
import type { JsonNode } from "../syntax/json.js";
import { safeParse } from "../syntax/parse.js";

/** Constraints read from a list node inside a larger document, spans moved into that document. */
export interface ReadConstraints {
  readonly constraints: readonly Constraint[];
  /** dcos-sdk: the text is invalid, so the scheduler refuses every agent. */
  readonly invalid: boolean;
}

function shift(span: Span, by: number): Span {
  return { start: span.start + by, end: span.end + by };
}

function shiftConstraint(c: Constraint, by: number): Constraint {
  return {
    ...c,
    span: shift(c.span, by),
    fieldSpan: shift(c.fieldSpan, by),
    operatorSpan: shift(c.operatorSpan, by),
    ...(c.valueSpan === undefined ? {} : { valueSpan: shift(c.valueSpan, by) }),
  };
}

/**
 * Reads the constraints written at `node` (a list in the document `text`) for `dialect`. Problems
 * Marathon's API would refuse but the evaluator can still run (`["hostname","UNIQUE",""]`) become
 * warnings; constraints that cannot be evaluated stay errors.
 */
export function readConstraintList(
  text: string,
  node: JsonNode,
  dialect: Dialect,
  sink: Diagnostic[],
): ReadConstraints {
  const slice = text.slice(node.span.start, node.span.end);
  const parsed = safeParse(slice, { dialect });
  const constraints = parsed.constraints.map((c) => shiftConstraint(c, node.span.start));
  const diagnostics = parsed.diagnostics.map((d) => ({
    ...d,
    span: shift(d.span, node.span.start),
    ...(d.related === undefined
      ? {}
      : { related: d.related.map((r) => ({ ...r, span: shift(r.span, node.span.start) })) }),
  }));
  if (parsed.ok) {
    for (const d of diagnostics) sink.push(d);
    return { constraints, invalid: false };
  }
  const evaluable = safeCompile(constraints, { dialect }).ok;
  for (const d of diagnostics) {
    if (d.severity !== "error" || !evaluable) sink.push(d);
    else
      sink.push({
        ...d,
        severity: "warning",
        message: `${d.message} (the API refuses this; simulated as the scheduler would evaluate it)`,
      });
  }
  return { constraints, invalid: !evaluable };
}

/** Sums of decimal resources (0.1 + 0.2) printed without binary noise. */
export function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
