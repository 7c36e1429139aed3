// compile(constraints) -> Matcher: resolves fields, integers and regexes once, picks one rule class per
// constraint, and checks agents against a PlacementState without allocating. Never parses text itself.
import type { Agent } from "../agents/agent.js";
import { renderScalarMarathon } from "../agents/render.js";
import type { Constraint, ConstraintTuple, Dialect } from "../ast.js";
import { type Diagnostic, type DiagnosticCode, hasErrors } from "../diagnostics.js";
import { parseGroupByCount, parseJavaInt } from "../dialects/java-int.js";
import { compileJavaRegex, type JavaRegex } from "../regex/index.js";
import { constraintsFromTuples, safeParse } from "../syntax/parse.js";
import { AgentTable, ByField, type FieldKind } from "./agent-table.js";
import { parseJavaDouble } from "./java-number.js";
import {
  ClusterFirstRule,
  EqualsRule,
  InvalidRule,
  LegacyGroupByRule,
  MaxPerRule,
  RegexRule,
  ShareGroupByRule,
  UniqueRule,
  ZeroGroupByRule,
} from "./marathon-rules.js";
import { type Rule, Slot, SlotRule } from "./rule.js";
import {
  SdkAttributeRule,
  SdkExactSlotRule,
  SdkMaxPerAttributeRule,
  SdkMaxPerSlotRule,
  SdkRegexSlotRule,
  SdkRoundRobinRule,
} from "./sdk-rules.js";
import { PlacementState, type SlotCounts } from "./state.js";
import type {
  CompileOptions,
  PlacementStateOptions,
  SafeCompileResult,
  Verdict,
  VerdictConstraint,
  VerdictKind,
} from "./types.js";

/** What `compile` accepts: constraint text (any form), parsed constraints, or `[field, op, value?]` tuples. */
export type CompileInput = string | readonly Constraint[] | readonly ConstraintTuple[];

/** Marathon's IS treats a value of this shape as a number (Constraints.scala's scalar pattern). */
const MARATHON_SCALAR = /^[0-9]+(?:\.[0-9]+)?$/;

/** A number as Java's DecimalFormat("0.###") prints it, as both dialects' number normalisation does. */
function formatDecimal(x: number): string {
  return renderScalarMarathon(x);
}

/** dcos-commons ExactMatcher: a string that reads as a Java double compares in its "0.###" form. */
function sdkNormalise(value: string): string {
  const x = parseJavaDouble(value);
  return x === undefined ? value : formatDecimal(x);
}

interface Parts {
  readonly table: AgentTable;
  readonly slots: Slot[];
  /** Slots by kind and name, so compiling n constraints is not n scans of the slot list. */
  readonly slotsByField: ByField<Slot>;
  readonly rules: Rule[];
  readonly shares: { slot: number; groups: number }[];
  needsStrings: boolean;
}

const CANONICAL: Partial<Record<FieldKind, string>> = {
  hostname: "hostname",
  region: "@region",
  zone: "@zone",
};

function slotFor(parts: Parts, kind: FieldKind, field: string): Slot {
  // hostname and @hostname read the same value, so they share one slot (and its counts).
  const name = CANONICAL[kind] ?? field;
  let slot = parts.slotsByField.get(kind, name);
  if (slot === undefined) {
    slot = new Slot(parts.slots.length, parts.table.column(kind, name));
    parts.slots.push(slot);
    parts.slotsByField.set(kind, name, slot);
  }
  return slot;
}

/** Field kind for a field: the same special names in both dialects. */
function fieldKind(field: string): FieldKind {
  if (field === "hostname" || field === "@hostname") return "hostname";
  if (field === "@region") return "region";
  if (field === "@zone") return "zone";
  return "attribute";
}

function diagnostic(code: DiagnosticCode, message: string, c: Constraint): Diagnostic {
  return { severity: "error", code, message, span: c.valueSpan ?? c.span };
}

