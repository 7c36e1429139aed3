// Entry points from constraint text to typed constraints: form detection, the JSON and colon
// grammars, then dialect validation. `safeParse` never throws; `parse` throws a rendered code frame.
import type { Constraint, ConstraintTuple, Dialect, InputForm } from "../ast.js";
import { formatDiagnostics } from "../code-frame.js";
import { type Diagnostic, hasErrors } from "../diagnostics.js";
import { RowValidator, type ValidateResult, validateRows } from "../dialects/validate.js";
import { MAX_CONSTRAINT_DEPTH } from "../limits.js";
import { colonRows } from "./colon.js";
import { parseJson } from "./json.js";
import { streamStrictJsonArray } from "./json-strict.js";
import { arrayRow, jsonRows, type RawRow } from "./rows.js";

export interface ParseOptions {
  /** Default `marathon` (1.10 as released). */
  readonly dialect?: Dialect;
  /** Force a form instead of detecting it; `colon` reads JSON-looking text as colon form too. */
  readonly form?: InputForm;
}

export interface ParseResult {
  /** No error diagnostics: upstream would accept the text. */
  readonly ok: boolean;
  readonly form: InputForm;
  /** Every constraint that could be read (valid or not when `ok` is false), in input order. */
  readonly constraints: readonly Constraint[];
  readonly diagnostics: readonly Diagnostic[];
}

/** Constraint text longer than this is refused (a structural limit against hostile input). */
export const MAX_CONSTRAINT_TEXT = 1 << 20;

/** Thrown by `parse`; its message is the rendered code frame of every error. */
export class ConstraintSyntaxError extends Error {
  override readonly name = "ConstraintSyntaxError";
  constructor(
    readonly text: string,
    readonly diagnostics: readonly Diagnostic[],
  ) {
    super(formatDiagnostics(text, diagnostics, { color: false }));
  }
}

function firstNonSpace(text: string): string {
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c !== " " && c !== "\t" && c !== "\n" && c !== "\r") return c;
  }
  return "";
}

/** Appends without spreading: `push(...xs)` passes every element as an argument and overflows the stack. */
function append<T>(to: T[], from: readonly T[]): void {
  for (const x of from) to.push(x);
}

const bySpan = (a: Diagnostic, b: Diagnostic) => a.span.start - b.span.start || a.span.end - b.span.end;

/** What the DC/OS SDK does with text that is not valid JSON: reads it as colon form, silently. */
function sdkFallbackNote(text: string): Diagnostic {
  const rows = colonRows(text);
  const { constraints, diagnostics } = validateRows(rows, "dcos-sdk");
  const firstError = diagnostics.find((d) => d.severity === "error");
  const reading = rows.length === 1 ? "1 row" : `${rows.length} rows`;
  const message = firstError
    ? `the DC/OS SDK reports no JSON error here: it falls back to the colon form, reads ${reading}, and fails with: ${firstError.upstream ?? firstError.message}`
    : `the DC/OS SDK reports no JSON error here: it falls back to the colon form and reads ${constraints
        .map((c) => [c.field, c.operator, ...(c.value === undefined ? [] : [c.value])].join(":"))
        .join(", ")}, which is probably not what was meant`;
  return {
    severity: "info",
    code: "json_falls_back_to_colon",
    message,
    span: { start: 0, end: text.length },
  };
}

/**
 * App-form text that is strict JSON, each row validated as soon as the reader closes it, which is what
 * jsonRows and validateRows give for such text. The tree of a large text never exists at once, so the
 * collector does not promote it (bench: size). Undefined for any other text: the general path reads it.
 */
function validateAppRowsAsRead(text: string, dialect: Dialect): ValidateResult | undefined {
  const validator = new RowValidator(dialect);
  let rows = 0;
  const read = streamStrictJsonArray(text, MAX_CONSTRAINT_DEPTH, (element) => {
    // The first element decides the form; anything but a row is left to jsonRows to report.
    if (element.kind !== "array") return false;
    validator.add(arrayRow(element, "app"));
    rows++;
    return true;
  });
  return read === undefined || rows === 0 ? undefined : validator.result();
}

