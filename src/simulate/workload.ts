// Workload files -> apps to place: Marathon app, pod, group and /v2/apps JSON (with Marathon's
// defaults), and DC/OS Kubernetes options (kubernetes.ts). Keeps spans into the file; never throws.
import type { Resources } from "../agents/agent.js";
import type { Dialect } from "../ast.js";
import type { Diagnostic } from "../diagnostics.js";
import { hasErrors } from "../diagnostics.js";
import { type JsonNode, parseJson } from "../syntax/json.js";
import { parseLeanJson } from "./json-lean.js";
import { describe, has, member, TreeReader } from "./json-tree.js";
import { isKubernetesOptions, loadKubernetesOptions } from "./kubernetes.js";
import { GPU_SCHEDULING_BEHAVIORS, type GpuSchedulingBehavior } from "./marathon/config.js";
import { type ReadConstraints, readConstraintList, round } from "./read-constraints.js";
import type { LoadWorkloadOptions, WorkloadApp, WorkloadResult } from "./types.js";

/** Group nesting deeper than this is refused (a structural limit against hostile input). */
const MAX_DEPTH = 64;

/** `parent` + relative `id`, as Marathon resolves ids inside a group. */
export function resolveId(id: string, parent: string): string {
  if (id.startsWith("/")) return id;
  const base = parent.endsWith("/") ? parent : `${parent}/`;
  return `${base}${id}`;
}

interface Ctx {
  readonly text: string;
  readonly file: string | undefined;
  readonly dialect: Dialect;
  readonly reader: TreeReader;
  readonly sink: Diagnostic[];
  readonly apps: WorkloadApp[];
}

function appResources(ctx: Ctx, node: JsonNode, label: string): Resources {
  const r = ctx.reader;
  return {
    cpus: r.number(node, "cpus", 1, `${label}.cpus`),
    mem: r.number(node, "mem", 128, `${label}.mem`),
    disk: r.number(node, "disk", 0, `${label}.disk`),
    gpus: r.number(node, "gpus", 0, `${label}.gpus`, { integer: true }),
    ports: 0,
  };
}

function portValue(node: JsonNode, key: string): number | undefined {
  const v = member(node, key);
  return v?.kind === "number" ? v.value : undefined;
}

/** Host ports an app takes: Marathon's networking rules, reduced to a count and the fixed numbers. */
function appPorts(ctx: Ctx, app: JsonNode): { count: number; fixed: number[] } {
  const r = ctx.reader;
  const container = r.object(app, "container", "container");
  const docker = r.object(container, "docker", "container.docker");
  const networks = r.array(app, "networks", "networks");
  const mode = networks.length > 0 ? member(networks[0], "mode") : undefined;
  const modeText = mode?.kind === "string" ? mode.value : undefined;
  const dockerNet = docker === undefined ? undefined : member(docker, "network");
  const dockerNetText = dockerNet?.kind === "string" ? dockerNet.value : undefined;
  const bridge = modeText === "container/bridge" || dockerNetText === "BRIDGE";
  const containerNet = modeText === "container" || dockerNetText === "USER";
  const requirePorts = r.boolean(app, "requirePorts", false, "requirePorts");
  if (bridge || containerNet) {
    const mappings = [
      ...r.array(container, "portMappings", "container.portMappings"),
      ...r.array(docker, "portMappings", "container.docker.portMappings"),
    ];
    let count = 0;
    const fixed: number[] = [];
    for (const m of mappings) {
      const host = portValue(m, "hostPort");
      // Bridge mode allocates a host port for every mapping (hostPort 0 = any); container mode only when asked.
      if (bridge || host !== undefined) count++;
      if (host !== undefined && host > 0) fixed.push(host);
    }
    return { count, fixed };
  }
  if (has(app, "portDefinitions")) {
    const defs = r.array(app, "portDefinitions", "portDefinitions");
    const fixed = requirePorts ? defs.map((d) => portValue(d, "port") ?? 0).filter((p) => p > 0) : [];
    return { count: defs.length, fixed };
  }
  if (has(app, "ports")) {
    const ports = r.array(app, "ports", "ports");
    const fixed = requirePorts
      ? ports.flatMap((p) => (p.kind === "number" && p.value > 0 ? [p.value] : []))
      : [];
    return { count: ports.length, fixed };
  }
  // Marathon gives an app without any networking spec one dynamic port.
  return { count: 1, fixed: [] };
}

/**
 * What the offer matcher reads beyond resources and ports: the `GPU_SCHEDULING_BEHAVIOR` label, the last
 * configuration change, and the size of persistent volumes (which makes the app resident).
 */
