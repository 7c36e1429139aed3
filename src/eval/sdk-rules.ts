// dcos-commons placement rules (MarathonConstraintParser's mapping) as compiled rules: MaxPer*,
// RoundRobinBy*, Hostname/Zone/Region/Attribute rules with exact, inverted and regex matchers.
import type { JavaRegex } from "../regex/index.js";
import type { AgentTable, InternTable } from "./agent-table.js";
import { describeField, instances, Rule, type Slot, SlotRule, VerdictCache } from "./rule.js";
import type { PlacementState } from "./state.js";
import type { Verdict, VerdictConstraint, VerdictKind } from "./types.js";

const NO_KEYS = new Int32Array(0);

/** MaxPerHostnameRule / MaxPerZoneRule / MaxPerRegionRule: the agent plus placed tasks with its key ≤ max. */
export class SdkMaxPerSlotRule extends SlotRule {
  readonly isStatic = false;

  constructor(
    constraint: VerdictConstraint,
    slot: Slot,
    readonly max: number,
    /** MaxPerRegionRule has no key without a region and so passes; MaxPerZoneRule fails. */
    readonly missingPasses: boolean,
  ) {
    super(constraint, slot);
  }

  override test(row: number, state: PlacementState): boolean {
    const id = this.idAt(row);
    if (id < 0) return this.missingPasses;
    return state.slots[this.slot.index]!.count(id) < this.max;
  }

  kind(row: number, state: PlacementState): VerdictKind {
    if (this.test(row, state)) return "ok";
    if (this.idAt(row) < 0) return "missing_field";
    return this.constraint.operator === "UNIQUE" ? "value_used" : "limit_reached";
  }

  explain(row: number, state: PlacementState): Verdict {
    const value = this.valueAt(row);
    if (value === undefined) return this.missingVerdict(this.missingPasses, describeField(this.slot));
    const k = state.slots[this.slot.index]!.count(this.idAt(row));
    const kind = this.constraint.operator === "UNIQUE" ? "value_used" : "limit_reached";
    const why =
      k === 0
        ? `no task there yet (limit ${this.max})`
        : `${instances(k, "task")} already there (limit ${this.max})`;
    return this.verdict(k < this.max, kind, why, value, { count: k, limit: this.max });
  }
}

/** Attribute UNIQUE / MAX_PER: AttributeRule(`f:.*`) AND MaxPerAttributeRule over every matching key. */
export class SdkMaxPerAttributeRule extends Rule {
  readonly isStatic = false;
  readonly #cache = new VerdictCache();
  readonly strings: InternTable;
  /** Per row, the agent's matching keys (see `#pairs`), computed on first use. */
  #prepared: (Int32Array | undefined)[] = [];

  constructor(
    constraint: VerdictConstraint,
    readonly table: AgentTable,
    /** The key filter `f:.*`, with the field's regex characters live as upstream has them. */
    readonly keys: JavaRegex,
    readonly max: number,
  ) {
    super(constraint);
    this.strings = table.strings;
  }

  override forget(row: number): void {
    this.#prepared[row] = undefined;
  }

