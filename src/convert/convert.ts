// convert(apps, options): every app's constraints as Kubernetes or Nomad placement with a fidelity per
// constraint, plus the node labels (client meta) that carry the agents' attributes. Never throws.
import type { Agent } from "../agents/agent.js";
import { renderMarathonValue } from "../agents/render.js";
import type { Diagnostic } from "../diagnostics.js";
import { type FieldRef, fieldRef, type Naming, targetValue } from "./fields.js";
import { DEFAULT_APP_LABEL, toKubernetes } from "./kubernetes.js";
import { appLabelValue, isLabelKey, isMetaKey, labelPrefixProblem, metaPrefixProblem } from "./labels.js";
import { toNomad } from "./nomad.js";
import {
  type AppConversion,
  CONVERT_JSON_FORMAT,
  type ConstraintConversion,
  type ConstraintLike,
  type ConvertApp,
  type Converted,
  type ConvertOptions,
  type ConvertResult,
  type NodeLabels,
} from "./types.js";

function optionProblems(options: ConvertOptions): Diagnostic[] {
  const problems: string[] = [];
  const k8s = options.to === "kubernetes";
  if (options.to !== "kubernetes" && options.to !== "nomad") {
    problems.push(`unknown target ${JSON.stringify(options.to)}: expected kubernetes or nomad`);
  }
  const prefix = options.labelPrefix ?? "";
  if (prefix !== "") {
    const p = k8s ? labelPrefixProblem(prefix) : metaPrefixProblem(prefix);
    if (p !== undefined) problems.push(p);
  }
  const host = options.hostnameLabel;
  if (host !== undefined && !(k8s ? isLabelKey(host) : isMetaKey(host))) {
    problems.push(
      k8s
        ? `--hostname-label "${host}" is not a Kubernetes label key`
        : `--hostname-label "${host}" is not a Nomad meta key (letters, digits, "_", "-")`,
    );
  }
  const app = options.appLabel;
  if (app !== undefined && !isLabelKey(app))
    problems.push(`the app label "${app}" is not a Kubernetes label key`);
  return problems.map((message) => ({
    severity: "error",
    code: "invalid_convert_option",
    message,
    span: { start: 0, end: 0 },
  }));
}

function tupleOf(c: ConstraintLike): ConstraintConversion["constraint"] {
  return c.value === undefined ? [c.field, c.operator] : [c.field, c.operator, c.value];
}

/** Labels (Nomad: meta) that put one agent's attributes, zone and region where the rules read them. */
function agentLabels(agent: Agent, naming: Naming): Record<string, string> {
  const labels: Record<string, string> = {};
  const put = (ref: FieldRef, value: string | undefined) => {
    if (ref.written === undefined || value === undefined || ref.written in labels) return;
    labels[ref.written] = targetValue(naming.target, value).name;
  };
  const seen = new Set<string>();
  for (const a of agent.attributes) {
    // Marathon reads only the first attribute of a name.
    if (seen.has(a.name)) continue;
    seen.add(a.name);
    const ref = fieldRef(a.name, naming);
    if (ref.kind === "attribute") put(ref, renderMarathonValue(a));
  }
  put(fieldRef("@zone", naming), agent.zone);
  put(fieldRef("@region", naming), agent.region);
  put(fieldRef("hostname", naming), agent.hostname);
  return labels;
}

function shellWord(s: string): string {
  return /^[A-Za-z0-9._/=:-]+$/.test(s) ? s : `'${s.replace(/'/g, "'\\''")}'`;
}

/** An HCL string literal: JSON escapes, plus `$${` and `%%{` so HCL reads no template. */
export function hclString(s: string): string {
  return JSON.stringify(s).replace(/\$\{/g, "$${").replace(/%\{/g, "%%{");
}

function nodeLabels(agents: readonly Agent[], naming: Naming): NodeLabels[] {
  return agents.map((agent) => {
    const labels = agentLabels(agent, naming);
    const pairs = Object.entries(labels);
    const command =
      naming.target === "kubernetes"
        ? `kubectl label node ${shellWord(agent.hostname)} --overwrite${pairs.map(([k, v]) => ` ${shellWord(`${k}=${v}`)}`).join("")}`
        : `client {\n  meta {\n${pairs.map(([k, v]) => `    ${k} = ${hclString(v)}\n`).join("")}  }\n}`;
    return { node: agent.hostname, labels, command };
  });
}

/**
 * Converts apps' placement constraints to Kubernetes or Nomad placement, each constraint with a
 * fidelity (`exact`, `inventory`, `approximate`, `none`) and a one-line reason. Never throws; unusable
 * options come back as diagnostics with no apps.
 * @example convert([{ id: "/web", dialect: "marathon", constraints: [{ field: "hostname", operator: "UNIQUE" }] }], { to: "nomad" })
 */
export function convert(apps: readonly ConvertApp[], options: ConvertOptions): ConvertResult {
  const diagnostics = optionProblems(options);
  const target = options.to;
  if (diagnostics.length > 0) {
    return { format: CONVERT_JSON_FORMAT, target, apps: [], nodeLabels: [], diagnostics };
  }
  const naming: Naming = {
    target,
    prefix: options.labelPrefix ?? "",
    ...(options.hostnameLabel === undefined ? {} : { hostnameLabel: options.hostnameLabel }),
  };
  const agents = options.agents;
  const appLabel = options.appLabel ?? DEFAULT_APP_LABEL;
  const converted: AppConversion[] = apps.map((app) => {
    const own = app.constraints;
    const rules = app.packageRules ?? [];
    const all = [...own, ...rules];
    const ctx = { naming, dialect: app.dialect, ...(agents === undefined ? {} : { agents }) };
    const result =
      target === "kubernetes"
        ? toKubernetes(all, { [appLabel]: appLabelValue(app.id) }, ctx, app.invalidConstraints)
        : toNomad(all, ctx, app.invalidConstraints);
    const entry = (c: ConstraintLike, conv: Converted, packageRule: boolean): ConstraintConversion => ({
      constraint: tupleOf(c),
      fidelity: conv.fidelity,
      reason: packageRule ? `package rule (the DC/OS package adds it): ${conv.reason}` : conv.reason,
    });
    const constraints = all.map((c, i) => entry(c, result.conversions[i]!, i >= own.length));
    if (app.invalidConstraints !== undefined) {
      constraints.push({
        constraint: [app.invalidConstraints, "INVALID"],
        fidelity: "exact",
        reason: result.conversions[all.length]!.reason,
      });
    }
    const placement =
      target === "kubernetes"
        ? { kubernetes: result.placement as AppConversion["kubernetes"] & object }
        : { nomad: result.placement as AppConversion["nomad"] & object };
    return { id: app.id, dialect: app.dialect, ...placement, constraints };
  });
  return {
    format: CONVERT_JSON_FORMAT,
    target,
    apps: converted,
    nodeLabels: agents === undefined ? [] : nodeLabels(agents, naming),
    diagnostics,
  };
}
