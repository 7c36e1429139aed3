// SlotCounts storage: counts kept in pages where something is placed, turned dense once most pages are
// in use, agree with a plain map under any sequence of places, removes and copies; agent-only verdicts
// shared between matchers of one table agree with each matcher's own.
import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import type { Agent } from "../../src/agents/agent.js";
import { AgentTable, compile } from "../../src/eval/index.js";
import { SlotCounts } from "../../src/eval/state.js";

type Op = { kind: "inc" | "dec" | "copy"; id: number };

// Ids from a few far-apart pages and a dense block, so both layouts and the switch are exercised.
const idArb = fc.oneof(fc.integer({ min: 0, max: 200 }), fc.integer({ min: 0, max: 20000 }));
const opArb: fc.Arbitrary<Op> = fc.record({
  kind: fc.constantFrom("inc", "inc", "inc", "dec", "copy"),
  id: idArb,
});

describe("SlotCounts", () => {
  test.prop([fc.array(opArb, { maxLength: 300 }), fc.boolean()], { numRuns: 300 })(
    "counts what a map counts, before and after copies, with the group statistics",
    (ops, stats) => {
      let counts = new SlotCounts(stats);
      const model = new Map<number, number>();
      for (const op of ops) {
        if (op.kind === "copy") {
          counts = counts.copy();
          continue;
        }
        const before = model.get(op.id) ?? 0;
        if (op.kind === "dec" && before === 0) continue;
        const delta = op.kind === "inc" ? 1 : -1;
        expect(op.kind === "inc" ? counts.inc(op.id) : counts.dec(op.id)).toBe(before);
        model.set(op.id, before + delta);
      }
      for (const id of [...model.keys(), 0, 63, 64, 20001, 1 << 20]) {
        expect(counts.count(id)).toBe(model.get(id) ?? 0);
      }
      if (stats) {
        const held = [...model.values()].filter((n) => n > 0);
        expect(counts.groups).toBe(held.length);
        expect(counts.min).toBe(held.length === 0 ? 0 : Math.min(...held));
        expect(counts.max).toBe(held.length === 0 ? 0 : Math.max(...held));
      }
    },
  );

  it("keeps a copy independent of the original", () => {
    const a = new SlotCounts(false);
    a.inc(9000);
    const b = a.copy();
    b.inc(9000);
    b.inc(5);
    expect([a.count(9000), a.count(5), b.count(9000), b.count(5)]).toEqual([1, 0, 2, 1]);
  });
});

describe("agent-only verdicts on a shared table", () => {
  it("agree with each matcher's own, for matchers with the same, other and no agent-only constraints", () => {
    const agents: Agent[] = Array.from({ length: 300 }, (_, i) => ({
      hostname: `h${i}`,
      attributes: [
        { name: "rack", text: `r${i % 7}` },
        { name: "disk", text: i % 3 === 0 ? "ssd" : "hdd" },
      ],
    }));
    const table = new AgentTable(agents);
    const lists = [
      '[["rack","LIKE","r[0-3]"],["hostname","UNIQUE"]]',
      '[["rack","LIKE","r[0-3]"],["hostname","MAX_PER","2"]]',
      '[["disk","IS","ssd"]]',
      '[["rack","LIKE","r[0-3]"],["disk","UNLIKE","ssd"]]',
      '[["hostname","UNIQUE"]]',
    ];
    const shared = lists.map((l) => compile(l, { agents: table }));
    // The second list reads the verdicts the first settled; every list agrees with a table of its own.
    shared[0]!.staticVerdicts();
    lists.forEach((l, k) => {
      const own = compile(l, { agents: new AgentTable(agents) });
      for (let row = 0; row < agents.length; row++) {
        expect(shared[k]!.acceptsRow(row)).toBe(own.acceptsRow(row));
        expect(shared[k]!.acceptsStatic(row)).toBe(own.acceptsStatic(row));
      }
    });
  });
});
