// Differential and incremental-state properties: the compiled matcher equals the slow oracle, an
// incrementally updated PlacementState equals one rebuilt from scratch, and explain agrees with accepts.
import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import type { Agent } from "../../src/agents/agent.js";
import { AgentTable, compile, safeCompile } from "../../src/eval/index.js";
import { print, printProblem } from "../../src/syntax/print.js";
import { scenarioArb } from "./arbitraries.js";
import { marathonRead, oracleAccepts } from "./oracle.js";

describe("compiled matcher", () => {
  test.prop([scenarioArb], { numRuns: 3000 })(
    "agrees with the oracle, and explain agrees with accepts",
    (s) => {
      const matcher = compile(s.constraints, { dialect: s.dialect });
      const placed = s.placed.map((i) => s.pool[i % s.pool.length]!);
      const state = matcher.createState({ placed, instances: s.instances });
      const agent = s.pool[s.candidate % s.pool.length]!;
      const expected = oracleAccepts(s.dialect, s.constraints, agent, placed, s.instances);
      expect(matcher.accepts(agent, state)).toBe(expected);
      // A second check reads the cached view and must not change its mind.
      expect(matcher.accepts(agent, state)).toBe(expected);
      const verdicts = matcher.explain(agent, state);
      expect(verdicts).toHaveLength(s.constraints.length);
      expect(verdicts.every((v) => v.accepted)).toBe(expected);
      // The summaries' cheap kinds are the verdicts' kinds.
      const kinds: string[] = [];
      matcher.kindsRow(matcher.row(agent), state, kinds as never);
      expect(kinds).toEqual(verdicts.map((v) => v.kind));
      // A matcher on a shared cluster table, checked by row, decides the same.
      const table = new AgentTable(s.pool);
      const shared = compile(s.constraints, { dialect: s.dialect, agents: table });
      const byRow = shared.createState({ instances: s.instances });
      for (const i of s.placed) byRow.placeRow(i % s.pool.length);
      expect(shared.acceptsRow(s.candidate % s.pool.length, byRow)).toBe(expected);
      expect(shared.explainRow(s.candidate % s.pool.length, byRow)).toEqual(verdicts);
      verdicts.forEach((v, i) => {
        const one = compile([s.constraints[i]!], { dialect: s.dialect });
        const alone = one.createState({ placed, instances: s.instances });
        expect(v.accepted).toBe(one.accepts(agent, alone));
        expect(v.kind === "ok").toBe(v.accepted);
        expect(v.reason.length).toBeGreaterThan(0);
        const c = s.constraints[i]!;
        if (
          s.dialect !== "dcos-sdk" &&
          (c.operator === "UNIQUE" || c.operator === "MAX_PER") &&
          v.value !== undefined
        ) {
          // Counts are what scanning the placed list would give.
          expect(v.count).toBe(placed.filter((p) => marathonRead(p, c.field) === v.value).length);
        }
      });
    },
  );
});

type Op = { kind: "place" | "remove"; agent: number } | { kind: "instances"; n: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("place" as const), agent: fc.nat(4) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("remove" as const), agent: fc.nat(4) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("instances" as const), n: fc.nat(10) }) },
);

describe("PlacementState", () => {
  test.prop([scenarioArb, fc.array(opArb, { maxLength: 25 })], { numRuns: 2000 })(
    "after any place/remove sequence equals a state rebuilt from the remaining placed list",
    (s, ops) => {
      const matcher = compile(s.constraints, { dialect: s.dialect });
      const state = matcher.createState({ instances: s.instances });
      const model: Agent[] = [];
      let instances = s.instances;
      for (const op of ops) {
        if (op.kind === "instances") {
          instances = op.n;
          state.instances = op.n;
          continue;
        }
        const agent = s.pool[op.agent % s.pool.length]!;
        if (op.kind === "place") {
          state.place(agent);
          model.push(agent);
        } else {
          const at = model.lastIndexOf(agent);
          expect(state.remove(agent)).toBe(at >= 0);
          if (at >= 0) model.splice(at, 1);
        }
      }
      expect(state.size).toBe(model.length);
      expect(state.placed).toEqual(model);
      const fresh = matcher.createState({ placed: model, instances });
      for (const probe of s.pool) {
        const expected = oracleAccepts(s.dialect, s.constraints, probe, model, instances);
        expect(matcher.accepts(probe, state)).toBe(expected);
        expect(matcher.accepts(probe, fresh)).toBe(expected);
        expect(matcher.explain(probe, state)).toEqual(matcher.explain(probe, fresh));
      }
      const copy = state.clone();
      for (const probe of s.pool) expect(matcher.accepts(probe, copy)).toBe(matcher.accepts(probe, state));
    },
  );
});

describe("compiling text", () => {
  test.prop([scenarioArb, fc.constantFrom("app", "colon")], { numRuns: 1000 })(
    "gives the same verdicts as compiling the Constraint objects it prints from",
    (s, form) => {
      const printable = form === "app" || printProblem(s.constraints, "colon") === undefined;
      const text = printable ? print(s.constraints, { form: form === "colon" ? "colon" : "app" }) : undefined;
      // Marathon's API refuses some of what its evaluator understands (GROUP_BY inf, ""): skip those.
      const fromText = text === undefined ? undefined : safeCompile(text, { dialect: s.dialect });
      fc.pre(fromText?.ok === true && fromText.matcher !== undefined);
      const fromObjects = compile(s.constraints, { dialect: s.dialect });
      const placed = s.placed.map((i) => s.pool[i % s.pool.length]!);
      const a = fromText!.matcher!.createState({ placed, instances: s.instances });
      const b = fromObjects.createState({ placed, instances: s.instances });
      for (const probe of s.pool) {
        expect(fromText!.matcher!.accepts(probe, a)).toBe(fromObjects.accepts(probe, b));
      }
    },
  );
});
