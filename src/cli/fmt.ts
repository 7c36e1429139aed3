// `marathon-constraints fmt`: converts constraint text between forms.
import { formatDiagnostics } from "../code-frame.js";
import { safeParse } from "../syntax/parse.js";
import { print, printProblem } from "../syntax/print.js";
import { choice, dialectOption, parseCliArgs, readInputArg, useColor } from "./args.js";
import { withInput } from "./input.js";
import { type Command, UsageError } from "./io.js";

const HELP = `Usage: marathon-constraints fmt --to app|flat|pod|colon [options] <text | @file | ->

Converts constraint text between forms:
  app    [["hostname","UNIQUE"],["rack","GROUP_BY","3"]]   (Marathon apps)
  flat   ["hostname","UNIQUE"]                              (one constraint; DC/OS docs)
  pod    [{"fieldName":"hostname","operator":"UNIQUE"}]     (Marathon pods)
  colon  hostname:UNIQUE,rack:GROUP_BY:3                    (DC/OS SDK, CLI flags)

Options:
  --to F          the target form (required)
  --dialect D     how to read the input: marathon (default), marathon-1.11, dcos-sdk
  -h, --help      show this help

Invalid input is not converted: its diagnostics are printed and the exit code is 1.
`;

export const fmtCommand: Command = async (argv, io) => {
  const { values, positionals } = parseCliArgs(argv, {
    to: { type: "string" },
    dialect: { type: "string" },
    help: { type: "boolean", short: "h" },
  });
  if (values.help) {
    io.stdout(HELP);
    return 0;
  }
  if (values.to === undefined) throw new UsageError("--to is required (app, flat, pod or colon)");
  const to = choice("to", values.to, ["app", "flat", "pod", "colon"] as const, "app");
  const dialect = dialectOption(values.dialect) ?? "marathon";
  const input = await readInputArg(positionals[0], io);
  const result = withInput(input.name, () => safeParse(input.text, { dialect }));
  if (!result.ok) {
    io.stderr(
      `${formatDiagnostics(input.text, result.diagnostics, { fileName: input.name, color: useColor(io) })}\n`,
    );
    return 1;
  }
  const problem = printProblem(result.constraints, to);
  if (problem) {
    io.stderr(`marathon-constraints fmt: ${problem}\n`);
    return 1;
  }
  io.stdout(`${print(result.constraints, { form: to })}\n`);
  return 0;
};
