import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import { readQueue } from "../../src/cluster/marathon-queue.js";
import { loadClusterSnapshot } from "../../src/cluster/snapshot.js";
import { why } from "../../src/why/why.js";
import { exampleText } from "../why/examples.js";

const queueItem = fc.record(
  {
    app: fc.record(
      {
        id: fc.oneof(fc.constantFrom("/shop/db", "/x", ""), fc.string()),
        instances: fc.integer({ min: -1, max: 5 }),
      },
      { requiredKeys: [] },
    ),
    count: fc.oneof(fc.integer({ min: -2, max: 6 }), fc.string()),
    delay: fc.record(
      { timeLeftSeconds: fc.oneof(fc.integer(), fc.constant(null)), overdue: fc.boolean() },
      { requiredKeys: [] },
    ),
    since: fc.oneof(fc.string(), fc.constant("2026-11-26T05:00:00Z")),
    processedOffersSummary: fc.anything(),
  },
  { requiredKeys: [] },
);

describe("readQueue and loadClusterSnapshot totality", () => {
  test.prop([fc.string({ maxLength: 60 })])("readQueue: any string, no throw, spans inside", (text) => {
    for (const d of readQueue(text).diagnostics) expect(d.span.end).toBeLessThanOrEqual(text.length);
  });

  test.prop([fc.array(queueItem, { maxLength: 4 })], { numRuns: 60 })(
    "odd queue entries on the example cluster: no throw, and why() answers",
    (queue) => {
      const snapshot = loadClusterSnapshot({
        queue: { name: "q", text: JSON.stringify({ queue }) },
        apps: { name: "a", text: exampleText("apps") },
        state: { name: "s", text: exampleText("state") },
      });
      const report = why({ snapshot, now: 0 });
      expect(report.waiting.length).toBeLessThanOrEqual(queue.length);
    },
  );

  test.prop([fc.string({ maxLength: 40 }), fc.string({ maxLength: 40 }), fc.string({ maxLength: 40 })])(
    "any texts: no throw",
    (q, a, s) => {
      const snapshot = loadClusterSnapshot({
        queue: { name: "q", text: q },
        apps: { name: "a", text: a },
        state: { name: "s", text: s },
      });
      why({ snapshot });
    },
  );
});
