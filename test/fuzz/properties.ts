// The totality properties of every never-throwing entry point: no throw on any input, and every span
// (diagnostics, notes, fixes, constraints, tree nodes) inside the text. Shared by the suite (small,
// bounded runs) and `npm run fuzz` (long runs with random seeds).
import { fc } from "@fast-check/vitest";
import { expect } from "vitest";
import type { Agent } from "../../src/agents/agent.js";
import { agentFromInput, agentsFromInput } from "../../src/agents/agent-input.js";
import { loadInventory } from "../../src/agents/inventory.js";
import { loadMaintenance } from "../../src/agents/maintenance.js";
import { parseMesosAttributes } from "../../src/agents/mesos-attributes.js";
import { parseMesosValue } from "../../src/agents/mesos-values.js";
import type { ConstraintTuple, Span } from "../../src/ast.js";
import { formatDiagnostics } from "../../src/code-frame.js";
import { LineIndex } from "../../src/diagnostics.js";
import { safeCompile } from "../../src/eval/matcher.js";
import { applyFixes } from "../../src/fixes.js";
import { lint } from "../../src/lint/lint.js";
import { loadRunning } from "../../src/simulate/running.js";
import { loadWorkload } from "../../src/simulate/workload.js";
import { findConstraintSources } from "../../src/sources/index.js";
import { type JsonNode, parseJson } from "../../src/syntax/json.js";
import { constraintsFromTuples, safeParse } from "../../src/syntax/parse.js";
import { deep, deepValue, dialect, fileName, hostile, repeated, spliced } from "./arbitraries.js";

interface Spanned {
  readonly span: Span;
  readonly related?: readonly { readonly span: Span }[] | undefined;
  readonly fix?: { readonly edits: readonly { readonly span: Span }[] } | undefined;
  readonly suggestions?: readonly { readonly edits: readonly { readonly span: Span }[] }[] | undefined;
}

/** Fails unless `0 <= start <= end <= length`. */
export function inRange(span: Span, length: number, what: string): void {
  if (!(Number.isInteger(span.start) && Number.isInteger(span.end))) {
    throw new Error(`${what}: span ${JSON.stringify(span)} is not integral`);
  }
  if (!(span.start >= 0 && span.start <= span.end && span.end <= length)) {
    throw new Error(`${what}: span ${JSON.stringify(span)} is outside 0..${length}`);
  }
}

/** Every span a diagnostic carries lies inside a text of `length`. */
export function spansInRange(diagnostics: readonly Spanned[], length: number): void {
  for (const d of diagnostics) {
    inRange(d.span, length, "diagnostic");
    for (const r of d.related ?? []) inRange(r.span, length, "related");
    for (const e of d.fix?.edits ?? []) inRange(e.span, length, "fix edit");
    for (const s of d.suggestions ?? []) for (const e of s.edits) inRange(e.span, length, "suggestion edit");
  }
}

/** Every node of a JSON tree has a span inside the text (walked without recursion). */
function treeInRange(root: JsonNode | undefined, length: number): void {
  const stack: JsonNode[] = root ? [root] : [];
  while (stack.length > 0) {
    const n = stack.pop()!;
    inRange(n.span, length, `${n.kind} node`);
    if (n.kind === "array") for (const e of n.elements) stack.push(e);
    if (n.kind === "object") {
      for (const m of n.members) {
        inRange(m.span, length, "member");
        stack.push(m.key);
        if (m.value) stack.push(m.value);
      }
    }
    if (n.kind === "string") inRange(n.text.span, length, "string content");
  }
}

const AGENT: Agent = {
  hostname: "a1",
  region: "r",
  zone: "z",
  attributes: [
    { name: "rack", text: "r1" },
    { name: "level", scalar: 10 },
  ],
};

/**
 * The texts a run draws from. `everyday`: short hostile text and valid documents with hostile text
 * spliced in. `huge`: nesting 50,000 to 100,000 deep, repetition 10,000 to 100,000 times (the suite).
 * `mixed`: everything, with nesting up to 100,000 and repetition up to 1,000,000 (`npm run fuzz`).
 */
