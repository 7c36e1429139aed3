// DC/OS Kubernetes package options (1.x `kubernetes`, 2.x `kubernetes-cluster`) -> the pod types the
// package deploys, with the package's resource defaults and placement. Reads a positioned JSON tree only.
import type { Constraint, Span } from "../ast.js";
import type { Diagnostic } from "../diagnostics.js";
import type { JsonNode, JsonObject } from "../syntax/json.js";
import { safeParse } from "../syntax/parse.js";
import { sourceSpan } from "../syntax/source-string.js";
import { describe, has, member, type TreeReader } from "./json-tree.js";
import { readConstraintList, round } from "./read-constraints.js";
import type { WorkloadApp, WorkloadResult } from "./types.js";

/** Keys only the 2.x `kubernetes-cluster` package has. */
const V2_KUBERNETES_KEYS = [
  "private_node_count",
  "private_reserved_resources",
  "private_node_placement",
  "control_plane_reserved_resources",
  "control_plane_pre_reserved_role",
  "private_node_pre_reserved_role",
  "public_node_pre_reserved_role",
];

/** True for a package options object: a `kubernetes` section and nothing that makes it a Marathon app. */
export function isKubernetesOptions(root: JsonNode): boolean {
  return (
    root.kind === "object" &&
    member(root, "kubernetes")?.kind === "object" &&
    !has(root, "id") &&
    !has(root, "apps") &&
    !has(root, "containers")
  );
}

interface Placement {
  readonly constraints: readonly Constraint[];
  readonly invalid: boolean;
  /** The placement text as written, kept for a reject-all matcher when it is invalid. */
  readonly text?: string;
}

const NO_PLACEMENT: Placement = { constraints: [], invalid: false };

/** A placement option: a JSON-in-JSON string (any constraint form), or a list written directly. */
function readPlacement(
  text: string,
  node: JsonNode | undefined,
  option: string,
  fallback: string | undefined,
  reader: TreeReader,
  sink: Diagnostic[],
): Placement {
  if (node === undefined || node.kind === "null") {
    if (fallback === undefined) return NO_PLACEMENT;
    const parsed = safeParse(fallback, { dialect: "dcos-sdk" });
    // The default text is ours, not the user's: no span of its own, so constraints sit at the start.
    const at: Span = { start: 0, end: 0 };
    return {
      constraints: parsed.constraints.map((c) => ({
        ...c,
        span: at,
        fieldSpan: at,
        operatorSpan: at,
        ...(c.valueSpan === undefined ? {} : { valueSpan: at }),
      })),
      invalid: !parsed.ok,
      text: fallback,
    };
  }
  if (node.kind === "array") {
    reader.report(
      "warning",
      node.span,
      `${option} is a string holding JSON in the package options, like "[[\\"hostname\\",\\"UNIQUE\\"]]"; read as if quoted`,
    );
    const read = readConstraintList(text, node, "dcos-sdk", sink);
    return { ...read, text: text.slice(node.span.start, node.span.end) };
  }
  if (node.kind !== "string") {
    reader.error(node.span, `${option} must be a string of constraints, not ${describe(node)}`);
    return NO_PLACEMENT;
  }
  const parsed = safeParse(node.value, { dialect: "dcos-sdk" });
  const map = (span: Span) => sourceSpan(node.text, span);
  for (const d of parsed.diagnostics) {
    const moved = {
      ...d,
      span: map(d.span),
      ...(d.related === undefined ? {} : { related: d.related.map((r) => ({ ...r, span: map(r.span) })) }),
    };
    // The SDK does not refuse the install: its InvalidPlacementRule refuses every agent instead.
    sink.push(
      d.severity === "error"
        ? {
            ...moved,
            severity: "warning",
            message: `${d.message} (the DC/OS SDK then refuses every agent for the pods ${option} applies to)`,
          }
        : moved,
    );
  }
  return {
    constraints: parsed.constraints.map((c) => ({
      ...c,
      span: map(c.span),
      fieldSpan: map(c.fieldSpan),
      operatorSpan: map(c.operatorSpan),
      ...(c.valueSpan === undefined ? {} : { valueSpan: map(c.valueSpan) }),
    })),
    invalid: !parsed.ok,
    text: node.value,
  };
}

