// Finds constraint lists in JSON host documents: Marathon apps, pods, groups, `/v2/apps` lists and
// DC/OS package options files. Reads the tree that parseJson built once; never re-parses the document.
import type { Diagnostic } from "../diagnostics.js";
import { type JsonNode, type JsonObject, parseJson } from "../syntax/json.js";
import {
  type ConstraintSource,
  encodeJsonContent,
  type FindSourcesResult,
  type HostKind,
  type SourceMeta,
  sliceSource,
  stringSource,
} from "./source.js";

type Obj = JsonObject;

const MAX_DEPTH = 64;

/** Sections of DC/OS package options files that may hold placement strings. */
const OPTION_SECTIONS = new Set([
  "service",
  "kubernetes",
  "etcd",
  "mesosphere_kubernetes_engine",
  "apiserver",
  "scheduler",
  "controller_manager",
  "kube_proxy",
  "node",
  "nodes",
]);

function get(obj: Obj, name: string): JsonNode | undefined {
  for (const m of obj.members) if (m.key.kind === "string" && m.key.value === name) return m.value;
  return undefined;
}

function has(obj: Obj, name: string): boolean {
  return obj.members.some((m) => m.key.kind === "string" && m.key.value === name);
}

const asObject = (n: JsonNode | undefined): Obj | undefined => (n?.kind === "object" ? n : undefined);

function stringOf(n: JsonNode | undefined): string | undefined {
  return n?.kind === "string" ? n.value : undefined;
}

function numberOf(n: JsonNode | undefined): number | undefined {
  return n?.kind === "number" && Number.isFinite(n.value) ? n.value : undefined;
}

function isPodConstraint(n: JsonNode): boolean {
  return n.kind === "object" && (has(n, "fieldName") || has(n, "operator"));
}

/** Whether the whole document is a constraint list itself (any JSON form). */
function isConstraintList(root: JsonNode): boolean {
  if (isPodConstraint(root)) return true;
  if (root.kind !== "array") return false;
  return root.elements.every((e) => e.kind !== "object" || isPodConstraint(e));
}

const isPod = (o: Obj) =>
  has(o, "containers") || has(o, "scheduling") || asObject(get(o, "spec")) !== undefined;
const isApp = (o: Obj) =>
  has(o, "constraints") ||
  (has(o, "id") && ["cmd", "args", "container", "instances", "cpus", "mem"].some((k) => has(o, k)));
const isGroup = (o: Obj) => ["apps", "groups", "pods"].some((k) => get(o, k)?.kind === "array");

class Collector {
  readonly sources: ConstraintSource[] = [];
  readonly diagnostics: Diagnostic[] = [];

  constructor(readonly text: string) {}

  /** A constraints value of an app or pod (or `service.constraints`): the JSON array is the text. */
  list(node: JsonNode | undefined, meta: SourceMeta): void {
    if (node === undefined || node.kind === "null" || node.span.start < 0) return;
    if (node.kind === "string") {
      this.diagnostics.push({
        severity: "error",
        code: "not_a_constraint_list",
        message: "constraints must be a JSON array, not a string: remove the outer quotes",
        span: node.span,
      });
      this.string(node, meta);
      return;
    }
    if (node.kind === "array" && meta.form !== "pod") this.appShape(node);
    this.sources.push(sliceSource(this.text.slice(node.span.start, node.span.end), node.span.start, meta));
  }