/** Compiles a regex, moving its diagnostics' spans from pattern offsets onto the constraint. */
function regex(pattern: string, prefix: number, c: Constraint, sink: Diagnostic[]): JavaRegex | undefined {
  const result = compileJavaRegex(pattern);
  if (result.ok && result.regex !== undefined) return result.regex;
  for (const d of result.diagnostics) {
    const inField = d.span.start < prefix;
    const base = inField ? c.fieldSpan : (c.valueSpan ?? c.fieldSpan);
    const offset = inField ? d.span.start : d.span.start - prefix;
    const width = base.end - base.start;
    const start = base.start + Math.min(offset, width);
    const end = Math.max(start, Math.min(base.start + (d.span.end - (inField ? 0 : prefix)), base.end));
    sink.push({ ...d, span: { start, end } });
  }
  // A pattern we cannot evaluate fails compilation even when the regex module only warned.
  if (!result.diagnostics.some((d) => d.severity === "error")) {
    const untranslatable = result.diagnostics.some((d) => d.code === "regex_untranslatable");
    const code = untranslatable ? "regex_untranslatable" : "invalid_regex";
    sink.push(diagnostic(code, `the pattern ${JSON.stringify(pattern)} cannot be evaluated here`, c));
  }
  return undefined;
}

function display(c: Constraint) {
  return c.value === undefined
    ? { field: c.field, operator: c.operator }
    : { field: c.field, operator: c.operator, value: c.value };
}

function compileMarathon(c: Constraint, legacy: boolean, parts: Parts, sink: Diagnostic[]): Rule | undefined {
  const shown = display(c);
  const slot = slotFor(parts, fieldKind(c.field), c.field);
  // Marathon stores an absent value as "" and evaluates both alike.
  const value = c.value ?? "";
  switch (c.operator) {
    case "UNIQUE":
      return new UniqueRule(shown, slot);
    case "CLUSTER":
      return value === "" ? new ClusterFirstRule(shown, slot) : new EqualsRule(shown, slot, value);
    case "IS":
      return new EqualsRule(shown, slot, MARATHON_SCALAR.test(value) ? formatDecimal(Number(value)) : value);
    case "LIKE":
    case "UNLIKE": {
      const negate = c.operator === "UNLIKE";
      if (value === "") return new RegexRule(shown, slot, undefined, negate);
      const re = regex(value, 0, c, sink);
      return re === undefined ? undefined : new RegexRule(shown, slot, re, negate);
    }
    case "MAX_PER": {
      const max = parseJavaInt(value);
      if (max === undefined) {
        sink.push(
          diagnostic("max_per_not_integer", `MAX_PER needs a whole number, not ${JSON.stringify(value)}`, c),
        );
        return undefined;
      }
      return new MaxPerRule(shown, slot, max);
    }
    case "GROUP_BY": {
      const groups = Math.max(0, parseGroupByCount(c.value));
      if (legacy) {
        slot.groupStats = true;
        return new LegacyGroupByRule(shown, slot, groups);
      }
      if (groups === 0) return new ZeroGroupByRule(shown, slot);
      slot.groupStats = true;
      parts.shares.push({ slot: slot.index, groups });
      return new ShareGroupByRule(shown, slot, groups, parts.shares.length - 1);
    }
    case "IS_NOT":
      sink.push({
        severity: "error",
        code: "sdk_only_operator",
        message: "IS_NOT exists only in the DC/OS SDK; compile with dialect dcos-sdk or use UNLIKE",
        span: c.operatorSpan,
      });
      return undefined;
  }
}

function requireValue(c: Constraint, sink: Diagnostic[]): string | undefined {
  if (c.value === undefined) {
    sink.push({
      severity: "error",
      code: "missing_value",
      message: `${c.operator} needs a value in the DC/OS SDK`,
      upstream: `Missing required parameter for operator '${c.operator}'.`,
      span: c.span,
    });
  }
  return c.value;
}

