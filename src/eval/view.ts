// Field slots (what a compiled matcher reads from an agent), value interning, and the per-agent view
// that holds an agent's rendered values as small integers. Builds views; never evaluates a rule.
import type { Agent } from "../agents/agent.js";

/**
 * Where a slot's value comes from. `attribute`: Marathon's first attribute with exactly that name,
 * rendered Marathon-style. `attribute-ci`: dcos-sdk round robin's first attribute whose name equals
 * ignoring case, its SDK-rendered value.
 */
export type SlotKind = "hostname" | "region" | "zone" | "attribute" | "attribute-ci";

/** Interns strings to dense small integers, so counts can live in typed arrays. */
export class InternTable {
  readonly #ids = new Map<string, number>();
  /** id -> string. */
  readonly values: string[] = [];

  intern(value: string): number {
    let id = this.#ids.get(value);
    if (id === undefined) {
      id = this.values.length;
      this.#ids.set(value, id);
      this.values.push(value);
    }
    return id;
  }

  /** The id of `value`, or -1 when it was never interned. */
  lookup(value: string): number {
    return this.#ids.get(value) ?? -1;
  }
}

/** One single-valued field a matcher reads (several constraints on one field share it). */
export class Slot {
  readonly table = new InternTable();
  /** Some GROUP_BY reads group statistics (group count, min, max) from this slot. */
  groupStats = false;

  constructor(
    readonly index: number,
    readonly kind: SlotKind,
    /** Attribute name for attribute kinds; the field as written otherwise. */
    readonly name: string,
  ) {}
}

const EMPTY = new Int32Array(0);
const NO_DATA: readonly (Int32Array | undefined)[] = Object.freeze([]);

/**
 * An agent seen through one matcher: interned values per slot, per-rule data where a rule asks for it,
 * and whether every agent-only rule accepts. Built once per agent and cached, so it is kept small
 * (bench: memory): plain small-integer arrays, and no per-rule storage unless a rule prepares data.
 */
export class AgentView {
  /** Per slot: the interned value, or -1 when the agent lacks the field. */
  readonly ids: number[];
  /** dcos-sdk: ids of every `name:value` attribute string, in attribute order, duplicates kept. */
  strings: Int32Array = EMPTY;
  /** Per rule: data a stateful rule precomputed from the agent (e.g. matching keys); empty when none does. */
  data: readonly (Int32Array | undefined)[] = NO_DATA;
  /** Every agent-only rule accepts. */
  staticOk = true;

  constructor(
    readonly agent: Agent,
    slotCount: number,
  ) {
    this.ids = new Array<number>(slotCount).fill(-1);
  }
}

/** Java `Character.toUpperCase` on one UTF-16 unit (one-to-many mappings keep the unit). */
function upper(c: string): string {
  const u = c.toUpperCase();
  return u.length === 1 ? u : c;
}

/** Java `String.equalsIgnoreCase`, unit by unit. */
export function equalsIgnoreCase(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x === y) continue;
    const ux = upper(x);
    const uy = upper(y);
    if (ux === uy) continue;
    if (ux.toLowerCase() === uy.toLowerCase()) continue;
    return false;
  }
  return true;
}

/** The slot's value on `agent`, or undefined when the agent lacks it. */
export function readSlot(
  slot: Slot,
  agent: Agent,
  renderMarathon: (index: number) => string,
  sdkStrings: readonly string[] | undefined,
): string | undefined {
  switch (slot.kind) {
    case "hostname":
      return agent.hostname;
    case "region":
      return agent.region;
    case "zone":
      return agent.zone;
    case "attribute": {
      const i = agent.attributes.findIndex((a) => a.name === slot.name);
      return i < 0 ? undefined : renderMarathon(i);
    }
    case "attribute-ci": {
      const i = agent.attributes.findIndex((a) => equalsIgnoreCase(a.name, slot.name));
      if (i < 0 || sdkStrings === undefined) return undefined;
      // The SDK key is `name:value`; round robin compares only the value part.
      return sdkStrings[i]!.slice(agent.attributes[i]!.name.length + 1);
    }
  }
}