  /**
   * Marathon's app schema wants a list of string lists. The DC/OS SDK's flat form
   * (`["hostname","UNIQUE"]`) and CLI-style strings (`["hostname:UNIQUE"]`) fail Marathon's JSON reader.
   */
  appShape(node: Extract<JsonNode, { kind: "array" }>): void {
    const els = node.elements;
    if (els.length === 0 || !els.every((e) => e.kind === "string")) return;
    const strings = els as Extract<JsonNode, { kind: "string" }>[];
    const colon = strings.every((e) => /^[^:,\\]+(:[^:,\\]*){1,2}$/.test(e.value));
    const flat = !colon && (els.length === 2 || els.length === 3);
    if (!colon && !flat) return;
    const replacement = colon
      ? `[${strings.map((e) => JSON.stringify(e.value.split(":"))).join(", ")}]`
      : `[${this.text.slice(node.span.start, node.span.end)}]`;
    this.diagnostics.push({
      severity: "error",
      code: "not_a_constraint_list",
      message: colon
        ? 'Marathon app constraints are lists like ["hostname", "UNIQUE"], not "field:OPERATOR" strings'
        : `Marathon app constraints are a list of lists; this is one constraint without the outer list: write ${replacement.replace(/\s+/g, " ")}`,
      span: node.span,
      fix: {
        description: colon ? "split the strings into lists" : "wrap it in a list",
        edits: [{ span: node.span, text: replacement }],
      },
    });
  }

  /** A constraint string inside a JSON string (package options): offsets go through the escapes. */
  string(node: Extract<JsonNode, { kind: "string" }>, meta: SourceMeta): void {
    // Mustache placeholders are filled in at install time; there is nothing to check yet.
    if (node.value.includes("{{")) return;
    const quoted = node.quote === "double";
    this.sources.push(stringSource(node.text, (t) => (quoted ? encodeJsonContent(t) : undefined), meta));
  }

  app(o: Obj, path: string): void {
    const name = stringOf(get(o, "id"));
    this.list(get(o, "constraints"), {
      dialect: "marathon",
      path: `${path}/constraints`,
      name,
      instances: numberOf(get(o, "instances")) ?? 1,
    });
  }

  pod(o: Obj, path: string): void {
    const spec = asObject(get(o, "spec"));
    const def = spec ?? o;
    const base = spec ? `${path}/spec` : path;
    const scheduling = asObject(get(def, "scheduling"));
    const placement = scheduling && asObject(get(scheduling, "placement"));
    if (!placement) return;
    const scaling = asObject(get(def, "scaling"));
    this.list(get(placement, "constraints"), {
      dialect: "marathon",
      form: "pod",
      path: `${base}/scheduling/placement/constraints`,
      name: stringOf(get(o, "id")) ?? stringOf(get(def, "id")),
      instances: (scaling && numberOf(get(scaling, "instances"))) ?? 1,
    });
  }

  group(o: Obj, path: string, depth: number): void {
    if (depth > MAX_DEPTH) return;
    const each = (key: string, f: (x: Obj, p: string) => void) => {
      const arr = get(o, key);
      if (arr?.kind !== "array") return;
      arr.elements.forEach((e, i) => {
        if (e.kind === "object") f(e, `${path}/${key}/${i}`);
      });
    };
    each("apps", (x, p) => this.app(x, p));
    each("pods", (x, p) => this.pod(x, p));
    each("groups", (x, p) => this.group(x, p, depth + 1));
  }

