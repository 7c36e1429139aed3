// Agents written by hand (eval CLI, inventory files): JSON/YAML values -> the canonical Agent, accepting
// typed attribute lists, Mesos state-style attribute objects and Mesos `--attributes` text. Never throws.
import type { Diagnostic } from "../diagnostics.js";
import type {
  Agent,
  AgentResources,
  Attribute,
  PortRanges,
  PortRangesByRole,
  Resources,
  ResourcesByRole,
} from "./agent.js";
import { parseMesosAttributes } from "./mesos-attributes.js";
import { coalesceRanges, countRanges, parseMesosValue } from "./mesos-values.js";
import { isObject, type JsonPath, type Locate, Reporter } from "./report.js";

export interface AgentInputResult {
  /** False when the input has errors; `agent` is then absent. */
  readonly ok: boolean;
  readonly agent?: Agent;
  readonly diagnostics: readonly Diagnostic[];
}

export interface AgentsInputResult {
  readonly ok: boolean;
  readonly agents: readonly Agent[];
  readonly diagnostics: readonly Diagnostic[];
}

/** DC/OS public agents register with this role: all their resources are reserved to it. */
export const PUBLIC_ROLE = "slave_public";

const AGENT_KEYS = new Set([
  "id",
  "hostname",
  "region",
  "zone",
  "domain",
  "attributes",
  "resources",
  "public",
  "roles",
  "count",
  "inactive",
  "ip",
]);
const RESOURCE_KEYS = ["cpus", "mem", "disk", "gpus", "ports"] as const;
const MAX_COUNT = 100_000;

/**
 * Reads one agent from a JSON/YAML value: `{hostname, region?, zone?, attributes?, resources?, public?,
 * roles?, id?, inactive?}`; attributes as a typed list, an object (`{"rack":"r1","level":10}`) or Mesos text.
 * `count` is validated but not expanded here (see `agentsFromInput`).
 * @example agentFromInput({ hostname: "a1", attributes: "rack:r1;level:10" }).agent?.attributes.length // 2
 */
export function agentFromInput(value: unknown, path: JsonPath = [], locate?: Locate): AgentInputResult {
  const rep = new Reporter(locate);
  const agent = readAgent(value, path, rep);
  if (agent === undefined || rep.errorCount > 0) return { ok: false, diagnostics: rep.diagnostics };
  return { ok: true, agent: agent.agent, diagnostics: rep.diagnostics };
}

/**
 * Like `agentFromInput`, but expands `count: n` into n agents named `<hostname>-1` .. `<hostname>-n`
 * (ids likewise), for large synthetic clusters.
 */
export function agentsFromInput(value: unknown, path: JsonPath = [], locate?: Locate): AgentsInputResult {
  const rep = new Reporter(locate);
  const read = readAgent(value, path, rep);
  if (read === undefined || rep.errorCount > 0)
    return { ok: false, agents: [], diagnostics: rep.diagnostics };
  const { agent, count } = read;
  if (count === undefined) return { ok: true, agents: [agent], diagnostics: rep.diagnostics };
  const agents: Agent[] = [];
  for (let i = 1; i <= count; i++) {
    agents.push({
      ...agent,
      hostname: `${agent.hostname}-${i}`,
      ...(agent.id === undefined ? {} : { id: `${agent.id}-${i}` }),
    });
  }
  return { ok: true, agents, diagnostics: rep.diagnostics };
}

interface ReadAgent {
  readonly agent: Agent;
  readonly count: number | undefined;
}

