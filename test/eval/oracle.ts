// A slow, obviously-correct evaluator written straight from the notes (marathon-semantics.md §1-§4,
// formats.md §1.3-§1.5): renders on every call and scans the placed list. Test-only.
import type { Agent } from "../../src/agents/agent.js";
import { renderAttribute, renderScalarMarathon } from "../../src/agents/render.js";
import type { Dialect, Operator } from "../../src/ast.js";
import { compileJavaRegex } from "../../src/regex/index.js";

export interface OracleConstraint {
  readonly field: string;
  readonly operator: Operator;
  readonly value?: string;
}

const INT_MAX = 2147483647;

function javaInt(s: string): number | undefined {
  if (!/^[+-]?[0-9]+$/.test(s)) return undefined;
  const n = Number(s);
  return n >= -2147483648 && n <= INT_MAX ? n : undefined;
}

function fullMatch(pattern: string, input: string): boolean {
  const r = compileJavaRegex(pattern);
  if (!r.ok || r.regex === undefined) throw new Error(`oracle: bad pattern ${pattern}`);
  return r.regex.matches(input);
}

// ---- Marathon -------------------------------------------------------------------------------------

/** Marathon's value for a field on an agent (first attribute of that name, rendered). */
export function marathonRead(agent: Agent, field: string): string | undefined {
  if (field === "hostname" || field === "@hostname") return agent.hostname;
  if (field === "@region") return agent.region;
  if (field === "@zone") return agent.zone;
  const a = agent.attributes.find((x) => x.name === field);
  return a === undefined ? undefined : renderAttribute(a, "marathon");
}

function marathonOne(
  c: OracleConstraint,
  legacy: boolean,
  agent: Agent,
  placed: readonly Agent[],
  instances: number,
): boolean {
  const v = marathonRead(agent, c.field);
  if (v === undefined) return c.operator === "UNLIKE";
  const value = c.value ?? "";
  const placedValues = placed.map((p) => marathonRead(p, c.field));
  switch (c.operator) {
    case "UNIQUE":
      return placedValues.every((p) => p !== v);
    case "CLUSTER":
      if (value !== "") return v === value;
      return placed.length === 0 || placedValues[0] === v;
    case "LIKE":
      return value !== "" && fullMatch(value, v);
    case "UNLIKE":
      return value !== "" && !fullMatch(value, v);
    case "MAX_PER": {
      const k = placedValues.filter((p) => p === v).length;
      return k === 0 || k < javaInt(value)!;
    }
    case "IS": {
      const target = /^[0-9]+(\.[0-9]+)?$/.test(value) ? renderScalarMarathon(Number(value)) : value;
      return v === target;
    }
    case "GROUP_BY": {
      const g = Math.max(0, value === "inf" ? INT_MAX : (javaInt(value) ?? 0));
      const groups = new Map<string | undefined, number>();
      for (const p of placedValues) groups.set(p, (groups.get(p) ?? 0) + 1);
      const k = groups.get(v);
      if (legacy) {
        if (k === undefined) return true;
        return groups.size >= g && k === Math.min(...groups.values());
      }
      if (g === 0) return false;
      const n = placed.length > 0 ? instances : 1;
      const per = Math.trunc(n / g);
      const rem = n % g;
      let consumed = 0;
      for (const count of groups.values()) consumed += Math.max(0, count - per);
      if (k !== undefined) return k < per || (k === per && rem - consumed > 0);
      return groups.size < g;
    }
    default:
      throw new Error(`oracle: ${c.operator} is not a Marathon operator`);
  }
}

// ---- dcos-sdk -------------------------------------------------------------------------------------

type Kind = "H" | "Z" | "R" | "A";
const kindOf = (f: string): Kind =>
  f === "hostname" || f === "@hostname" ? "H" : f === "@zone" ? "Z" : f === "@region" ? "R" : "A";

const attributeStrings = (agent: Agent) => agent.attributes.map((a) => renderAttribute(a, "dcos-sdk"));