function matcherInputs(
  ctx: Ctx,
  node: JsonNode,
  volumes: readonly JsonNode[],
  label: string,
): Pick<WorkloadApp, "gpuSchedulingBehavior" | "lastConfigChangeAt" | "persistentDisk"> {
  const r = ctx.reader;
  const labels = r.object(node, "labels", `${label}: labels`);
  const gpuLabel = member(labels, "GPU_SCHEDULING_BEHAVIOR");
  let gpuSchedulingBehavior: GpuSchedulingBehavior | undefined;
  if (gpuLabel?.kind === "string") {
    if ((GPU_SCHEDULING_BEHAVIORS as readonly string[]).includes(gpuLabel.value)) {
      gpuSchedulingBehavior = gpuLabel.value as GpuSchedulingBehavior;
    } else {
      r.report(
        "warning",
        gpuLabel.span,
        `${label}: GPU_SCHEDULING_BEHAVIOR must be restricted or unrestricted; Marathon ignores "${gpuLabel.value}" and uses --gpu_scheduling_behavior`,
      );
    }
  }
  const versionInfo = r.object(node, "versionInfo", `${label}: versionInfo`);
  const changed = r.string(versionInfo, "lastConfigChangeAt", `${label}: versionInfo.lastConfigChangeAt`);
  let lastConfigChangeAt: string | undefined;
  if (changed !== undefined) {
    if (Number.isNaN(Date.parse(changed))) {
      r.report(
        "warning",
        member(versionInfo, "lastConfigChangeAt")!.span,
        `${label}: versionInfo.lastConfigChangeAt is not an ISO 8601 time; every running instance counts as current`,
      );
    } else {
      lastConfigChangeAt = changed;
    }
  }
  let persistentDisk: number | undefined;
  volumes.forEach((v, i) => {
    const persistent = r.object(v, "persistent", `${label}: volumes[${i}].persistent`);
    if (persistent === undefined) return;
    persistentDisk =
      (persistentDisk ?? 0) + r.number(persistent, "size", 0, `${label}: volumes[${i}].persistent.size`);
  });
  return {
    ...(gpuSchedulingBehavior === undefined ? {} : { gpuSchedulingBehavior }),
    ...(lastConfigChangeAt === undefined ? {} : { lastConfigChangeAt }),
    ...(persistentDisk === undefined ? {} : { persistentDisk }),
  };
}

function readApp(ctx: Ctx, node: JsonNode, parent: string | undefined): void {
  const r = ctx.reader;
  if (node.kind !== "object") {
    r.error(node.span, `an app is an object with an id, not ${describe(node)}`);
    return;
  }
  const rawId = r.string(node, "id", "id");
  if (rawId === undefined || rawId === "") {
    r.error(node.span, 'the app has no id: give it one, like "id": "/prod/web"');
    return;
  }
  const id = resolveId(rawId, parent ?? "/");
  const label = id;
  const instances = r.number(node, "instances", 1, `${label}: instances`, { integer: true });
  const resources = appResources(ctx, node, label);
  const ports = appPorts(ctx, node);
  const constraintsNode = member(node, "constraints");
  let read: ReadConstraints = { constraints: [], invalid: false };
  if (constraintsNode !== undefined && constraintsNode.kind !== "null") {
    read = readConstraintList(ctx.text, constraintsNode, ctx.dialect, ctx.sink);
  }
  const roles = defaultRoles(r.strings(node, "acceptedResourceRoles", `${label}: acceptedResourceRoles`));
  const volumes = r.array(r.object(node, "container", "container"), "volumes", `${label}: container.volumes`);
  const extra = matcherInputs(ctx, node, volumes, label);
  if (read.invalid) return;
  const group = parentOf(id);
  ctx.apps.push({
    ...extra,
    id,
    kind: "app",
    instances,
    resources: { ...resources, ports: ports.count },
    fixedPorts: ports.fixed,
    constraints: read.constraints,
    packageRules: [],
    dialect: ctx.dialect,
    acceptedRoles: roles,
    ...(group === undefined ? {} : { group }),
    span: node.span,
    ...(ctx.file === undefined ? {} : { file: ctx.file }),
  });
}

/** Marathon reads an absent, null or empty acceptedResourceRoles as the unreserved pool only. */
function defaultRoles(roles: string[] | undefined): readonly string[] {
  return roles === undefined || roles.length === 0 ? ["*"] : roles;
}

