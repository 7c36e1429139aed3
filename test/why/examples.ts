// The example cluster of examples/why/: Marathon 1.10 and Mesos 1.10 responses of a 7-agent cluster
// with six waiting deployments, one of each verdict.
import { readFileSync } from "node:fs";
import type { SnapshotInput } from "../../src/cluster/snapshot.js";

const dir = new URL("../../examples/why/", import.meta.url);

export type ExampleName =
  | "queue"
  | "apps"
  | "pods"
  | "state"
  | "info"
  | "maintenance-schedule"
  | "maintenance-status";

export function exampleText(name: ExampleName): string {
  return readFileSync(new URL(`${name}.json`, dir), "utf8");
}

export function exampleInput(): SnapshotInput {
  return {
    queue: { name: "queue.json", text: exampleText("queue") },
    apps: { name: "apps.json", text: exampleText("apps") },
    pods: { name: "pods.json", text: exampleText("pods") },
    state: { name: "state.json", text: exampleText("state") },
    info: { name: "info.json", text: exampleText("info") },
    maintenance: [
      { name: "maintenance-schedule.json", text: exampleText("maintenance-schedule") },
      { name: "maintenance-status.json", text: exampleText("maintenance-status") },
    ],
  };
}

/** The clock the README transcript uses. */
export const EXAMPLE_NOW = Date.parse("2026-11-26T05:30:00Z");
