// Cluster inventory text -> agents: Mesos state JSON, an inventory file (YAML or JSON), or Mesos
// attribute lines (`host attrs`). Detects the format, keeps spans into the text; never throws.
import { type Document, isMap, isNode, isScalar, isSeq } from "yaml";
import type { Diagnostic } from "../diagnostics.js";
import { parseJson } from "../syntax/json.js";
import { readYaml, yamlErrorSpan, yamlNodeLocator } from "../yaml-document.js";
import type { Agent } from "./agent.js";
import { agentsFromInput } from "./agent-input.js";
import type { Cluster } from "./cluster.js";
import { parseMesosAttributes } from "./mesos-attributes.js";
import { isMesosState, loadMesosState } from "./mesos-state.js";
import { isObject, type JsonPath, type Locate, Reporter } from "./report.js";

const INVENTORY_KEYS = new Set(["region", "agents"]);

/**
 * Loads a cluster from file text, detecting the format: Mesos master state JSON, an inventory
 * (`{region?, agents: [...]}` in YAML or JSON, or a bare list of agents), or attribute lines
 * (`10.0.0.1 rack:r1;zone:a`, `#` comments). `fileName` only helps detection (`.txt` = lines).
 * @example loadInventory("10.0.0.1 rack:r1\n10.0.0.2 rack:r2").agents.length // 2
 */
export function loadInventory(text: string, fileName?: string): Cluster {
  const lower = fileName?.toLowerCase() ?? "";
  if (lower.endsWith(".txt")) return loadAttributeLines(text);
  const first = text.trimStart()[0];
  if (first === "{" || first === "[") {
    try {
      // JSON.parse refuses a byte-order mark; offsets for messages come from the text as given.
      const value: unknown = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
      return fromValue(value, lazyYamlLocate(text));
    } catch {
      // Not strict JSON: YAML (a superset) reports it with positions, or reads it as flow YAML.
    }
  }
  const read = readYaml(text, { prettyErrors: false, uniqueKeys: true });
  if (read.doc === undefined) return { agents: [], tasks: [], diagnostics: [read.limit] };
  const doc = read.doc;
  if (doc.errors.length > 0) {
    if (
      !lower.endsWith(".yaml") &&
      !lower.endsWith(".yml") &&
      !lower.endsWith(".json") &&
      looksLikeLines(text)
    ) {
      return loadAttributeLines(text);
    }
    if (first === "{" || first === "[" || lower.endsWith(".json")) {
      // JSON-looking text that YAML cannot read either: the JSON parser explains it best, with fixes.
      const json = parseJson(text).diagnostics.filter((d) => d.severity === "error");
      if (json.length > 0) return { agents: [], tasks: [], diagnostics: json };
    }
    const diagnostics: Diagnostic[] = doc.errors.map((e) => ({
      severity: "error",
      code: "invalid_inventory",
      message: `not valid ${first === "{" || first === "[" ? "JSON or YAML" : "YAML"}: ${e.message}`,
      span: yamlErrorSpan(e, text.length),
    }));
    return { agents: [], tasks: [], diagnostics };
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 1000 });
  } catch (e) {
    // The yaml library refuses documents whose aliases expand too far (a "billion laughs" file).
    return {
      agents: [],
      tasks: [],
      diagnostics: [
        {
          severity: "error",
          code: "limit_exceeded",
          message: `the YAML cannot be expanded: ${e instanceof Error ? e.message : String(e)}`,
          span: { start: 0, end: text.length },
        },
      ],
    };
  }
  if (value === null || value === undefined || typeof value === "string") {
    if (typeof value === "string" || text.trim() !== "") return loadAttributeLines(text);
    return {
      agents: [],
      tasks: [],
      diagnostics: [
        {
          severity: "warning",
          code: "invalid_inventory",
          message: "the inventory is empty: no agents",
          span: { start: 0, end: 0 },
        },
      ],
    };
  }
  return fromValue(value, yamlLocate(doc));
}

