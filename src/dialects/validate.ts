// Validation of constraint rows per dialect: what Marathon's API validation (1.10 and 1.11 agree)
// and the DC/OS SDK's parser accept, with the order of checks and the messages they use.
// Input: rows from syntax/. Output: typed constraints and diagnostics. Never evaluates.
import {
  type Constraint,
  type Dialect,
  MARATHON_OPERATORS,
  type Operator,
  SDK_OPERATORS,
  type Span,
} from "../ast.js";
import type { Diagnostic, DiagnosticCode, Fix, Severity } from "../diagnostics.js";
import { checkJavaRegex } from "../regex/index.js";
import { closest } from "../suggest.js";
import type { RawEntry, RawRow } from "../syntax/rows.js";
import { type SourceString, sourceSpan } from "../syntax/source-string.js";
import { parseJavaInt } from "./java-int.js";
import { MARATHON, SDK } from "./upstream-messages.js";

export interface ValidateResult {
  /** Every row that names a field and a known operator, valid or not, in input order. */
  readonly constraints: readonly Constraint[];
  readonly diagnostics: readonly Diagnostic[];
}

const IS_CHARSET = /^[a-zA-Z0-9_/.-]*$/;
const SDK_BARE_FIELDS = new Set(["hostname", "@hostname", "@zone", "@region"]);

interface Sink {
  push(d: Diagnostic): void;
}

function diag(
  severity: Severity,
  code: DiagnosticCode,
  message: string,
  span: Span,
  extra?: { upstream?: string | undefined; fix?: Fix | undefined },
): Diagnostic {
  const d: { -readonly [K in keyof Diagnostic]: Diagnostic[K] } = { severity, code, message, span };
  if (extra?.upstream !== undefined) d.upstream = extra.upstream;
  if (extra?.fix !== undefined) d.fix = extra.fix;
  return d;
}

const quoteFix = (e: RawEntry): Fix | undefined =>
  e.text
    ? { description: "quote it", edits: [{ span: e.span, text: JSON.stringify(e.text.value) }] }
    : undefined;

/** The fix that deletes entry `i` of a row together with its separator. */
function removeEntryFix(row: RawRow, i: number, what: string): Fix | undefined {
  if (row.form === "pod") {
    const member = row.pod?.memberSpans.value;
    if (!member) return undefined;
    const prev = row.pod?.operator?.span ?? row.pod?.fieldName?.span;
    const start = prev && prev.end <= member.start ? prev.end : member.start;
    return { description: `remove the ${what}`, edits: [{ span: { start, end: member.end }, text: "" }] };
  }
  const e = row.entries[i];
  const before = row.entries[i - 1];
  if (!e || !before) return undefined;
  return {
    description: `remove the ${what}`,
    edits: [{ span: { start: before.span.end, end: e.span.end }, text: "" }],
  };
}

/** Java's String.toUpperCase() in the root locale; JavaScript agrees for every operator-like word. */
const upper = (s: string) => s.toUpperCase();

/**
 * The operator `name` as the list spells it: the list's own string, not a copy from the text, so a
 * constraint keeps one string fewer (bench: size). Undefined when it is none of them.
 */
function operatorNamed(name: string, names: readonly Operator[]): Operator | undefined {
  for (const o of names) if (o === name) return o;
  return undefined;
}

function rowTexts(row: RawRow): string[] {
  return row.entries.map((e) => e.text?.value ?? (e.kind === "null" ? "null" : ""));
}

function regexChecks(
  pattern: string,
  patternSource: (offset: number, end: number) => Span,
  valueSpan: Span,
  sink: Sink,
  upstream: string | undefined,
  compiledAs?: string,
  what = "not a valid Java regular expression",
): boolean {
  const result = checkJavaRegex(pattern);
  for (const d of result.diagnostics) {
    const span =
      d.span.start === 0 && d.span.end === pattern.length
        ? valueSpan
        : patternSource(d.span.start, d.span.end);
    if (!result.valid && d.severity === "error") {
      // Java's own verdict (or our nesting limit, which keeps its code): the constraint is invalid.
      const code = d.code === "limit_exceeded" ? "limit_exceeded" : "invalid_regex";
      // Java's "near index N" counts in the compiled pattern, which the SDK prefixes with `field:`.
      const where = compiledAs === undefined ? "" : ` (the SDK compiles ${JSON.stringify(compiledAs)})`;
      const message = code === "invalid_regex" ? `${what}${where}: ${d.message}` : d.message;
      sink.push(
        diag("error", code, message, span, { upstream: code === "invalid_regex" ? upstream : undefined }),
      );
    } else {
      // What we cannot evaluate is our limit, not the user's error: upstream accepts the pattern.
      sink.push({ ...d, severity: d.severity === "error" ? "warning" : d.severity, span });
    }
  }
  return result.valid;
}

