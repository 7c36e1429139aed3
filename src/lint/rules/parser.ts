// Rules that surface the parser's and dialect validation's own diagnostics (with upstream messages and
// fixes) under rule ids: `syntax/<code>`, `validation/<code>`, and the two regex-module findings.
// The checks themselves live in syntax/, dialects/ and regex/; nothing is re-implemented here.
import { DIALECTS } from "../../ast.js";
import type { Diagnostic, DiagnosticCode, Severity } from "../../diagnostics.js";
import type { Finding, LintContext, LintRule, RuleInfo } from "../types.js";

interface CodeDoc {
  readonly id: string;
  readonly description: string;
  /** What the parser usually reports (a finding keeps the parser's own severity). */
  readonly severity?: Severity;
}

const SYNTAX = "syntax";
const VALIDATION = "validation";

/** Rule ids and README text for each parser code (host-document codes included). */
export const CODE_RULES: Partial<Record<DiagnosticCode, CodeDoc>> = {
  json_syntax: {
    id: `${SYNTAX}/json_syntax`,
    description:
      "The JSON is malformed: a missing or extra comma, a stray character, a control character inside a string. Marathon and `dcos package install` reject the whole document.",
  },
  unterminated_string: {
    id: `${SYNTAX}/unterminated_string`,
    description: 'A string has no closing `"` on its line. The fix closes it at the end of the line.',
  },
  invalid_escape: {
    id: `${SYNTAX}/invalid_escape`,
    description:
      'A backslash in a JSON string starts an escape JSON does not have (`"\\d"`, `"\\."`). Regexes inside JSON need the backslash doubled: `"10\\\\.0"`. The fix doubles it.',
  },
  trailing_comma: {
    id: `${SYNTAX}/trailing_comma`,
    description:
      "A comma before `]` or `}`. JavaScript allows it, JSON does not, and Marathon and the DC/OS CLI reject the document (the DC/OS Kubernetes documentation's own `options.json` examples have this mistake). The fix removes the comma.",
  },
  single_quotes: {
    id: `${SYNTAX}/single_quotes`,
    description: "A string in single quotes; JSON needs double quotes. The fix requotes it.",
  },
  typographic_quotes: {
    id: `${SYNTAX}/typographic_quotes`,
    description:
      "Curly quotes pasted from a word processor or chat client are not JSON quotes. The fix uses straight double quotes.",
  },
  unquoted_string: {
    id: `${SYNTAX}/unquoted_string`,
    description: "A bare word where a JSON string belongs (`[[hostname, UNIQUE]]`). The fix quotes it.",
  },
  escaped_quotes: {
    id: `${SYNTAX}/escaped_quotes`,
    description:
      'Text copied out of a JSON string still has its escaped quotes (`[[\\"hostname\\",...]]`). The fix unescapes them.',
  },
  missing_bracket: {
    id: `${SYNTAX}/missing_bracket`,
    description: "A `[` or `{` is never closed. The fix appends the missing closers.",
  },
  unexpected_token: {
    id: `${SYNTAX}/unexpected_token`,
    description: "Something other than a JSON value appears where a value is expected.",
  },
  trailing_input: {
    id: `${SYNTAX}/trailing_input`,
    description: "Text after the end of the JSON value; the readers fail on it.",
  },
  json_falls_back_to_colon: {
    severity: "info",
    id: `${SYNTAX}/json_falls_back_to_colon`,
    description:
      "Invalid JSON in the DC/OS SDK is not reported: the SDK silently re-reads the text as the colon form `field:OP:value,...`, which usually fails later or means something else. This note says what the SDK will make of it.",
  },
  not_a_constraint_list: {
    id: `${SYNTAX}/not_a_constraint_list`,
    description:
      'The value is not a list of constraints: a quoted string where an array belongs; a Marathon app\'s `constraints` in the SDK\'s flat form `["hostname","UNIQUE"]` or as CLI-style `"hostname:UNIQUE"` strings (Marathon\'s JSON reader rejects both; the fix rewrites them as `[["hostname","UNIQUE"]]`); a mixture of forms; or the pod object form where the SDK wants `["field","OP","value"]` rows.',
  },
  yaml_syntax: {
    id: `${SYNTAX}/yaml_syntax`,
    description: "The service YAML does not parse; the SDK cannot read the service specification.",
  },
  limit_exceeded: {
    id: `${SYNTAX}/limit_exceeded`,
    description:
      "The input is over a structural limit against hostile input and is not read: constraint text longer than 1 MiB, or nesting deeper than 64 levels in constraint text (128 in host documents). The finding points at the opener that crosses the limit.",
  },
  wrong_arity: {
    id: `${VALIDATION}/wrong_arity`,
    description:
      "A constraint has 2 or 3 entries, `[field, OPERATOR]` or `[field, OPERATOR, value]`. Marathon answers `Each constraint must have either 2 or 3 fields`; the SDK `Invalid number of entries in rule`.",
  },
  not_a_string: {
    id: `${VALIDATION}/not_a_string`,
    description: "A boolean, list or object where a string belongs. Marathon's reader rejects it.",
  },
  number_for_string: {
    id: `${VALIDATION}/number_for_string`,
    description:
      'A JSON number where a string belongs (`["rack","GROUP_BY",3]`). Marathon\'s schema wants strings (older releases accepted it and then stalled the deployment, issue #3857); the SDK reads it as text. The fix quotes it.',
  },
  null_element: {
    id: `${VALIDATION}/null_element`,
    description:
      "A `null` inside a constraint. A null value should be left out instead; a null field or operator crashes the SDK's parser.",
  },
  unknown_property: {
    severity: "warning",
    id: `${VALIDATION}/unknown_property`,
    description: "A pod constraint object has a property other than `fieldName`, `operator` and `value`.",
  },
  missing_property: {
    id: `${VALIDATION}/missing_property`,
    description: "A pod constraint object lacks `fieldName` or `operator`.",
  },
  duplicate_constraint: {
    severity: "warning",
    id: `${VALIDATION}/duplicate_constraint`,
    description:
      "The same constraint twice. Marathon keeps constraints as a set and drops the copy; usually a copy-paste slip where a different value was meant.",
  },
  empty_field: {
    id: `${VALIDATION}/empty_field`,
    description:
      "The field is empty. Marathon rejects it (`illegal constraint specification`, or `missing field for constraint declaration` for pods); no agent has an attribute with an empty name.",
  },
  unknown_operator: {
    id: `${VALIDATION}/unknown_operator`,
    description:
      "Not one of the operators of the dialect; a close match is suggested and offered as the fix (`UNIQE` becomes `UNIQUE`).",
  },
  operator_case: {
    id: `${VALIDATION}/operator_case`,
    description:
      "A lower- or mixed-case operator in a Marathon app (`unique`). Validation upper-cases it and passes, then creating the app fails with HTTP 500 `illegal constraint specification`. Pods and the SDK accept any case. The fix upper-cases it.",
  },
  sdk_only_operator: {
    id: `${VALIDATION}/sdk_only_operator`,
    description:
      "`IS_NOT` exists only in the DC/OS SDK; Marathon rejects it. Use UNLIKE with an escaped value.",
  },
  unique_with_value: {
    id: `${VALIDATION}/unique_with_value`,
    description:
      'UNIQUE takes no value, not even `""` (Marathon: `UNIQUE does not accept a value`; the SDK ignores it). The fix removes the value.',
  },
  group_by_not_integer: {
    id: `${VALIDATION}/group_by_not_integer`,
    description: "A GROUP_BY value must be a whole number (Java int), or absent.",
  },
  max_per_not_integer: {
    id: `${VALIDATION}/max_per_not_integer`,
    description: "MAX_PER needs a whole number (Java int) value: `MAX_PER requires an integer value`.",
  },
  max_per_below_one: {
    id: `${VALIDATION}/max_per_below_one`,
    description: "The DC/OS SDK's parser throws on MAX_PER below 1 (`max cannot be less than 1`).",
  },
  missing_value: {
    id: `${VALIDATION}/missing_value`,
    description:
      "LIKE and UNLIKE need a regular expression; in the SDK every operator but UNIQUE and GROUP_BY needs a value (`Missing required parameter for operator`).",
  },
  invalid_regex: {
    id: `${VALIDATION}/invalid_regex`,
    description:
      "A LIKE/UNLIKE value that Java's regex engine rejects (`is not a valid regular expression`); a bare `*` is the usual case.",
  },
  is_value_charset: {
    id: `${VALIDATION}/is_value_charset`,
    description:
      "An IS value may only use letters, digits and `_ / . -` (Mesos text and scalar values). Use LIKE for patterns.",
  },
  regex_untranslatable: {
    severity: "warning",
    id: "regex/java-only",
    description:
      "The pattern uses Java-only regex syntax (possessive quantifiers, `\\Q…\\E`, `(?x)` comments, class intersection `[a-z&&[^b]]`, …). Marathon and the SDK accept it, but JavaScript-based tools (UIs, this tool without the Java oracle) may read it differently.",
  },
  regex_catastrophic_backtracking: {
    severity: "warning",
    id: "regex/catastrophic-backtracking",
    description:
      "Nested or overlapping quantifiers (`(a+)+`, `(a|a)*`) can take exponential time on a non-matching attribute; Marathon evaluates the regex on every offer.",
  },
};

