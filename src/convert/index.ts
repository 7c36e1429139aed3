// Public surface of the conversion to Kubernetes and Nomad: convert() and its renderers.
// Re-exports only; behaviour lives in the files beside it.
export { convert } from "./convert.js";
export { fidelitySummary, renderConvertHcl, renderConvertJson, renderConvertYaml } from "./report.js";
export type * from "./types.js";
export { CONVERT_JSON_FORMAT, CONVERT_TARGETS, FIDELITIES } from "./types.js";