function mapIn(text: SourceString | undefined, fallback: Span) {
  return (start: number, end: number): Span => (text ? sourceSpan(text, { start, end }) : fallback);
}

/** Validates rows as Marathon's API does (apps: array form; pods: object form). */
function validateMarathonRow(row: RawRow, sink: Sink): Constraint | undefined {
  const pod = row.form === "pod";
  if (pod) {
    const p = row.pod!;
    for (const u of p.unknown) {
      sink.push(
        diag(
          "warning",
          "unknown_property",
          `unknown property "${u.name}": a pod constraint has fieldName, operator and value`,
          u.span,
        ),
      );
    }
    if (!p.fieldName) {
      sink.push(diag("error", "missing_property", 'a pod constraint needs "fieldName"', row.span));
    }
    if (!p.operator) {
      sink.push(diag("error", "missing_property", 'a pod constraint needs "operator"', row.span));
    }
    if (!p.fieldName || !p.operator) return undefined;
  } else if (row.entries.length !== 2 && row.entries.length !== 3) {
    sink.push(
      diag(
        "error",
        "wrong_arity",
        `a constraint has 2 or 3 elements, [field, operator] or [field, operator, value]; this one has ${row.entries.length}`,
        row.span,
        {
          upstream: MARATHON.arity,
        },
      ),
    );
    return undefined;
  }
  const [fieldE, opE, valueE] = pod ? [row.pod!.fieldName!, row.pod!.operator!, row.pod!.value] : row.entries;
  // Marathon's schema types every element as a string: a number, boolean or null fails its JSON reader.
  for (const e of [fieldE, opE, valueE]) {
    if (!e) continue;
    if (e.kind === "string") continue;
    if (pod && e === valueE && e.kind === "null") continue;
    if (e.kind === "number") {
      sink.push(
        diag(
          "error",
          "number_for_string",
          `Marathon wants a string here, not the number ${e.text!.value}: write "${e.text!.value}"`,
          e.span,
          { fix: quoteFix(e) },
        ),
      );
    } else if (e.kind === "null") {
      const i = row.entries.indexOf(e);
      const fix = e === valueE ? removeEntryFix(row, i, "null value") : undefined;
      sink.push(
        diag(
          "error",
          "null_element",
          e === valueE
            ? "a constraint value cannot be null: leave the value out instead"
            : "a constraint element cannot be null",
          e.span,
          { fix },
        ),
      );
    } else if (e.kind === "boolean") {
      sink.push(
        diag(
          "error",
          "not_a_string",
          `Marathon wants a string here, not the boolean ${e.text!.value}`,
          e.span,
          { fix: quoteFix(e) },
        ),
      );
    } else {
      sink.push(
        diag(
          "error",
          "not_a_string",
          `Marathon wants a string here, not ${e.kind === "array" ? "a list" : "an object"}`,
          e.span,
        ),
      );
    }
  }
  const field = fieldE!.text?.value ?? "";
  const opText = opE!.text?.value ?? "";
  if (field === "") {
    sink.push(
      diag(
        "error",
        "empty_field",
        "the field is empty: name an attribute, or hostname, @hostname, @region or @zone",
        fieldE!.span,
        {
          upstream: pod ? MARATHON.missingField : MARATHON.illegal,
        },
      ),
    );
    if (!pod) return undefined;
  }
  // Apps upper-case the operator during validation; pods lower-case both sides before matching.
  const named = operatorNamed(pod ? opText.toLowerCase().toUpperCase() : upper(opText), MARATHON_OPERATORS);
  const known = named !== undefined && (!pod || opText.toLowerCase() === named.toLowerCase());
  if (!known) {
    if (upper(opText) === "IS_NOT") {
      sink.push(
        diag(
          "error",
          "sdk_only_operator",
          "IS_NOT exists only in the DC/OS SDK; Marathon has no negated IS: use UNLIKE with the value as an escaped regular expression",
          opE!.span,
          {
            upstream: pod ? MARATHON.podOperator : MARATHON.operator,
          },
        ),
      );
    } else {
      const guess = closest(opText, MARATHON_OPERATORS, upper);
      sink.push(
        diag(
          "error",
          "unknown_operator",
          `unknown operator "${opText}": expected one of ${MARATHON_OPERATORS.join(", ")}${guess ? `; did you mean ${guess}?` : ""}`,
          opE!.span,
          {
            upstream: pod ? MARATHON.podOperator : MARATHON.operator,
            fix: guess
              ? {
                  description: `replace with ${guess}`,
                  edits: [{ span: opE!.span, text: JSON.stringify(guess) }],
                }
              : undefined,
          },
        ),
      );
    }
    return undefined;
  }
  const op = named;
  if (!pod && opText !== op) {
    // Validation upper-cases and passes; the conversion that follows only knows the exact names.
    sink.push(
      diag(
        "error",
        "operator_case",
        `operator "${opText}" must be written ${op}: Marathon's validation accepts it, then creating the app fails with HTTP 500`,
        opE!.span,
        {
          upstream: `illegal constraint specification ${[field, opText, ...(valueE?.text ? [valueE.text.value] : [])].join(",")}`,
          fix: { description: `write ${op}`, edits: [{ span: opE!.text!.span, text: op }] },
        },
      ),
    );
  }
  const value = valueE && valueE.kind !== "null" ? (valueE.text?.value ?? "") : undefined;
  const valueSpan = valueE?.span ?? opE!.span;
  switch (op) {
    case "UNIQUE":
      if (value !== undefined) {
        sink.push(
          diag(
            "error",
            "unique_with_value",
            `UNIQUE takes no value, not even "": remove ${JSON.stringify(value)}`,
            valueSpan,
            {
              upstream: MARATHON.uniqueValue,
              fix: removeEntryFix(row, 2, "value"),
            },
          ),
        );
      }
      break;
    case "GROUP_BY":
      if (value !== undefined && parseJavaInt(value) === undefined) {
        sink.push(
          diag(
            "error",
            "group_by_not_integer",
            `GROUP_BY takes a whole number of groups (or no value), not ${JSON.stringify(value)}`,
            valueSpan,
            {
              upstream: MARATHON.groupBy,
            },
          ),
        );
      }
      break;
    case "MAX_PER":
      if (value === undefined || parseJavaInt(value) === undefined) {
        sink.push(
          diag(
            "error",
            "max_per_not_integer",
            value === undefined
              ? "MAX_PER needs a value: the largest number of instances per value of the field"
              : `MAX_PER takes a whole number, not ${JSON.stringify(value)}`,
            value === undefined ? row.span : valueSpan,
            {
              upstream: MARATHON.maxPer,
            },
          ),
        );
      }
      break;
    case "LIKE":
    case "UNLIKE":
      if (value === undefined) {
        sink.push(
          diag(
            "error",
            "missing_value",
            `${op} needs a value: the regular expression the field must ${op === "LIKE" ? "" : "not "}match`,
            row.span,
            { upstream: MARATHON.likeValue },
          ),
        );
      } else if (valueE?.kind === "string") {
        regexChecks(
          value,
          mapIn(valueE.text, valueSpan),
          valueE.text?.span ?? valueSpan,
          sink,
          MARATHON.regex,
        );
      }
      break;
    case "IS":
      if (!IS_CHARSET.test(value ?? "")) {
        sink.push(
          diag(
            "error",
            "is_value_charset",
            `an IS value may only use letters, digits and _ / . -, which ${JSON.stringify(value)} does not; use LIKE for patterns`,
            valueSpan,
            {
              upstream: MARATHON.isCharset,
            },
          ),
        );
      }
      break;
    default:
      break;
  }
  return constraintOf(row, field, op, value, fieldE!, opE!, valueE);
}

