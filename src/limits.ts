// Structural limits against hostile input, in one place so the README's guarantees can name them.
// Every reader that could recurse on nesting checks these before it recurses; none of them throws.
import type { Span } from "./ast.js";
import type { Diagnostic } from "./diagnostics.js";

/** JSON nesting allowed in constraint text: real constraints nest 2 levels (3 in a pod object). */
export const MAX_CONSTRAINT_DEPTH = 64;

/**
 * JSON or YAML nesting allowed in documents: host files (apps, groups, options, service YAML),
 * workloads, inventories, running files, agents. Real files nest a few dozen levels at most.
 */
export const MAX_DOCUMENT_DEPTH = 128;

/** The `limit_exceeded` diagnostic for nesting that goes past `limit` at `span` (the opener that crosses it). */
export function depthExceeded(limit: number, span: Span, what = "nesting"): Diagnostic {
  return {
    severity: "error",
    code: "limit_exceeded",
    message: `${what} deeper than ${limit} levels is refused (a structural limit against hostile input): level ${limit + 1} starts here`,
    span,
  };
}
