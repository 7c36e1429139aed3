// `marathon-constraints parse`: constraint text in, constraints or diagnostics out.
import type { Constraint, InputForm } from "../ast.js";
import { formatDiagnostics } from "../code-frame.js";
import { type Diagnostic, LineIndex } from "../diagnostics.js";
import { safeParse } from "../syntax/parse.js";
import { choice, dialectOption, parseCliArgs, readInputArg, useColor } from "./args.js";
import { withInput } from "./input.js";
import type { Command } from "./io.js";

const HELP = `Usage: marathon-constraints parse [options] <text | @file | ->

Parses constraint text in any form (app [["f","OP","v"]], flat ["f","OP"], pod
[{"fieldName":..}], colon f:OP:v,f2:OP2), validates it for a dialect, and prints
the constraints, or every problem with its position.

Options:
  --dialect D      marathon (default, 1.10), marathon-1.11, dcos-sdk
  --form F         force a form: app, flat, pod, colon
  --format F       text (default) or json
  -h, --help       show this help

Exit codes: 0 valid, 1 invalid, 2 usage or unreadable input.
Examples:
  marathon-constraints parse '[["hostname","LIKE","10.0.0.159|10.0.1.202"]]'
  marathon-constraints parse --dialect dcos-sdk 'rack_id:GROUP_BY:3,hostname:UNIQUE'
`;

const FORMS: readonly InputForm[] = ["app", "flat", "pod", "colon"];

/** A diagnostic as JSON, with 1-based line and column for both ends. */
export function diagnosticJson(d: Diagnostic, index: LineIndex) {
  const start = index.position(d.span.start);
  const end = index.position(d.span.end);
  return { ...d, line: start.line, column: start.column, endLine: end.line, endColumn: end.column };
}

const constraintJson = (c: Constraint) => ({
  field: c.field,
  operator: c.operator,
  ...(c.value === undefined ? {} : { value: c.value }),
  span: c.span,
});

export const parseCommand: Command = async (argv, io) => {
  const { values, positionals } = parseCliArgs(argv, {
    dialect: { type: "string" },
    form: { type: "string" },
    format: { type: "string" },
    help: { type: "boolean", short: "h" },
  });
  if (values.help) {
    io.stdout(HELP);
    return 0;
  }
  const dialect = dialectOption(values.dialect) ?? "marathon";
  const format = choice("format", values.format, ["text", "json"] as const, "text");
  const form = values.form === undefined ? undefined : choice("form", values.form, FORMS, "app");
  const input = await readInputArg(positionals[0], io);
  const result = withInput(input.name, () => safeParse(input.text, form ? { dialect, form } : { dialect }));
  if (format === "json") {
    const index = new LineIndex(input.text);
    const out = {
      ok: result.ok,
      dialect,
      form: result.form,
      constraints: result.constraints.map(constraintJson),
      diagnostics: result.diagnostics.map((d) => diagnosticJson(d, index)),
    };
    io.stdout(`${JSON.stringify(out, null, 2)}\n`);
    return result.ok ? 0 : 1;
  }
  const lines: string[] = [];
  if (result.diagnostics.length > 0) {
    lines.push(
      formatDiagnostics(input.text, result.diagnostics, { fileName: input.name, color: useColor(io) }),
      "",
    );
  }
  if (result.ok) {
    const n = result.constraints.length;
    lines.push(`valid (${dialect}, ${result.form} form): ${n} constraint${n === 1 ? "" : "s"}`);
    const width = Math.max(0, ...result.constraints.map((c) => c.field.length));
    for (const c of result.constraints) {
      lines.push(
        `  ${c.field.padEnd(width)}  ${c.operator}${c.value === undefined ? "" : `  ${JSON.stringify(c.value)}`}`,
      );
    }
  } else {
    const errors = result.diagnostics.filter((d) => d.severity === "error").length;
    lines.push(`invalid (${dialect}): ${errors} error${errors === 1 ? "" : "s"}`);
  }
  io.stdout(`${lines.join("\n")}\n`);
  return result.ok ? 0 : 1;
};