function constraintOf(
  row: RawRow,
  field: string,
  operator: Operator,
  value: string | undefined,
  fieldE: RawEntry,
  opE: RawEntry,
  valueE: RawEntry | undefined,
): Constraint {
  const span = row.span;
  return value === undefined || valueE === undefined
    ? { field, operator, span, fieldSpan: fieldE.span, operatorSpan: opE.span }
    : {
        field,
        operator,
        span,
        fieldSpan: fieldE.span,
        operatorSpan: opE.span,
        value,
        valueSpan: valueE.span,
      };
}

/** Validates rows as dcos-commons' MarathonConstraintParser does. */
function validateSdkRow(row: RawRow, sink: Sink): Constraint | undefined {
  if (row.form === "pod") {
    const fix = podToAppFix(row);
    sink.push(
      diag(
        "error",
        "not_a_constraint_list",
        'the DC/OS SDK does not read the pod form {"fieldName": ...}: write ["field", "OPERATOR", "value"] rows',
        row.span,
        { fix },
      ),
    );
    return undefined;
  }
  const texts = rowTexts(row);
  if (row.entries.length !== 2 && row.entries.length !== 3) {
    sink.push(
      diag(
        "error",
        "wrong_arity",
        `a constraint has 2 or 3 entries, field:OPERATOR or field:OPERATOR:value; this one has ${row.entries.length}`,
        row.span,
        {
          upstream: SDK.arity(texts),
        },
      ),
    );
    return undefined;
  }
  const [fieldE, opE, valueE] = row.entries as [RawEntry, RawEntry, RawEntry | undefined];
  for (const e of row.entries) {
    if (e.kind === "array" || e.kind === "object") {
      sink.push(
        diag(
          "error",
          "not_a_string",
          `expected a string, not ${e.kind === "array" ? "a list" : "an object"}: the SDK's JSON reader fails and it falls back to the colon form`,
          e.span,
        ),
      );
      return undefined;
    }
    if (e.kind === "null" && e !== valueE) {
      sink.push(
        diag(
          "error",
          "null_element",
          "the field and operator cannot be null (the SDK's parser fails with a NullPointerException)",
          e.span,
        ),
      );
      return undefined;
    }
    if (e.kind === "number" || e.kind === "boolean") {
      sink.push(
        diag(
          "warning",
          "number_for_string",
          `the SDK reads ${e.text!.value} as the string "${e.text!.value}", but Marathon and most tools want a string: write "${e.text!.value}"`,
          e.span,
          { fix: quoteFix(e) },
        ),
      );
    }
  }
  const field = fieldE.text?.value ?? "";
  const opText = opE.text?.value ?? "";
  const op = operatorNamed(upper(opText), SDK_OPERATORS);
  if (op === undefined) {
    const guess = closest(opText, SDK_OPERATORS, upper);
    sink.push(
      diag(
        "error",
        "unknown_operator",
        `unknown operator "${opText}": expected one of ${SDK_OPERATORS.join(", ")}${guess ? `; did you mean ${guess}?` : ""}`,
        opE.span,
        {
          upstream: SDK.operator(opText, texts),
          fix:
            guess && opE.text
              ? { description: `replace with ${guess}`, edits: [{ span: opE.text.span, text: guess }] }
              : undefined,
        },
      ),
    );
    return undefined;
  }
  if (field === "") {
    sink.push(
      diag(
        "warning",
        "empty_field",
        "the field is empty: the SDK accepts it, but no agent has an attribute with an empty name",
        fieldE.span,
      ),
    );
  }
  const value = valueE && valueE.kind !== "null" ? (valueE.text?.value ?? "") : undefined;
  const valueSpan = valueE?.span ?? opE.span;
  const needsValue = op !== "UNIQUE" && op !== "GROUP_BY";
  if (needsValue && value === undefined) {
    sink.push(
      diag(
        "error",
        "missing_value",
        `${op} needs a value in the DC/OS SDK${op === "CLUSTER" ? " (Marathon's CLUSTER without a value has no SDK equivalent)" : ""}`,
        valueE?.span ?? row.span,
        {
          upstream: SDK.missingParameter(opText),
        },
      ),
    );
  }
  if (op === "UNIQUE" && value !== undefined) {
    sink.push(
      diag(
        "warning",
        "unique_with_value",
        `the SDK ignores a UNIQUE value (and Marathon rejects it): remove ${JSON.stringify(value)}`,
        valueSpan,
        {
          fix: removeEntryFix(row, 2, "value"),
        },
      ),
    );
  }
  if ((op === "MAX_PER" || op === "GROUP_BY") && value !== undefined) {
    const n = parseJavaInt(value);
    if (n === undefined) {
      sink.push(
        diag(
          "error",
          op === "MAX_PER" ? "max_per_not_integer" : "group_by_not_integer",
          `${op} takes a whole number, not ${JSON.stringify(value)}`,
          valueSpan,
          {
            upstream: SDK.integer(opText, value),
          },
        ),
      );
    } else if (op === "MAX_PER" && n < 1) {
      sink.push(
        diag(
          "error",
          "max_per_below_one",
          `MAX_PER must be at least 1 in the DC/OS SDK (its parser throws on ${n}); use UNIQUE for one per value`,
          valueSpan,
          {
            upstream: SDK.maxBelowOne(n),
          },
        ),
      );
    }
  }
  if ((op === "UNIQUE" || op === "MAX_PER") && !SDK_BARE_FIELDS.has(field)) {
    // On an attribute the SDK selects keys with the regex `field:.*`, compiled while it parses: a field
    // that is no valid regex fails the whole constraint text, as an invalid LIKE pattern does.
    const pattern = `${field}:.*`;
    const inField = mapIn(fieldE.text, fieldE.span);
    regexChecks(
      pattern,
      // A problem Java finds in the `:.*` it appends (an unclosed group) belongs to the whole field.
      (s, e) =>
        s >= field.length ? (fieldE.text?.span ?? fieldE.span) : inField(s, Math.min(e, field.length)),
      fieldE.text?.span ?? fieldE.span,
      sink,
      undefined,
      pattern,
      `the field must be a valid Java regular expression for ${op} on an attribute`,
    );
  }
  if ((op === "LIKE" || op === "UNLIKE") && value !== undefined) {
    // The SDK matches attributes as `name:value`, so the compiled pattern is `field:value`.
    const bare = SDK_BARE_FIELDS.has(field);
    const pattern = bare ? value : `${field}:${value}`;
    const prefix = bare ? 0 : field.length + 1;
    const inValue = mapIn(valueE?.text, valueSpan);
    const inField = mapIn(fieldE.text, fieldE.span);
    regexChecks(
      pattern,
      (s, e) =>
        s >= prefix
          ? inValue(s - prefix, e - prefix)
          : inField(Math.min(s, field.length), Math.min(e, field.length)),
      valueE?.text?.span ?? valueSpan,
      sink,
      undefined,
      bare ? undefined : pattern,
    );
  }
  return constraintOf(row, field, op, value, fieldE, opE, valueE);
}