  #isKey(id: number): boolean {
    const cached = this.#cache.get(id);
    if (cached !== 0) return cached === 2;
    return this.#cache.set(id, this.keys.matches(this.strings.values[id]!));
  }

  /** Distinct matching keys with their multiplicity on the agent: [id, m, id, m, ...]. */
  #pairs(row: number): Int32Array {
    const cached = this.#prepared[row];
    if (cached !== undefined) return cached;
    const pairs: number[] = [];
    for (const id of this.table.stringsOf(row)) {
      if (!this.#isKey(id)) continue;
      let i = 0;
      while (i < pairs.length && pairs[i] !== id) i += 2;
      if (i < pairs.length) pairs[i + 1]!++;
      else pairs.push(id, 1);
    }
    const out = pairs.length === 0 ? NO_KEYS : Int32Array.from(pairs);
    this.#prepared[row] = out;
    return out;
  }

  override test(row: number, state: PlacementState): boolean {
    const pairs = this.#pairs(row);
    if (pairs.length === 0) return false;
    const counts = state.strings;
    for (let i = 0; i < pairs.length; i += 2) {
      if (pairs[i + 1]! + counts.count(pairs[i]!) > this.max) return false;
    }
    return true;
  }

  kind(row: number, state: PlacementState): VerdictKind {
    if (this.test(row, state)) return "ok";
    if (this.#pairs(row).length === 0) return "missing_field";
    return this.constraint.operator === "UNIQUE" ? "value_used" : "limit_reached";
  }

  explain(row: number, state: PlacementState): Verdict {
    const pairs = this.#pairs(row);
    if (pairs.length === 0) return this.missingVerdict(false, `attribute matching ${this.keys.source}`);
    const kind = this.constraint.operator === "UNIQUE" ? "value_used" : "limit_reached";
    let worst = 0;
    for (let i = 0; i < pairs.length; i += 2) {
      if (pairs[i + 1]! + state.strings.count(pairs[i]!) > this.max) {
        worst = i;
        break;
      }
    }
    const key = this.strings.values[pairs[worst]!]!;
    const k = state.strings.count(pairs[worst]!);
    const own = pairs[worst + 1]!;
    const ok = own + k <= this.max;
    const self = own > 1 ? `, and the agent itself has this key ${own} times` : "";
    const why = `${instances(k, "task")} already there (limit ${this.max})${self}`;
    return this.verdict(ok, kind, why, key, { count: k, limit: this.max });
  }
}

/** RoundRobinBy{Hostname,Zone,Region,Attribute}Rule: fill the least-used known keys first. */
export class SdkRoundRobinRule extends SlotRule {
  readonly isStatic = false;

  constructor(
    constraint: VerdictConstraint,
    slot: Slot,
    /** The distinct key count, when given. */
    readonly keys: number | undefined,
  ) {
    super(constraint, slot);
  }

  override test(row: number, state: PlacementState): boolean {
    const id = this.idAt(row);
    if (id < 0) return false;
    const counts = state.slots[this.slot.index]!;
    const c = counts.count(id);
    if (counts.min !== counts.max && c > counts.min) return false;
    return this.keys === undefined || counts.groups >= this.keys || c === 0;
  }

  kind(row: number, state: PlacementState): VerdictKind {
    if (this.idAt(row) < 0) return "missing_field";
    return this.test(row, state) ? "ok" : "group_full";
  }

  explain(row: number, state: PlacementState): Verdict {
    const value = this.valueAt(row);
    if (value === undefined) return this.missingVerdict(false, describeField(this.slot));
    const counts = state.slots[this.slot.index]!;
    const c = counts.count(this.idAt(row));
    const extra = {
      count: c,
      groups: counts.groups,
      ...(this.keys === undefined ? {} : { limit: this.keys }),
    };
    const spread = `${c} here, known keys hold ${counts.min} to ${counts.max}`;
    if (counts.min !== counts.max && c > counts.min) {
      return this.verdict(false, "group_full", `key is already full (${spread})`, value, extra);
    }
    if (this.keys === undefined) return this.verdict(true, "ok", spread, value, extra);
    if (counts.groups >= this.keys) {
      return this.verdict(true, "ok", `all ${this.keys} keys are known (${spread})`, value, extra);
    }
    const why = `only ${counts.groups} of ${this.keys} keys are known, so only unused keys are filled (${spread})`;
    return this.verdict(c === 0, "group_full", why, value, extra);
  }
}

/** HostnameRule / ZoneRule / RegionRule with an ExactMatcher or InvertedExactMatcher. */
export class SdkExactSlotRule extends SlotRule {
  readonly isStatic = true;
  readonly #cache = new VerdictCache();

  constructor(
    constraint: VerdictConstraint,
    slot: Slot,
    /** The parameter, normalised when it reads as a Java double. */
    readonly target: string,
    readonly inverted: boolean,
    readonly normalise: (value: string) => string,
  ) {
    super(constraint, slot);
  }

