// The eval fast path: raw members read exactly as JSON.parse reads the object, and answers equal to the
// library's own.
import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { agentFromInput } from "../../src/agents/agent-input.js";
import { EvalMemos, fastAnswer, rawMembers } from "../../src/cli/eval-fast.js";
import { compile } from "../../src/eval/index.js";

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
    expect(fastAnswer(line, "marathon", memos)).toEqual(expected);
    expect(fastAnswer(line, "marathon", memos)).toEqual(expected);
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
  ])("leaves %s to the slow path, which locates the problem", (line) => {
    expect(fastAnswer(line, "marathon", new EvalMemos())).toBeUndefined();
  });
});
