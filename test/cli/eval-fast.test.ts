// The eval fast path: raw members read exactly as JSON.parse reads the object, and answers equal to the
// library's own.
import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { agentFromInput } from "../../src/agents/agent-input.js";
import type { Dialect } from "../../src/ast.js";
import { answer } from "../../src/cli/eval.js";
import { EvalMemos, fastAnswer, rawMembers } from "../../src/cli/eval-fast.js";
import { compile } from "../../src/eval/index.js";
import { agentArb, constraintArb } from "../eval/arbitraries.js";

/** JSON text of `value` with random whitespace between tokens (inside strings left alone). */
const spaced = (value: unknown, pad: string) =>
  JSON.stringify(value, null, pad.length > 0 ? pad : undefined).replaceAll(
    "\n",
    pad.includes("\t") ? "\r\n" : "\n",
  );

describe("rawMembers", () => {
  test.prop(
    [fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 4 })), fc.constantFrom("", " ", "\t", "  ")],
    {
      numRuns: 300,
    },
  )("gives each member's text, which parses to what JSON.parse gives for the whole object", (obj, pad) => {
    const line = spaced(obj, pad);
    const members = rawMembers(line)!;
    const whole = JSON.parse(line) as Record<string, unknown>;
    expect([...members.keys()].sort()).toEqual(Object.keys(whole).sort());
    for (const [key, raw] of members) expect(JSON.parse(raw)).toEqual(whole[key]);
  });

  it.each([
    ["[1]"],
    ['{"a":1'],
    ['{"a" 1}'],
    ['{"a":1,}'],
    ['{"a":1} x'],
    ['{"a":"x}'],
    ['{"a\u0001":1}'],
    ['{"\\q":1}'],
  ])("declines %j, which is not one well-formed object", (line) => {
    expect(rawMembers(line)).toBeUndefined();
  });

  it("reads escaped keys and keeps the last of duplicate keys, as JSON.parse does", () => {
    const members = rawMembers('{"ag\\u0065nt": {"hostname":"a"}, "x":1, "x":[2]}')!;
    expect(members.get("agent")).toBe('{"hostname":"a"}');
    expect(members.get("x")).toBe("[2]");
  });
});

describe("fastAnswer", () => {
  const agent = (hostname: string, rack: string) => ({ hostname, attributes: { rack } });
  const cases = [
    { constraints: "hostname:UNIQUE", agent: agent("a", "r1"), placed: [agent("a", "r1")] },
    {
      dialect: "dcos-sdk",
      constraints: "rack:MAX_PER:2",
      agent: agent("a", "r1"),
      placed: [agent("b", "r1")],
    },
    {
      constraints: [["rack", "GROUP_BY", "2"]],
      agent: agent("c", "r2"),
      placed: [agent("a", "r1")],
      instances: 4,
    },
    {
      dialect: "marathon-1.11",
      constraints: '[["rack","GROUP_BY","2"]]',
      agent: agent("c", "r1"),
      placed: null,
      instances: 4,
    },
  ];

  it.each(cases)("answers %j as the library does", (request) => {
    const memos = new EvalMemos();
    const line = JSON.stringify(request);
    const dialect =
      (request as { dialect?: "marathon" | "dcos-sdk" | "marathon-1.11" }).dialect ?? "marathon";
    const text =
      typeof request.constraints === "string" ? request.constraints : JSON.stringify(request.constraints);
    const matcher = compile(text, { dialect });
    const read = (x: unknown) => agentFromInput(x).agent!;
    const placed = (request.placed ?? []).map(read);
    const state = matcher.createState(
      request.instances === undefined ? { placed } : { placed, instances: request.instances },
    );
    const expected = {
      accepted: matcher.accepts(read(request.agent), state),
      verdicts: matcher.explain(read(request.agent), state),
    };
    // Twice: the second answer comes from the memos.
    expect(fastAnswer(line, "marathon", memos)).toBe(JSON.stringify(expected));
    expect(fastAnswer(line, "marathon", memos)).toBe(JSON.stringify(expected));
  });

  it.each([
    ['{"constraints":"hostname:UNIQUE"}'],
    ['{"constraints":"hostname:UNIQUE","agent":{"hostname":3}}'],
    ['{"constraints":"rack:MAX_PER:x","agent":{"hostname":"a"}}'],
    ['{"constraints":"hostname:UNIQUE","agent":{"hostname":"a"},"placed":{}}'],
    ['{"constraints":"hostname:UNIQUE","agent":{"hostname":"a"},"instances":-1}'],
    ['{"constraints":"hostname:UNIQUE","agent":{"hostname":"a"},"dialect":"mesos"}'],
    ['{"constraints":"hostname:UNIQUE","agent":{"hostname":"a"},"extra":tru}'],
    ['{"constraints":5,"agent":{"hostname":"a"}}'],
    ['{"agent":tru,"constraints":"hostname:UNIQUE","agent":{"hostname":"a"}}'],
    ['{"constraints":"hostname:UNIQUE","agent":{"hostname":"a"},"x":tru,"x":1}'],
  ])("leaves %s to the slow path, which locates the problem", (line) => {
    expect(fastAnswer(line, "marathon", new EvalMemos())).toBeUndefined();
  });
});

