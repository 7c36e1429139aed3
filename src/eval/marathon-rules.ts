// Marathon's operators (Constraints.scala semantics) as compiled rules: one class per behaviour, all
// constants resolved at compile time. Reads rendered, interned values; never renders or parses.
import type { JavaRegex } from "../regex/index.js";
import { describeField, instances, Rule, type Slot, SlotRule, VerdictCache } from "./rule.js";
import type { PlacementState } from "./state.js";
import type { Verdict, VerdictConstraint, VerdictKind } from "./types.js";

/** UNIQUE: no placed instance has the agent's value. */
export class UniqueRule extends SlotRule {
  readonly isStatic = false;

  override test(row: number, state: PlacementState): boolean {
    const id = this.idAt(row);
    return id >= 0 && state.slots[this.slot.index]!.count(id) === 0;
  }

  kind(row: number, state: PlacementState): VerdictKind {
    const id = this.idAt(row);
    if (id < 0) return "missing_field";
    return state.slots[this.slot.index]!.count(id) === 0 ? "ok" : "value_used";
  }

  explain(row: number, state: PlacementState): Verdict {
    const value = this.valueAt(row);
    if (value === undefined) return this.missingVerdict(false, describeField(this.slot));
    const k = state.slots[this.slot.index]!.count(this.idAt(row));
    if (k === 0) return this.verdict(true, "ok", "value not used yet", value, { count: 0, limit: 1 });
    return this.verdict(false, "value_used", `value already used by ${instances(k)}`, value, {
      count: k,
      limit: 1,
    });
  }
}

/** MAX_PER: a value not yet used is always fine; otherwise fewer than `max` instances may hold it. */
export class MaxPerRule extends SlotRule {
  readonly isStatic = false;

  constructor(
    constraint: VerdictConstraint,
    slot: Slot,
    readonly max: number,
  ) {
    super(constraint, slot);
  }

  override test(row: number, state: PlacementState): boolean {
    const id = this.idAt(row);
    if (id < 0) return false;
    const k = state.slots[this.slot.index]!.count(id);
    return k === 0 || k < this.max;
  }

  kind(row: number, state: PlacementState): VerdictKind {
    if (this.idAt(row) < 0) return "missing_field";
    return this.test(row, state) ? "ok" : "limit_reached";
  }

  explain(row: number, state: PlacementState): Verdict {
    const value = this.valueAt(row);
    if (value === undefined) return this.missingVerdict(false, describeField(this.slot));
    const k = state.slots[this.slot.index]!.count(this.idAt(row));
    const extra = { count: k, limit: this.max };
    if (k === 0) return this.verdict(true, "ok", `no instance there yet (limit ${this.max})`, value, extra);
    const there = `${instances(k)} already there (limit ${this.max})`;
    return this.verdict(k < this.max, "limit_reached", there, value, extra);
  }
}

/** CLUSTER without a value: the first placed instance fixes the value. */
export class ClusterFirstRule extends SlotRule {
  readonly isStatic = false;

  override test(row: number, state: PlacementState): boolean {
    const id = this.idAt(row);
    if (id < 0) return false;
    const first = state.firstRow;
    return first < 0 || this.idAt(first) === id;
  }

  kind(row: number, state: PlacementState): VerdictKind {
    if (this.idAt(row) < 0) return "missing_field";
    return this.test(row, state) ? "ok" : "cluster_mismatch";
  }

  explain(row: number, state: PlacementState): Verdict {
    const value = this.valueAt(row);
    if (value === undefined) return this.missingVerdict(false, describeField(this.slot));
    const first = state.firstRow;
    if (first < 0)
      return this.verdict(true, "ok", "nothing placed yet, so this agent fixes the value", value);
    const anchor = this.idAt(first);
    if (anchor < 0) {
      const why = `the first placed instance (${state.placedAgent(0).hostname}) has no ${describeField(this.slot)}, so every agent is refused`;
      return this.verdict(false, "cluster_mismatch", why, value);
    }
    const anchorValue = this.column.table.values[anchor]!;
    if (anchor === this.idAt(row)) {
      return this.verdict(true, "ok", "same value as the first placed instance", value);
    }
    return this.verdict(false, "cluster_mismatch", `the first placed instance has ${anchorValue}`, value);
  }
}

/** Legacy GROUP_BY (Marathon ≤ 1.10.26): new values always; existing ones when smallest and all groups exist. */
export class LegacyGroupByRule extends SlotRule {
  readonly isStatic = false;