function readAgent(value: unknown, path: JsonPath, rep: Reporter): ReadAgent | undefined {
  if (!isObject(value)) {
    rep.error(
      "invalid_agent",
      path,
      'an agent is an object with at least a hostname, like {"hostname": "10.0.0.1"}',
    );
    return undefined;
  }
  for (const key of Object.keys(value)) {
    if (!AGENT_KEYS.has(key)) {
      rep.warn(
        "unknown_property",
        [...path, key],
        `unknown agent property '${key}' is ignored (known: ${[...AGENT_KEYS].join(", ")})`,
      );
    }
  }
  const hostname = value.hostname;
  if (typeof hostname !== "string" || hostname === "") {
    rep.error(
      "invalid_agent",
      hostname === undefined ? path : [...path, "hostname"],
      hostname === undefined ? "the agent has no hostname" : "hostname must be a non-empty string",
    );
  }
  const id = optionalString(value, "id", path, rep);
  const ip = optionalString(value, "ip", path, rep);
  let region = optionalString(value, "region", path, rep);
  let zone = optionalString(value, "zone", path, rep);
  if (value.domain !== undefined) {
    const domain = faultDomain(value.domain);
    if (domain === undefined) {
      rep.error(
        "invalid_agent",
        [...path, "domain"],
        "domain must look like Mesos': {fault_domain: {region: {name}, zone: {name}}}",
      );
    } else {
      region ??= domain.region;
      zone ??= domain.zone;
    }
  }
  if ((region === undefined) !== (zone === undefined)) {
    rep.error(
      "invalid_agent",
      [...path, region === undefined ? "zone" : "region"],
      "a fault domain has both a region and a zone; give both or neither",
    );
  }
  const attributes = readAttributes(value.attributes, [...path, "attributes"], rep);
  let isPublic: boolean | undefined;
  if (value.public !== undefined) {
    if (typeof value.public === "boolean") isPublic = value.public;
    else rep.error("invalid_agent", [...path, "public"], "public must be true or false");
  }
  let inactive = false;
  if (value.inactive !== undefined) {
    if (typeof value.inactive === "boolean") inactive = value.inactive;
    else rep.error("invalid_agent", [...path, "inactive"], "inactive must be true or false");
  }
  let roles: string[] | undefined;
  if (value.roles !== undefined) {
    if (
      Array.isArray(value.roles) &&
      value.roles.length > 0 &&
      value.roles.every((r): r is string => typeof r === "string" && r !== "")
    ) {
      roles = value.roles;
    } else {
      rep.error(
        "invalid_agent",
        [...path, "roles"],
        'roles must be a non-empty list of role names, like ["slave_public"]',
      );
    }
  }
  let count: number | undefined;
  if (value.count !== undefined) {
    if (
      typeof value.count === "number" &&
      Number.isInteger(value.count) &&
      value.count >= 1 &&
      value.count <= MAX_COUNT
    ) {
      count = value.count;
    } else {
      rep.error("invalid_agent", [...path, "count"], `count must be an integer from 1 to ${MAX_COUNT}`);
    }
  }
  const defaultRole = roles?.[0] ?? (isPublic ? PUBLIC_ROLE : "*");
  if (
    roles !== undefined &&
    roles.length > 1 &&
    value.resources !== undefined &&
    !isByRole(value.resources)
  ) {
    rep.error(
      "invalid_agent",
      [...path, "roles"],
      'with more than one role, give resources by role, like {"*": {cpus: 2}, "slave_public": {cpus: 2}}',
    );
  }
  let resources: AgentResources | undefined;
  if (value.resources !== undefined) {
    const total = readResourcesByRole(value.resources, defaultRole, [...path, "resources"], rep, true);
    const ranges = portRangesByRole(value.resources, defaultRole);
    if (total !== undefined)
      resources = {
        total,
        free: total,
        ...(ranges === undefined ? {} : { portRanges: { total: ranges, free: ranges } }),
      };
  }
  if (typeof hostname !== "string" || hostname === "") return undefined;
  const detectedPublic = isPublic ?? looksPublic(attributes, resources?.total);
  const agent: Agent = {
    ...(id === undefined ? {} : { id }),
    hostname,
    ...(region === undefined || zone === undefined ? {} : { region, zone }),
    attributes,
    ...(resources === undefined ? {} : { resources }),
    ...(detectedPublic ? { public: true } : {}),
    ...(inactive ? { inactive: true } : {}),
    ...(ip === undefined ? {} : { ip }),
  };
  return { agent, count };
}

function optionalString(
  obj: Record<string, unknown>,
  key: string,
  path: JsonPath,
  rep: Reporter,
): string | undefined {
  const v = obj[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v === "string") return v;
  rep.error("invalid_agent", [...path, key], `${key} must be a string`);
  return undefined;
}