function parentOf(id: string): string | undefined {
  const i = id.lastIndexOf("/");
  return i > 0 ? id.slice(0, i) : undefined;
}

function readPod(ctx: Ctx, outer: JsonNode, parent: string | undefined): void {
  const r = ctx.reader;
  // `/v2/pods/::status` and embedded group listings wrap the definition in `spec`.
  const spec = member(outer, "spec");
  const node = spec?.kind === "object" && has(spec, "containers") ? spec : outer;
  const rawId = r.string(node, "id", "id") ?? r.string(outer, "id", "id");
  if (rawId === undefined || rawId === "") {
    r.error(outer.span, 'the pod has no id: give it one, like "id": "/prod/pod"');
    return;
  }
  const id = resolveId(rawId, parent ?? "/");
  const scaling = r.object(node, "scaling", `${id}: scaling`);
  const instances = r.number(scaling, "instances", 1, `${id}: scaling.instances`, { integer: true });
  const total = { cpus: 0, mem: 0, disk: 0, gpus: 0, ports: 0 };
  const fixed: number[] = [];
  const networks = r.array(node, "networks", `${id}: networks`);
  const firstMode = networks.length > 0 ? member(networks[0], "mode") : undefined;
  const hostMode = firstMode === undefined || (firstMode.kind === "string" && firstMode.value === "host");
  r.array(node, "containers", `${id}: containers`).forEach((c, i) => {
    const res = r.object(c, "resources", `${id}: containers[${i}].resources`);
    total.cpus += r.number(res, "cpus", 1, `${id}: containers[${i}].resources.cpus`);
    total.mem += r.number(res, "mem", 128, `${id}: containers[${i}].resources.mem`);
    total.disk += r.number(res, "disk", 0, `${id}: containers[${i}].resources.disk`);
    total.gpus += r.number(res, "gpus", 0, `${id}: containers[${i}].resources.gpus`, { integer: true });
    for (const e of r.array(c, "endpoints", `${id}: containers[${i}].endpoints`)) {
      const host = portValue(e, "hostPort");
      if (hostMode || host !== undefined) total.ports++;
      if (host !== undefined && host > 0) fixed.push(host);
    }
  });
  const exec = r.object(node, "executorResources", `${id}: executorResources`);
  total.cpus += r.number(exec, "cpus", 0.1, `${id}: executorResources.cpus`);
  total.mem += r.number(exec, "mem", 32, `${id}: executorResources.mem`);
  total.disk += r.number(exec, "disk", 10, `${id}: executorResources.disk`);
  const placement = r.object(r.object(node, "scheduling", `${id}: scheduling`), "placement", "placement");
  const constraintsNode = member(placement, "constraints");
  let read: ReadConstraints = { constraints: [], invalid: false };
  if (constraintsNode !== undefined && constraintsNode.kind !== "null") {
    read = readConstraintList(ctx.text, constraintsNode, ctx.dialect, ctx.sink);
  }
  const roles = defaultRoles(
    r.strings(placement, "acceptedResourceRoles", `${id}: acceptedResourceRoles`) ??
      r.strings(node, "acceptedResourceRoles", `${id}: acceptedResourceRoles`),
  );
  const extra = matcherInputs(ctx, node, r.array(node, "volumes", `${id}: volumes`), id);
  if (read.invalid) return;
  const group = parentOf(id);
  ctx.apps.push({
    ...extra,
    id,
    kind: "pod",
    instances,
    resources: { ...total, cpus: round(total.cpus), mem: round(total.mem), disk: round(total.disk) },
    fixedPorts: fixed,
    constraints: read.constraints,
    packageRules: [],
    dialect: ctx.dialect,
    acceptedRoles: roles,
    ...(group === undefined ? {} : { group }),
    span: outer.span,
    ...(ctx.file === undefined ? {} : { file: ctx.file }),
  });
}

function isPod(node: JsonNode): boolean {
  const spec = member(node, "spec");
  return has(node, "containers") || (spec?.kind === "object" && has(spec, "containers"));
}

function readItem(ctx: Ctx, node: JsonNode, parent: string | undefined, depth: number): void {
  if (isPod(node)) readPod(ctx, node, parent);
  else if (isGroup(node)) readGroup(ctx, node, parent, depth + 1);
  else readApp(ctx, node, parent);
}

function isGroup(node: JsonNode): boolean {
  return (
    node.kind === "object" &&
    !has(node, "cmd") &&
    !has(node, "container") &&
    (member(node, "apps")?.kind === "array" ||
      member(node, "groups")?.kind === "array" ||
      member(node, "pods")?.kind === "array")
  );
}

