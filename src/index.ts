// The public API: the only import path users need. Re-exports; no logic here.
export type { Constraint, ConstraintTuple, Dialect, InputForm, Operator, Span } from "./ast.js";
export { DIALECTS, MARATHON_OPERATORS, SDK_OPERATORS } from "./ast.js";
export { type FormatOptions, formatDiagnostics } from "./code-frame.js";
export type { Diagnostic, DiagnosticCode, Fix, Position, Severity, TextEdit } from "./diagnostics.js";
export { hasErrors, LineIndex } from "./diagnostics.js";
export { applyFixes } from "./fixes.js";
export { parseJavaInt } from "./dialects/java-int.js";
export { type JsonNode, type JsonParseResult, parseJson } from "./syntax/json.js";
export {
  ConstraintSyntaxError,
  constraintsFromTuples,
  type ParseOptions,
  type ParseResult,
  parse,
  safeParse,
} from "./syntax/parse.js";
export { colonRepresentable, type PrintOptions, print, printProblem } from "./syntax/print.js";
