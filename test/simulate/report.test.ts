import { describe, expect, it } from "vitest";
import { escapeHtml, renderHtml } from "../../src/simulate/report-html.js";
import { renderJson, SIMULATION_JSON_FORMAT } from "../../src/simulate/report-json.js";
import { instanceRange, renderText } from "../../src/simulate/report-text.js";
import { simulate } from "../../src/simulate/simulate.js";
import { agent, app } from "./helpers.js";

const agents = [
  agent("10.0.1.1", { zone: "z1", rack: "r1", mem: 4096 }),
  agent("10.0.1.2", { zone: "z1", rack: "r2", mem: 4096 }),
  agent("10.0.2.1", { zone: "z2", rack: "r3", mem: 2048 }),
  agent("10.0.9.1", { zone: "z2", public: true }),
];

function scenario(explainAgents = 0) {
  return simulate({
    explainAgents,
    agents,
    apps: [
      app("/shop/web", {
        instances: 5,
        mem: 3072,
        constraints: [
          ["hostname", "UNIQUE"],
          ["rack", "GROUP_BY"],
        ],
      }),
      app("/shop/edge", { instances: 1, roles: ["slave_public"] }),
      app("/shop/batch", { instances: 2, mem: 512, constraints: [["rack", "LIKE", "r1"]] }),
    ],
    running: [
      { appId: "/shop/batch", hostname: "10.0.1.1" },
      { appId: "/shop/batch", hostname: "10.0.2.1" },
    ],
    drift: true,
    masterRegion: "r1",
  });
}

describe("renderText", () => {
  it("prints placements, spreads, the Kubernetes-style summary, drift and notes", () => {
    expect(renderText(scenario())).toMatchInlineSnapshot(`
      "Not all placed: 5/8 instances of 3 apps on 4 agents (offer order listed, 1 round)

      /shop/web  2/5 placed  (marathon; hostname:UNIQUE, rack:GROUP_BY)
        10.0.1.1 (z1, rack r1): #1
        10.0.1.2 (z1, rack r2): #2
        spread by rack: r1 1, r2 1
        0/4 agents can take /shop/web#3..#5: 3 have too little mem (need 3072 MB, most free 1536 MB), 2 rejected by hostname:UNIQUE (value already used), 1 rejected by rack:GROUP_BY (agent lacks the field), 1 have no resources for role *
        Marathon's funnel (4 offers declined): UnfulfilledRole 1, UnfulfilledConstraint 2, InsufficientMemory 1
          closest: 10.0.2.1: mem: need 3072 MB, free 1536 MB
          closest: 10.0.1.2: mem: need 3072 MB, free 1024 MB; hostname:UNIQUE rejects 10.0.1.2: value already used by 1 instance
          closest: 10.0.1.1: mem: need 3072 MB, free 512 MB; hostname:UNIQUE rejects 10.0.1.1: value already used by 1 instance

      /shop/edge  1/1 placed  (marathon; no constraints)
        10.0.9.1 (z2): #1

      /shop/batch  2/2 placed, 2 already running  (marathon; rack:LIKE:r1)
        10.0.1.1 (z1, rack r1): #1 (running)
        10.0.2.1 (z2, rack r3): #2 (running)
        spread by rack: r1 1, r3 1

      Drift: 1 running instance would move on a replace (the constraints no longer allow where it runs):
        /shop/batch#2 on 10.0.2.1: rack:LIKE:r1 rejects r3: does not match
      "
    `);
  });

  it("lists every agent's reasons when verbose", () => {
    const text = renderText(scenario(Number.POSITIVE_INFINITY), { verbose: true });
    expect(text).toMatch(
      /\n {4}10\.0\.1\.1: mem: need 3072 MB, free 512 MB; hostname:UNIQUE rejects 10\.0\.1\.1: /,
    );
    expect(text).toContain("    10.0.9.1: no resources for role *");
  });

  it("names unplaced instances as one or a range", () => {
    expect(instanceRange("/a", 4, 1)).toBe("/a#4");
    expect(instanceRange("/a", 4, 3)).toBe("/a#4..#6");
  });
});

describe("renderJson", () => {
  it("is the result as JSON with the summary line of each unplaced app", () => {
    const out = JSON.parse(renderJson(scenario()));
    expect(out.format).toBe(SIMULATION_JSON_FORMAT);
    expect(out.complete).toBe(false);
    expect(out.unplaced[0].appId).toBe("/shop/web");
    expect(out.unplaced[0].text).toMatch(/^0\/4 agents can take \/shop\/web#3\.\.#5: /);
    expect(out.agents).toHaveLength(4);
    expect(out.drift).toHaveLength(1);
  });
});

describe("renderHtml", () => {
  it("escapes every user string", () => {
    const evil = '<img src=x onerror="alert(1)">';
    const result = simulate({
      agents: [agent(evil, { rack: evil })],
      apps: [
        app(evil, {
          instances: 2,
          constraints: [
            ["hostname", "UNIQUE"],
            ["rack", "LIKE", ".*"],
          ],
        }),
      ],
    });
    const html = renderHtml(result, { title: evil });
    expect(html).not.toContain("<img");
    expect(html).toContain(escapeHtml(evil));
  });

  it("refers to no network resource", () => {
    const html = renderHtml(scenario());
    expect(html).not.toMatch(/(src|href)\s*=\s*["']?(https?:|\/\/)/i);
    expect(html).not.toMatch(/@import|url\(/i);
    expect(html).toContain("default-src 'none'");
  });
});
