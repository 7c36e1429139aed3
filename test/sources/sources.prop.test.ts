import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import { lint } from "../../src/lint/lint.js";

const ws = fc
  .array(fc.constantFrom("", " ", "\n", "\t", "\r\n", "    "), { maxLength: 3 })
  .map((a) => a.join(""));
const chars = fc.string({
  unit: fc.constantFrom(
    "a",
    "b",
    "z",
    "0",
    "-",
    "_",
    '"',
    "\\",
    "/",
    " ",
    ":",
    ",",
    "|",
    ".",
    "é",
    "\u2028",
    "💡",
  ),
  minLength: 1,
  maxLength: 8,
});
// Field names that neither dialect treats specially and that are never empty.
const field = chars.filter((s) => !["hostname", "@hostname", "@zone", "@region"].includes(s));

/** A JSON string literal for `s`: plain JSON.stringify, or every UTF-16 unit as a \u escape. */
const literal = (s: string, escaped: boolean) =>
  escaped
    ? `"${Array.from({ length: s.length }, (_, i) => `\\u${s.charCodeAt(i).toString(16).padStart(4, "0")}`).join("")}"`
    : JSON.stringify(s);

interface Row {
  readonly entries: readonly string[];
  readonly escaped: readonly boolean[];
}
const row = fc
  .tuple(
    field,
    fc.constantFrom("UNIQUE", "CLUSTER", "LIKE", "MAX_PER"),
    chars,
    fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }),
  )
  .map(([f, op, v, escaped]): Row => ({ entries: op === "UNIQUE" ? [f, op] : [f, op, v], escaped }));

/** Serialises rows as app-form JSON with the given whitespace between tokens. */
function listText(rows: readonly Row[], gap: readonly string[]): string {
  let k = 0;
  const g = () => gap[k++ % gap.length] ?? "";
  const inner = rows.map(
    (r) =>
      `[${g()}${r.entries.map((e, i) => literal(e, r.escaped[i] ?? false)).join(`${g()},${g()}`)}${g()}]`,
  );
  return `[${g()}${inner.join(`${g()},${g()}`)}${g()}]`;
}

const scenario = fc.record({
  rows: fc.array(row, { maxLength: 4 }),
  planted: fc.tuple(field, fc.boolean(), fc.boolean()),
  at: fc.nat(),
  gap: fc.array(ws, { minLength: 1, maxLength: 6 }),
  indent: fc.constantFrom("", " ", "  ", "\t"),
  escapeHost: fc.boolean(),
  // Other members around the constraints: keys and values with escapes, at random positions.
  before: fc.array(fc.tuple(chars, chars, fc.boolean()), { maxLength: 3 }),
  after: fc.array(fc.tuple(chars, chars, fc.boolean()), { maxLength: 3 }),
  optionKey: fc.constantFrom(
    "kubernetes/node_placement",
    "kubernetes/control_plane_placement",
    "etcd/placement",
    "hdfs/name_node_placement",
  ),
});

const NOT_HOST_KEYS = new Set([
  "constraints",
  "id",
  "instances",
  "apps",
  "groups",
  "pods",
  "app",
  "pod",
  "spec",
  "scheduling",
  "containers",
  "cmd",
  "args",
  "container",
  "cpus",
  "mem",
]);

/** Extra JSON members (`"k": "v",`) for the host object, with keys that do not change what it is. */
function members(list: readonly (readonly [string, string, boolean])[], indent: string): string {
  return list
    .filter(([k]) => !NOT_HOST_KEYS.has(k) && !k.toLowerCase().endsWith("placement"))
    .map(([k, v, escaped]) => `${indent}${literal(`x-${k}`, escaped)}: ${literal(v, !escaped)},\n`)
    .join("");
}

/** Every diagnostic of a constraint source lies inside that source's characters in the file. */
function expectInsideSources(result: ReturnType<typeof lint>) {
  for (const d of result.diagnostics) {
    if (d.path === undefined) continue;
    const source = result.sources.find((s) => s.path === d.path)!;
    const region = source.mapSpan({ start: 0, end: source.text.length });
    expect(d.span.start).toBeGreaterThanOrEqual(region.start);
    expect(d.span.end).toBeLessThanOrEqual(region.end);
  }
}

