// The compiled form of one constraint: a small class chosen at compile time, so a check is a virtual
// call and never a switch on the operator. Also the helpers every rule uses to word its verdict.
import type { PlacementState } from "./state.js";
import type { Verdict, VerdictConstraint, VerdictKind } from "./types.js";
import type { AgentView, Slot } from "./view.js";

/** One compiled constraint. */
export abstract class Rule {
  /** Position in the matcher's rule list (set by the matcher). */
  index = -1;

  constructor(readonly constraint: VerdictConstraint) {}

  /** True when the verdict depends on the agent alone: it is computed once per agent view. */
  abstract readonly isStatic: boolean;

  /** Agent-only verdict (static rules), called once while a view is built. */
  evaluate(_view: AgentView): boolean {
    return true;
  }

  /** Per-agent data a stateful rule wants precomputed into the view. */
  prepare(_view: AgentView): Int32Array | undefined {
    return undefined;
  }

  /** The verdict against `state`. Stateful rules read counters; agent-only rules evaluate the view (explain only). */
  test(view: AgentView, _state: PlacementState): boolean {
    return this.evaluate(view);
  }

  /** The verdict with its reason (slow path; must agree with `test`). */
  abstract explain(view: AgentView, state: PlacementState): Verdict;

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

/** A rule over one field ("slot"): reads the agent's interned value of that field. */
export abstract class SlotRule extends Rule {
  constructor(
    constraint: VerdictConstraint,
    readonly slot: Slot,
  ) {
    super(constraint);
  }

  protected valueAt(view: AgentView): string | undefined {
    const id = view.ids[this.slot.index]!;
    return id < 0 ? undefined : this.slot.table.values[id];
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
