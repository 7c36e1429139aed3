// Diagnostics for structured agent input (JSON/YAML values): a path into the value, and a callback that
// maps that path to a span in the source text when there is one. No parsing happens here.
import type { Span } from "../ast.js";
import type { Diagnostic, DiagnosticCode, Severity } from "../diagnostics.js";

/** A path into a JSON/YAML value: object keys and array indexes. */
export type JsonPath = readonly (string | number)[];

/** Maps a path in the input value to the span of that value in the source text, when known. */
export type Locate = (path: JsonPath) => Span | undefined;

const NOWHERE: Span = { start: 0, end: 0 };

/** `agents[2].resources.cpus`, for messages. */
export function formatPath(path: JsonPath): string {
  let out = "";
  for (const p of path) {
    if (typeof p === "number") out += `[${p}]`;
    else out += out === "" ? p : `.${p}`;
  }
  return out === "" ? "the input" : out;
}

/** Collects diagnostics for one input, locating each by its path. */
export class Reporter {
  readonly diagnostics: Diagnostic[] = [];
  #errors = 0;

  constructor(readonly locate?: Locate) {}

  get errorCount(): number {
    return this.#errors;
  }

  span(path: JsonPath): Span {
    // The nearest located ancestor is better than nothing when a path has no node of its own
    // (a missing property is reported on its object).
    for (let n = path.length; n >= 0; n--) {
      const s = this.locate?.(n === path.length ? path : path.slice(0, n));
      if (s) return s;
    }
    return NOWHERE;
  }

  report(severity: Severity, code: DiagnosticCode, path: JsonPath, message: string, upstream?: string): void {
    if (severity === "error") this.#errors++;
    this.diagnostics.push({
      severity,
      code,
      message: `${formatPath(path)}: ${message}`,
      ...(upstream === undefined ? {} : { upstream }),
      span: this.span(path),
    });
  }

  error(code: DiagnosticCode, path: JsonPath, message: string, upstream?: string): void {
    this.report("error", code, path, message, upstream);
  }

  warn(code: DiagnosticCode, path: JsonPath, message: string): void {
    this.report("warning", code, path, message);
  }

  /** Adds diagnostics produced elsewhere (already carrying spans). */
  add(diagnostics: readonly Diagnostic[]): void {
    for (const d of diagnostics) {
      if (d.severity === "error") this.#errors++;
      this.diagnostics.push(d);
    }
  }
}

/** True for a plain JSON object (not null, not an array). */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