describe("source maps", () => {
  test.prop([scenario])(
    "app JSON: every span falls on the constraints, the planted one on its token",
    (s) => {
      const [plantedField, escapeField, escapeOp] = s.planted;
      const planted: Row = { entries: [plantedField, "unique"], escaped: [escapeField, escapeOp] };
      const rows = [...s.rows];
      rows.splice(s.at % (rows.length + 1), 0, planted);
      const constraints = listText(rows, s.gap);
      const i = s.indent;
      const text = `{\n${members(s.before, i)}${i}"id": "/app",\n${i}"instances": 2,${s.gap[0]}\n${i}"constraints": ${constraints},\n${members(s.after, i)}${i}"cmd": "sleep 1"\n}\n`;
      const result = lint({ text, fileName: "app.json" });
      expectInsideSources(result);
      const d = result.diagnostics.find((x) => x.ruleId === "validation/operator_case");
      expect(d).toBeDefined();
      expect(JSON.parse(text.slice(d!.span.start, d!.span.end))).toBe("unique");
    },
  );

  test.prop([scenario])("options.json: spans go through the string's escapes to the planted token", (s) => {
    const [plantedField, escapeField, escapeValue] = s.planted;
    const planted: Row = {
      entries: [plantedField, "LIKE", "a|b"],
      escaped: [escapeField, false, escapeValue],
    };
    const rows = [...s.rows];
    rows.splice(s.at % (rows.length + 1), 0, planted);
    const constraints = listText(rows, s.gap);
    const i = s.indent;
    const [section, key] = s.optionKey.split("/") as [string, string];
    const text = `{\n${members(s.before, i)}${i}"${section}": {\n${members(s.after, i + i)}${i}${i}"node_count": 3,\n${i}${i}"${key}": ${literal(constraints, s.escapeHost)}\n${i}}\n}\n`;
    const result = lint({ text, fileName: "options.json" });
    expectInsideSources(result);
    const d = result.diagnostics.find(
      (x) => x.ruleId === "sdk/attribute-alternation" && x.message.includes(`"${plantedField}:a|b"`),
    );
    expect(d).toBeDefined();
    // The file holds the token `"a|b"` (maybe as \u escapes) escaped once more: decode both levels.
    expect(JSON.parse(JSON.parse(`"${text.slice(d!.span.start, d!.span.end)}"`))).toBe("a|b");
  });

  test.prop([scenario, fc.constantFrom("single", "double"), fc.constantFrom("", "  ")])(
    "service YAML: spans go through YAML quoting to the planted token",
    (s, style, pad) => {
      const [plantedField] = s.planted;
      const planted: Row = { entries: [plantedField, "LIKE", "a|b"], escaped: [false, false, false] };
      const rows: Row[] = s.rows.map((r) => ({ ...r, escaped: [false, false, false] }));
      rows.splice(s.at % (rows.length + 1), 0, planted);
      // One line: block folding of the JSON text is not what this property is about.
      const constraints = listText(
        rows,
        s.gap.map((g) => g.replace(/[\r\n\t]/g, " ")),
      );
      const quoted =
        style === "single" ? `'${constraints.replace(/'/g, "''")}'` : JSON.stringify(constraints);
      const text = `name: svc\npods:\n${pad}  hello:\n${pad}    count: 2\n${pad}    placement: ${quoted}\n`;
      const result = lint({ text, fileName: "svc.yml" });
      expectInsideSources(result);
      expect(result.sources[0]?.text).toBe(constraints);
      const d = result.diagnostics.find(
        (x) => x.ruleId === "sdk/attribute-alternation" && x.message.includes(`"${plantedField}:a|b"`),
      );
      expect(d).toBeDefined();
      const slice = text.slice(d!.span.start, d!.span.end);
      const token = style === "single" ? slice.replace(/''/g, "'") : JSON.parse(`"${slice}"`);
      expect(JSON.parse(token)).toBe("a|b");
    },
  );
});
