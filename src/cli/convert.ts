// `marathon-constraints convert`: workload files (+ an inventory) in, Kubernetes or Nomad placement with a
// fidelity per constraint out (YAML, HCL or JSON). Reads inputs through input.ts, writes --out through
// write-file.ts.
import { resolve } from "node:path";
import { loadInventory } from "../agents/inventory.js";
import { formatDiagnostics } from "../code-frame.js";
import { convert } from "../convert/convert.js";
import {
  fidelitySummary,
  renderConvertHcl,
  renderConvertJson,
  renderConvertYaml,
} from "../convert/report.js";
import { CONVERT_TARGETS } from "../convert/types.js";
import { type Diagnostic, hasErrors } from "../diagnostics.js";
import type { WorkloadApp } from "../simulate/types.js";
import { loadWorkload } from "../simulate/workload.js";
import { choice, dialectOption, parseCliArgs, useColor } from "./args.js";
import { readInput } from "./input.js";
import { type CliIO, type Command, UsageError } from "./io.js";
import { writeFileSafely } from "./write-file.js";

const HELP = `Usage: marathon-constraints convert --to kubernetes|nomad [options] FILES...

Converts the placement constraints of Marathon apps, pods and groups and of DC/OS
package options to Kubernetes (node selector, node affinity, pod (anti-)affinity,
topology spread) or Nomad (constraint, distinct_hosts, distinct_property, spread),
and says for each constraint how faithful the result is:
  exact        the target admits exactly what the dialect would
  inventory    exact for the agents given with --inventory (a value list from them)
  approximate  the nearest rule; the reason says where it differs
  none         no rule on the target; the reason says why

FILES: what simulate --workload reads (Marathon app, pod or group JSON, /v2/apps or
  /v2/groups, a list of apps, DC/OS Kubernetes options); "-" reads standard input.

Options:
  --to T                 kubernetes or nomad (required)
  --inventory FILE       the agents (Mesos state JSON, an inventory YAML/JSON, or
                         attribute lines): regexes become value lists, and the output
                         gets the kubectl label commands (Nomad: client meta blocks)
  --label-prefix P       prefix of the label keys (Nomad: meta keys) that carry
                         attributes, e.g. mesos.example.com/ (default: none)
  --hostname-label L     a label (Nomad: meta key) that carries the Mesos host names,
                         for nodes named differently; set by the label commands
  --dialect D            dialect of Marathon apps and pods: marathon (default, 1.10),
                         marathon-1.11, dcos-sdk (package options always use dcos-sdk)
  --format F             yaml (Kubernetes default), hcl (Nomad default), json
  --out FILE             write here (atomically) instead of standard output
  -h, --help             show this help

Exit codes: 0 every constraint exact (or exact for the inventory), 1 some constraint
approximate or without a rule, 2 usage or bad input (the error names file:line:column).
Example:
  marathon-constraints convert --to kubernetes --inventory examples/cluster.yaml \\
    examples/workloads/marathon-group.json
`;

const FORMATS = ["yaml", "hcl", "json"] as const;

/** Prints diagnostics as code frames on stderr; true when any is an error. */
function report(io: CliIO, text: string, file: string, diagnostics: readonly Diagnostic[]): boolean {
  if (diagnostics.length === 0) return false;
  io.stderr(`${formatDiagnostics(text, diagnostics, { fileName: file, color: useColor(io) })}\n\n`);
  return hasErrors(diagnostics);
}

/** `marathon-constraints convert --to kubernetes|nomad [options] FILES...`. */
export const convertCommand: Command = async (argv, io) => {
  const { values, positionals } = parseCliArgs(argv, {
    to: { type: "string" },
    inventory: { type: "string" },
    "label-prefix": { type: "string" },
    "hostname-label": { type: "string" },
    dialect: { type: "string" },
    format: { type: "string" },
    out: { type: "string" },
    help: { type: "boolean", short: "h" },
  });
  if (values.help) {
    io.stdout(HELP);
    return 0;
  }
  if (values.to === undefined) throw new UsageError("missing --to kubernetes|nomad");
  const to = choice("to", values.to, CONVERT_TARGETS, "kubernetes");
  const format = choice("format", values.format, FORMATS, to === "kubernetes" ? "yaml" : "hcl");
  if ((format === "yaml" && to === "nomad") || (format === "hcl" && to === "kubernetes")) {
    throw new UsageError(
      `--format ${format} is for ${format === "yaml" ? "kubernetes" : "nomad"}; use json or ${to === "kubernetes" ? "yaml" : "hcl"}`,
    );
  }
  const dialect = dialectOption(values.dialect) ?? "marathon";
  if (positionals.length === 0) throw new UsageError("missing FILES: the workload files to convert");
  if (positionals.filter((p) => p === "-").length > 1)
    throw new UsageError('"-" (standard input) may appear once');

  let bad = false;
  let agents: ReturnType<typeof loadInventory>["agents"] | undefined;
  if (values.inventory !== undefined) {
    const { text, name } = await readInput(values.inventory, io, "inventory");
    const cluster = loadInventory(text, name);
    bad = report(io, text, name, cluster.diagnostics) || bad;
    if (!bad && cluster.agents.length === 0) {
      io.stderr(`marathon-constraints convert: ${name} has no agents\n`);
      return 2;
    }
    agents = cluster.agents;
  }

  const apps: WorkloadApp[] = [];
  const seen = new Map<string, string>();
  for (const file of positionals) {
    const { text, name } = await readInput(file, io, "workload");
    const loaded = loadWorkload(text, name, { dialect });
    bad = report(io, text, name, loaded.diagnostics) || bad;
    for (const app of loaded.apps) {
      const first = seen.get(app.id);
      if (first !== undefined) {
        io.stderr(`warning: ${app.id} in ${name} is also defined in ${first}; only the first is converted\n`);
        continue;
      }
      seen.set(app.id, name);
      apps.push(app);
    }
  }
  if (bad) return 2;

  const result = convert(apps, {
    to,
    ...(agents === undefined ? {} : { agents }),
    ...(values["label-prefix"] === undefined ? {} : { labelPrefix: values["label-prefix"] }),
    ...(values["hostname-label"] === undefined ? {} : { hostnameLabel: values["hostname-label"] }),
  });
  if (result.diagnostics.length > 0)
    throw new UsageError(result.diagnostics.map((d) => d.message).join("; "));

  const output =
    format === "json"
      ? renderConvertJson(result)
      : format === "yaml"
        ? renderConvertYaml(result)
        : renderConvertHcl(result);
  if (values.out !== undefined) {
    await writeFileSafely(resolve(io.cwd, values.out), output, { name: values.out });
    io.stderr(`wrote ${values.out}: ${fidelitySummary(result)}\n`);
  } else io.stdout(output);
  const lossy = result.apps.some((a) =>
    a.constraints.some((c) => c.fidelity === "approximate" || c.fidelity === "none"),
  );
  return lossy ? 1 : 0;
};