export type Tier = "everyday" | "huge" | "mixed";

const TEXTS: Record<Tier, fc.Arbitrary<string>> = {
  everyday: fc.oneof(hostile(60), spliced(hostile(8))),
  // The suite's huge inputs: always deep, and long enough to matter while staying well under a second.
  huge: fc.oneof(
    deep(50_000),
    repeated(10_000, 100_000),
    spliced(fc.oneof(deep(50_000), repeated(10_000, 100_000))),
  ),
  mixed: fc.oneof(
    { weight: 4, arbitrary: hostile(60) },
    { weight: 4, arbitrary: spliced(fc.oneof(hostile(8), deep(), repeated())) },
    { weight: 1, arbitrary: deep() },
    { weight: 1, arbitrary: repeated() },
  ),
};

export interface TotalityProperty {
  readonly name: string;
  /** Runs of the everyday tier in the suite; `npm run fuzz` runs until its time is up. */
  readonly runs: number;
  /** Whether one huge input costs well under a second, so the suite can afford one per run. */
  readonly cheap: boolean;
  property(tier: Tier): fc.IProperty<never>;
}

const prop = <T extends unknown[]>(
  name: string,
  runs: number,
  cheap: boolean,
  arbitraries: (text: fc.Arbitrary<string>) => { [K in keyof T]: fc.Arbitrary<T[K]> },
  check: (...args: T) => void,
): TotalityProperty => ({
  name,
  runs,
  cheap,
  property: (tier) => {
    // fc.property is typed per arity; the arbitraries here are a tuple of any length.
    const property = fc.property as unknown as (...args: unknown[]) => fc.IProperty<never>;
    return property(...arbitraries(TEXTS[tier]), (...args: unknown[]) => check(...(args as T)));
  },
});

