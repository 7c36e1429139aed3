import { describe, expect, it } from "vitest";
import type { Agent } from "../../src/agents/agent.js";
import {
  agentMaintenance,
  isMachine,
  loadMaintenance,
  mergeMaintenance,
} from "../../src/agents/maintenance.js";

// The schedule from Mesos' docs/maintenance.md ("Scheduling maintenance"): two machines for an hour,
// then the third for the next hour.
const DOCS_SCHEDULE = `{
  "windows" : [
    {
      "machine_ids" : [
        { "hostname" : "machine1", "ip" : "10.0.0.1" },
        { "hostname" : "machine2", "ip" : "10.0.0.2" }
      ],
      "unavailability" : {
        "start" : { "nanoseconds" : 1443830400000000000 },
        "duration" : { "nanoseconds" : 3600000000000 }
      }
    }, {
      "machine_ids" : [
        { "hostname" : "machine3", "ip" : "10.0.0.3" }
      ],
      "unavailability" : {
        "start" : { "nanoseconds" : 1443834000000000000 },
        "duration" : { "nanoseconds" : 3600000000000 }
      }
    }
  ]
}`;

const agent = (hostname: string, ip?: string): Agent => ({ hostname, attributes: [], ...(ip ? { ip } : {}) });

describe("loadMaintenance", () => {
  it("reads the Mesos documentation's schedule in milliseconds", () => {
    const r = loadMaintenance(DOCS_SCHEDULE);
    expect(r.diagnostics).toEqual([]);
    expect(r.schedule.windows).toEqual([
      {
        machines: [
          { hostname: "machine1", ip: "10.0.0.1" },
          { hostname: "machine2", ip: "10.0.0.2" },
        ],
        start: Date.parse("2015-10-03T00:00:00Z"),
        duration: 3_600_000,
      },
      {
        machines: [{ hostname: "machine3", ip: "10.0.0.3" }],
        start: Date.parse("2015-10-03T01:00:00Z"),
        duration: 3_600_000,
      },
    ]);
  });

  it("reads an empty schedule or status as Mesos writes it ({}), with nothing in it", () => {
    expect(loadMaintenance("{}")).toEqual({ schedule: { windows: [], down: [] }, diagnostics: [] });
  });

  it("reads the v1 operator API's schedule, with int64 written as strings", () => {
    const v1 = {
      type: "GET_MAINTENANCE_SCHEDULE",
      get_maintenance_schedule: {
        schedule: {
          windows: [
            {
              machine_ids: [{ hostname: "a", ip: "10.0.0.9" }],
              unavailability: { start: { nanoseconds: "1443830400123456789" } },
            },
          ],
        },
      },
    };
    const r = loadMaintenance(JSON.stringify(v1));
    expect(r.diagnostics).toEqual([]);
    expect(r.schedule.windows[0]?.start).toBe(1443830400123.456);
    expect(r.schedule.windows[0]?.duration).toBeUndefined();
  });

  it("reads DOWN machines from /maintenance/status and ignores draining ones (the schedule has their times)", () => {
    const r = loadMaintenance(
      JSON.stringify({
        draining_machines: [{ id: { hostname: "a", ip: "10.0.0.1" }, statuses: [] }],
        down_machines: [{ hostname: "b", ip: "10.0.0.2" }],
      }),
    );
    expect(r.schedule).toEqual({ windows: [], down: [{ hostname: "b", ip: "10.0.0.2" }] });
  });

  it("reports a machine with neither hostname nor ip with Mesos' message, at its position", () => {
    const text = '{"windows":[{"machine_ids":[{}],"unavailability":{"start":{"nanoseconds":0}}}]}';
    const r = loadMaintenance(text);
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]).toMatchObject({
      severity: "error",
      code: "invalid_maintenance",
      upstream: "Both 'hostname' and 'ip' for a machine are empty",
    });
    expect(text.slice(r.diagnostics[0]!.span.start, r.diagnostics[0]!.span.end)).toBe("{}");
  });

  it("warns that a machine without an ip matches no agent in Mesos", () => {
    const r = loadMaintenance(
      '{"windows":[{"machine_ids":[{"hostname":"a"}],"unavailability":{"start":{"nanoseconds":0}}}]}',
    );
    expect(r.diagnostics.map((d) => [d.severity, d.code])).toEqual([["warning", "invalid_maintenance"]]);
    expect(r.schedule.windows).toHaveLength(1);
  });

  it("refuses text that is neither a schedule nor a status", () => {
    expect(loadMaintenance('{"slaves": []}').diagnostics[0]?.code).toBe("invalid_maintenance");
    expect(loadMaintenance("{").diagnostics[0]?.code).toBe("invalid_maintenance");
    expect(
      loadMaintenance('{"windows": [{"machine_ids": [{"hostname": "a", "ip": "1.2.3.4"}]}]}').diagnostics[0]
        ?.message,
    ).toMatch(/unavailability/);
  });
});

describe("isMachine", () => {
  it("matches hostname ignoring case and IP exactly, as Mesos does", () => {
    const m = { hostname: "Machine1", ip: "10.0.0.1" };
    expect(isMachine(agent("machine1", "10.0.0.1"), m)).toBe(true);
    expect(isMachine(agent("machine1", "10.0.0.2"), m)).toBe(false);
    expect(isMachine(agent("machine2", "10.0.0.1"), m)).toBe(false);
  });

  it("lets the hostname decide when the inventory does not know the agent's IP", () => {
    expect(isMachine(agent("machine1"), { hostname: "machine1", ip: "10.0.0.1" })).toBe(true);
    expect(isMachine(agent("machine1", "10.0.0.1"), { hostname: "machine1" })).toBe(false);
    expect(isMachine(agent("10.0.0.1", "10.0.0.1"), { ip: "10.0.0.1" })).toBe(false);
  });

  it("finds an agent's window and DOWN mode", () => {
    const { schedule } = loadMaintenance(DOCS_SCHEDULE);
    const both = mergeMaintenance(schedule, {
      windows: [],
      down: [{ hostname: "machine3", ip: "10.0.0.3" }],
    });
    expect(agentMaintenance(agent("machine3", "10.0.0.3"), both)).toEqual({
      window: schedule.windows[1],
      down: true,
    });
    expect(agentMaintenance(agent("machine4"), both)).toEqual({ down: false });
  });
});