function podToAppFix(row: RawRow): Fix | undefined {
  const p = row.pod;
  if (!p?.fieldName?.text || !p.operator?.text) return undefined;
  const parts = [p.fieldName.text.value, p.operator.text.value.toUpperCase()];
  if (p.value?.text) parts.push(p.value.text.value);
  return { description: "rewrite as an array", edits: [{ span: row.span, text: JSON.stringify(parts) }] };
}

/** FNV-1a over the UTF-16 units of `s`, continuing from `h`. */
function mix(h: number, s: string): number {
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h;
}

/** A hash of (field, operator, value); an absent value hashes apart from "". */
function constraintHash(c: Constraint): number {
  const h = mix(Math.imul(mix(0x811c9dc5, c.field) ^ 0x1f, 0x01000193), c.operator);
  return c.value === undefined ? h : mix(Math.imul(h ^ 0x3d, 0x01000193), c.value);
}

/** Up to this many first constraints, a new one is compared with each instead of hashed. */
const SHORT_LIST = 8;

const sameConstraint = (a: Constraint, b: Constraint) =>
  a.field === b.field && a.operator === b.operator && a.value === b.value;

/**
 * The first constraint of each (field, operator, value), found by hashing into a typed array: it holds
 * no pointers, so tens of thousands of new constraints cost the collector nothing (a Map that large
 * lives in the old generation and remembers every young key), and a probe reads a constraint only when
 * the hashes agree (bench: size).
 */