function fromValue(value: unknown, locate: Locate): Cluster {
  if (isMesosState(value)) return loadMesosState(value, { locate });
  const rep = new Reporter(locate);
  let list: unknown;
  let listPath: JsonPath;
  let masterRegion: string | undefined;
  if (Array.isArray(value)) {
    list = value;
    listPath = [];
  } else if (isObject(value) && value.agents !== undefined) {
    for (const key of Object.keys(value)) {
      if (!INVENTORY_KEYS.has(key))
        rep.warn(
          "unknown_property",
          [key],
          `unknown inventory property '${key}' is ignored (known: region, agents)`,
        );
    }
    if (value.region !== undefined) {
      if (typeof value.region === "string") masterRegion = value.region;
      else rep.error("invalid_inventory", ["region"], "region must be a string (the Mesos master's region)");
    }
    list = value.agents;
    listPath = ["agents"];
  } else {
    rep.error(
      "invalid_inventory",
      [],
      "expected Mesos state JSON (with 'slaves'), an inventory ({region?, agents: [...]}) or a list of agents",
    );
    return { agents: [], tasks: [], diagnostics: rep.diagnostics };
  }
  if (!Array.isArray(list)) {
    rep.error("invalid_inventory", listPath, "agents must be a list");
    return { agents: [], tasks: [], diagnostics: rep.diagnostics };
  }
  const agents: Agent[] = [];
  list.forEach((item, i) => {
    const r = agentsFromInput(item, [...listPath, i], locate);
    rep.add(r.diagnostics);
    for (const a of r.agents) agents.push(a);
  });
  warnDuplicateHostnames(agents, rep);
  return {
    agents,
    ...(masterRegion === undefined ? {} : { masterRegion }),
    tasks: [],
    diagnostics: rep.diagnostics,
  };
}

function warnDuplicateHostnames(agents: readonly Agent[], rep: Reporter): void {
  const seen = new Set<string>();
  for (const a of agents) {
    if (seen.has(a.hostname)) {
      rep.warn(
        "invalid_agent",
        [],
        `hostname ${a.hostname} is used by more than one agent; hostname constraints cannot tell them apart`,
      );
    }
    seen.add(a.hostname);
  }
}

/** One agent per line: `hostname` then optional Mesos attribute text; `#` starts a comment. */
function loadAttributeLines(text: string): Cluster {
  const agents: Agent[] = [];
  const diagnostics: Diagnostic[] = [];
  // A byte-order mark is encoding, not part of the first hostname.
  let lineStart = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf("\n", lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    let end = lineEnd;
    const hash = commentStart(text, lineStart, lineEnd);
    if (hash >= 0) end = hash;
    while (end > lineStart && isSpace(text.charCodeAt(end - 1))) end--;
    let start = lineStart;
    while (start < end && isSpace(text.charCodeAt(start))) start++;
    if (start < end) {
      let hostEnd = start;
      while (hostEnd < end && !isSpace(text.charCodeAt(hostEnd))) hostEnd++;
      const hostname = text.slice(start, hostEnd);
      let attrStart = hostEnd;
      while (attrStart < end && isSpace(text.charCodeAt(attrStart))) attrStart++;
      const parsed = parseMesosAttributes(text.slice(attrStart, end), { offset: attrStart });
      for (const d of parsed.diagnostics) diagnostics.push(d);
      if (hostname.includes(":") || hostname.includes(";")) {
        diagnostics.push({
          severity: "error",
          code: "invalid_agent",
          message: `each line starts with a hostname, then attributes (like "10.0.0.1 rack:r1;zone:a"); '${hostname}' looks like attributes`,
          span: { start, end: hostEnd },
        });
      } else if (parsed.ok) {
        agents.push({ hostname, attributes: parsed.attributes });
      }
    }
    lineStart = lineEnd + 1;
  }
  warnDuplicates(agents, diagnostics);
  return { agents, tasks: [], diagnostics };
}

function warnDuplicates(agents: readonly Agent[], diagnostics: Diagnostic[]): void {
  const rep = new Reporter();
  warnDuplicateHostnames(agents, rep);
  for (const d of rep.diagnostics) diagnostics.push(d);
}

function commentStart(text: string, start: number, end: number): number {
  for (let i = start; i < end; i++) {
    if (text.charCodeAt(i) === 35 && (i === start || isSpace(text.charCodeAt(i - 1)))) return i;
  }
  return -1;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 13;
}

function looksLikeLines(text: string): boolean {
  return text.split("\n").every((line) => {
    const l = line.replace(/(^|\s)#.*$/, "").trim();
    return l === "" || /^[^\s:;]+(\s+\S.*)?$/.test(l);
  });
}

/** Spans of the YAML nodes at paths (their values, without trailing comments). */
function yamlLocate(doc: Document.Parsed): Locate {
  const find = yamlNodeLocator(doc);
  return (path) => {
    const node = find(path);
    if (!isNode(node) || node.range === undefined || node.range === null) return undefined;
    if (!isScalar(node) && !isMap(node) && !isSeq(node)) return undefined;
    return { start: node.range[0], end: node.range[1] };
  };
}

/** For strict JSON: parse with positions only when a diagnostic needs a span. */
function lazyYamlLocate(text: string): Locate {
  let locate: Locate | null | undefined;
  return (path) => {
    // JSON.parse read the text, so it is within reach of the limit only if the JSON nests too deep.
    if (locate === undefined) {
      const doc = readYaml(text, { prettyErrors: false, uniqueKeys: false }).doc;
      locate = doc === undefined ? null : yamlLocate(doc);
    }
    return locate === null ? undefined : locate(path);
  };
}