function singleKey(agent: Agent, kind: Kind): string | undefined {
  return kind === "H" ? agent.hostname : kind === "Z" ? agent.zone : agent.region;
}

/** Java Double.valueOf for the plain shapes the tests generate, then DecimalFormat("0.###"). */
function exactNormalise(s: string): string {
  const t = s.trim();
  if (!/^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/.test(t)) return s;
  return renderScalarMarathon(Number(t));
}

function sdkOne(c: OracleConstraint, agent: Agent, placed: readonly Agent[]): boolean {
  const kind = kindOf(c.field);
  const p = c.value ?? "";
  switch (c.operator) {
    case "UNIQUE":
    case "MAX_PER": {
      const max = c.operator === "UNIQUE" ? 1 : javaInt(p)!;
      const keyFilter = `${c.field}:.*`;
      const keysOf = (a: Agent): string[] => {
        if (kind === "A") return attributeStrings(a).filter((k) => fullMatch(keyFilter, k));
        const k = singleKey(a, kind);
        return k === undefined ? [] : [k];
      };
      if (kind === "Z" && agent.zone === undefined) return false;
      const offerKeys = keysOf(agent);
      if (kind === "A" && offerKeys.length === 0) return false;
      const counts = new Map<string, number>();
      for (const k of offerKeys) counts.set(k, (counts.get(k) ?? 0) + 1);
      for (const task of placed) {
        for (const k of keysOf(task)) if (offerKeys.includes(k)) counts.set(k, (counts.get(k) ?? 0) + 1);
      }
      return [...counts.values()].every((n) => n <= max);
    }
    case "CLUSTER":
    case "IS":
    case "IS_NOT": {
      const target = kind === "A" ? `${c.field}:${p}` : p;
      const test = (key: string) =>
        (exactNormalise(key) === exactNormalise(target)) !== (c.operator === "IS_NOT");
      if (kind === "A") return attributeStrings(agent).some(test);
      const key = singleKey(agent, kind);
      return key !== undefined && test(key);
    }
    case "LIKE":
    case "UNLIKE": {
      let inner: boolean;
      if (kind === "A") inner = attributeStrings(agent).some((k) => fullMatch(`${c.field}:${p}`, k));
      else {
        const key = singleKey(agent, kind);
        inner = key !== undefined && fullMatch(p, key);
      }
      return c.operator === "LIKE" ? inner : !inner;
    }
    case "GROUP_BY": {
      const keyOf = (a: Agent): string | undefined => {
        if (kind !== "A") return singleKey(a, kind);
        const i = a.attributes.findIndex((x) => x.name.toUpperCase() === c.field.toUpperCase());
        return i < 0 ? undefined : attributeStrings(a)[i]!.slice(a.attributes[i]!.name.length + 1);
      };
      const key = keyOf(agent);
      if (key === undefined) return false;
      const counts = new Map<string, number>();
      for (const task of placed) {
        const k = keyOf(task);
        if (k !== undefined) counts.set(k, (counts.get(k) ?? 0) + 1);
      }
      const values = [...counts.values()];
      const min = values.length === 0 ? 0 : Math.min(...values);
      const max = values.length === 0 ? 0 : Math.max(...values);
      const here = counts.get(key) ?? 0;
      if (min === max || here <= min) {
        if (c.value === undefined) return true;
        if (counts.size >= javaInt(c.value)!) return true;
        return here === 0;
      }
      return false;
    }
  }
}

/** Whether `agent` satisfies every constraint given the placed agents, per the notes. */
export function oracleAccepts(
  dialect: Dialect,
  constraints: readonly OracleConstraint[],
  agent: Agent,
  placed: readonly Agent[],
  instances: number,
): boolean {
  return constraints.every((c) =>
    dialect === "dcos-sdk"
      ? sdkOne(c, agent, placed)
      : marathonOne(c, dialect === "marathon", agent, placed, instances),
  );
}