class FirstConstraints {
  /** The constraints that came first, in order. */
  readonly #firsts: Constraint[] = [];
  /**
   * Open addressing, two numbers per slot: the hash, then 1 + the index in #firsts (0: empty). The
   * capacity is a power of two kept at most half full. Made at the ninth constraint: a short list (the
   * usual case) is compared directly, with no typed array to allocate per parse (bench: parse).
   */
  #table: Int32Array | undefined;

  /** The earlier equal constraint, or undefined after recording `c` as the first of its kind. */
  twinOf(c: Constraint): Constraint | undefined {
    const table = this.#table;
    if (table === undefined) {
      for (const first of this.#firsts) if (sameConstraint(first, c)) return first;
      this.#firsts.push(c);
      if (this.#firsts.length > SHORT_LIST) this.#grow();
      return undefined;
    }
    const h = constraintHash(c);
    const mask = (table.length >> 1) - 1;
    let at = h & mask;
    for (; table[2 * at + 1] !== 0; at = (at + 1) & mask) {
      if (table[2 * at] !== h) continue;
      const first = this.#firsts[table[2 * at + 1]! - 1]!;
      if (sameConstraint(first, c)) return first;
    }
    this.#firsts.push(c);
    table[2 * at] = h;
    table[2 * at + 1] = this.#firsts.length;
    if (this.#firsts.length * 4 > table.length) this.#grow();
    return undefined;
  }

  /** Doubles the table (or makes it from the short list), placing every first constraint again. */
  #grow(): void {
    const old = this.#table;
    const table = new Int32Array(Math.max(64, (old?.length ?? 0) * 2));
    const mask = (table.length >> 1) - 1;
    const place = (h: number, id: number) => {
      let at = h & mask;
      while (table[2 * at + 1] !== 0) at = (at + 1) & mask;
      table[2 * at] = h;
      table[2 * at + 1] = id;
    };
    if (old === undefined) {
      for (let k = 0; k < this.#firsts.length; k++) place(constraintHash(this.#firsts[k]!), k + 1);
    } else {
      for (let k = 0; k < old.length; k += 2) if (old[k + 1] !== 0) place(old[k]!, old[k + 1]!);
    }
    this.#table = table;
  }
}

/**
 * Validates rows one at a time, in input order, as they are read: a caller that hands over each row as
 * soon as it exists keeps no syntax tree of the whole text (bench: size).
 */
export class RowValidator {
  readonly #diagnostics: Diagnostic[] = [];
  readonly #constraints: Constraint[] = [];
  readonly #sdk: boolean;
  readonly #first = new FirstConstraints();

  constructor(dialect: Dialect) {
    this.#sdk = dialect === "dcos-sdk";
  }

  add(row: RawRow): void {
    const sdk = this.#sdk;
    const c = sdk ? validateSdkRow(row, this.#diagnostics) : validateMarathonRow(row, this.#diagnostics);
    if (!c) return;
    const twin = this.#first.twinOf(c);
    if (twin) {
      this.#diagnostics.push({
        severity: "warning",
        code: "duplicate_constraint",
        message: sdk
          ? "this constraint repeats an earlier one"
          : "this constraint repeats an earlier one; Marathon keeps constraints as a set, so it is dropped",
        span: c.span,
        related: [{ message: "first written here", span: twin.span }],
      });
      // Marathon stores constraints as a set: the duplicate disappears. The SDK ANDs every row.
      if (!sdk) return;
    }
    this.#constraints.push(c);
  }

  result(): ValidateResult {
    return { constraints: this.#constraints, diagnostics: this.#diagnostics };
  }
}

/** Validates rows for a dialect; returns the constraints that could be read and every diagnostic. */
export function validateRows(rows: readonly RawRow[], dialect: Dialect): ValidateResult {
  const validator = new RowValidator(dialect);
  for (const row of rows) validator.add(row);
  return validator.result();
}
