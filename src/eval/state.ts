// PlacementState: what is placed for one app / pod type, kept as per-(field, value) counts that are
// updated on place/remove, so a check reads counters and never scans the placed list.
import type { Agent } from "../agents/agent.js";
import type { Matcher } from "./matcher.js";
import type { PlacementStateOptions } from "./types.js";

const INT_MAX = 2147483647;

function grow(array: Int32Array, minLength: number): Int32Array {
  let n = array.length;
  while (n < minLength) n *= 2;
  const next = new Int32Array(n);
  next.set(array);
  return next;
}

/** Counts of placed instances per interned value of one slot, plus group statistics. */
export class SlotCounts {
  counts: Int32Array = new Int32Array(16);
  /** Placed instances lacking the field: Marathon's "none" bucket. */
  missing = 0;
  /** Distinct values with at least one instance (the none bucket not included). */
  groups = 0;
  /** Smallest / largest count over the values with instances; 0 when there are none. */
  min = 0;
  max = 0;
  /** hist[c]: how many values hold exactly c instances (only kept when `stats`). */
  hist: Int32Array;

  constructor(readonly stats: boolean) {
    this.hist = new Int32Array(stats ? 16 : 0);
  }

  count(id: number): number {
    return id < this.counts.length ? this.counts[id]! : 0;
  }

  /** Adds one instance at `id`; returns the count before. */
  inc(id: number): number {
    if (id >= this.counts.length) this.counts = grow(this.counts, id + 1);
    const c = this.counts[id]!;
    this.counts[id] = c + 1;
    if (!this.stats) return c;
    if (c + 1 >= this.hist.length) this.hist = grow(this.hist, c + 2);
    if (c > 0) this.hist[c]!--;
    this.hist[c + 1]!++;
    if (c === 0) {
      this.groups++;
      this.min = 1;
    } else if (c === this.min && this.hist[c] === 0) {
      this.min = c + 1;
    }
    if (c + 1 > this.max) this.max = c + 1;
    return c;
  }

  /** Removes one instance at `id` (which must hold one); returns the count before. */
  dec(id: number): number {
    const c = this.counts[id]!;
    this.counts[id] = c - 1;
    if (!this.stats) return c;
    this.hist[c]!--;
    if (c > 1) this.hist[c - 1]!++;
    else this.groups--;
    if (this.groups === 0) {
      this.min = 0;
      this.max = 0;
      return c;
    }
    if (c > 1 && c - 1 < this.min) this.min = c - 1;
    else if (c === this.min && this.hist[c] === 0) {
      // The last group at the minimum vanished (c was 1): the next filled count is the new minimum.
      let m = c + 1;
      while (this.hist[m] === 0) m++;
      this.min = m;
    }
    if (c === this.max && this.hist[c] === 0) {
      let m = c - 1;
      while (m > 0 && this.hist[m] === 0) m--;
      this.max = m;
    }
    return c;
  }

  copy(): SlotCounts {
    const other = new SlotCounts(this.stats);
    other.counts = this.counts.slice();
    other.missing = this.missing;
    other.groups = this.groups;
    other.min = this.min;
    other.max = this.max;
    other.hist = this.hist.slice();
    return other;
  }
}

/**
 * The instances already placed for one app (Marathon) or pod type (dcos-sdk), as counts a matcher's
 * checks read in O(1). Create it with `matcher.createState()` or `new PlacementState(matcher)`.
 *
 * `remove(agent)` takes away the most recently placed instance on that agent, so CLUSTER's anchor
 * (the first placed instance, see `first`) stays put while any older instance remains; when the
 * anchor itself goes, the oldest remaining instance becomes the anchor.
 */
export class PlacementState {
  /** @internal Per slot counts. */
  readonly slots: SlotCounts[];
  /** @internal dcos-sdk: counts of attribute strings over placed agents. */
  strings: SlotCounts;
  /** @internal marathon-1.11 GROUP_BY, per share: floor(N / G), N mod G, and the remainder consumed. */
  readonly per: Int32Array;
  readonly rem: Int32Array;
  readonly consumed: Float64Array;
  readonly #layout: Matcher;
  /** The placed instances' agent rows, in placement order (`#size` of them). */
  #rows: Int32Array = new Int32Array(8);
  #size = 0;
  /** With a matcher's private (weak) agent table: the placed agents, which keeps their rows alive. */
  readonly #agents: Agent[] | undefined;
  readonly #before: Int32Array;
  #instances = 1;

  constructor(
    /** The matcher whose checks read this state. */
    readonly matcher: Matcher,
    options: PlacementStateOptions = {},
  ) {
    this.#layout = matcher;
    this.#agents = matcher.agents.holdsAgents ? undefined : [];
    this.slots = matcher.slots.map((s) => new SlotCounts(s.groupStats));
    this.strings = new SlotCounts(false);
    this.#before = new Int32Array(matcher.slots.length);
    const n = matcher.shares.length;
    this.per = new Int32Array(n);
    this.rem = new Int32Array(n);
    this.consumed = new Float64Array(n);
    if (options.instances !== undefined) this.instances = options.instances;
    else this.#refreshShares(true);
    for (const agent of options.placed ?? []) this.place(agent);
  }