/** The package's own anti-affinity: one task of a type per agent, as an explicit hostname:UNIQUE. */
function packageRule(span: Span): Constraint {
  return {
    field: "hostname",
    operator: "UNIQUE",
    span,
    fieldSpan: span,
    operatorSpan: span,
  };
}

function hasUniqueHostname(constraints: readonly Constraint[]): boolean {
  return constraints.some(
    (c) => (c.field === "hostname" || c.field === "@hostname") && c.operator === "UNIQUE",
  );
}

interface PodSpec {
  readonly name: string;
  readonly instances: number;
  readonly cpus: number;
  readonly mem: number;
  readonly disk: number;
  readonly placement: Placement;
  readonly roles: readonly string[];
  readonly antiAffinity: boolean;
  readonly span: Span;
}

function sdkApp(service: string, pod: PodSpec, file: string | undefined): WorkloadApp {
  const rules =
    pod.antiAffinity && !hasUniqueHostname(pod.placement.constraints) ? [packageRule(pod.span)] : [];
  return {
    id: `${service}/${pod.name}`,
    kind: "sdk-pod",
    instances: pod.instances,
    resources: { cpus: round(pod.cpus), mem: round(pod.mem), disk: round(pod.disk), gpus: 0, ports: 0 },
    fixedPorts: [],
    constraints: pod.placement.constraints,
    packageRules: rules,
    ...(pod.placement.invalid ? { invalidConstraints: pod.placement.text ?? "" } : {}),
    dialect: "dcos-sdk",
    acceptedRoles: pod.roles,
    group: service,
    span: pod.span,
    ...(file === undefined ? {} : { file }),
  };
}

function schedulerApp(
  service: string,
  cpus: number,
  mem: number,
  span: Span,
  file: string | undefined,
): WorkloadApp {
  return {
    id: `/${service}`,
    kind: "package-app",
    instances: 1,
    resources: { cpus, mem, disk: 0, gpus: 0, ports: 1 },
    fixedPorts: [],
    constraints: [],
    packageRules: [],
    dialect: "marathon",
    acceptedRoles: ["*"],
    group: service,
    span,
    ...(file === undefined ? {} : { file }),
  };
}

/**
 * Expands DC/OS Kubernetes options into the package scheduler (a Marathon app) and its pod types, with
 * the package defaults for everything unset. 1.x adds one-per-agent anti-affinity to every pod type.
 */