function compileSdk(c: Constraint, parts: Parts, sink: Diagnostic[]): Rule | undefined {
  const shown = display(c);
  const kind = fieldKind(c.field);
  const attribute = kind === "attribute";
  switch (c.operator) {
    case "UNIQUE":
    case "MAX_PER": {
      let max = 1;
      if (c.operator === "MAX_PER") {
        const text = requireValue(c, sink);
        if (text === undefined) return undefined;
        const n = parseJavaInt(text);
        if (n === undefined || n < 1) {
          const code = n === undefined ? "max_per_not_integer" : "max_per_below_one";
          sink.push(
            diagnostic(code, `MAX_PER needs a whole number of at least 1, not ${JSON.stringify(text)}`, c),
          );
          return undefined;
        }
        max = n;
      }
      if (!attribute) {
        // MaxPerRegionRule has no key on an agent without a region and passes; MaxPerZoneRule fails.
        return new SdkMaxPerSlotRule(shown, slotFor(parts, kind, c.field), max, kind !== "zone");
      }
      const keys = regex(`${c.field}:.*`, c.field.length + 1, c, sink);
      if (keys === undefined) return undefined;
      parts.needsStrings = true;
      return new SdkMaxPerAttributeRule(shown, parts.table, keys, max);
    }
    case "CLUSTER":
    case "IS":
    case "IS_NOT": {
      const p = requireValue(c, sink);
      if (p === undefined) return undefined;
      const inverted = c.operator === "IS_NOT";
      if (!attribute) {
        return new SdkExactSlotRule(
          shown,
          slotFor(parts, kind, c.field),
          sdkNormalise(p),
          inverted,
          sdkNormalise,
        );
      }
      // `name:value` never reads as a double, so the attribute matchers compare plain strings.
      const target = `${c.field}:${p}`;
      parts.needsStrings = true;
      const test = inverted ? (key: string) => key !== target : (key: string) => key === target;
      return new SdkAttributeRule(shown, parts.table, test, target, false);
    }
    case "LIKE":
    case "UNLIKE": {
      const p = requireValue(c, sink);
      if (p === undefined) return undefined;
      const negate = c.operator === "UNLIKE";
      if (!attribute) {
        const re = regex(p, 0, c, sink);
        return re === undefined
          ? undefined
          : new SdkRegexSlotRule(shown, slotFor(parts, kind, c.field), re, negate);
      }
      const re = regex(`${c.field}:${p}`, c.field.length + 1, c, sink);
      if (re === undefined) return undefined;
      parts.needsStrings = true;
      return new SdkAttributeRule(shown, parts.table, (key) => re.matches(key), re.source, negate);
    }
    case "GROUP_BY": {
      let keys: number | undefined;
      if (c.value !== undefined) {
        keys = parseJavaInt(c.value);
        if (keys === undefined) {
          sink.push(
            diagnostic(
              "group_by_not_integer",
              `GROUP_BY takes a whole number, not ${JSON.stringify(c.value)}`,
              c,
            ),
          );
          return undefined;
        }
      }
      const slot = slotFor(parts, attribute ? "attribute-ci" : kind, c.field);
      if (attribute) parts.needsStrings = true;
      slot.groupStats = true;
      return new SdkRoundRobinRule(shown, slot, keys);
    }
  }
}

/** Agent-only verdicts per agent row: 0 not yet evaluated, 1 some agent-only rule rejects, 2 all accept. */
class AgentOnlyVerdicts {
  ok = new Uint8Array(0);
  /** Every row below this is settled (shared tables settle rows in bulk). */
  settled = 0;
}

const SHARED_VERDICTS = new WeakMap<AgentTable, Map<string, AgentOnlyVerdicts>>();

/**
 * The agent-only verdicts for matchers of a shared table whose agent-only rules are the same
 * constraints in the same dialect: they agree on every row, so thousands of apps with a few distinct
 * agent-only constraint lists keep a few byte-per-agent arrays, not one each (bench: memory, apps).
 */
function sharedVerdicts(table: AgentTable, dialect: Dialect, rules: readonly Rule[]): AgentOnlyVerdicts {
  let byRules = SHARED_VERDICTS.get(table);
  if (byRules === undefined) {
    byRules = new Map();
    SHARED_VERDICTS.set(table, byRules);
  }
  const key = JSON.stringify([
    dialect,
    ...rules.map((r) => [r.constraint.field, r.constraint.operator, r.constraint.value]),
  ]);
  let verdicts = byRules.get(key);
  if (verdicts === undefined) {
    verdicts = new AgentOnlyVerdicts();
    byRules.set(key, verdicts);
  }
  return verdicts;
}

/**
 * Constraints compiled for one dialect: checks an agent against what is placed with no allocation,
 * no regex work and no scan of the placed list once the agent has been seen.
 */
export class Matcher {
  /** The agent table this matcher reads: shared when given to `compile`, else its own. */
  readonly agents: AgentTable;
  /** @internal Fields read from agents (one per distinct field), with their table columns. */
  readonly slots: readonly Slot[];
  /** @internal dcos-sdk: states count every attribute string of placed agents. */
  readonly countsStrings: boolean;
  /** @internal marathon-1.11 GROUP_BY rules with a positive group count: their slot and G. */
  readonly shares: readonly { readonly slot: number; readonly groups: number }[];
  /** @internal The constraint of each rule, in order (one per verdict `explain` gives). */
  readonly ruleConstraints: readonly VerdictConstraint[];
  readonly #rules: readonly Rule[];
  readonly #stateful: readonly Rule[];
  readonly #static: readonly Rule[];
  /** The agent-only verdicts per row (shared with matchers of the same table and agent-only rules). */
  readonly #agentOnly: AgentOnlyVerdicts;
  /**
   * `#agentOnly.ok` as last seen: another matcher sharing it may have replaced it with a longer copy
   * since, but a verdict once set never changes, so a 0 here only sends the check to the holder. One
   * load fewer on the hot path (bench: check).
   */
  #staticOk = new Uint8Array(0);
  readonly #localRegion: string | null | undefined;
  readonly #remoteRegionsOpen: boolean;
  #empty: PlacementState | undefined;