/** Region and zone names from a Mesos `domain` object; undefined when it is not one. */
export function faultDomain(domain: unknown): { region: string; zone: string } | undefined {
  if (!isObject(domain) || !isObject(domain.fault_domain)) return undefined;
  const fd = domain.fault_domain;
  const region = isObject(fd.region) ? fd.region.name : undefined;
  const zone = isObject(fd.zone) ? fd.zone.name : undefined;
  if (typeof region !== "string" || typeof zone !== "string") return undefined;
  return { region, zone };
}

/**
 * DC/OS marks public agents with the attribute `public_ip:true` and reserves all their resources to
 * `slave_public`; either sign is enough.
 */
export function looksPublic(attributes: readonly Attribute[], total: ResourcesByRole | undefined): boolean {
  for (const a of attributes) if (a.name === "public_ip" && "text" in a && a.text === "true") return true;
  if (total === undefined) return false;
  const roles = Object.keys(total).filter((r) => !isEmpty(total[r]!));
  return roles.length === 1 && roles[0] === PUBLIC_ROLE;
}

function isEmpty(r: Resources): boolean {
  return r.cpus === 0 && r.mem === 0 && r.disk === 0 && r.gpus === 0 && r.ports === 0;
}

function readAttributes(value: unknown, path: JsonPath, rep: Reporter): Attribute[] {
  if (value === undefined || value === null) return [];
  if (typeof value === "string") {
    const span = rep.locate?.(path);
    // A plain or simply quoted string maps 1:1 onto the source; otherwise point at the whole string.
    const exact =
      span !== undefined &&
      (span.end - span.start === value.length || span.end - span.start === value.length + 2);
    const offset = exact ? span.start + (span.end - span.start === value.length ? 0 : 1) : 0;
    const parsed = parseMesosAttributes(value, { offset });
    // Without a source text (no locate) there is no position to give: the Reporter's empty span.
    const at = span ?? { start: 0, end: 0 };
    rep.add(exact ? parsed.diagnostics : parsed.diagnostics.map((d) => ({ ...d, span: at })));
    return [...parsed.attributes];
  }
  if (Array.isArray(value)) return value.flatMap((item, i) => typedAttribute(item, [...path, i], rep) ?? []);
  if (isObject(value)) return attributesFromObject(value, path, rep, false);
  rep.error(
    "invalid_agent",
    path,
    'attributes must be a list of {name, text|scalar|ranges|set}, an object like {rack: r1}, or Mesos text like "rack:r1;level:10"',
  );
  return [];
}

function typedAttribute(item: unknown, path: JsonPath, rep: Reporter): Attribute | undefined {
  if (!isObject(item) || typeof item.name !== "string") {
    rep.error(
      "invalid_attribute",
      path,
      "an attribute is {name, text|scalar|ranges|set}, with a string name",
    );
    return undefined;
  }
  const name = item.name;
  const kinds = (["text", "scalar", "ranges", "set"] as const).filter((k) => item[k] !== undefined);
  if (kinds.length !== 1) {
    rep.error(
      "invalid_attribute",
      path,
      `attribute '${name}' needs exactly one of text, scalar, ranges or set (found ${kinds.length === 0 ? "none" : kinds.join(", ")})`,
    );
    return undefined;
  }
  for (const key of Object.keys(item)) {
    if (key !== "name" && key !== kinds[0]) {
      rep.warn("unknown_property", [...path, key], `unknown attribute property '${key}' is ignored`);
    }
  }
  const kind = kinds[0]!;
  const v = item[kind];
  const at = [...path, kind];
  switch (kind) {
    case "text":
      if (typeof v === "string") return { name, text: v };
      rep.error("invalid_attribute", at, `attribute '${name}': text must be a string`);
      return undefined;
    case "scalar":
      if (typeof v === "number" && Number.isFinite(v)) return { name, scalar: v };
      rep.error("invalid_attribute", at, `attribute '${name}': scalar must be a finite number`);
      return undefined;
    case "ranges": {
      const ranges = rangesFromArray(v, false);
      if (ranges !== undefined) return { name, ranges };
      rep.error(
        "invalid_attribute",
        at,
        `attribute '${name}': ranges must be a list of [begin, end] integer pairs`,
      );
      return undefined;
    }
    case "set":
      if (Array.isArray(v) && v.every((s): s is string => typeof s === "string")) return { name, set: v };
      rep.error("invalid_attribute", at, `attribute '${name}': set must be a list of strings`);
      return undefined;
  }
}