export function loadKubernetesOptions(
  text: string,
  root: JsonObject,
  reader: TreeReader,
  sink: Diagnostic[],
  file: string | undefined,
): { format: WorkloadResult["format"]; apps: WorkloadApp[] } {
  const k = member(root, "kubernetes")!;
  const v2 = V2_KUBERNETES_KEYS.some((key) => has(k, key)) || has(member(root, "etcd"), "placement");
  const service = reader.object(root, "service", "service");
  const name = reader.string(service, "name", "service.name") ?? (v2 ? "kubernetes-cluster" : "kubernetes");
  const ha = reader.boolean(k, "high_availability", false, "kubernetes.high_availability");
  const etcd = reader.object(root, "etcd", "etcd");
  const spanOf = (key: string) => member(k, key)?.span ?? k.span;
  const num = (obj: JsonNode | undefined, key: string, fallback: number, label: string, integer = false) =>
    reader.number(obj, key, fallback, label, integer ? { integer: true } : {});
  const placement = (key: string, fallback?: string, obj: JsonNode = k, label = `kubernetes.${key}`) =>
    readPlacement(text, member(obj, key), label, fallback, reader, sink);
  const role = (obj: JsonNode | undefined, key: string, fallback: string, label: string) =>
    reader.string(obj, key, label) ?? fallback;

  const pods: PodSpec[] = [];
  let scheduler: WorkloadApp;
  if (!v2) {
    const cp = placement("control_plane_placement");
    const controlPlane = ha ? 3 : 1;
    const pod = (
      podName: string,
      section: string,
      cpus: number,
      mem: number,
      extra: { disk?: number } = {},
    ): PodSpec => {
      const s = reader.object(root, section, section);
      return {
        name: podName,
        instances: controlPlane,
        cpus: num(s, "cpus", cpus, `${section}.cpus`),
        mem: num(s, "mem", mem, `${section}.mem`, true),
        disk: extra.disk ?? 0,
        placement: cp,
        roles: ["*"],
        antiAffinity: true,
        span: spanOf("control_plane_placement"),
      };
    };
    const etcdDisk =
      num(etcd, "data_disk", 3072, "etcd.data_disk", true) +
      num(etcd, "wal_disk", 512, "etcd.wal_disk", true);
    pods.push(
      pod("etcd", "etcd", 0.5, 1024, { disk: etcdDisk }),
      pod("kube-apiserver", "apiserver", 0.5, 1024),
      pod("kube-controller-manager", "controller_manager", 0.5, 512),
      pod("kube-scheduler", "scheduler", 0.5, 512),
    );
    const proxy = reader.object(root, "kube_proxy", "kube_proxy");
    const proxyCpus = num(proxy, "cpus", 0.1, "kube_proxy.cpus");
    const proxyMem = num(proxy, "mem", 512, "kube_proxy.mem", true);
    const priv = reader.object(k, "reserved_resources", "kubernetes.reserved_resources");
    const kubeCpus = num(priv, "kube_cpus", 2, "kubernetes.reserved_resources.kube_cpus");
    const kubeMem = num(priv, "kube_mem", 2048, "kubernetes.reserved_resources.kube_mem", true);
    const kubeDisk = num(priv, "kube_disk", 10240, "kubernetes.reserved_resources.kube_disk", true);
    const sysCpus = num(priv, "system_cpus", 1, "kubernetes.reserved_resources.system_cpus");
    const sysMem = num(priv, "system_mem", 1024, "kubernetes.reserved_resources.system_mem", true);
    const nodes = num(k, "node_count", 1, "kubernetes.node_count", true);
    pods.push({
      name: "kube-node",
      instances: nodes,
      cpus: kubeCpus + sysCpus + proxyCpus,
      mem: kubeMem + sysMem + proxyMem,
      disk: kubeDisk,
      placement: placement("node_placement"),
      roles: ["*"],
      antiAffinity: true,
      span: spanOf("node_placement"),
    });
    // Each unset public field falls back to the private value (the package's mustache template).
    const pub = reader.object(k, "public_reserved_resources", "kubernetes.public_reserved_resources");
    const p = (key: string, fallback: number, integer = false) =>
      num(pub, key, fallback, `kubernetes.public_reserved_resources.${key}`, integer);
    pods.push({
      name: "kube-node-public",
      instances: num(k, "public_node_count", 0, "kubernetes.public_node_count", true),
      cpus: p("kube_cpus", kubeCpus) + p("system_cpus", sysCpus) + proxyCpus,
      mem: p("kube_mem", kubeMem, true) + p("system_mem", sysMem, true) + proxyMem,
      disk: p("kube_disk", kubeDisk, true),
      placement: placement("public_node_placement"),
      roles: ["slave_public"],
      antiAffinity: true,
      span: spanOf("public_node_placement"),
    });
    scheduler = schedulerApp(name, 1, 1024, k.span, file);
  } else {
    // 2.x pods add about 0.1 cpu and 32 MB of executor overhead each (the docs' tables, 2.0.1-1.12.2).
    const overheadCpus = 0.1;
    const overheadMem = 32;
    const cpText = '[["hostname", "UNIQUE"]]';
    const cpNode = member(k, "control_plane_placement");
    const cp = placement("control_plane_placement", cpText);
    const etcdPlacementNode = member(etcd, "placement");
    const etcdPlacement =
      etcdPlacementNode?.kind === "string" && etcdPlacementNode.value !== ""
        ? placement("placement", undefined, etcd, "etcd.placement")
        : cp;
    const fiveEtcd = reader.boolean(etcd, "5_etcd_nodes", false, "etcd.5_etcd_nodes");
    pods.push({
      name: "etcd",
      instances: ha ? (fiveEtcd ? 5 : 3) : 1,
      cpus: num(etcd, "cpus", 0.5, "etcd.cpus") + overheadCpus,
      mem: num(etcd, "mem", 1024, "etcd.mem", true) + overheadMem,
      disk:
        num(etcd, "data_disk", 3072, "etcd.data_disk", true) +
        num(etcd, "wal_disk", 512, "etcd.wal_disk", true),
      placement: etcdPlacement,
      roles: [role(etcd, "pre_reserved_role", "*", "etcd.pre_reserved_role")],
      antiAffinity: false,
      span: etcdPlacementNode?.span ?? cpNode?.span ?? k.span,
    });
    const cpr = reader.object(
      k,
      "control_plane_reserved_resources",
      "kubernetes.control_plane_reserved_resources",
    );
    const c = (key: string, fallback: number, integer = false) =>
      num(cpr, key, fallback, `kubernetes.control_plane_reserved_resources.${key}`, integer);
    pods.push({
      name: "kube-control-plane",
      instances: ha ? 3 : 1,
      cpus: c("cpus", 1.5) + c("system_cpus", 0) + overheadCpus,
      mem: c("mem", 4096, true) + c("system_mem", 0, true) + overheadMem,
      disk: c("disk", 10240, true),
      placement: cp,
      roles: [role(k, "control_plane_pre_reserved_role", "*", "kubernetes.control_plane_pre_reserved_role")],
      antiAffinity: false,
      span: cpNode?.span ?? k.span,
    });
    const node = (
      podName: string,
      countKey: string,
      section: string,
      defaults: readonly [number, number, number, number, number],
      placementKey: string,
      roleKey: string,
      defaultRole: string,
      antiAffinity: boolean,
      defaultCount: number,
    ): PodSpec => {
      const res = reader.object(k, section, `kubernetes.${section}`);
      const r = (key: string, fallback: number, integer = false) =>
        num(res, key, fallback, `kubernetes.${section}.${key}`, integer);
      return {
        name: podName,
        instances: num(k, countKey, defaultCount, `kubernetes.${countKey}`, true),
        cpus: r("kube_cpus", defaults[0]) + r("system_cpus", defaults[3]) + overheadCpus,
        mem: r("kube_mem", defaults[1], true) + r("system_mem", defaults[4], true) + overheadMem,
        disk: r("kube_disk", defaults[2], true),
        placement: placement(placementKey),
        roles: [role(k, roleKey, defaultRole, `kubernetes.${roleKey}`)],
        antiAffinity,
        span: spanOf(placementKey),
      };
    };
    const privateCount = has(k, "private_node_count") ? "private_node_count" : "node_count";
    pods.push(
      // Several private nodes may share an agent in 2.x; each public node needs its own public agent.
      node(
        "kube-node",
        privateCount,
        "private_reserved_resources",
        [2, 2048, 10240, 1, 1024],
        "private_node_placement",
        "private_node_pre_reserved_role",
        "*",
        false,
        1,
      ),
      node(
        "kube-node-public",
        "public_node_count",
        "public_reserved_resources",
        [0.5, 512, 2048, 1, 1024],
        "public_node_placement",
        "public_node_pre_reserved_role",
        "slave_public",
        true,
        0,
      ),
    );
    scheduler = schedulerApp(name, 1.1, 1056, k.span, file);
  }
  return {
    format: v2 ? "kubernetes-cluster-options" : "kubernetes-options",
    apps: [scheduler, ...pods.map((p) => sdkApp(name, p, file))],
  };
}
