// The public API: the only import path users need. Re-exports; no logic here.
// The version gate comes first: ES modules evaluate in import order, so it runs before chevrotain loads.
import "./node-version-gate.js";

export type {
  Agent,
  AgentResources,
  Attribute,
  PortRanges,
  PortRangesByRole,
  Resources,
  ResourcesByRole,
} from "./agents/agent.js";
export { agentFromInput, agentsFromInput } from "./agents/agent-input.js";
export type { Cluster, RunningTask } from "./agents/cluster.js";
export { loadInventory } from "./agents/inventory.js";
export {
  agentMaintenance,
  loadMaintenance,
  type MachineId,
  type MaintenanceResult,
  type MaintenanceSchedule,
  type MaintenanceWindow,
  mergeMaintenance,
} from "./agents/maintenance.js";
export { parseMesosAttributes } from "./agents/mesos-attributes.js";
export { isMesosState, loadMesosState, marathonAppId } from "./agents/mesos-state.js";
export { coalesceRanges, countRanges, parseMesosValue } from "./agents/mesos-values.js";
export {
  renderAttribute,
  renderMarathonValue,
  renderScalarMarathon,
  renderScalarSdk,
  renderSdkValue,
} from "./agents/render.js";
export type { JsonPath, Locate } from "./agents/report.js";
export type { Constraint, ConstraintTuple, Dialect, InputForm, Operator, Span } from "./ast.js";
export { DIALECTS, MARATHON_OPERATORS, SDK_OPERATORS } from "./ast.js";
export {
  type BasicCredentials,
  createHttpClient,
  type GetOptions,
  type HttpClient,
  type HttpClientOptions,
  type HttpError,
  type HttpErrorCode,
  type HttpResponse,
  type HttpResult,
  redactUrl,
} from "./cluster/http.js";
export { type ClusterUrls, clusterUrls, fetchSnapshot, type LiveSnapshot } from "./cluster/live.js";
export {
  type DeclineStep,
  type OffersSummary,
  type QueueEntry,
  type QueueResult,
  readQueue,
  type UnusedOffer,
} from "./cluster/marathon-queue.js";
export {
  type ClusterSnapshot,
  loadClusterSnapshot,
  type NamedText,
  type SnapshotInput,
  type SnapshotOptions,
  type SourceDiagnostics,
} from "./cluster/snapshot.js";
export { type FormatOptions, formatDiagnostics } from "./code-frame.js";
export * from "./convert/index.js";
export type { Diagnostic, DiagnosticCode, Fix, Position, Severity, TextEdit } from "./diagnostics.js";
export { hasErrors, LineIndex } from "./diagnostics.js";
export { parseJavaInt } from "./dialects/java-int.js";
export {
  AgentTable,
  type CompileInput,
  type CompileOptions,
  compile,
  Matcher,
  PlacementState,
  type PlacementStateOptions,
  type SafeCompileResult,
  safeCompile,
  type Verdict,
  type VerdictConstraint,
  type VerdictKind,
} from "./eval/index.js";
export { applyFixes } from "./fixes.js";
export { MAX_CONSTRAINT_DEPTH, MAX_DOCUMENT_DEPTH } from "./limits.js";
export { lint } from "./lint/lint.js";
export { RULE_INFO } from "./lint/rules/index.js";
export type {
  LintDiagnostic,
  LintOptions,
  LintResult,
  LintRule,
  RuleInfo,
  RuleSetting,
} from "./lint/types.js";
export {
  type CheckJavaRegexResult,
  type CompileJavaRegexOptions,
  type CompileJavaRegexResult,
  checkJavaRegex,
  compileJavaRegex,
  type JavaRegex,
  parseJavaRegex,
  printJavaRegex,
} from "./regex/index.js";
export * from "./simulate/index.js";
export { findConstraintSources } from "./sources/index.js";
export type { ConstraintSource, FindSourcesResult, HostKind } from "./sources/source.js";
export {
  type JsonNode,
  type JsonParseResult,
  type ParseJsonOptions,
  parseJson,
  parseTolerantJson,
} from "./syntax/json.js";
export {
  ConstraintSyntaxError,
  constraintsFromTuples,
  MAX_CONSTRAINT_TEXT,
  type ParseOptions,
  type ParseResult,
  parse,
  safeParse,
} from "./syntax/parse.js";
export { colonRepresentable, type PrintOptions, print, printProblem } from "./syntax/print.js";
export { renderWhyHtml } from "./why/report-html.js";
export { renderWhyJson, WHY_JSON_FORMAT } from "./why/report-json.js";
export { formatDuration, renderWhyText, type WhyTextOptions } from "./why/report-text.js";
export type * from "./why/types.js";
export { type WhyOptions, why } from "./why/why.js";
