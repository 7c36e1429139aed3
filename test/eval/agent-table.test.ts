import { describe, expect, it } from "vitest";
import type { Agent } from "../../src/agents/agent.js";
import { AgentTable, InternTable } from "../../src/eval/agent-table.js";
import { compile } from "../../src/eval/index.js";

const agent = (hostname: string, rack?: string, level?: number): Agent => ({
  hostname,
  attributes: [
    ...(rack === undefined ? [] : [{ name: "rack", text: rack }]),
    ...(level === undefined ? [] : [{ name: "level", scalar: level }]),
  ],
});

describe("InternTable", () => {
  it("gives each distinct string one dense id and finds it again", () => {
    const t = new InternTable();
    const words = Array.from({ length: 5000 }, (_, i) => `agent-${i}.example.com`);
    expect(words.map((w) => t.intern(w))).toEqual(words.map((_, i) => i));
    expect(words.map((w) => t.intern(w))).toEqual(words.map((_, i) => i));
    expect(t.lookup("agent-4999.example.com")).toBe(4999);
    expect(t.lookup("nope")).toBe(-1);
    expect(t.size).toBe(5000);
    expect(t.values[17]).toBe("agent-17.example.com");
  });
});

describe("AgentTable", () => {
  it("numbers agents in list order and finds them by identity", () => {
    const agents = [agent("a", "r1"), agent("b", "r2")];
    const table = new AgentTable(agents);
    expect(table.size).toBe(2);
    expect(table.find(agents[1]!)).toBe(1);
    expect(table.find(agent("b", "r2"))).toBe(-1);
    expect(table.agent(0)).toBe(agents[0]);
    const c = agent("c");
    expect(table.row(c)).toBe(2);
    expect(table.row(c)).toBe(2);
  });

  it("gives matchers on the same field one shared column, rendered once", () => {
    const table = new AgentTable([agent("a", "r1", 10), agent("b", "r2", 2.5)]);
    const one = compile('[["rack","UNIQUE"],["level","IS","10"]]', { agents: table });
    const two = compile('[["rack","GROUP_BY","2"],["hostname","UNIQUE"]]', { agents: table });
    expect(table.columns.map((c) => `${c.kind}:${c.name}`)).toEqual([
      "attribute:rack",
      "attribute:level",
      "hostname:hostname",
    ]);
    expect(table.columns[1]!.value(1)).toBe("2.5");
    expect(one.acceptsRow(0)).toBe(true);
    expect(one.acceptsRow(1)).toBe(false);
    expect(two.acceptsRow(1)).toBe(true);
  });

  it("fills existing columns for agents added later, and new columns for existing agents", () => {
    const table = new AgentTable([agent("a", "r1")]);
    const m = compile('[["rack","UNIQUE"]]', { agents: table });
    const state = m.createState();
    state.placeRow(0);
    expect(m.accepts(agent("b", "r1"), state)).toBe(false);
    expect(m.accepts(agent("c", "r2"), state)).toBe(true);
    const late = compile('[["hostname","LIKE","[ab]"]]', { agents: table });
    expect([0, 1, 2].map((r) => late.acceptsRow(r))).toEqual([true, true, false]);
    expect(state.placed).toEqual([table.agent(0)]);
  });

  it("refuses rows it does not have", () => {
    const m = compile('[["rack","UNIQUE"]]', { agents: new AgentTable([agent("a")]) });
    expect(() => m.acceptsRow(1)).toThrow(RangeError);
    expect(() => m.acceptsRow(-1)).toThrow(RangeError);
  });

  it("keeps no agents in a matcher's private table, while states keep the ones they placed", () => {
    const m = compile('[["rack","CLUSTER"]]');
    expect(m.agents.holdsAgents).toBe(false);
    expect(() => m.agents.agent(0)).toThrow(TypeError);
    const a = agent("a");
    const state = m.createState({ placed: [a] });
    expect(state.placed).toEqual([a]);
    expect(m.explain(agent("b", "r1"), state)[0]!.reason).toContain("the first placed instance (a)");
  });
});
