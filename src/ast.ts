// Plain readonly data shared by every stage: constraints, spans, input forms, dialects.
// Nothing here parses, validates or evaluates.

/** Marathon's wire names, verbatim. `IS_NOT` exists only in the dcos-sdk dialect. */
export type Operator = "UNIQUE" | "CLUSTER" | "GROUP_BY" | "LIKE" | "UNLIKE" | "MAX_PER" | "IS" | "IS_NOT";

export const MARATHON_OPERATORS: readonly Operator[] = [
  "UNIQUE",
  "CLUSTER",
  "GROUP_BY",
  "LIKE",
  "UNLIKE",
  "MAX_PER",
  "IS",
];
export const SDK_OPERATORS: readonly Operator[] = [...MARATHON_OPERATORS, "IS_NOT"];

/**
 * `marathon`: Marathon 1.10 as released (legacy GROUP_BY). `marathon-1.11`: the later GROUP_BY
 * algorithm. `dcos-sdk`: dcos-commons' MarathonConstraintParser and placement rules.
 */
export type Dialect = "marathon" | "marathon-1.11" | "dcos-sdk";
export const DIALECTS: readonly Dialect[] = ["marathon", "marathon-1.11", "dcos-sdk"];

/**
 * How the constraint text was written. `app`: `[["f","OP","v"]]`; `flat`: `["f","OP"]`;
 * `pod`: `[{"fieldName":..}]` or one object; `colon`: `f:OP:v,f2:OP2`; `empty`: no constraints.
 */
export type InputForm = "app" | "flat" | "pod" | "colon" | "empty";

/** UTF-16 offsets into the text that was parsed; `end` is exclusive. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/** One placement constraint. `operator` is upper-cased; `value` is absent when not written. */
export interface Constraint {
  readonly field: string;
  readonly operator: Operator;
  readonly value?: string;
  /** The whole constraint (the inner array, object or colon row). */
  readonly span: Span;
  readonly fieldSpan: Span;
  readonly operatorSpan: Span;
  readonly valueSpan?: Span;
}

/** The shortest way to write a constraint in code: `[field, operator, value?]`. */
export type ConstraintTuple = readonly [field: string, operator: string, value?: string];