const PLACEMENT_NOT_STRING = `${SYNTAX}/placement-not-string`;

/** The rule id of a parser or host diagnostic; codes not listed fall back to `validation/<code>`. */
export function ruleIdForCode(code: DiagnosticCode, host = false): string {
  if (host && code === "not_a_string") return PLACEMENT_NOT_STRING;
  if (host && code === "not_a_constraint_list") return `${SYNTAX}/${code}`;
  return CODE_RULES[code]?.id ?? `${VALIDATION}/${code}`;
}

function findingOf(d: Diagnostic): Finding {
  return {
    message: d.message,
    span: d.span,
    severity: d.severity,
    ...(d.upstream !== undefined ? { upstream: d.upstream } : {}),
    ...(d.fix !== undefined ? { fix: d.fix } : {}),
    ...(d.related !== undefined ? { related: d.related } : {}),
  };
}

const SAFE_FIXES = new Set<DiagnosticCode>([
  "invalid_escape",
  "trailing_comma",
  "single_quotes",
  "typographic_quotes",
  "unquoted_string",
  "escaped_quotes",
  "missing_bracket",
  "unterminated_string",
  "json_syntax",
  "number_for_string",
  "not_a_string",
  "null_element",
  "operator_case",
  "unique_with_value",
  "unknown_operator",
  "not_a_constraint_list",
]);

