// The Mesos agent `--attributes` text (`rack:r1;level:10;ports:[31000-32000]`) -> typed attributes,
// with Mesos' rules and error texts. Every problem is a diagnostic with a span; nothing throws.
import type { Diagnostic } from "../diagnostics.js";
import type { Attribute } from "./agent.js";
import { parseMesosValue } from "./mesos-values.js";

export interface ParseMesosAttributesOptions {
  /** Added to every span: where `text` starts in the enclosing file. */
  readonly offset?: number;
}

export interface MesosAttributesResult {
  /** False when Mesos would refuse the flag (the agent would not start). */
  readonly ok: boolean;
  /** The attributes in flag order; when `ok` is false, only the entries that parsed. */
  readonly attributes: readonly Attribute[];
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Reads an agent's `--attributes` flag as Mesos does: entries separated by `;` or newline, each split
 * at its first `:`, values typed as text, scalar or ranges (a set is an error for attributes).
 * @example parseMesosAttributes("rack:r1;level:10").attributes // [{name:"rack",text:"r1"},{name:"level",scalar:10}]
 */
export function parseMesosAttributes(
  text: string,
  options: ParseMesosAttributesOptions = {},
): MesosAttributesResult {
  const base = options.offset ?? 0;
  const attributes: Attribute[] = [];
  const diagnostics: Diagnostic[] = [];
  let start = 0;
  for (let i = 0; i <= text.length; i++) {
    const c = text.charCodeAt(i);
    if (i < text.length && c !== 59 && c !== 10) continue;
    if (i > start) parseEntry(text, start, i, base, attributes, diagnostics);
    start = i + 1;
  }
  return { ok: diagnostics.length === 0, attributes, diagnostics };
}

function parseEntry(
  text: string,
  start: number,
  end: number,
  base: number,
  attributes: Attribute[],
  diagnostics: Diagnostic[],
): void {
  const entry = text.slice(start, end);
  const colon = entry.indexOf(":");
  const span = { start: base + start, end: base + end };
  if (colon < 0 || colon === 0 || colon === entry.length - 1) {
    const what =
      colon < 0
        ? "has no ':'"
        : colon === 0
          ? "has an empty name before ':'"
          : "has an empty value after ':'";
    diagnostics.push({
      severity: "error",
      code: "invalid_attribute",
      message: `attribute '${entry}' ${what}; write name:value`,
      upstream: `Invalid attribute key:value pair '${entry}'`,
      span,
    });
    return;
  }
  const name = entry.slice(0, colon);
  const raw = entry.slice(colon + 1);
  const valueStart = base + start + colon + 1;
  const parsed = parseMesosValue(raw);
  if (!parsed.ok) {
    const e = parsed.error;
    diagnostics.push({
      severity: "error",
      code: "invalid_attribute",
      message: `attribute '${name}': ${e.message}`,
      ...(e.upstream === undefined
        ? {}
        : { upstream: `Failed to parse attribute ${name} text ${raw} error ${e.upstream}` }),
      span: { start: valueStart + e.start, end: valueStart + Math.max(e.end, e.start) },
    });
    return;
  }
  const value = parsed.value;
  if ("set" in value) {
    diagnostics.push({
      severity: "error",
      code: "invalid_attribute",
      message: `attribute '${name}': a {..} set is not allowed for agent attributes (only text, scalar and [..] ranges)`,
      // Value::SET is 2 in mesos.proto; Mesos prints the enum number.
      upstream: `Bad type for attribute ${name} text ${raw} type 2`,
      span: { start: valueStart, end: base + end },
    });
    return;
  }
  attributes.push({ name, ...value });
}
