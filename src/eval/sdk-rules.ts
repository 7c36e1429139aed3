// dcos-commons placement rules (MarathonConstraintParser's mapping) as compiled rules: MaxPer*,
// RoundRobinBy*, Hostname/Zone/Region/Attribute rules with exact, inverted and regex matchers.
import type { JavaRegex } from "../regex/index.js";
import { describeField, instances, Rule, SlotRule, VerdictCache } from "./rule.js";
import type { PlacementState } from "./state.js";
import type { Verdict, VerdictConstraint } from "./types.js";
import type { AgentView, InternTable, Slot } from "./view.js";

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

  override test(view: AgentView, state: PlacementState): boolean {
    const id = view.ids[this.slot.index]!;
    if (id < 0) return this.missingPasses;
    return state.slots[this.slot.index]!.count(id) < this.max;
  }

  explain(view: AgentView, state: PlacementState): Verdict {
    const value = this.valueAt(view);
    if (value === undefined) return this.missingVerdict(this.missingPasses, describeField(this.slot));
    const k = state.slots[this.slot.index]!.count(view.ids[this.slot.index]!);
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

  constructor(
    constraint: VerdictConstraint,
    readonly strings: InternTable,
    /** The key filter `f:.*`, with the field's regex characters live as upstream has them. */
    readonly keys: JavaRegex,
    readonly max: number,
  ) {
    super(constraint);
  }

  #isKey(id: number): boolean {
    const cached = this.#cache.get(id);
    if (cached !== 0) return cached === 2;
    return this.#cache.set(id, this.keys.matches(this.strings.values[id]!));
  }

  /** Distinct matching keys with their multiplicity on the agent: [id, m, id, m, ...]. */
  override prepare(view: AgentView): Int32Array {
    const pairs: number[] = [];
    for (const id of view.strings) {
      if (!this.#isKey(id)) continue;
      let i = 0;
      while (i < pairs.length && pairs[i] !== id) i += 2;
      if (i < pairs.length) pairs[i + 1]!++;
      else pairs.push(id, 1);
    }
    return pairs.length === 0 ? NO_KEYS : Int32Array.from(pairs);
  }

  override test(view: AgentView, state: PlacementState): boolean {
    const pairs = view.data[this.index]!;
    if (pairs.length === 0) return false;
    const counts = state.strings;
    for (let i = 0; i < pairs.length; i += 2) {
      if (pairs[i + 1]! + counts.count(pairs[i]!) > this.max) return false;
    }
    return true;
  }

  explain(view: AgentView, state: PlacementState): Verdict {
    const pairs = view.data[this.index]!;
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

  override test(view: AgentView, state: PlacementState): boolean {
    const id = view.ids[this.slot.index]!;
    if (id < 0) return false;
    const counts = state.slots[this.slot.index]!;
    const c = counts.count(id);
    if (counts.min !== counts.max && c > counts.min) return false;
    return this.keys === undefined || counts.groups >= this.keys || c === 0;
  }

  explain(view: AgentView, state: PlacementState): Verdict {
    const value = this.valueAt(view);
    if (value === undefined) return this.missingVerdict(false, describeField(this.slot));
    const counts = state.slots[this.slot.index]!;
    const c = counts.count(view.ids[this.slot.index]!);
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
    return this.#cache.set(id, this.normalise(this.slot.table.values[id]!) === this.target);
  }

  override evaluate(view: AgentView): boolean {
    const id = view.ids[this.slot.index]!;
    return id >= 0 && this.#equal(id) !== this.inverted;
  }

  explain(view: AgentView): Verdict {
    const value = this.valueAt(view);
    if (value === undefined) return this.missingVerdict(false, describeField(this.slot));
    const eq = this.#equal(view.ids[this.slot.index]!);
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
    return this.#cache.set(id, this.regex.matches(this.slot.table.values[id]!));
  }

  override evaluate(view: AgentView): boolean {
    const id = view.ids[this.slot.index]!;
    // Without the key the inner rule fails, so NotRule passes.
    if (id < 0) return this.negate;
    return this.#matches(id) !== this.negate;
  }

  explain(view: AgentView): Verdict {
    const value = this.valueAt(view);
    if (value === undefined) return this.missingVerdict(this.negate, describeField(this.slot));
    const m = this.#matches(view.ids[this.slot.index]!);
    return this.verdict(m !== this.negate, "value_mismatch", m ? "matches" : "does not match", value);
  }
}

/** AttributeRule over every `name:value` string, with an exact, inverted or regex matcher. */
export class SdkAttributeRule extends Rule {
  readonly isStatic = true;
  readonly #cache = new VerdictCache();

  constructor(
    constraint: VerdictConstraint,
    readonly strings: InternTable,
    /** The whole-string test of one attribute string (exact `f:p`, its inverse, or regex `f:p`). */
    readonly matcher: (key: string) => boolean,
    /** What the matcher looks for, for reasons. */
    readonly pattern: string,
    /** UNLIKE: NotRule around the AttributeRule. */
    readonly negate: boolean,
  ) {
    super(constraint);
  }

  #matches(id: number): boolean {
    const cached = this.#cache.get(id);
    if (cached !== 0) return cached === 2;
    return this.#cache.set(id, this.matcher(this.strings.values[id]!));
  }

  #firstMatch(view: AgentView): number {
    for (const id of view.strings) if (this.#matches(id)) return id;
    return -1;
  }

  override evaluate(view: AgentView): boolean {
    return this.#firstMatch(view) >= 0 !== this.negate;
  }

  explain(view: AgentView): Verdict {
    const found = this.#firstMatch(view);
    if (found >= 0) {
      const key = this.strings.values[found]!;
      const why =
        this.constraint.operator === "IS_NOT" ? `differs from ${this.pattern}` : `matches ${this.pattern}`;
      return this.verdict(!this.negate, "value_mismatch", why, key);
    }
    const n = view.strings.length;
    if (n === 0) return this.missingVerdict(this.negate, "attributes");
    const why =
      this.constraint.operator === "IS_NOT"
        ? `all ${instances(n, "attribute string")} equal ${this.pattern}`
        : `none of ${instances(n, "attribute string")} matches ${this.pattern}`;
    return this.verdict(this.negate, "value_mismatch", why, undefined);
  }
}
