// The README's `why` transcript is what the command prints on the example responses.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { whyCommand } from "../../src/cli/why.js";
import { fakeIO } from "../helpers/fake-io.js";

const repo = fileURLToPath(new URL("../../", import.meta.url));
const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");

describe("README: Why is my deployment waiting?", () => {
  it("shows the real output of the example", async () => {
    const start = readme.indexOf("$ npx marathon-constraints why --queue examples/why/queue.json");
    expect(start).toBeGreaterThan(0);
    const body = readme.slice(readme.indexOf("\n", readme.indexOf("--now 2026-11-26T05:30:00Z", start)) + 1);
    const shown = body.slice(0, body.indexOf("```"));
    const io = fakeIO({ cwd: repo });
    const code = await whyCommand(
      [
        "--queue",
        "examples/why/queue.json",
        "--apps",
        "examples/why/apps.json",
        "--pods",
        "examples/why/pods.json",
        "--state",
        "examples/why/state.json",
        "--now",
        "2026-11-26T05:30:00Z",
      ],
      io,
    );
    expect(code).toBe(1);
    expect(shown).toBe(io.stdoutText());
  });
});
