// Rows: the form-independent shape between syntax and validation. A row is one constraint as
// written (`["f","OP","v"]`, `{fieldName,..}` or `f:OP:v`), its entries with exact spans and types.
// This file turns a JSON tree into rows and detects the input form; it does not validate.
import type { InputForm, Span } from "../ast.js";
import type { Diagnostic } from "../diagnostics.js";
import type { JsonMember, JsonNode } from "./json.js";
import type { SourceString } from "./source-string.js";

/** One element of a row. Non-string JSON values keep their kind so validation can judge them. */
export interface RawEntry {
  readonly kind: "string" | "number" | "boolean" | "null" | "array" | "object";
  /** The text the entry stands for: a string's value, a number or boolean as written. */
  readonly text?: SourceString;
  readonly span: Span;
}

/** The properties of a pod-form constraint object. */
export interface PodProperties {
  readonly fieldName?: RawEntry;
  readonly operator?: RawEntry;
  readonly value?: RawEntry;
  /** Whole member spans (key through value), for fixes that remove a property. */
  readonly memberSpans: Readonly<Record<string, Span>>;
  readonly unknown: readonly { readonly name: string; readonly span: Span }[];
}

export interface RawRow {
  readonly form: "app" | "flat" | "pod" | "colon";
  readonly span: Span;
  /** Positional entries (app, flat, colon). For pod rows: field, operator and value when present. */
  readonly entries: readonly RawEntry[];
  readonly pod?: PodProperties;
}

export interface JsonRowsResult {
  readonly form: InputForm;
  readonly rows: readonly RawRow[];
  readonly diagnostics: readonly Diagnostic[];
}

function entryOf(node: JsonNode): RawEntry {
  switch (node.kind) {
    case "string":
      // A string node already has the entry's shape; no copy per element (bench: size).
      return node;
    case "number":
      return { kind: "number", text: { value: node.raw, span: node.span }, span: node.span };
    case "boolean": {
      const value = String(node.value);
      return { kind: "boolean", text: { value, span: node.span }, span: node.span };
    }
    default:
      return { kind: node.kind, span: node.span };
  }
}

const isScalar = (n: JsonNode) => n.kind !== "array" && n.kind !== "object";

function podRow(obj: Extract<JsonNode, { kind: "object" }>): RawRow {
  let fieldName: RawEntry | undefined;
  let operator: RawEntry | undefined;
  let value: RawEntry | undefined;
  const memberSpans: Record<string, Span> = {};
  const unknown: { name: string; span: Span }[] = [];
  const read = (m: JsonMember) => (m.value ? entryOf(m.value) : undefined);
  for (const m of obj.members) {
    if (m.key.kind !== "string") continue;
    const name = m.key.value;
    memberSpans[name] = m.span;
    if (name === "fieldName") fieldName = read(m);
    else if (name === "operator") operator = read(m);
    else if (name === "value") value = read(m);
    else unknown.push({ name, span: m.key.span });
  }
  const entries: RawEntry[] = [];
  if (fieldName) entries.push(fieldName);
  if (operator) entries.push(operator);
  if (value && value.kind !== "null") entries.push(value);
  const pod: PodProperties = {
    memberSpans,
    unknown,
    ...(fieldName ? { fieldName } : {}),
    ...(operator ? { operator } : {}),
    ...(value ? { value } : {}),
  };
  return { form: "pod", span: obj.span, entries, pod };
}

const isStringNode = (n: JsonNode): n is Extract<JsonNode, { kind: "string" }> => n.kind === "string";

/** The row of one JSON array: of an app-form list (`app`) or the whole flat list (`flat`). */
export function arrayRow(arr: Extract<JsonNode, { kind: "array" }>, form: "app" | "flat"): RawRow {
  // A row of strings (nearly every row) is its own entry list: no copy per row (bench: size).
  const entries = arr.elements.every(isStringNode) ? arr.elements : arr.elements.map(entryOf);
  return { form, span: arr.span, entries };
}

/** Turns a JSON tree into constraint rows, detecting the form (app, flat, pod) from its shape. */
export function jsonRows(root: JsonNode): JsonRowsResult {
  const diagnostics: Diagnostic[] = [];
  if (root.kind === "object") return { form: "pod", rows: [podRow(root)], diagnostics };
  if (root.kind !== "array") {
    const hint =
      root.kind === "string"
        ? "this is one quoted string; remove the outer quotes and write the constraints themselves"
        : 'expected a list of constraints such as [["hostname","UNIQUE"]]';
    const fix =
      root.kind === "string"
        ? { description: "remove the outer quotes", edits: [{ span: root.span, text: root.value }] }
        : undefined;
    diagnostics.push({
      severity: "error",
      code: "not_a_constraint_list",
      message: `not a constraint list: ${hint}`,
      span: root.span,
      ...(fix ? { fix } : {}),
    });
    return { form: "app", rows: [], diagnostics };
  }
  const elements = root.elements;
  if (elements.length === 0) return { form: "empty", rows: [], diagnostics };
  if (elements.every(isScalar)) return { form: "flat", rows: [arrayRow(root, "flat")], diagnostics };
  // Nested: the first element decides between app and pod; the odd ones out are reported.
  const first = elements[0]!;
  const form = first.kind === "object" ? "pod" : "app";
  const rows: RawRow[] = [];
  for (const el of elements) {
    if (form === "pod" && el.kind === "object") rows.push(podRow(el));
    else if (form === "app" && el.kind === "array") rows.push(arrayRow(el, "app"));
    else {
      const expected =
        form === "pod" ? '{"fieldName": ..., "operator": ...}' : '["field", "OPERATOR", "value"]';
      diagnostics.push({
        severity: "error",
        code: "not_a_constraint_list",
        message: `expected a constraint like the others, ${expected}`,
        span: el.span,
      });
    }
  }
  return { form, rows, diagnostics };
}