describe("fastAnswer against the slow path", () => {
  const dialectArb = fc.constantFrom<Dialect>("marathon", "marathon-1.11", "dcos-sdk");
  /** Constraints as app-form JSON, given as text or as the array itself. */
  const constraintsArb = (dialect: Dialect) =>
    fc
      .array(constraintArb(dialect), { minLength: 1, maxLength: 3 })
      .map((cs) =>
        cs.map((c) => (c.value === undefined ? [c.field, c.operator] : [c.field, c.operator, c.value])),
      )
      .chain((cs) => fc.constantFrom<unknown>(JSON.stringify(cs), cs));
  /** A request's members; a few pools, so that later requests repeat earlier parts and hit the memos. */
  const streamArb = dialectArb.chain((fallback) =>
    fc.record({
      fallback: fc.constant(fallback),
      sets: fc.array(
        dialectArb.chain((dialect) =>
          fc.record({
            dialect: fc.option(fc.constant(dialect), { nil: undefined }),
            constraints: constraintsArb(dialect),
          }),
        ),
        { minLength: 1, maxLength: 3 },
      ),
      agents: fc.array(agentArb, { minLength: 1, maxLength: 4 }),
      requests: fc.array(
        fc.record({
          set: fc.nat(2),
          agent: fc.nat(3),
          placed: fc.array(fc.nat(3), { maxLength: 4 }),
          instances: fc.option(fc.nat(6), { nil: undefined }),
          pad: fc.constantFrom("", " "),
          extra: fc.boolean(),
        }),
        { minLength: 1, maxLength: 12 },
      ),
    }),
  );

  test.prop([streamArb], { numRuns: 150 })(
    "gives the slow path's answer line for every request it answers, memos warm or cold",
    ({ fallback, sets, agents, requests }) => {
      const memos = new EvalMemos();
      for (const r of requests) {
        const set = sets[r.set % sets.length]!;
        const request = {
          ...(r.extra ? { note: [1, { a: null }] } : {}),
          ...(set.dialect === undefined ? {} : { dialect: set.dialect }),
          constraints: set.constraints,
          agent: agents[r.agent % agents.length],
          placed: r.placed.map((i) => agents[i % agents.length]),
          ...(r.instances === undefined ? {} : { instances: r.instances }),
        };
        const line = JSON.stringify(request, null, r.pad || undefined).replaceAll("\n", "");
        const slow = answer(line, 1, fallback);
        const fast = fastAnswer(line, fallback, memos);
        if (fast !== undefined) expect(fast).toBe(JSON.stringify(slow.out));
        // Only constraints the scheduler would refuse leave the fast path.
        else expect(slow.ok).toBe(false);
      }
    },
  );
});