  #equal(id: number): boolean {
    const cached = this.#cache.get(id);
    if (cached !== 0) return cached === 2;
    return this.#cache.set(id, this.normalise(this.column.table.values[id]!) === this.target);
  }

  override evaluate(row: number): boolean {
    const id = this.idAt(row);
    return id >= 0 && this.#equal(id) !== this.inverted;
  }

  kind(row: number): VerdictKind {
    if (this.evaluate(row)) return "ok";
    return this.idAt(row) < 0 ? "missing_field" : "value_mismatch";
  }

  explain(row: number): Verdict {
    const value = this.valueAt(row);
    if (value === undefined) return this.missingVerdict(false, describeField(this.slot));
    const eq = this.#equal(this.idAt(row));
    const shown = this.normalise(value);
    const as = shown === value ? "" : ` (read as ${shown})`;
    const why = eq
      ? `equals ${JSON.stringify(this.target)}${as}`
      : `differs from ${JSON.stringify(this.target)}${as}`;
    return this.verdict(eq !== this.inverted, "value_mismatch", why, value);
  }
}

/** HostnameRule / ZoneRule / RegionRule with a RegexMatcher; UNLIKE wraps it in NotRule. */
export class SdkRegexSlotRule extends SlotRule {
  readonly isStatic = true;
  readonly #cache = new VerdictCache();

  constructor(
    constraint: VerdictConstraint,
    slot: Slot,
    readonly regex: JavaRegex,
    readonly negate: boolean,
  ) {
    super(constraint, slot);
  }

  #matches(id: number): boolean {
    const cached = this.#cache.get(id);
    if (cached !== 0) return cached === 2;
    return this.#cache.set(id, this.regex.matches(this.column.table.values[id]!));
  }

  override evaluate(row: number): boolean {
    const id = this.idAt(row);
    // Without the key the inner rule fails, so NotRule passes.
    if (id < 0) return this.negate;
    return this.#matches(id) !== this.negate;
  }

  kind(row: number): VerdictKind {
    if (this.evaluate(row)) return "ok";
    return this.idAt(row) < 0 ? "missing_field" : "value_mismatch";
  }

  explain(row: number): Verdict {
    const value = this.valueAt(row);
    if (value === undefined) return this.missingVerdict(this.negate, describeField(this.slot));
    const m = this.#matches(this.idAt(row));
    return this.verdict(m !== this.negate, "value_mismatch", m ? "matches" : "does not match", value);
  }
}

/** AttributeRule over every `name:value` string, with an exact, inverted or regex matcher. */
export class SdkAttributeRule extends Rule {
  readonly isStatic = true;
  readonly #cache = new VerdictCache();

  readonly strings: InternTable;

  constructor(
    constraint: VerdictConstraint,
    readonly table: AgentTable,
    /** The whole-string test of one attribute string (exact `f:p`, its inverse, or regex `f:p`). */
    readonly matcher: (key: string) => boolean,
    /** What the matcher looks for, for reasons. */
    readonly pattern: string,
    /** UNLIKE: NotRule around the AttributeRule. */
    readonly negate: boolean,
  ) {
    super(constraint);
    this.strings = table.strings;
  }

  #matches(id: number): boolean {
    const cached = this.#cache.get(id);
    if (cached !== 0) return cached === 2;
    return this.#cache.set(id, this.matcher(this.strings.values[id]!));
  }

  #firstMatch(row: number): number {
    for (const id of this.table.stringsOf(row)) if (this.#matches(id)) return id;
    return -1;
  }

  override evaluate(row: number): boolean {
    return this.#firstMatch(row) >= 0 !== this.negate;
  }

  kind(row: number): VerdictKind {
    if (this.evaluate(row)) return "ok";
    return this.table.stringsOf(row).length === 0 ? "missing_field" : "value_mismatch";
  }

  explain(row: number): Verdict {
    const found = this.#firstMatch(row);
    if (found >= 0) {
      const key = this.strings.values[found]!;
      const why =
        this.constraint.operator === "IS_NOT" ? `differs from ${this.pattern}` : `matches ${this.pattern}`;
      return this.verdict(!this.negate, "value_mismatch", why, key);
    }
    const n = this.table.stringsOf(row).length;
    if (n === 0) return this.missingVerdict(this.negate, "attributes");
    const why =
      this.constraint.operator === "IS_NOT"
        ? `all ${instances(n, "attribute string")} equal ${this.pattern}`
        : `none of ${instances(n, "attribute string")} matches ${this.pattern}`;
    return this.verdict(this.negate, "value_mismatch", why, undefined);
  }
}