function readGroup(ctx: Ctx, node: JsonNode, parent: string | undefined, depth: number): void {
  const r = ctx.reader;
  if (depth > MAX_DEPTH) {
    r.error(node.span, `groups nest deeper than ${MAX_DEPTH} levels`);
    return;
  }
  const rawId = r.string(node, "id", "group id");
  const id = rawId === undefined ? (parent ?? "/") : resolveId(rawId, parent ?? "/");
  for (const app of r.array(node, "apps", `${id}: apps`)) readApp(ctx, app, id);
  for (const pod of r.array(node, "pods", `${id}: pods`)) readPod(ctx, pod, id);
  for (const g of r.array(node, "groups", `${id}: groups`)) readGroup(ctx, g, id, depth + 1);
}

/**
 * Reads a workload file: Marathon app, pod, group (nested `groups`/`apps`/`pods`), `/v2/apps` or
 * `/v2/groups` responses, a list of apps, or DC/OS Kubernetes package options (1.x `kubernetes`,
 * 2.x `kubernetes-cluster`). Marathon's defaults fill what is unset. Never throws.
 * @example loadWorkload('{"id":"/web","instances":3,"constraints":[["hostname","UNIQUE"]]}').apps[0]?.instances // 3
 */
export function loadWorkload(
  text: string,
  fileName?: string,
  options: LoadWorkloadOptions = {},
): WorkloadResult {
  // Valid JSON, the common case, takes the lean reader (large files: a fraction of the memory).
  const lean = parseLeanJson(text);
  const json = lean === undefined ? parseJson(text) : { value: lean, diagnostics: [] };
  const sink: Diagnostic[] = [];
  if (hasErrors(json.diagnostics) || json.value === undefined) {
    const errors = json.diagnostics.filter((d) => d.severity === "error");
    return {
      format: "unknown",
      apps: [],
      diagnostics:
        errors.length > 0
          ? errors
          : [
              {
                severity: "error",
                code: "invalid_workload",
                message:
                  "the workload file is empty: expected Marathon app, pod or group JSON, or package options",
                span: { start: 0, end: 0 },
              },
            ],
    };
  }
  const root = json.value;
  const reader = new TreeReader("invalid_workload");
  const ctx: Ctx = {
    text,
    file: fileName,
    dialect: options.dialect ?? "marathon",
    reader,
    sink,
    apps: [],
  };
  let format: WorkloadResult["format"];
  if (root.kind === "array") {
    format = "marathon-app-list";
    for (const item of root.elements) readItem(ctx, item, undefined, 0);
  } else if (root.kind !== "object") {
    reader.error(
      root.span,
      `expected Marathon app, pod or group JSON, or package options, not ${describe(root)}`,
    );
    format = "unknown";
  } else if (isKubernetesOptions(root)) {
    const k = loadKubernetesOptions(text, root, reader, sink, fileName);
    for (const app of k.apps) ctx.apps.push(app);
    format = k.format;
  } else if (isGroup(root)) {
    format = has(root, "id") || has(root, "groups") ? "marathon-group" : "marathon-app-list";
    readGroup(ctx, root, undefined, 0);
  } else if (member(root, "app")?.kind === "object") {
    format = "marathon-app";
    readApp(ctx, member(root, "app")!, undefined);
  } else if (isPod(root)) {
    format = "marathon-pod";
    readPod(ctx, root, undefined);
  } else if (has(root, "id") || has(root, "cmd") || has(root, "instances") || has(root, "container")) {
    format = "marathon-app";
    readApp(ctx, root, undefined);
  } else {
    format = "unknown";
    reader.error(
      root.span,
      'not a workload: expected a Marathon app ({"id": ...}), pod ({"containers": ...}), group ({"apps": [...]}), a /v2/apps response, or DC/OS Kubernetes options ({"kubernetes": {...}})',
    );
  }
  const seen = new Set<string>();
  const apps: WorkloadApp[] = [];
  for (const app of ctx.apps) {
    if (seen.has(app.id)) {
      reader.report(
        "warning",
        app.span ?? root.span,
        `${app.id} is defined more than once; only the first definition is simulated`,
      );
      continue;
    }
    seen.add(app.id);
    apps.push(app);
  }
  const diagnostics = [...json.diagnostics, ...sink, ...reader.diagnostics].sort(
    (a, b) => a.span.start - b.span.start || a.span.end - b.span.end,
  );
  return { format, apps, diagnostics };
}
