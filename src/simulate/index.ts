// Public surface of the simulator: workloads, running placements, the placement loop and its reports.
// Re-exports only; behaviour lives in the files beside it.
export { loadKubernetesOptions } from "./kubernetes.js";
export {
  GPU_SCHEDULING_BEHAVIORS,
  type GpuSchedulingBehavior,
  MARATHON_DEFAULTS,
  type MarathonConfig,
  type MarathonInfoConfig,
  marathonConfigFromInfo,
  resolveMarathonConfig,
} from "./marathon/config.js";
export {
  type FunnelStep,
  funnelReason,
  funnelSteps,
  type NoOfferMatchReason,
  REASON_FUNNEL,
} from "./marathon/reasons.js";
export { renderHtml } from "./report-html.js";
export { renderJson, SIMULATION_JSON_FORMAT } from "./report-json.js";
export { funnelLine, renderText, type TextReportOptions, unplacedLine } from "./report-text.js";
export {
  loadRunning,
  marathonPlacements,
  placementsFromTasks,
  type RunningResult,
  unidentifiedMarathonTasks,
  unidentifiedTasksNote,
} from "./running.js";
export { constraintLabel, mulberry32, simulate } from "./simulate.js";
export type * from "./types.js";
export { loadWorkload } from "./workload.js";