  constructor(
    constraint: VerdictConstraint,
    slot: Slot,
    /** max(0, the lenient count). */
    readonly groups: number,
  ) {
    super(constraint, slot);
  }

  override test(row: number, state: PlacementState): boolean {
    const id = this.idAt(row);
    if (id < 0) return false;
    const counts = state.slots[this.slot.index]!;
    const k = counts.count(id);
    if (k === 0) return true;
    // The "none" bucket (placed agents lacking the field) is a group of its own.
    const none = counts.missing;
    const groups = none > 0 ? counts.groups + 1 : counts.groups;
    const min = none > 0 && none < counts.min ? none : counts.min;
    return groups >= this.groups && k === min;
  }

  kind(row: number, state: PlacementState): VerdictKind {
    const id = this.idAt(row);
    if (id < 0) return "missing_field";
    if (this.test(row, state)) return "ok";
    const counts = state.slots[this.slot.index]!;
    const groups = counts.missing > 0 ? counts.groups + 1 : counts.groups;
    return groups < this.groups ? "groups_incomplete" : "group_full";
  }

  explain(row: number, state: PlacementState): Verdict {
    const value = this.valueAt(row);
    if (value === undefined) return this.missingVerdict(false, describeField(this.slot));
    const counts = state.slots[this.slot.index]!;
    const k = counts.count(this.idAt(row));
    const none = counts.missing;
    const groups = none > 0 ? counts.groups + 1 : counts.groups;
    if (k === 0) {
      return this.verdict(true, "ok", `opens a new group (${groups} so far)`, value, { count: 0, groups });
    }
    const min = none > 0 && none < counts.min ? none : counts.min;
    const extra = { count: k, limit: this.groups, groups };
    if (groups < this.groups) {
      const why = `value already has ${instances(k)} and only ${groups} of ${this.groups} groups exist`;
      return this.verdict(false, "groups_incomplete", why, value, extra);
    }
    if (k !== min) {
      return this.verdict(
        false,
        "group_full",
        `group has ${instances(k)}, the smallest has ${min}`,
        value,
        extra,
      );
    }
    return this.verdict(true, "ok", `group has ${instances(k)}, tied for smallest`, value, extra);
  }
}

/** GROUP_BY as on Marathon's master (1.11): N spread as evenly as possible over G groups. */
export class ShareGroupByRule extends SlotRule {
  readonly isStatic = false;

  constructor(
    constraint: VerdictConstraint,
    slot: Slot,
    readonly groups: number,
    /** Index of this rule's share in PlacementState's per / rem / consumed arrays. */
    readonly share: number,
  ) {
    super(constraint, slot);
  }

  override test(row: number, state: PlacementState): boolean {
    const id = this.idAt(row);
    if (id < 0) return false;
    const counts = state.slots[this.slot.index]!;
    const k = counts.count(id);
    const j = this.share;
    if (k > 0) {
      const per = state.per[j]!;
      return k < per || (k === per && state.rem[j]! - state.consumed[j]! > 0);
    }
    return (counts.missing > 0 ? counts.groups + 1 : counts.groups) < this.groups;
  }

  kind(row: number, state: PlacementState): VerdictKind {
    const id = this.idAt(row);
    if (id < 0) return "missing_field";
    if (this.test(row, state)) return "ok";
    return state.slots[this.slot.index]!.count(id) === 0 ? "group_limit" : "group_full";
  }

  explain(row: number, state: PlacementState): Verdict {
    const value = this.valueAt(row);
    if (value === undefined) return this.missingVerdict(false, describeField(this.slot));
    const counts = state.slots[this.slot.index]!;
    const k = counts.count(this.idAt(row));
    const groups = counts.missing > 0 ? counts.groups + 1 : counts.groups;
    const j = this.share;
    const per = state.per[j]!;
    const left = state.rem[j]! - state.consumed[j]!;
    if (k === 0) {
      const ok = groups < this.groups;
      const why = ok
        ? `opens a new group (${groups} of ${this.groups} exist)`
        : `all ${this.groups} groups already exist (${groups} with the none bucket)`;
      return this.verdict(ok, "group_limit", why, value, { count: 0, limit: this.groups, groups });
    }
    const extra = { count: k, limit: per, groups };
    if (k < per) return this.verdict(true, "ok", `group has ${k} of its share of ${per}`, value, extra);
    if (k === per && left > 0) {
      return this.verdict(
        true,
        "ok",
        `group has its share of ${per}; ${left} of the remainder is left`,
        value,
        extra,
      );
    }
    const why =
      k === per
        ? `group has its share of ${per} and the remainder is used up`
        : `group has ${instances(k)}, above its share of ${per}`;
    return this.verdict(false, "group_full", why, value, extra);
  }
}

