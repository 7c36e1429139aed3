// The compiled form of one constraint: a small class chosen at compile time, so a check is a virtual
// call and never a switch on the operator. Rules read agents as rows of an AgentTable. Also the helpers
// every rule uses to word its verdict.
import type { Column } from "./agent-table.js";
import type { PlacementState } from "./state.js";
import type { Verdict, VerdictConstraint, VerdictKind } from "./types.js";

/** One field a matcher reads: its table column, and its index in the matcher's placement counts. */
export class Slot {
  /** Some GROUP_BY reads group statistics (group count, min, max) from this slot. */
  groupStats = false;

  constructor(
    readonly index: number,
    readonly column: Column,
  ) {}

  get kind() {
    return this.column.kind;
  }

  get name(): string {
    return this.column.name;
  }
}

/** One compiled constraint. */
export abstract class Rule {
  /** Position in the matcher's rule list (set by the matcher). */
  index = -1;

  constructor(readonly constraint: VerdictConstraint) {}

  /** True when the verdict depends on the agent alone: it is computed once per agent and matcher. */
  abstract readonly isStatic: boolean;

  /** Agent-only verdict (static rules), called once per row and cached by the matcher. */
  evaluate(_row: number): boolean {
    return true;
  }

  /** The verdict against `state`. Stateful rules read counters; agent-only rules evaluate the row (explain only). */
  test(row: number, _state: PlacementState): boolean {
    return this.evaluate(row);
  }

  /** The verdict's kind alone (`ok` when accepted): what summaries count, with no reason to word. */
  abstract kind(row: number, state: PlacementState): VerdictKind;

  /** The verdict with its reason (slow path; must agree with `test` and `kind`). */
  abstract explain(row: number, state: PlacementState): Verdict;

  /** A private table gave `row` to a new agent: drop anything cached for it. */
  forget(_row: number): void {}

  /** `field:OPERATOR[:value]`, for reasons. */
  get label(): string {
    const c = this.constraint;
    return c.value === undefined ? `${c.field}:${c.operator}` : `${c.field}:${c.operator}:${c.value}`;
  }

  protected verdict(
    accepted: boolean,
    kind: VerdictKind,
    why: string,
    value: string | undefined,
    extra: { count?: number; limit?: number; groups?: number; missing?: boolean } = {},
  ): Verdict {
    const subject = value === undefined ? "" : ` ${value}`;
    return {
      constraint: this.constraint,
      accepted,
      kind: accepted ? "ok" : kind,
      ...(value === undefined ? {} : { value }),
      ...(extra.missing ? { missing: true as const } : {}),
      ...(extra.count === undefined ? {} : { count: extra.count }),
      ...(extra.limit === undefined ? {} : { limit: extra.limit }),
      ...(extra.groups === undefined ? {} : { groups: extra.groups }),
      reason: `${this.label} ${accepted ? "accepts" : "rejects"}${subject}: ${why}`,
    };
  }

  /** The verdict for an agent that lacks the field. */
  protected missingVerdict(accepted: boolean, what: string): Verdict {
    return this.verdict(accepted, "missing_field", `agent has no ${what}`, undefined, { missing: true });
  }
}

/** A rule over one field ("slot"): reads the agent's interned value of that field from its column. */
export abstract class SlotRule extends Rule {
  readonly column: Column;

  constructor(
    constraint: VerdictConstraint,
    readonly slot: Slot,
  ) {
    super(constraint);
    this.column = slot.column;
  }

  /** The agent's interned value, or -1 when it lacks the field. */
  protected idAt(row: number): number {
    return this.column.ids[row]!;
  }

  protected valueAt(row: number): string | undefined {
    return this.column.value(row);
  }
}

/** "1 instance" / "2 instances". */
export function instances(n: number, noun = "instance"): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

/** How a missing field is described: `attribute rack`, `fault domain (@zone)`. */
export function describeField(slot: Slot): string {
  switch (slot.kind) {
    case "region":
    case "zone":
      return `fault domain (${slot.name})`;
    case "hostname":
      return "hostname";
    default:
      return `attribute ${slot.name}`;
  }
}

/** Caches a boolean verdict per interned value id (0 unknown, 1 false, 2 true). */
export class VerdictCache {
  #cells = new Uint8Array(64);

  get(id: number): number {
    return id < this.#cells.length ? this.#cells[id]! : 0;
  }

  set(id: number, verdict: boolean): boolean {
    if (id >= this.#cells.length) {
      let n = this.#cells.length;
      while (n <= id) n *= 2;
      const next = new Uint8Array(n);
      next.set(this.#cells);
      this.#cells = next;
    }
    this.#cells[id] = verdict ? 2 : 1;
    return verdict;
  }
}