/**
 * Parses constraint text in any form and validates it for a dialect. Never throws.
 * @example safeParse('[["hostname","UNIQUE"]]').constraints[0]?.operator // "UNIQUE"
 */
export function safeParse(input: string, options: ParseOptions = {}): ParseResult {
  const dialect = options.dialect ?? "marathon";
  const sdk = dialect === "dcos-sdk";
  if (input.length > MAX_CONSTRAINT_TEXT) {
    const d: Diagnostic = {
      severity: "error",
      code: "limit_exceeded",
      message: `constraint text of ${input.length} characters is longer than the limit of ${MAX_CONSTRAINT_TEXT}`,
      span: { start: 0, end: 0 },
    };
    return { ok: false, form: "empty", constraints: [], diagnostics: [d] };
  }
  // A byte-order mark (a file read without decoding it) is encoding, not content: it reads as a space,
  // so every offset stays the offset in the text as given.
  const bom = input.charCodeAt(0) === 0xfeff;
  const text = bom ? ` ${input.slice(1)}` : input;
  const first = firstNonSpace(text);
  const body = bom ? input.slice(1) : input;
  // The SDK treats only "" and "[]" exactly as "no constraints"; " []" or "  " are rows it rejects.
  if (sdk ? body === "" || body === "[]" : first === "") {
    return { ok: true, form: "empty", constraints: [], diagnostics: [] };
  }
  const looksJson = first === "[" || first === "{" || first === '"';
  const diagnostics: Diagnostic[] = [];
  let rows: readonly RawRow[];
  let form: InputForm;
  const streamed =
    first === "[" && (options.form === undefined || options.form === "app")
      ? validateAppRowsAsRead(text, dialect)
      : undefined;
  if (streamed !== undefined) {
    const diagnostics = [...streamed.diagnostics].sort(bySpan);
    return { ok: !hasErrors(diagnostics), form: "app", constraints: streamed.constraints, diagnostics };
  }
  if (options.form === "colon" || (options.form === undefined && !looksJson)) {
    rows = colonRows(text);
    form = "colon";
  } else {
    const json = parseJson(text, { maxDepth: MAX_CONSTRAINT_DEPTH });
    append(diagnostics, json.diagnostics);
    if (sdk && hasErrors(json.diagnostics)) diagnostics.push(sdkFallbackNote(text));
    if (json.value === undefined) {
      rows = [];
      form = "empty";
    } else {
      const r = jsonRows(json.value);
      append(diagnostics, r.diagnostics);
      rows = r.rows;
      form = r.form;
      if (sdk && form === "empty") {
        // Jackson reads `[ ]` as a flat list of no strings: one row with no entries.
        rows = [{ form: "flat", span: json.value.span, entries: [] }];
        form = "flat";
      }
    }
    if (options.form !== undefined && options.form !== form && form !== "empty") {
      diagnostics.push({
        severity: "error",
        code: "not_a_constraint_list",
        message: `expected the ${options.form} form, found the ${form} form`,
        span: { start: 0, end: text.length },
      });
    }
  }
  const validated = validateRows(rows, dialect);
  append(diagnostics, validated.diagnostics);
  diagnostics.sort(bySpan);
  return { ok: !hasErrors(diagnostics), form, constraints: validated.constraints, diagnostics };
}

/**
 * Parses and validates constraint text; throws a ConstraintSyntaxError (a code frame) on errors.
 * @example parse("hostname:UNIQUE,rack:GROUP_BY:3").length // 2
 */
export function parse(text: string, options: ParseOptions = {}): readonly Constraint[] {
  const result = safeParse(text, options);
  if (!result.ok) throw new ConstraintSyntaxError(text, result.diagnostics);
  return result.constraints;
}

/**
 * Validates constraints given as `[field, operator, value?]` tuples; spans refer to their app-form text.
 * @example constraintsFromTuples([["rack", "MAX_PER", "2"]]).ok // true
 */
export function constraintsFromTuples(
  tuples: readonly ConstraintTuple[],
  options: ParseOptions = {},
): ParseResult {
  const text = JSON.stringify(tuples.map((t) => (t[2] === undefined ? [t[0], t[1]] : [t[0], t[1], t[2]])));
  return safeParse(text, { dialect: options.dialect ?? "marathon", form: "app" });
}