  /** @internal Use `compile` / `safeCompile`. */
  constructor(
    readonly dialect: Dialect,
    /** The constraints as compiled (empty for a reject-all matcher). */
    readonly constraints: readonly Constraint[],
    parts: Parts,
    localRegion: string | null | undefined,
  ) {
    this.agents = parts.table;
    this.slots = parts.slots;
    this.shares = parts.shares;
    this.#rules = parts.rules;
    this.ruleConstraints = parts.rules.map((r) => r.constraint);
    parts.rules.forEach((r, i) => {
      r.index = i;
    });
    this.#stateful = parts.rules.filter((r) => !r.isStatic);
    this.#static = parts.rules.filter((r) => r.isStatic);
    if (parts.needsStrings) parts.table.keepStrings();
    this.countsStrings = parts.rules.some((r) => r instanceof SdkMaxPerAttributeRule);
    this.#localRegion = localRegion;
    // Marathon opens remote regions for any @region/@zone constraint; dcos-commons only for @region.
    const opening = dialect === "dcos-sdk" ? ["@region"] : ["@region", "@zone"];
    this.#remoteRegionsOpen = constraints.some((c) => opening.includes(c.field));
    if (!parts.table.holdsAgents) {
      this.#agentOnly = new AgentOnlyVerdicts();
      parts.table.onRecycle((row) => {
        const ok = this.#agentOnly.ok;
        if (row < ok.length) ok[row] = 0;
        for (const r of this.#rules) r.forget(row);
      });
    } else {
      this.#agentOnly = sharedVerdicts(parts.table, dialect, this.#static);
    }
  }

  /** The agent's row in this matcher's agent table (added when new). */
  row(agent: Agent): number {
    return this.agents.row(agent);
  }

  /**
   * Whether every constraint accepts `agent` given `state` (nothing placed when omitted). The first
   * check of an agent object renders its fields into the agent table; later checks only read counters.
   * @example compile('[["hostname","UNIQUE"]]').accepts({ hostname: "a", attributes: [] }) // true
   */
  accepts(agent: Agent, state?: PlacementState): boolean {
    return this.acceptsRow(this.agents.row(agent), state);
  }

  /**
   * `accepts` for the agent at `row` of the matcher's agent table: no lookup by object at all (the
   * simulator's path, with one shared table for the cluster).
   */
  acceptsRow(row: number, state?: PlacementState): boolean {
    if (!(row >= 0 && row < this.agents.size)) throw new RangeError(`no agent at row ${row}`);
    const verdicts = this.#staticOk;
    let ok = row < verdicts.length ? verdicts[row]! : 0;
    if (ok === 0) ok = this.#evaluateStatic(row);
    if (ok === 1) return false;
    const s = state ?? this.#emptyState();
    if (s.matcher !== this) throw new TypeError("this PlacementState belongs to another matcher");
    const rules = this.#stateful;
    for (let i = 0; i < rules.length; i++) {
      if (!rules[i]!.test(row, s)) return false;
    }
    return true;
  }

  /** One verdict per constraint, in order, with its reason; agrees with `accepts`. */
  explain(agent: Agent, state?: PlacementState): Verdict[] {
    return this.explainRow(this.agents.row(agent), state);
  }

  /** `explain` for the agent at `row` of the matcher's agent table. */
  explainRow(row: number, state?: PlacementState): Verdict[] {
    if (!(row >= 0 && row < this.agents.size)) throw new RangeError(`no agent at row ${row}`);
    const s = state ?? this.#emptyState();
    if (s.matcher !== this) throw new TypeError("this PlacementState belongs to another matcher");
    return this.#rules.map((r) => r.explain(row, s));
  }

  /**
   * @internal Whether the constraints that read the agent alone accept the agent at `row` (a quick
   * necessary condition of `acceptsRow`, for scans over many agents).
   */
  acceptsStatic(row: number): boolean {
    const verdicts = this.#staticOk;
    const ok = row < verdicts.length ? verdicts[row]! : 0;
    return (ok === 0 ? this.#evaluateStatic(row) : ok) === 2;
  }

  /**
   * @internal The agent-only verdict of every row of a shared table (2 accept, 1 reject), settled in
   * bulk; read it, never write it. Longer than the table is large.
   */
  staticVerdicts(): Uint8Array {
    const size = this.agents.size;
    const holder = this.#agentOnly;
    if (holder.settled >= size) return holder.ok;
    if (size > 0 && holder.ok.length < size) this.#evaluateStatic(size - 1);
    const ok = holder.ok;
    for (let row = 0; row < size; row++) if (ok[row] === 0) this.#evaluateStatic(row);
    // A private table may hand a row to a new agent later; only a shared table's rows stay settled.
    if (this.agents.holdsAgents) holder.settled = size;
    return holder.ok;
  }

  /**
   * @internal Constraint `i`'s verdict kind for the agent at `row` (`ok` when it accepts): what
   * summaries count, without wording any reason. Agrees with `explainRow(row, state)[i].kind`.
   */
  ruleKind(i: number, row: number, state: PlacementState): VerdictKind {
    return this.#rules[i]!.kind(row, state);
  }

  /**
   * @internal The interned value per agent row (-1: lacking) that alone decides constraint `i` against
   * a given state, when one field does (every Marathon rule; not the SDK's attribute rules).
   */
  ruleValues(i: number): Int32Array | undefined {
    const rule = this.#rules[i];
    return rule instanceof SlotRule ? rule.column.ids : undefined;
  }

  /**
   * @internal For a counting constraint (its verdict depends on how many placed instances hold the
   * agent's value, see `SlotRule.byCount`): those counts in `state`, by value id.
   */
  ruleCounts(i: number, state: PlacementState): SlotCounts | undefined {
    const rule = this.#rules[i];
    return rule instanceof SlotRule && rule.byCount ? state.slots[rule.slot.index] : undefined;
  }

  /** @internal How many distinct values `ruleValues(i)` holds (ids are below this). */
  ruleValueCount(i: number): number {
    const rule = this.#rules[i];
    return rule instanceof SlotRule ? rule.column.table.size : 0;
  }

  /** A fresh placement state for this matcher, optionally with agents already placed (in order). */
  createState(options: PlacementStateOptions = {}): PlacementState {
    return new PlacementState(this, options);
  }

  /**
   * The remote-region gate (not a constraint): with `localRegion` set at compile time, whether an
   * agent's region may be used. Marathon: agents without a region or in the local region, or any
   * agent when a constraint's field is `@region` or `@zone`; with the local region unknown (`null`)
   * every agent with a region is remote. dcos-sdk (IsLocalRegionRule): only `@region` opens remote
   * regions, and an unknown local region lets everything through.
   */
  acceptsRegion(agent: Agent): boolean {
    const local = this.#localRegion;
    if (local === undefined || this.#remoteRegionsOpen || agent.region === undefined) return true;
    if (local === null) return this.dialect === "dcos-sdk";
    return agent.region === local;
  }

  /** @internal True when `acceptsRegion` passes every agent (no gate, or a constraint opens remote regions). */
  acceptsEveryRegion(): boolean {
    return this.#localRegion === undefined || this.#remoteRegionsOpen;
  }

  #emptyState(): PlacementState {
    this.#empty ??= new PlacementState(this);
    return this.#empty;
  }

  #evaluateStatic(row: number): number {
    const size = this.agents.size;
    const holder = this.#agentOnly;
    if (row >= holder.ok.length) {
      const from = holder.ok.length;
      const next = new Uint8Array(Math.max(16, size, Math.ceil(from * 1.5)));
      next.set(holder.ok);
      holder.ok = next;
      // A shared table's rows are all known: settle them in one pass per rule, which keeps each loop
      // on one rule class (bench: explain; the per-row path costs several times more at 500 apps).
      if (this.agents.holdsAgents && size - from > 1) this.#evaluateRows(from, size);
    }
    const ok = holder.ok;
    this.#staticOk = ok;
    let verdict = ok[row]!;
    if (verdict !== 0) return verdict;
    const rules = this.#static;
    verdict = 2;
    for (let i = 0; i < rules.length; i++) {
      if (!rules[i]!.evaluate(row)) {
        verdict = 1;
        break;
      }
    }
    ok[row] = verdict;
    return verdict;
  }

  /**
   * Settles the agent-only verdicts of rows `from` to `to` (exclusive), rule by rule; a rule over one
   * field is evaluated once per distinct value (bench: explain, 400 apps on 5,000 agents in 100 racks).
   */
  #evaluateRows(from: number, to: number): void {
    const ok = this.#agentOnly.ok;
    ok.fill(2, from, to);
    for (const rule of this.#static) {
      if (!(rule instanceof SlotRule)) {
        for (let row = from; row < to; row++) if (ok[row] === 2 && !rule.evaluate(row)) ok[row] = 1;
        continue;
      }
      const ids = rule.column.ids;
      // Per value id + 1 (0: lacking the field): 0 not yet evaluated, 1 rejects, 2 accepts.
      const byValue = new Uint8Array(rule.column.table.size + 1);
      for (let row = from; row < to; row++) {
        if (ok[row] !== 2) continue;
        const v = ids[row]! + 1;
        let verdict = byValue[v]!;
        if (verdict === 0) {
          verdict = rule.evaluate(row) ? 2 : 1;
          byValue[v] = verdict;
        }
        if (verdict === 1) ok[row] = 1;
      }
    }
  }
}

