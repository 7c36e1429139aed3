// Diagnostics as data: the closed set of codes, spans, fixes, and offset -> line:column mapping.
// Rendering to text lives in code-frame.ts; nothing here throws on user input.
import type { Span } from "./ast.js";

export type Severity = "error" | "warning" | "info";

/**
 * Every diagnostic code the library can emit. Public API: add, never rename.
 * The README's diagnostics table lists each with its meaning.
 */
export type DiagnosticCode =
  // JSON and colon-form syntax
  | "json_syntax"
  | "unterminated_string"
  | "invalid_escape"
  | "trailing_comma"
  | "single_quotes"
  | "typographic_quotes"
  | "unquoted_string"
  | "escaped_quotes"
  | "missing_bracket"
  | "unexpected_token"
  | "trailing_input"
  | "json_falls_back_to_colon"
  | "not_a_constraint_list"
  // host documents (service YAML, package options)
  | "yaml_syntax"
  // shape of a constraint
  | "wrong_arity"
  | "not_a_string"
  | "number_for_string"
  | "null_element"
  | "unknown_property"
  | "missing_property"
  | "duplicate_constraint"
  // validation
  | "empty_field"
  | "unknown_operator"
  | "operator_case"
  | "sdk_only_operator"
  | "unique_with_value"
  | "group_by_not_integer"
  | "max_per_not_integer"
  | "max_per_below_one"
  | "missing_value"
  | "invalid_regex"
  | "is_value_charset"
  // Java regular expressions
  | "regex_untranslatable"
  | "regex_catastrophic_backtracking"
  // agents and inventories
  | "invalid_attribute"
  | "invalid_agent"
  // eval requests (CLI)
  | "invalid_request"
  | "invalid_inventory"
  // simulation inputs (workloads, running placements)
  | "invalid_workload"
  | "invalid_running"
  | "invalid_maintenance"
  // live cluster responses (why)
  | "invalid_queue"
  // conversion to Kubernetes or Nomad
  | "invalid_convert_option"
  // resource limits
  | "limit_exceeded";

/** A text replacement: put `text` where `span` is. */
export interface TextEdit {
  readonly span: Span;
  readonly text: string;
}

/** A fix that is safe to apply without asking: it keeps the user's meaning. */
export interface Fix {
  readonly description: string;
  readonly edits: readonly TextEdit[];
}

export interface RelatedInformation {
  readonly message: string;
  readonly span: Span;
}

export interface Diagnostic {
  readonly severity: Severity;
  readonly code: DiagnosticCode;
  /** Our message: one sentence, what is wrong and what would be right. */
  readonly message: string;
  /** The message Marathon or the DC/OS SDK gives for the same problem, verbatim, so users can search it. */
  readonly upstream?: string;
  readonly span: Span;
  readonly related?: readonly RelatedInformation[];
  readonly fix?: Fix;
}

/** 1-based line and column (column counts UTF-16 code units), for display. */
export interface Position {
  readonly line: number;
  readonly column: number;
}

/**
 * Maps UTF-16 offsets to 1-based line:column. Lines end at \n, \r\n or \r. A leading byte-order mark
 * takes no column: editors do not show it, and positions are reported as the user sees the file.
 */
export class LineIndex {
  readonly #starts: number[];

  constructor(readonly text: string) {
    const starts = [text.charCodeAt(0) === 0xfeff ? 1 : 0];
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) starts.push(i + 1);
      else if (c === 13) {
        if (text.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      }
    }
    this.#starts = starts;
  }

  get lineCount(): number {
    return this.#starts.length;
  }

  /** Position of `offset` (clamped to the text). */
  position(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.#starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.#starts[mid]! <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: Math.max(1, o - this.#starts[lo]! + 1) };
  }

  /** Offset of a 1-based position. */
  offset(position: Position): number {
    const start = this.#starts[position.line - 1] ?? this.text.length;
    return Math.min(start + position.column - 1, this.text.length);
  }

  /** Where a 1-based line is in the text: `end` is before its terminator. */
  lineRange(line: number): Span {
    const start = this.#starts[line - 1];
    if (start === undefined) return { start: this.text.length, end: this.text.length };
    const next = this.#starts[line];
    let end = next ?? this.text.length;
    while (end > start && (this.text.charCodeAt(end - 1) === 10 || this.text.charCodeAt(end - 1) === 13))
      end--;
    return { start, end };
  }

  /** The text of a 1-based line, without its terminator. */
  lineText(line: number): string {
    const { start, end } = this.lineRange(line);
    return this.text.slice(start, end);
  }
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === "error");
}
