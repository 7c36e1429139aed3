// Public surface of the evaluator: compile constraints once, check agents against placement state,
// explain verdicts. Re-exports only; behaviour lives in the files beside it.

export { AgentTable } from "./agent-table.js";
export { parseJavaDouble } from "./java-number.js";
export { type CompileInput, compile, Matcher, safeCompile } from "./matcher.js";
export { PlacementState } from "./state.js";
export type {
  CompileOptions,
  PlacementStateOptions,
  SafeCompileResult,
  Verdict,
  VerdictConstraint,
  VerdictKind,
} from "./types.js";