function emptyParts(options: CompileOptions): Parts {
  const table = options.agents ?? new AgentTable([], { weak: true });
  return { table, slots: [], slotsByField: new ByField(), rules: [], shares: [], needsStrings: false };
}

/** A matcher that refuses every agent, as dcos-commons' InvalidPlacementRule does. */
function rejectAll(dialect: Dialect, text: string, options: CompileOptions): Matcher {
  const parts = emptyParts(options);
  parts.rules.push(new InvalidRule({ field: text, operator: "INVALID" }));
  return new Matcher(dialect, [], parts, options.localRegion);
}

/**
 * Compiles constraints for evaluation; never throws. Text is parsed and validated with `safeParse`,
 * tuples with `constraintsFromTuples`; `Constraint` objects are taken as already validated.
 * @example safeCompile("hostname:UNIQUE", { dialect: "dcos-sdk" }).ok // true
 */
export function safeCompile(input: CompileInput, options: CompileOptions = {}): SafeCompileResult<Matcher> {
  const dialect = options.dialect ?? "marathon";
  const diagnostics: Diagnostic[] = [];
  let constraints: readonly Constraint[];
  if (typeof input === "string") {
    const parsed = safeParse(
      input,
      options.form === undefined ? { dialect } : { dialect, form: options.form },
    );
    for (const d of parsed.diagnostics) diagnostics.push(d);
    constraints = parsed.constraints;
  } else if (input.length > 0 && Array.isArray(input[0])) {
    const parsed = constraintsFromTuples(input as readonly ConstraintTuple[], { dialect });
    for (const d of parsed.diagnostics) diagnostics.push(d);
    constraints = parsed.constraints;
  } else {
    constraints = input as readonly Constraint[];
  }
  const fail = (): SafeCompileResult<Matcher> => {
    const text = typeof input === "string" ? input : JSON.stringify(constraints.map(display));
    return options.invalid === "reject"
      ? { ok: false, matcher: rejectAll(dialect, text, options), diagnostics }
      : { ok: false, diagnostics };
  };
  if (hasErrors(diagnostics)) return fail();
  const parts = emptyParts(options);
  const before = diagnostics.length;
  for (const c of constraints) {
    const rule =
      dialect === "dcos-sdk"
        ? compileSdk(c, parts, diagnostics)
        : compileMarathon(c, dialect === "marathon", parts, diagnostics);
    if (rule !== undefined) parts.rules.push(rule);
  }
  if (diagnostics.length > before && hasErrors(diagnostics.slice(before))) return fail();
  return { ok: true, matcher: new Matcher(dialect, constraints, parts, options.localRegion), diagnostics };
}

/**
 * Compiles constraints for evaluation; throws an Error listing the diagnostics when they are invalid
 * (unless `invalid: "reject"`, which gives a matcher refusing every agent instead).
 * @example compile('[["rack","MAX_PER","2"]]').accepts(agent, state)
 */
export function compile(input: CompileInput, options: CompileOptions = {}): Matcher {
  const result = safeCompile(input, options);
  if (result.matcher !== undefined) return result.matcher;
  const lines = result.diagnostics
    .filter((d) => d.severity === "error")
    .map((d) => `error[${d.code}] at ${d.span.start}-${d.span.end}: ${d.message}`);
  throw new Error(`invalid constraints:\n${lines.join("\n")}`);
}
