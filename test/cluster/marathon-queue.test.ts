import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { readQueue } from "../../src/cluster/marathon-queue.js";
import { FIXTURES_DIR } from "../helpers/vectors.js";

const docsQueue = readFileSync(`${FIXTURES_DIR}marathon-api/marathon-docs-examples-queue.json`, "utf8");

describe("readQueue", () => {
  it("reads the REST API docs' /v2/queue example", () => {
    const r = readQueue(docsQueue);
    expect(r.diagnostics).toEqual([]);
    expect(r.entries.map((e) => [e.id, e.kind, e.count, e.role, e.delay])).toEqual([
      ["/tools/datadog-agent", "app", 1, "*", { timeLeftSeconds: 0, overdue: true }],
      ["/foo", "app", 2, "*", { timeLeftSeconds: 0, overdue: true }],
    ]);
    const foo = r.entries[1]!;
    expect(foo.since).toBe("2016-02-28T16:41:41.090Z");
    expect(foo.offers?.processedOffersCount).toBe(123);
    expect(foo.offers?.rejectSummaryLastOffers?.find((s) => s.reason === "InsufficientCpus")).toEqual({
      reason: "InsufficientCpus",
      declined: 75,
      processed: 123,
    });
    expect(foo.offers?.rejectSummaryLaunchAttempt).toHaveLength(9);
    expect(foo.lastUnusedOffers).toEqual([
      {
        agentId: "slave_123",
        hostname: "1.2.3.4",
        reasons: ["InsufficientMemory"],
        timestamp: "2016-02-28T16:41:41.090Z",
      },
    ]);
    expect(JSON.parse(foo.definition.text).id).toBe("/foo");
  });

  it("reads an empty queue", () => {
    expect(readQueue('{"queue":[]}')).toEqual({ entries: [], diagnostics: [] });
  });

  it("reads pods in the queue", () => {
    const r = readQueue('{"queue":[{"pod":{"id":"/p","containers":[]},"count":3}]}');
    expect(r.entries.map((e) => [e.id, e.kind, e.count])).toEqual([["/p", "pod", 3]]);
  });

  it.each([
    ['{"apps":[]}', "not a Marathon queue"],
    ['{"queue":[{"count":1}]}', 'has neither "app" nor "pod"'],
    ['{"queue":[{"app":{"id":"/a"},"count":"two"}]}', "count must be a number"],
  ])("reports %s with a span", (text, message) => {
    const r = readQueue(text);
    expect(r.diagnostics[0]?.code).toBe("invalid_queue");
    expect(r.diagnostics[0]?.message).toContain(message);
    expect(r.diagnostics[0]!.span.end).toBeLessThanOrEqual(text.length);
  });

  it("reports broken JSON with the JSON parser's diagnostics", () => {
    const r = readQueue('{"queue": [');
    expect(r.entries).toEqual([]);
    expect(r.diagnostics[0]?.code).toBe("missing_bracket");
  });
});