  /** Walks a package options document for `*placement` strings and `constraints` arrays. */
  options(node: JsonNode, path: string, depth: number, counts: KubernetesCounts): void {
    if (depth > MAX_DEPTH || node.kind !== "object") return;
    for (const m of node.members) {
      if (m.key.kind !== "string" || m.value === undefined) continue;
      const key = m.key.value;
      const p = `${path}/${key}`;
      const v = m.value;
      if (v.kind === "string" && key.toLowerCase().endsWith("placement")) {
        this.string(v, {
          dialect: "dcos-sdk",
          path: p,
          name: p.slice(1).replace(/\//g, "."),
          instances: counts.forKey(p),
        });
      } else if (v.kind === "array" && key === "constraints") {
        // `service.constraints` goes verbatim into the package scheduler's Marathon app.
        this.list(v, { dialect: "marathon", path: p, name: p.slice(1).replace(/\//g, "."), instances: 1 });
      } else if (v.kind === "object") {
        this.options(v, p, depth + 1, counts);
      }
    }
  }
}

/** Instance counts the DC/OS Kubernetes options imply for each placement option. */
class KubernetesCounts {
  readonly #counts = new Map<string, number>();

  constructor(root: Obj) {
    const k8s = asObject(get(root, "kubernetes"));
    const etcd = asObject(get(root, "etcd"));
    const ha = k8s ? readBool(get(k8s, "high_availability")) : false;
    const five = etcd ? readBool(get(etcd, "5_etcd_nodes")) : false;
    const controlPlane = ha ? 3 : 1;
    this.#counts.set("/kubernetes/control_plane_placement", controlPlane);
    this.#counts.set("/etcd/placement", ha ? (five ? 5 : 3) : 1);
    if (k8s) {
      const priv = numberOf(get(k8s, "private_node_count")) ?? numberOf(get(k8s, "node_count"));
      const pub = numberOf(get(k8s, "public_node_count"));
      if (priv !== undefined) {
        this.#counts.set("/kubernetes/node_placement", priv);
        this.#counts.set("/kubernetes/private_node_placement", priv);
      }
      if (pub !== undefined) this.#counts.set("/kubernetes/public_node_placement", pub);
    }
  }

  forKey(path: string): number | undefined {
    return this.#counts.get(path);
  }
}

function readBool(n: JsonNode | undefined): boolean {
  return n?.kind === "boolean" && n.value;
}

/** The document is constraint text itself: the parser reports its JSON problems, so none here. */
function constraintText(text: string): FindSourcesResult {
  return {
    kind: "constraint-text",
    sources: [sliceSource(text.trimEnd(), 0, { dialect: "marathon", path: "" })],
    diagnostics: [],
  };
}

// A list whose first element is a list or a string is constraint text (app lists hold objects).
const CONSTRAINT_LIST_START = /^\s*\[\s*[["']/;

/** Finds the constraint lists of a JSON document and classifies it; never throws. */
export function findJsonSources(text: string): FindSourcesResult {
  // Constraint text is read once, by the constraint parser, not first here as a document too.
  if (CONSTRAINT_LIST_START.test(text)) return constraintText(text);
  // Valid JSON (nearly every real file) takes the fast reader; the tolerant parser explains the rest.
  const parsed = parseJson(text);
  const root = parsed.value;
  const c = new Collector(text);
  let kind: HostKind = "unknown";
  if (root === undefined) {
    return { kind: "unknown", sources: [], diagnostics: parsed.diagnostics };
  }
  if (isConstraintList(root)) return constraintText(text);
  if (root.kind === "array") {
    root.elements.forEach((e, i) => {
      if (e.kind !== "object") return;
      if (isPod(e)) c.pod(e, `/${i}`);
      else if (isApp(e)) c.app(e, `/${i}`);
    });
    if (root.elements.some((e) => e.kind === "object" && (isPod(e) || isApp(e)))) kind = "marathon-app-list";
  } else if (root.kind === "object") {
    const wrapped = asObject(get(root, "app")) ?? asObject(get(root, "pod"));
    if (wrapped) {
      if (isPod(wrapped)) c.pod(wrapped, has(root, "pod") ? "/pod" : "/app");
      else c.app(wrapped, "/app");
      kind = isPod(wrapped) ? "marathon-pod" : "marathon-app";
    } else if (isGroup(root)) {
      c.group(root, "", 0);
      kind =
        has(root, "id") || has(root, "groups") || has(root, "pods") ? "marathon-group" : "marathon-app-list";
    } else if (isPod(root)) {
      c.pod(root, "");
      kind = "marathon-pod";
    } else if (isApp(root)) {
      c.app(root, "");
      kind = "marathon-app";
    } else {
      c.options(root, "", 0, new KubernetesCounts(root));
      const known = root.members.some((m) => m.key.kind === "string" && OPTION_SECTIONS.has(m.key.value));
      if (known || c.sources.length > 0) kind = "dcos-options";
    }
  }
  if (kind === "unknown") return { kind, sources: [], diagnostics: [] };
  return { kind, sources: c.sources, diagnostics: [...parsed.diagnostics, ...c.diagnostics] };
}
