// The large-cluster case in the suite (500 agents; the benchmarks run it with 5,000): placement invariants,
// explanations whose size does not grow with the stuck instances, and a report that stays small.
import { describe, expect, it } from "vitest";
import { renderHtml } from "../../src/simulate/report-html.js";
import { simulate } from "../../src/simulate/simulate.js";
import { largeScenario } from "./helpers.js";
import { checkInvariants } from "./invariants.js";

// The benchmarks run this file with SCALE_AGENTS=5000 (a multiple of 25: racks of 25 agents).
const AGENTS = Number(process.env.SCALE_AGENTS ?? 500);
const RACKS = AGENTS / 25;

describe("simulate on a large cluster", () => {
  const { agents, apps } = largeScenario({
    agents: AGENTS,
    racks: RACKS,
    zones: 5,
    placing: 30,
    stuck: 40,
    extra: 5,
  });

  it(`keeps every placement invariant with ${AGENTS} agents, 30 apps that place and 40 that cannot`, () => {
    const result = simulate({ agents, apps, offerOrder: "random", seed: 3 });
    checkInvariants(result, agents, apps);
    expect(result.unplaced).toHaveLength(40);
    for (const u of result.unplaced) {
      // At least the 5 the rack cannot hold (more where busy agents ran out of resources).
      expect(u.count).toBeGreaterThanOrEqual(5);
      expect(u.agents).toEqual([]);
      expect(u.nearest).toHaveLength(3);
      // Agents of other racks refuse by the LIKE; the rack's own 25 hold an instance already or are full.
      expect(u.summary[0]).toMatchObject({
        count: AGENTS - 25,
        text: expect.stringMatching(/^rejected by rack:LIKE:rack-/),
      });
      expect(u.summary[1]!.text).toBe("rejected by hostname:UNIQUE (value already used)");
    }
  });

  it("explains an app in the same space whether 5 or 5,000 of its instances are stuck", () => {
    const few = simulate({ agents, apps: [apps[apps.length - 1]!] }).unplaced[0]!;
    const many = simulate({ agents, apps: [{ ...apps[apps.length - 1]!, instances: 5025 }] }).unplaced[0]!;
    expect(many.count).toBe(5000);
    expect({ ...many, count: few.count }).toEqual(few);
  });

  it(`renders a report of rack tiles, not ${AGENTS} agent boxes, under 800 bytes an agent`, () => {
    const result = simulate({ agents, apps });
    const html = renderHtml(result);
    expect(html.length).toBeLessThan(800 * AGENTS);
    expect(html).not.toContain('class="agent"');
    expect(html.match(/class="tile"/g)).toHaveLength(RACKS);
  });
});