/**
 * Attributes written as an object, as Mesos state JSON does: numbers are scalars, strings starting with
 * `[` are ranges and `{` sets, other strings text. `fromMesos` relaxes the checks meant for hand-written files.
 */
export function attributesFromObject(
  value: Record<string, unknown>,
  path: JsonPath,
  rep: Reporter,
  fromMesos: boolean,
): Attribute[] {
  const out: Attribute[] = [];
  for (const [name, v] of Object.entries(value)) {
    const at = [...path, name];
    if (typeof v === "number") {
      if (!Number.isFinite(v)) {
        rep.error("invalid_attribute", at, `attribute '${name}': a scalar must be a finite number`);
      } else if (v < 0 && !fromMesos) {
        // Mesos types a negative number as text; keep what the agent would really report.
        rep.warn(
          "invalid_attribute",
          at,
          `attribute '${name}': Mesos keeps negative numbers as text, so this is the text "${v}"`,
        );
        out.push({ name, text: String(v) });
      } else {
        out.push({ name, scalar: v });
      }
    } else if (typeof v === "boolean") {
      out.push({ name, text: String(v) });
    } else if (typeof v === "string") {
      if (v.startsWith("[") || v.startsWith("{")) {
        const parsed = parseMesosValue(v);
        if (parsed.ok && ("ranges" in parsed.value || "set" in parsed.value)) {
          out.push({ name, ...parsed.value });
        } else {
          rep.error(
            "invalid_attribute",
            at,
            `attribute '${name}': ${parsed.ok ? "expected [begin-end,...] ranges or a {a,b} set" : parsed.error.message}`,
            parsed.ok || parsed.error.upstream === undefined ? undefined : parsed.error.upstream,
          );
        }
      } else {
        // A string is text even when it looks numeric: Mesos state JSON writes scalars as numbers.
        out.push({ name, text: v });
      }
    } else if (Array.isArray(v)) {
      const ranges = rangesFromArray(v, true);
      if (ranges !== undefined) out.push({ name, ranges });
      else if (v.every((s): s is string => typeof s === "string")) out.push({ name, set: v });
      else
        rep.error(
          "invalid_attribute",
          at,
          `attribute '${name}': a list must hold [begin, end] pairs, "b-e" ranges or strings`,
        );
    } else {
      rep.error("invalid_attribute", at, `attribute '${name}': expected a string, a number or a list`);
    }
  }
  return out;
}

const RANGE_TEXT = /^\s*(\d+)\s*-\s*(\d+)\s*$/;

/** `[[b, e], ...]` (or, when `allowText`, `["b-e", ...]` as YAML reads `[31000-32000]`) -> ranges. */
function rangesFromArray(v: unknown, allowText: boolean): [number, number][] | undefined {
  if (!Array.isArray(v)) return undefined;
  const out: [number, number][] = [];
  for (const r of v) {
    if (Array.isArray(r) && r.length === 2 && Number.isSafeInteger(r[0]) && Number.isSafeInteger(r[1])) {
      out.push([r[0] as number, r[1] as number]);
    } else if (allowText && typeof r === "string" && RANGE_TEXT.test(r)) {
      const m = RANGE_TEXT.exec(r)!;
      out.push([Number(m[1]), Number(m[2])]);
    } else {
      return undefined;
    }
  }
  if (allowText && v.length === 0) return undefined;
  return out;
}

function isByRole(value: unknown): boolean {
  if (!isObject(value)) return false;
  const keys = Object.keys(value);
  return (
    keys.length > 0 &&
    keys.every((k) => !(RESOURCE_KEYS as readonly string[]).includes(k) && isObject(value[k]))
  );
}

