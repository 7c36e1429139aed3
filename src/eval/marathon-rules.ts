// Marathon's operators (Constraints.scala semantics) as compiled rules: one class per behaviour, all
// constants resolved at compile time. Reads rendered, interned values; never renders or parses.
import type { JavaRegex } from "../regex/index.js";
import { describeField, instances, Rule, SlotRule, VerdictCache } from "./rule.js";
import type { PlacementState } from "./state.js";
import type { Verdict, VerdictConstraint } from "./types.js";
import type { AgentView, Slot } from "./view.js";

/** UNIQUE: no placed instance has the agent's value. */
export class UniqueRule extends SlotRule {
  readonly isStatic = false;

  override test(view: AgentView, state: PlacementState): boolean {
    const id = view.ids[this.slot.index]!;
    return id >= 0 && state.slots[this.slot.index]!.count(id) === 0;
  }

  explain(view: AgentView, state: PlacementState): Verdict {
    const value = this.valueAt(view);
    if (value === undefined) return this.missingVerdict(false, describeField(this.slot));
    const k = state.slots[this.slot.index]!.count(view.ids[this.slot.index]!);
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

  override test(view: AgentView, state: PlacementState): boolean {
    const id = view.ids[this.slot.index]!;
    if (id < 0) return false;
    const k = state.slots[this.slot.index]!.count(id);
    return k === 0 || k < this.max;
  }

  explain(view: AgentView, state: PlacementState): Verdict {
    const value = this.valueAt(view);
    if (value === undefined) return this.missingVerdict(false, describeField(this.slot));
    const k = state.slots[this.slot.index]!.count(view.ids[this.slot.index]!);
    const extra = { count: k, limit: this.max };
    if (k === 0) return this.verdict(true, "ok", `no instance there yet (limit ${this.max})`, value, extra);
    const there = `${instances(k)} already there (limit ${this.max})`;
    return this.verdict(k < this.max, "limit_reached", there, value, extra);
  }
}

/** CLUSTER without a value: the first placed instance fixes the value. */
export class ClusterFirstRule extends SlotRule {
  readonly isStatic = false;

  override test(view: AgentView, state: PlacementState): boolean {
    const id = view.ids[this.slot.index]!;
    if (id < 0) return false;
    const first = state.first;
    return first === undefined || first.ids[this.slot.index] === id;
  }

  explain(view: AgentView, state: PlacementState): Verdict {
    const value = this.valueAt(view);
    if (value === undefined) return this.missingVerdict(false, describeField(this.slot));
    const first = state.first;
    if (first === undefined)
      return this.verdict(true, "ok", "nothing placed yet, so this agent fixes the value", value);
    const anchor = first.ids[this.slot.index]!;
    if (anchor < 0) {
      const why = `the first placed instance (${first.agent.hostname}) has no ${describeField(this.slot)}, so every agent is refused`;
      return this.verdict(false, "cluster_mismatch", why, value);
    }
    const anchorValue = this.slot.table.values[anchor]!;
    if (anchor === view.ids[this.slot.index]) {
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

  override test(view: AgentView, state: PlacementState): boolean {
    const id = view.ids[this.slot.index]!;
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

  explain(view: AgentView, state: PlacementState): Verdict {
    const value = this.valueAt(view);
    if (value === undefined) return this.missingVerdict(false, describeField(this.slot));
    const counts = state.slots[this.slot.index]!;
    const k = counts.count(view.ids[this.slot.index]!);
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

  override test(view: AgentView, state: PlacementState): boolean {
    const id = view.ids[this.slot.index]!;
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

  explain(view: AgentView, state: PlacementState): Verdict {
    const value = this.valueAt(view);
    if (value === undefined) return this.missingVerdict(false, describeField(this.slot));
    const counts = state.slots[this.slot.index]!;
    const k = counts.count(view.ids[this.slot.index]!);
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

  explain(view: AgentView): Verdict {
    const value = this.valueAt(view);
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
    return this.#cache.set(id, this.regex!.matches(this.slot.table.values[id]!));
  }

  override evaluate(view: AgentView): boolean {
    const id = view.ids[this.slot.index]!;
    if (id < 0) return this.negate;
    if (this.regex === undefined) return false;
    return this.#matches(id) !== this.negate;
  }

  explain(view: AgentView): Verdict {
    const value = this.valueAt(view);
    if (value === undefined) return this.missingVerdict(this.negate, describeField(this.slot));
    if (this.regex === undefined) {
      return this.verdict(
        false,
        "value_mismatch",
        "the pattern is empty, which Marathon never matches",
        value,
      );
    }
    const m = this.#matches(view.ids[this.slot.index]!);
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

  override evaluate(view: AgentView): boolean {
    const id = view.ids[this.slot.index]!;
    return id >= 0 && this.slot.table.values[id] === this.target;
  }

  explain(view: AgentView): Verdict {
    const value = this.valueAt(view);
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

  explain(): Verdict {
    return this.verdict(
      false,
      "invalid_constraints",
      "the constraints are invalid, so every agent is refused",
      undefined,
    );
  }
}