  /** Number of placed instances. */
  get size(): number {
    return this.#size;
  }

  /** The app's instance count (marathon-1.11 GROUP_BY's N while something is placed). */
  get instances(): number {
    return this.#instances;
  }

  set instances(n: number) {
    if (!Number.isInteger(n) || n < 0 || n > INT_MAX) {
      throw new RangeError(`instances must be an integer from 0 to ${INT_MAX}, got ${n}`);
    }
    this.#instances = n;
    this.#refreshShares(true);
  }

  /** The placed agents, in placement order (one entry per instance). */
  get placed(): readonly Agent[] {
    const out: Agent[] = [];
    for (let i = 0; i < this.#size; i++) out.push(this.placedAgent(i));
    return out;
  }

  /** @internal The first placed instance's agent row, or -1 (CLUSTER without a value compares against it). */
  get firstRow(): number {
    return this.#size > 0 ? this.#rows[0]! : -1;
  }

  /** @internal The agent of the i-th placed instance. */
  placedAgent(i: number): Agent {
    return this.#agents?.[i] ?? this.#layout.agents.agent(this.#rows[i]!);
  }

  /** Records one more instance on `agent`. */
  place(agent: Agent): void {
    this.#agents?.push(agent);
    this.#placeRow(this.#layout.agents.row(agent));
  }

  /**
   * Records one more instance on the agent at `row` of the matcher's agent table (shared tables: the
   * simulator's path, with no lookup by object).
   */
  placeRow(row: number): void {
    if (this.#agents !== undefined) this.#agents.push(this.#layout.agents.agent(row));
    this.#placeRow(row);
  }

  #placeRow(row: number): void {
    const before = this.#before;
    const slots = this.#layout.slots;
    for (let s = 0; s < this.slots.length; s++) {
      const counts = this.slots[s]!;
      const id = slots[s]!.column.ids[row]!;
      if (id < 0) before[s] = counts.missing++;
      else before[s] = counts.inc(id);
    }
    if (this.#layout.countsStrings) for (const id of this.#layout.agents.stringsOf(row)) this.strings.inc(id);
    if (this.#size === this.#rows.length) {
      const next = new Int32Array(this.#size * 2);
      next.set(this.#rows);
      this.#rows = next;
    }
    this.#rows[this.#size++] = row;
    const shares = this.#layout.shares;
    for (let j = 0; j < shares.length; j++) {
      if (before[shares[j]!.slot]! >= this.per[j]!) this.consumed[j]!++;
    }
    this.#refreshShares(false);
  }

  /** Removes the most recently placed instance on `agent` (by identity); false when there is none. */
  remove(agent: Agent): boolean {
    const row = this.#layout.agents.find(agent);
    if (row < 0) return false;
    let index = this.#size - 1;
    while (index >= 0 && this.#rows[index] !== row) index--;
    if (index < 0) return false;
    this.#rows.copyWithin(index, index + 1, this.#size);
    this.#size--;
    this.#agents?.splice(index, 1);
    const before = this.#before;
    const slots = this.#layout.slots;
    for (let s = 0; s < this.slots.length; s++) {
      const counts = this.slots[s]!;
      const id = slots[s]!.column.ids[row]!;
      if (id < 0) before[s] = counts.missing--;
      else before[s] = counts.dec(id);
    }
    if (this.#layout.countsStrings) for (const id of this.#layout.agents.stringsOf(row)) this.strings.dec(id);
    const shares = this.#layout.shares;
    for (let j = 0; j < shares.length; j++) {
      if (before[shares[j]!.slot]! > this.per[j]!) this.consumed[j]!--;
    }
    this.#refreshShares(false);
    return true;
  }

  /** An independent copy (for what-if checks). */
  clone(): PlacementState {
    const other = new PlacementState(this.#layout, { instances: this.#instances });
    for (let s = 0; s < this.slots.length; s++) other.slots[s] = this.slots[s]!.copy();
    other.strings = this.strings.copy();
    other.#rows = this.#rows.slice();
    other.#size = this.#size;
    if (other.#agents !== undefined && this.#agents !== undefined) {
      for (const a of this.#agents) other.#agents.push(a);
    }
    other.per.set(this.per);
    other.rem.set(this.rem);
    other.consumed.set(this.consumed);
    return other;
  }

  /** Recomputes each share after N changed; `consumed` is rebuilt only where floor(N / G) moved. */
  #refreshShares(force: boolean): void {
    const shares = this.#layout.shares;
    // Marathon reads N from the first placed instance's app and uses 1 while nothing is placed.
    const n = this.#size > 0 ? this.#instances : 1;
    for (let j = 0; j < shares.length; j++) {
      const { slot, groups } = shares[j]!;
      const per = Math.trunc(n / groups);
      this.rem[j] = n % groups;
      if (!force && per === this.per[j]) continue;
      this.per[j] = per;
      const counts = this.slots[slot]!;
      let consumed = Math.max(0, counts.missing - per);
      for (let c = per + 1; c < counts.hist.length; c++) consumed += counts.hist[c]! * (c - per);
      this.consumed[j] = consumed;
    }
  }
}
