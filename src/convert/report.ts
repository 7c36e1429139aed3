// Renders a ConvertResult: JSON (`marathon-constraints/convert@1`), Kubernetes YAML and Nomad HCL for
// people, each constraint's fidelity and reason as comments. Formatting only.
import { stringify } from "yaml";
import { constraintLabel } from "../simulate/simulate.js";
import { hclString } from "./convert.js";
import {
  type AppConversion,
  CONVERT_JSON_FORMAT,
  type ConvertResult,
  FIDELITIES,
  type Fidelity,
  type NomadPlacement,
} from "./types.js";

/** The conversion as pretty-printed JSON, in the documented layout. */
export function renderConvertJson(result: ConvertResult): string {
  const out = {
    format: CONVERT_JSON_FORMAT,
    target: result.target,
    apps: result.apps.map((a) => ({
      id: a.id,
      ...(a.kubernetes === undefined ? {} : { kubernetes: a.kubernetes }),
      ...(a.nomad === undefined ? {} : { nomad: a.nomad }),
      constraints: a.constraints,
    })),
    nodeLabels: result.nodeLabels,
  };
  return `${JSON.stringify(out, null, 2)}\n`;
}

/** How many constraints got each fidelity, e.g. `5 constraints: 3 exact, 1 inventory, 1 approximate`. */
export function fidelitySummary(result: ConvertResult): string {
  const counts = new Map<Fidelity, number>();
  let total = 0;
  for (const app of result.apps) {
    for (const c of app.constraints) {
      counts.set(c.fidelity, (counts.get(c.fidelity) ?? 0) + 1);
      total++;
    }
  }
  const parts = FIDELITIES.filter((f) => counts.has(f)).map((f) => `${counts.get(f)} ${f}`);
  const apps = `${result.apps.length} ${result.apps.length === 1 ? "app" : "apps"}`;
  const cs = `${total} ${total === 1 ? "constraint" : "constraints"}`;
  return parts.length === 0 ? `${apps}, no constraints` : `${apps}, ${cs}: ${parts.join(", ")}`;
}

/** Comment lines: one per constraint, its fidelity and reason. */
function constraintComments(app: AppConversion): string {
  if (app.constraints.length === 0) return "#   no constraints: any node\n";
  let width = 0;
  for (const c of app.constraints) width = Math.max(width, c.fidelity.length);
  return app.constraints
    .map((c) => {
      const [field, operator, value] = c.constraint;
      const label = constraintLabel({ field, operator, ...(value === undefined ? {} : { value }) });
      return `#   ${c.fidelity.padEnd(width)}  ${label}: ${c.reason}\n`;
    })
    .join("");
}

/** Kubernetes: one YAML document per app (its pod template's placement), then the node label commands. */
export function renderConvertYaml(result: ConvertResult): string {
  let out = `# marathon-constraints convert --to kubernetes: ${fidelitySummary(result)}\n`;
  out +=
    "# Each document is the placement part of a pod template: merge metadata.labels and spec into yours.\n";
  for (const app of result.apps) {
    out += `---\n# ${app.id} (${app.dialect})\n${constraintComments(app)}`;
    out += stringify({ app: app.id, ...app.kubernetes }, { lineWidth: 0, aliasDuplicateObjects: false });
  }
  if (result.nodeLabels.length > 0) {
    out +=
      "---\n# Node labels: run these once the nodes exist (each is named here by its Mesos agent's host name).\n";
    for (const n of result.nodeLabels) out += `# ${n.command}\n`;
  }
  return out;
}

function hclGroup(id: string, p: NomadPlacement): string {
  let body = "";
  for (const c of p.Constraints) {
    body += "  constraint {\n";
    if (c.LTarget !== "") body += `    attribute = "${c.LTarget}"\n`;
    body += `    operator  = ${hclString(c.Operand)}\n`;
    if (c.RTarget !== "") body += `    value     = ${hclString(c.RTarget)}\n`;
    body += "  }\n";
  }
  for (const s of p.Spreads) {
    body += `  spread {\n    attribute = "${s.Attribute}"\n    weight    = ${s.Weight}\n`;
    for (const t of s.SpreadTarget ?? []) {
      body += `    target ${hclString(t.Value)} {\n      percent = ${t.Percent}\n    }\n`;
    }
    body += "  }\n";
  }
  return `group ${hclString(id)} {\n${body}}\n`;
}

/** Nomad: one task group block per app (its placement), then a client block per agent's node. */
export function renderConvertHcl(result: ConvertResult): string {
  let out = `# marathon-constraints convert --to nomad: ${fidelitySummary(result)}\n`;
  out +=
    "# Each group block holds the placement of one app: copy its constraint and spread blocks into your job's group.\n";
  for (const app of result.apps) {
    out += `\n# ${app.id} (${app.dialect})\n${constraintComments(app)}`;
    out += hclGroup(app.id, app.nomad ?? { Constraints: [], Spreads: [] });
  }
  if (result.nodeLabels.length > 0) {
    out += "\n# Client configuration: each block belongs in the node that replaces that Mesos agent.\n";
    for (const n of result.nodeLabels) out += `\n# ${n.node}\n${n.command}\n`;
  }
  return out;
}
