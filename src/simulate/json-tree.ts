// Typed reads from a positioned JSON tree (syntax/json.ts) for workload files: every wrong type becomes
// a diagnostic on the offending value. Reads only; never parses text and never throws.
import type { Span } from "../ast.js";
import type { Diagnostic, DiagnosticCode, Severity } from "../diagnostics.js";
import type { JsonNode, JsonObject } from "../syntax/json.js";

/** The value of `key` in an object node (the last one when repeated, as JSON.parse does). */
export function member(node: JsonNode | undefined, key: string): JsonNode | undefined {
  if (node?.kind !== "object") return undefined;
  // The lean reader's objects look members up without building them.
  if ("get" in node && typeof node.get === "function")
    return (node.get as (k: string) => JsonNode | undefined)(key);
  let found: JsonNode | undefined;
  for (const m of node.members) {
    if (m.key.kind === "string" && m.key.value === key && m.value !== undefined) found = m.value;
  }
  return found;
}

/** Whether an object node has `key` (with any value). */
export function has(node: JsonNode | undefined, key: string): boolean {
  return member(node, key) !== undefined;
}

/** Collects diagnostics while reading typed values from a tree. */
export class TreeReader {
  readonly diagnostics: Diagnostic[] = [];
  errors = 0;

  constructor(readonly code: DiagnosticCode) {}

  report(severity: Severity, span: Span, message: string): void {
    if (severity === "error") this.errors++;
    this.diagnostics.push({ severity, code: this.code, message, span });
  }

  error(span: Span, message: string): void {
    this.report("error", span, message);
  }

  /** A number at `key`, or `fallback` when absent/null; wrong types and out-of-range values are errors. */
  number(
    obj: JsonNode | undefined,
    key: string,
    fallback: number,
    label: string,
    limits: { min?: number; integer?: boolean } = {},
  ): number {
    const node = member(obj, key);
    if (node === undefined || node.kind === "null") return fallback;
    const min = limits.min ?? 0;
    if (node.kind !== "number" || !Number.isFinite(node.value)) {
      this.error(node.span, `${label} must be a number, not ${describe(node)}`);
      return fallback;
    }
    if (limits.integer && !Number.isInteger(node.value)) {
      this.error(node.span, `${label} must be a whole number, not ${node.raw}`);
      return fallback;
    }
    if (node.value < min) {
      this.error(node.span, `${label} must be at least ${min}, not ${node.raw}`);
      return fallback;
    }
    return node.value;
  }

  /** A string at `key`, or undefined when absent/null. */
  string(obj: JsonNode | undefined, key: string, label: string): string | undefined {
    const node = member(obj, key);
    if (node === undefined || node.kind === "null") return undefined;
    if (node.kind !== "string") {
      this.error(node.span, `${label} must be a string, not ${describe(node)}`);
      return undefined;
    }
    return node.value;
  }

  /** A boolean at `key`, or `fallback`. */
  boolean(obj: JsonNode | undefined, key: string, fallback: boolean, label: string): boolean {
    const node = member(obj, key);
    if (node === undefined || node.kind === "null") return fallback;
    if (node.kind !== "boolean") {
      this.error(node.span, `${label} must be true or false, not ${describe(node)}`);
      return fallback;
    }
    return node.value;
  }

  /** An object at `key`, or undefined when absent/null. */
  object(obj: JsonNode | undefined, key: string, label: string): JsonObject | undefined {
    const node = member(obj, key);
    if (node === undefined || node.kind === "null") return undefined;
    if (node.kind !== "object") {
      this.error(node.span, `${label} must be an object, not ${describe(node)}`);
      return undefined;
    }
    return node;
  }

  /** The elements of an array at `key` ([] when absent/null). */
  array(obj: JsonNode | undefined, key: string, label: string): readonly JsonNode[] {
    const node = member(obj, key);
    if (node === undefined || node.kind === "null") return [];
    if (node.kind !== "array") {
      this.error(node.span, `${label} must be a list, not ${describe(node)}`);
      return [];
    }
    return node.elements;
  }

  /** A list of non-empty strings at `key`, or undefined when absent/null. */
  strings(obj: JsonNode | undefined, key: string, label: string): string[] | undefined {
    const node = member(obj, key);
    if (node === undefined || node.kind === "null") return undefined;
    if (node.kind !== "array" || node.elements.some((e) => e.kind !== "string" || e.value === "")) {
      this.error(node.span, `${label} must be a list of non-empty strings`);
      return undefined;
    }
    return node.elements.map((e) => (e.kind === "string" ? e.value : ""));
  }
}

/** A short description of a node's type, for messages. */
export function describe(node: JsonNode): string {
  switch (node.kind) {
    case "string":
      return `the string ${JSON.stringify(node.value.length > 40 ? `${node.value.slice(0, 40)}…` : node.value)}`;
    case "number":
      return `the number ${node.raw}`;
    case "boolean":
      return String(node.value);
    case "null":
      return "null";
    case "array":
      return "a list";
    case "object":
      return "an object";
  }
}