/** Codes whose diagnostics a dedicated rule reports together with its own findings. */
const OWNED_ELSEWHERE = new Set<string>(["regex_untranslatable"]);

/** The parser's diagnostics of one code as findings (severity, upstream, fix and notes kept). */
export function parserFindings(ctx: LintContext, code: DiagnosticCode): Finding[] {
  return ctx.parse.diagnostics.filter((d) => d.code === code).map(findingOf);
}

/** One rule per parser code: it reports that code's diagnostics from the parse result, unchanged. */
export const parserRules: readonly LintRule[] = Object.entries(CODE_RULES)
  .filter(([code]) => !OWNED_ELSEWHERE.has(code))
  .map(([code, doc]) => ({
    id: doc!.id,
    defaultSeverity: doc!.severity ?? "error",
    dialects: DIALECTS,
    description: doc!.description,
    ...(SAFE_FIXES.has(code as DiagnosticCode) ? { fix: "safe" as const } : {}),
    check: (ctx: LintContext) => parserFindings(ctx, code as DiagnosticCode),
  }));

/** Checks the host readers (sources/) make themselves; their diagnostics arrive with the document. */
export const HOST_RULES: readonly RuleInfo[] = [
  {
    id: PLACEMENT_NOT_STRING,
    defaultSeverity: "error",
    dialects: ["dcos-sdk"],
    description:
      'A service YAML `placement` written as an unquoted YAML list (`placement: [["hostname","UNIQUE"]]`): YAML reads a list, the SDK wants constraint text. The fix quotes it.',
    fix: "safe",
  },
];
