// Writes constraints in any input form. The colon form cannot hold every value (the SDK trims
// fields and has no way to write a backslash before a separator); those are refused, not mangled.
import type { InputForm } from "../ast.js";

/** What the printer needs of a constraint: spans are not used. */
export interface PrintableConstraint {
  readonly field: string;
  readonly operator: string;
  readonly value?: string | undefined;
}

export interface PrintOptions {
  /** Default `app`. `empty` is not a target form. */
  readonly form?: Exclude<InputForm, "empty">;
}

const javaTrimmed = (s: string) =>
  s.length === 0 || (s.charCodeAt(0) > 0x20 && s.charCodeAt(s.length - 1) > 0x20);

/** Whether a string survives a colon-form round trip as one field. */
export function colonRepresentable(s: string): boolean {
  return javaTrimmed(s) && !/\\(?:[,:]|$)/.test(s);
}

/** Why the constraints cannot be printed in the form, or undefined when they can. */
export function printProblem(
  constraints: readonly PrintableConstraint[],
  form: PrintOptions["form"] = "app",
): string | undefined {
  if (form === "flat" && constraints.length > 1) return "the flat form holds exactly one constraint";
  if (form === "colon") {
    for (const c of constraints) {
      for (const part of [c.field, c.operator, c.value]) {
        if (part !== undefined && !colonRepresentable(part)) {
          return `${JSON.stringify(part)} cannot be written in the colon form: the SDK trims fields and reads a backslash before ',' or ':' as an escape`;
        }
      }
    }
  }
  return undefined;
}

const escapeColon = (s: string) => s.replace(/[,:]/g, (m) => `\\${m}`);

const tuple = (c: PrintableConstraint) =>
  c.value === undefined ? [c.field, c.operator] : [c.field, c.operator, c.value];

/**
 * Writes constraints in a form; throws a RangeError when the form cannot hold them (see printProblem).
 * @example print(parse("hostname:UNIQUE"), { form: "app" }) // '[["hostname","UNIQUE"]]'
 */
export function print(constraints: readonly PrintableConstraint[], options: PrintOptions = {}): string {
  const form = options.form ?? "app";
  const problem = printProblem(constraints, form);
  if (problem) throw new RangeError(problem);
  switch (form) {
    case "app":
      return JSON.stringify(constraints.map(tuple));
    case "flat":
      return constraints.length === 0 ? "[]" : JSON.stringify(tuple(constraints[0]!));
    case "pod":
      return JSON.stringify(
        constraints.map((c) =>
          c.value === undefined
            ? { fieldName: c.field, operator: c.operator }
            : { fieldName: c.field, operator: c.operator, value: c.value },
        ),
      );
    case "colon":
      return constraints.map((c) => tuple(c).map(escapeColon).join(":")).join(",");
  }
}