export const PROPERTIES: readonly TotalityProperty[] = [
  prop(
    "safeParse",
    60,
    true,
    (anyText) => [anyText, dialect, fc.constantFrom(undefined, "app", "colon", "pod")],
    (text, d, form) => {
      const r = safeParse(text, form === undefined ? { dialect: d } : { dialect: d, form });
      spansInRange(r.diagnostics, text.length);
      for (const c of r.constraints) {
        for (const s of [c.span, c.fieldSpan, c.operatorSpan, ...(c.valueSpan ? [c.valueSpan] : [])]) {
          inRange(s, text.length, "constraint");
        }
      }
    },
  ),
  prop(
    "safeCompile",
    40,
    true,
    (anyText) => [anyText, dialect, fc.boolean()],
    (text, d, reject) => {
      const r = safeCompile(text, reject ? { dialect: d, invalid: "reject" } : { dialect: d });
      spansInRange(r.diagnostics, text.length);
      if (r.matcher) {
        const state = r.matcher.createState();
        expect(r.matcher.accepts(AGENT, state)).toBe(
          r.matcher.explain(AGENT, state).every((v) => v.accepted),
        );
      }
    },
  ),
  prop(
    "constraintsFromTuples",
    60,
    true,
    () => [
      fc.array(fc.tuple(hostile(8), hostile(8), fc.option(hostile(8), { nil: undefined })), { maxLength: 5 }),
      dialect,
    ],
    (rows, d) => {
      const tuples = rows.map(([f, o, v]): ConstraintTuple => (v === undefined ? [f, o] : [f, o, v]));
      const r = constraintsFromTuples(tuples, { dialect: d });
      const text = JSON.stringify(tuples);
      spansInRange(r.diagnostics, text.length);
    },
  ),
  prop(
    "lint",
    40,
    false,
    (anyText) => [anyText, fileName, fc.option(dialect, { nil: undefined })],
    (text, name, d) => {
      const r = lint(
        name === undefined ? { text } : { text, fileName: name },
        d === undefined ? {} : { dialect: d },
      );
      spansInRange(r.diagnostics, text.length);
      const index = new LineIndex(text);
      for (const x of r.diagnostics)
        expect(index.position(x.span.start)).toEqual({ line: x.line, column: x.column });
      const fixed = applyFixes(text, r.diagnostics);
      expect(fixed.applied).toBeLessThanOrEqual(r.fixableCount);
      formatDiagnostics(
        text,
        r.diagnostics.map((x) => ({ ...x, code: x.ruleId })),
      );
    },
  ),
  prop(
    "findConstraintSources",
    60,
    false,
    (anyText) => [anyText, fileName, fc.nat(), fc.nat()],
    (text, name, a, b) => {
      const r = findConstraintSources(text, name);
      spansInRange(r.diagnostics, text.length);
      for (const s of r.sources) {
        const x = a % (s.text.length + 1);
        const y = x + (b % (s.text.length - x + 1));
        inRange(s.mapSpan({ start: x, end: y }), text.length, "source map");
        const o = s.map(y);
        inRange({ start: o, end: o }, text.length, "source offset");
      }
    },
  ),
  prop(
    "parseJson",
    80,
    true,
    (anyText) => [anyText, fc.option(fc.integer({ min: 1, max: 300 }), { nil: undefined })],
    (text, maxDepth) => {
      const r = parseJson(text, maxDepth === undefined ? {} : { maxDepth });
      spansInRange(r.diagnostics, text.length);
      treeInRange(r.value, text.length);
    },
  ),
  prop(
    "loadWorkload",
    40,
    true,
    (anyText) => [anyText, fileName, dialect],
    (text, name, d) => {
      const r = loadWorkload(text, name, { dialect: d });
      spansInRange(r.diagnostics, text.length);
      for (const app of r.apps) if (app.span) inRange(app.span, text.length, "app");
    },
  ),
  prop(
    "loadInventory",
    40,
    false,
    (anyText) => [anyText, fileName],
    (text, name) => {
      spansInRange(loadInventory(text, name).diagnostics, text.length);
    },
  ),
  prop(
    "loadRunning",
    40,
    false,
    (anyText) => [anyText],
    (text) => {
      spansInRange(loadRunning(text).diagnostics, text.length);
    },
  ),
  prop(
    "loadMaintenance",
    40,
    false,
    (anyText) => [anyText],
    (text) => {
      spansInRange(loadMaintenance(text).diagnostics, text.length);
    },
  ),
  prop(
    "agentFromInput",
    60,
    true,
    () => [fc.oneof(fc.anything(), fc.jsonValue(), deepValue)],
    (value) => {
      spansInRange(agentFromInput(value).diagnostics, 0);
      spansInRange(agentsFromInput(value).diagnostics, 0);
    },
  ),
  prop(
    "parseMesosAttributes",
    80,
    true,
    (anyText) => [anyText, fc.nat({ max: 1000 })],
    (text, offset) => {
      const r = parseMesosAttributes(text, { offset });
      for (const d of r.diagnostics) {
        inRange({ start: d.span.start - offset, end: d.span.end - offset }, text.length, "attribute");
      }
      const v = parseMesosValue(text);
      if (!v.ok) inRange({ start: v.error.start, end: v.error.end }, text.length, "value");
    },
  ),
  prop(
    "formatDiagnostics",
    60,
    true,
    (anyText) => [
      anyText,
      fc.array(fc.tuple(fc.integer({ min: -5, max: 200 }), fc.integer({ min: -5, max: 200 })), {
        maxLength: 4,
      }),
    ],
    (text, spans) => {
      const diagnostics = spans.map(([start, end]) => ({
        severity: "error" as const,
        code: "json_syntax" as const,
        message: "m",
        span: { start, end },
        related: [{ message: "r", span: { start: end, end: start } }],
      }));
      formatDiagnostics(text, diagnostics, { width: 40 });
    },
  ),
];
