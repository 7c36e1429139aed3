// The README's embedding example, run as written (console.log replaced by collecting the reasons).
import { describe, expect, it } from "vitest";
import { compile } from "../../src/eval/index.js";

describe("README example", () => {
  it("places two agents on rack-1 and explains why the third is refused", () => {
    const reasons: string[] = [];
    const matcher = compile('[["hostname","UNIQUE"],["rack_id","MAX_PER","2"]]', { dialect: "marathon" });
    const state = matcher.createState();
    const agents = ["a1", "a2", "a3"].map((hostname) => ({
      hostname,
      attributes: [{ name: "rack_id", text: "rack-1" }],
    }));
    for (const agent of agents) {
      if (matcher.accepts(agent, state)) state.place(agent);
      else for (const v of matcher.explain(agent, state)) if (!v.accepted) reasons.push(v.reason);
    }
    expect(state.size).toBe(2);
    expect(reasons).toEqual(["rack_id:MAX_PER:2 rejects rack-1: 2 instances already there (limit 2)"]);
  });
});
