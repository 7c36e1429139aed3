// Runs every shared evaluation vector (Marathon, Marathon 1.11, dcos-sdk) through compile + state,
// checking accepts and that explain agrees with it.
import { describe, expect, it } from "vitest";
import type { Agent } from "../../src/agents/agent.js";
import type { Dialect } from "../../src/ast.js";
import { compile } from "../../src/eval/index.js";
import { loadVectors } from "../helpers/vectors.js";

interface EvalVector {
  readonly id: string;
  readonly dialect: Dialect;
  readonly constraints: string;
  readonly agent: Agent;
  readonly placed: readonly Agent[];
  readonly instances?: number;
  readonly expect: "accept" | "reject";
}

function run(v: EvalVector) {
  // dcos-commons turns unparseable text into a rule that refuses every agent.
  const matcher = compile(v.constraints, {
    dialect: v.dialect,
    invalid: v.dialect === "dcos-sdk" ? "reject" : "error",
  });
  const state = matcher.createState({
    placed: v.placed,
    ...(v.instances === undefined ? {} : { instances: v.instances }),
  });
  const accepted = matcher.accepts(v.agent, state);
  const verdicts = matcher.explain(v.agent, state);
  return { accepted, verdicts };
}

for (const file of ["eval-marathon.json", "eval-dcos-sdk.json"]) {
  describe(file, () => {
    const vectors = loadVectors<EvalVector>(file);
    it.each(vectors.map((v) => [v.id, v] as const))("%s", (_id, v) => {
      const { accepted, verdicts } = run(v);
      expect(accepted ? "accept" : "reject").toBe(v.expect);
      expect(verdicts.every((x) => x.accepted)).toBe(accepted);
      for (const x of verdicts) expect(x.kind === "ok").toBe(x.accepted);
    });
  });
}