/** GROUP_BY on marathon-1.11 with G ≤ 0: Marathon divides by zero whenever the agent has the field. */
export class ZeroGroupByRule extends SlotRule {
  readonly isStatic = true;

  override evaluate(): boolean {
    return false;
  }

  kind(row: number): VerdictKind {
    return this.idAt(row) < 0 ? "missing_field" : "division_by_zero";
  }

  explain(row: number): Verdict {
    const value = this.valueAt(row);
    if (value === undefined) return this.missingVerdict(false, describeField(this.slot));
    const why = "GROUP_BY needs a positive group count here (Marathon 1.11 divides by zero)";
    return this.verdict(false, "division_by_zero", why, value);
  }
}

/** LIKE / UNLIKE: whole-value Java regex match; an empty pattern refuses every agent with the field. */
export class RegexRule extends SlotRule {
  readonly isStatic = true;
  readonly #cache = new VerdictCache();

  constructor(
    constraint: VerdictConstraint,
    slot: Slot,
    /** Undefined for the empty pattern, which Marathon refuses without matching. */
    readonly regex: JavaRegex | undefined,
    readonly negate: boolean,
  ) {
    super(constraint, slot);
  }

  /** Whether the value with this id matches (cached per value). */
  #matches(id: number): boolean {
    const cached = this.#cache.get(id);
    if (cached !== 0) return cached === 2;
    return this.#cache.set(id, this.regex!.matches(this.column.table.values[id]!));
  }

  override evaluate(row: number): boolean {
    const id = this.idAt(row);
    if (id < 0) return this.negate;
    if (this.regex === undefined) return false;
    return this.#matches(id) !== this.negate;
  }

  kind(row: number): VerdictKind {
    if (this.evaluate(row)) return "ok";
    return this.idAt(row) < 0 ? "missing_field" : "value_mismatch";
  }

  explain(row: number): Verdict {
    const value = this.valueAt(row);
    if (value === undefined) return this.missingVerdict(this.negate, describeField(this.slot));
    if (this.regex === undefined) {
      return this.verdict(
        false,
        "value_mismatch",
        "the pattern is empty, which Marathon never matches",
        value,
      );
    }
    const m = this.#matches(this.idAt(row));
    return this.verdict(m !== this.negate, "value_mismatch", m ? "matches" : "does not match", value);
  }
}

/** IS, and CLUSTER with a value: exact string equality with a target fixed at compile time. */
export class EqualsRule extends SlotRule {
  readonly isStatic = true;

  constructor(
    constraint: VerdictConstraint,
    slot: Slot,
    /** The compared string (IS: a scalar-looking value already normalised). */
    readonly target: string,
  ) {
    super(constraint, slot);
  }

  override evaluate(row: number): boolean {
    const id = this.idAt(row);
    return id >= 0 && this.column.table.values[id] === this.target;
  }

  kind(row: number): VerdictKind {
    if (this.evaluate(row)) return "ok";
    return this.idAt(row) < 0 ? "missing_field" : "value_mismatch";
  }

  explain(row: number): Verdict {
    const value = this.valueAt(row);
    if (value === undefined) return this.missingVerdict(false, describeField(this.slot));
    if (value === this.target) return this.verdict(true, "ok", "equal", value);
    const written = this.constraint.value;
    const note = written !== undefined && written !== this.target ? ` (${written} normalised)` : "";
    return this.verdict(false, "value_mismatch", `differs from ${JSON.stringify(this.target)}${note}`, value);
  }
}

/** dcos-sdk: constraint text that did not parse; refuses every agent. */
export class InvalidRule extends Rule {
  readonly isStatic = true;

  override get label(): string {
    return `constraints ${JSON.stringify(this.constraint.field)}`;
  }

  override evaluate(): boolean {
    return false;
  }

  kind(): VerdictKind {
    return "invalid_constraints";
  }

  explain(): Verdict {
    return this.verdict(
      false,
      "invalid_constraints",
      "the constraints are invalid, so every agent is refused",
      undefined,
    );
  }
}
