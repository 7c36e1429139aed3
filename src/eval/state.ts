// PlacementState: what is placed for one app / pod type, kept as per-(field, value) counts that are
// updated on place/remove, so a check reads counters and never scans the placed list.
import type { Agent } from "../agents/agent.js";
import type { Matcher } from "./matcher.js";
import type { PlacementStateOptions } from "./types.js";

const INT_MAX = 2147483647;

/** A copy of `array` at least `minLength` long: half as long again, so a state that keeps growing copies little. */
function grow(array: Int32Array, minLength: number): Int32Array {
  const next = new Int32Array(Math.max(minLength, Math.ceil(array.length * 1.5)));
  next.set(array);
  return next;
}

// Counts are kept in pages of 64 value ids, allocated only where something is placed: a state costs
// what its app has placed, not what the agent table holds (bench: memory, 5,000 apps on 10,000
// agents). Once most pages up to the highest are in use, they become one dense array again, whose
// lookup is a single load (bench: check).
const PAGE_BITS = 6;
const PAGE = 1 << PAGE_BITS;
const MASK = PAGE - 1;
const NO_CELLS = new Int32Array(0);
/** Page 0 of every state: all zeros, never written (a state gets its own cells with its first page). */
const ZERO_PAGE = new Int32Array(PAGE);
const NO_HIST = new Int32Array(0);
const NO_SHARES = new Float64Array(0);

/** Counts of placed instances per interned value of one slot, plus group statistics. */
export class SlotCounts {
  /** The counts of the value ids below its length, one cell each. */
  #dense: Int32Array = NO_CELLS;
  /** Ids from `#dense.length` on, per page: where its counts start in `#cells` (0: the zero page). */
  #pages: Int32Array = NO_CELLS;
  #cells: Int32Array = ZERO_PAGE;
  /** Cells in use in `#cells` (the zero page included). */
  #used = PAGE;
  /** One past the highest page with counts. */
  #top = 0;
  /** Placed instances lacking the field: Marathon's "none" bucket. */
  missing = 0;
  /** Distinct values with at least one instance (the none bucket not included). */
  groups = 0;
  /** Smallest / largest count over the values with instances; 0 when there are none. */
  min = 0;
  max = 0;
  /** hist[c]: how many values hold exactly c instances (only kept when `stats`; as long as needed). */
  hist: Int32Array;

  constructor(readonly stats: boolean) {
    this.hist = NO_HIST;
  }

  count(id: number): number {
    const dense = this.#dense;
    if (id < dense.length) return dense[id]!;
    const page = id >>> PAGE_BITS;
    return page < this.#pages.length ? this.#cells[this.#pages[page]! + (id & MASK)]! : 0;
  }

  /** Adds one instance at `id`; returns the count before. */
  inc(id: number): number {
    const c = this.#add(id, 1);
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
    const c = this.#add(id, -1);
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
    other.#dense = this.#dense.length === 0 ? NO_CELLS : this.#dense.slice();
    other.#pages = this.#pages.length === 0 ? NO_CELLS : this.#pages.slice();
    other.#cells = this.#cells === ZERO_PAGE ? ZERO_PAGE : this.#cells.slice(0, this.#used);
    other.#used = this.#used;
    other.#top = this.#top;
    other.missing = this.missing;
    other.groups = this.groups;
    other.min = this.min;
    other.max = this.max;
    other.hist = this.stats ? this.hist.slice() : NO_HIST;
    return other;
  }

  /** Adds `delta` to the count of `id`, giving its page cells first if it has none; returns the count before. */
  #add(id: number, delta: number): number {
    const dense = this.#dense;
    if (id < dense.length) {
      const c = dense[id]!;
      dense[id] = c + delta;
      return c;
    }
    const page = id >>> PAGE_BITS;
    let start = page < this.#pages.length ? this.#pages[page]! : 0;
    if (start === 0) {
      if (this.#newPage(page)) return this.#add(id, delta);
      start = this.#pages[page]!;
    }
    const at = start + (id & MASK);
    const c = this.#cells[at]!;
    this.#cells[at] = c + delta;
    return c;
  }

  /** Gives `page` its cells; true when the pages became one dense array instead. */
  #newPage(page: number): boolean {
    this.#top = Math.max(this.#top, page + 1);
    const inUse = (this.#dense.length >>> PAGE_BITS) + (this.#used >>> PAGE_BITS);
    if (inUse * 2 >= this.#top) {
      this.#toDense();
      return true;
    }
    if (page >= this.#pages.length) this.#pages = grow(this.#pages, page + 1);
    const start = this.#used;
    this.#used += PAGE;
    if (this.#used > this.#cells.length) {
      const next = new Int32Array(Math.max(this.#used, Math.ceil(this.#cells.length / PAGE / 2) * 3 * PAGE));
      if (this.#cells !== ZERO_PAGE) next.set(this.#cells);
      this.#cells = next;
    }
    this.#pages[page] = start;
    return false;
  }

  /** Moves every count into one dense array covering the pages up to the highest (half as long again). */
  #toDense(): void {
    const old = this.#dense;
    const length = Math.max(this.#top, Math.ceil((old.length >>> PAGE_BITS) * 1.5)) * PAGE;
    const dense = new Int32Array(length);
    dense.set(old);
    const pages = this.#pages;
    for (let page = old.length >>> PAGE_BITS; page < pages.length; page++) {
      const start = pages[page]!;
      if (start !== 0) dense.set(this.#cells.subarray(start, start + PAGE), page * PAGE);
    }
    this.#dense = dense;
    this.#pages = NO_CELLS;
    this.#cells = ZERO_PAGE;
    this.#used = PAGE;
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
    // Most apps have no marathon-1.11 GROUP_BY: they share empty arrays (bench: memory, apps).
    this.per = n === 0 ? NO_HIST : new Int32Array(n);
    this.rem = n === 0 ? NO_HIST : new Int32Array(n);
    this.consumed = n === 0 ? NO_SHARES : new Float64Array(n);
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

  /** @internal The agent row of the i-th placed instance. */
  placedRow(i: number): number {
    return this.#rows[i]!;
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