/**
 * Resources by role from `{cpus, mem, disk, gpus, ports}` (all under `defaultRole`) or
 * `{"*": {...}, "slave_public": {...}}`.
 */
export function readResourcesByRole(
  value: unknown,
  defaultRole: string,
  path: JsonPath,
  rep: Reporter,
  strict: boolean,
): ResourcesByRole | undefined {
  if (isByRole(value)) {
    const byRole: Record<string, Resources> = {};
    for (const [role, r] of Object.entries(value as Record<string, unknown>)) {
      const res = readResources(r, [...path, role], rep, strict);
      if (res !== undefined) byRole[role] = res;
    }
    return byRole;
  }
  const res = readResources(value, path, rep, strict);
  return res === undefined ? undefined : { [defaultRole]: res };
}

/**
 * Plain resources `{cpus, mem, disk, gpus, ports}`; `ports` may be a count, a Mesos ranges string or
 * a list of ranges. `strict` warns about unknown names (hand-written files, not Mesos state).
 */
export function readResources(
  value: unknown,
  path: JsonPath,
  rep: Reporter,
  strict: boolean,
): Resources | undefined {
  if (!isObject(value)) {
    rep.error(
      "invalid_agent",
      path,
      'resources must be an object like {cpus: 4, mem: 16384, disk: 100000, ports: "[1025-32000]"}',
    );
    return undefined;
  }
  const out = { cpus: 0, mem: 0, disk: 0, gpus: 0, ports: 0 };
  for (const [key, v] of Object.entries(value)) {
    const at = [...path, key];
    if (key === "ports") {
      const n = portCount(v);
      if (n === undefined) {
        rep.error(
          "invalid_agent",
          at,
          'ports must be a count, a Mesos ranges string like "[1025-2180,2182-32000]", or a list of [begin, end] pairs',
        );
      } else {
        out.ports = n;
      }
    } else if (key === "cpus" || key === "mem" || key === "disk" || key === "gpus") {
      if (typeof v === "number" && Number.isFinite(v) && v >= 0) out[key] = v;
      else rep.error("invalid_agent", at, `${key} must be a non-negative number`);
    } else if (strict) {
      rep.warn("unknown_property", at, `resource '${key}' is not used for placement and is ignored`);
    }
  }
  return out;
}

/**
 * The port ranges of a resources value (plain or by role), when every role that has ports gives them
 * as ranges; undefined when some role gives only a count (then only counts are known).
 */
export function portRangesByRole(value: unknown, defaultRole: string): PortRangesByRole | undefined {
  const byRole: Record<string, PortRanges> = {};
  const entries: [string, unknown][] = isByRole(value)
    ? Object.entries(value as Record<string, unknown>)
    : [[defaultRole, value]];
  for (const [role, r] of entries) {
    if (!isObject(r)) return undefined;
    const ranges = portRanges(r.ports);
    if (ranges === undefined) return undefined;
    byRole[role] = ranges;
  }
  return byRole;
}

/** Ports written as ranges (`"[1025-32000]"`, `[[1025, 32000]]`, `["1025-32000"]`) or absent (none). */
export function portRanges(v: unknown): PortRanges | undefined {
  if (v === undefined || v === 0 || (Array.isArray(v) && v.length === 0)) return [];
  if (typeof v === "string") {
    const parsed = parseMesosValue(v);
    return parsed.ok && "ranges" in parsed.value ? parsed.value.ranges : undefined;
  }
  const ranges = rangesFromArray(v, true);
  return ranges === undefined ? undefined : coalesceRanges(ranges);
}

function portCount(v: unknown): number | undefined {
  if (typeof v === "number") return Number.isSafeInteger(v) && v >= 0 ? v : undefined;
  if (typeof v === "string") {
    const parsed = parseMesosValue(v);
    return parsed.ok && "ranges" in parsed.value ? countRanges(parsed.value.ranges) : undefined;
  }
  if (Array.isArray(v) && v.length === 0) return 0;
  const ranges = rangesFromArray(v, true);
  return ranges === undefined ? undefined : countRanges(coalesceRanges(ranges));
}
