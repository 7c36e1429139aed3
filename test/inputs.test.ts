// Every text input: a byte-order mark is encoding (accepted, positions as the user sees the file), and
// nesting past the limit is refused with limit_exceeded where it is crossed, however deep it goes.
import { describe, expect, it } from "vitest";
import { agentFromInput } from "../src/agents/agent-input.js";
import { loadInventory } from "../src/agents/inventory.js";
import type { Diagnostic } from "../src/diagnostics.js";
import { MAX_DOCUMENT_DEPTH } from "../src/limits.js";
import { lint } from "../src/lint/lint.js";
import { loadRunning } from "../src/simulate/running.js";
import { loadWorkload } from "../src/simulate/workload.js";
import { findConstraintSources } from "../src/sources/index.js";
import { readYaml } from "../src/yaml-document.js";

const BOM = "\uFEFF";
const codes = (ds: readonly Diagnostic[]) => ds.filter((d) => d.severity === "error").map((d) => d.code);
const limit = (ds: readonly Diagnostic[]) => ds.filter((d) => d.code === "limit_exceeded").map((d) => d.span);

describe("a byte-order mark", () => {
  it("is accepted in a workload file", () => {
    const text = `${BOM}{"id":"/web","instances":2,"constraints":[["hostname","UNIQUE"]]}`;
    const r = loadWorkload(text);
    expect(codes(r.diagnostics)).toEqual([]);
    const at = text.indexOf('"hostname"');
    expect(r.apps[0]?.constraints[0]?.fieldSpan).toEqual({ start: at, end: at + 10 });
  });

  it("is accepted in inventories: JSON, YAML and attribute lines", () => {
    for (const [text, name] of [
      [`${BOM}{"agents":[{"hostname":"a1"}]}`, "c.json"],
      [`${BOM}agents:\n  - hostname: a1\n`, "c.yaml"],
      [`${BOM}a1 rack:r1\n`, "c.txt"],
    ] as const) {
      const c = loadInventory(text, name);
      expect(codes(c.diagnostics)).toEqual([]);
      expect(c.agents.map((a) => a.hostname)).toEqual(["a1"]);
    }
  });

  it("is accepted in a running file", () => {
    const r = loadRunning(`${BOM}{"/web": ["a1"]}`);
    expect(r.diagnostics).toEqual([]);
    expect(r.placements).toEqual([{ appId: "/web", hostname: "a1" }]);
  });

  it("is accepted in options files, service YAML and constraint text, with lint positions as the editor shows them", () => {
    const options = `${BOM}{"kubernetes":{"control_plane_placement":"[[\\"hostname\\",\\"unique\\"]]"}}`;
    expect(findConstraintSources(options, "options.json").sources).toHaveLength(1);
    const yaml = `${BOM}pods:\n  p:\n    placement: 'hostname:UNIQUE'\n`;
    expect(findConstraintSources(yaml, "svc.yml").sources[0]?.text).toBe("hostname:UNIQUE");
    const r = lint({ text: `${BOM}[["hostname","unique"]]`, fileName: "c.txt" });
    expect(r.diagnostics.map((d) => [d.ruleId, d.line, d.column])).toEqual([
      ["validation/operator_case", 1, 14],
    ]);
  });
});

describe("nesting past the document limit", () => {
  const deepJson = (n: number) => `{"id":"/a","x":${"[".repeat(n)}${"]".repeat(n)}}`;

  it("is refused in a workload at the opener that crosses it", () => {
    const r = loadWorkload(deepJson(100_000));
    expect(limit(r.diagnostics)).toEqual([
      { start: 15 + MAX_DOCUMENT_DEPTH - 1, end: 15 + MAX_DOCUMENT_DEPTH },
    ]);
    expect(r.apps).toEqual([]);
  });

  it("is refused in a valid workload exactly past the limit, and read up to it", () => {
    const at = (n: number) => `{"id":"/a","x":${"[".repeat(n)}${"]".repeat(n)}}`;
    expect(limit(loadWorkload(at(MAX_DOCUMENT_DEPTH - 1)).diagnostics)).toEqual([]);
    expect(limit(loadWorkload(at(MAX_DOCUMENT_DEPTH)).diagnostics)).toEqual([
      { start: 15 + MAX_DOCUMENT_DEPTH - 1, end: 15 + MAX_DOCUMENT_DEPTH },
    ]);
    expect(loadWorkload(`${BOM}${at(3)}`).apps).toHaveLength(1);
  });

  it("is refused in host documents, JSON and YAML", () => {
    expect(limit(findConstraintSources(deepJson(100_000), "app.json").diagnostics)).toHaveLength(1);
    // Three block maps (the root, pods, p), then the brackets: the 126th opens level 129.
    const yaml = `pods:\n  p:\n    placement: ${"[".repeat(20_000)}\n`;
    const first = yaml.indexOf("[");
    expect(limit(findConstraintSources(yaml, "svc.yml").diagnostics)).toEqual([
      { start: first + MAX_DOCUMENT_DEPTH - 3, end: first + MAX_DOCUMENT_DEPTH - 2 },
    ]);
  });

  it("is refused in YAML inventories and running files, block or flow", () => {
    const block = `${"- ".repeat(20_000)}x\n`;
    expect(limit(loadInventory(block, "c.yaml").diagnostics)).toEqual([
      { start: 2 * MAX_DOCUMENT_DEPTH, end: 2 * MAX_DOCUMENT_DEPTH + 1 },
    ]);
    expect(limit(loadRunning(`{"/web": ${"[".repeat(20_000)}}`).diagnostics)).toHaveLength(1);
  });

  it("counts what aliases repeat, since converting the document copies it", () => {
    let text = `a0: &a0 ${"[".repeat(100)}${"]".repeat(100)}\n`;
    // Each anchor repeats the one before three levels deeper: a3 is 109 levels high, under the root map.
    for (let i = 1; i < 4; i++) text += `a${i}: &a${i} [[[*a${i - 1}]]]\n`;
    expect(readYaml(text).limit).toBeUndefined();
    text += `b: [${"[".repeat(20)}*a3${"]".repeat(20)}]\n`;
    const deep = readYaml(text);
    expect(deep.limit?.message).toContain("with aliases expanded");
    expect(deep.limit?.span.start).toBe(text.lastIndexOf("*a3"));
    expect(limit(loadInventory(text, "c.yaml").diagnostics)).toHaveLength(1);
  });

  it("stops the YAML parser before a token can close 100,000 levels at once (it closes them recursively)", () => {
    for (const text of [`${"- ".repeat(100_000)}x\ny: 1\n`, `a${": ".repeat(100_000)}\ny: 1\n`]) {
      expect(limit(loadRunning(text).diagnostics)).toHaveLength(1);
    }
  });

  it("reads nesting right at the limit", () => {
    const n = MAX_DOCUMENT_DEPTH;
    expect(readYaml(`${"[".repeat(n)}${"]".repeat(n)}`).limit).toBeUndefined();
    expect(readYaml(`${"[".repeat(n + 1)}${"]".repeat(n + 1)}`).limit?.span).toEqual({
      start: n,
      end: n + 1,
    });
  });
});

describe("an agent read from a value without its source text", () => {
  it("gives attribute-text problems no position rather than one inside the attribute string", () => {
    const r = agentFromInput({ hostname: "h", attributes: " " });
    expect(r.ok).toBe(false);
    expect(r.diagnostics.map((d) => d.span)).toEqual([{ start: 0, end: 0 }]);
  });
});
