// The agent table: every agent of a cluster as a row number, each field a matcher reads rendered and
// interned once per table (not once per matcher) into a column of small integers. Builds rows; never
// evaluates a rule.
import type { Agent } from "../agents/agent.js";
import { renderAttribute } from "../agents/render.js";

/**
 * Where a column's value comes from. `attribute`: Marathon's first attribute with exactly that name,
 * rendered Marathon-style. `attribute-ci`: dcos-sdk round robin's first attribute whose name equals
 * ignoring case, its SDK-rendered value.
 */
export type FieldKind = "hostname" | "region" | "zone" | "attribute" | "attribute-ci";

const EMPTY_INDEX = new Int32Array(0);

/** FNV-1a over UTF-16 units: the intern table's hash (strings repeat little, so any decent mix will do). */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h;
}

/**
 * Interns strings to dense small integers, so counts can live in typed arrays. An open-addressing
 * index over an Int32Array instead of a `Map` (bench: memory): about 20 bytes per distinct value
 * instead of 40, which is what a million distinct hostnames cost.
 */
export class InternTable {
  /** id -> string. */
  readonly values: string[] = [];
  /** id + 1 per slot, 0 when empty; the capacity is a power of two kept at most half full. */
  #index: Int32Array = EMPTY_INDEX;

  intern(value: string): number {
    const found = this.lookup(value);
    if (found >= 0) return found;
    const id = this.values.length;
    this.values.push(value);
    if ((id + 1) * 2 > this.#index.length) this.#rehash(Math.max(16, this.#index.length * 2));
    else this.#insert(value, id);
    return id;
  }

  /** The id of `value`, or -1 when it was never interned. */
  lookup(value: string): number {
    const index = this.#index;
    if (index.length === 0) return -1;
    const mask = index.length - 1;
    for (let at = hash(value) & mask; ; at = (at + 1) & mask) {
      const slot = index[at]!;
      if (slot === 0) return -1;
      if (this.values[slot - 1] === value) return slot - 1;
    }
  }

  get size(): number {
    return this.values.length;
  }

  #insert(value: string, id: number): void {
    const index = this.#index;
    const mask = index.length - 1;
    let at = hash(value) & mask;
    while (index[at] !== 0) at = (at + 1) & mask;
    index[at] = id + 1;
  }

  #rehash(capacity: number): void {
    this.#index = new Int32Array(capacity);
    for (let id = 0; id < this.values.length; id++) this.#insert(this.values[id]!, id);
  }
}

/**
 * Values by field kind and name: two lookups, with no `kind:name` string built (and flattened to hash)
 * per call, which compiling tens of thousands of distinct fields paid twice per field (bench: size).
 */
export class ByField<T> {
  readonly #byKind = new Map<FieldKind, Map<string, T>>();

  get(kind: FieldKind, name: string): T | undefined {
    return this.#byKind.get(kind)?.get(name);
  }

  set(kind: FieldKind, name: string, value: T): void {
    let byName = this.#byKind.get(kind);
    if (byName === undefined) {
      byName = new Map();
      this.#byKind.set(kind, byName);
    }
    byName.set(name, value);
  }
}

/** One field of every agent: its interned value per row (-1 when the agent lacks it). */
export class Column {
  readonly table = new InternTable();
  /** Per row: the interned value, or -1. Replaced (not resized in place) when the table grows. */
  ids: Int32Array;

  constructor(
    readonly kind: FieldKind,
    /** Attribute name for attribute kinds; the canonical field otherwise (`hostname`, `@region`, `@zone`). */
    readonly name: string,
    capacity: number,
  ) {
    // A matcher's empty private table gives every column no rows: they share one empty array rather
    // than allocate an array buffer each (bench: size). Growing replaces the array, never writes it.
    this.ids = capacity === 0 ? EMPTY_INDEX : new Int32Array(capacity).fill(-1);
  }

  /** The value at `row`, or undefined when the agent lacks the field. */
  value(row: number): string | undefined {
    const id = this.ids[row]!;
    return id < 0 ? undefined : this.table.values[id];
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

/** The field's value on `agent` as the dialect compares it, or undefined when the agent lacks it. */
function readField(kind: FieldKind, name: string, agent: Agent): string | undefined {
  switch (kind) {
    case "hostname":
      return agent.hostname;
    case "region":
      return agent.region;
    case "zone":
      return agent.zone;
    case "attribute": {
      const a = agent.attributes.find((x) => x.name === name);
      return a === undefined ? undefined : renderAttribute(a, "marathon");
    }
    case "attribute-ci": {
      const a = agent.attributes.find((x) => equalsIgnoreCase(x.name, name));
      // The SDK key is `name:value`; round robin compares only the value part.
      return a === undefined ? undefined : renderAttribute(a, "dcos-sdk").slice(a.name.length + 1);
    }
  }
}

const NO_STRINGS = new Int32Array(0);

/** What a table does when a row is handed to a new agent (private tables only). */
export type RowListener = (row: number) => void;

/**
 * The agents of one cluster as rows. Compile every matcher of a simulation or scheduler with the same
 * table (`compile(c, { agents: table })`) and each agent's fields are rendered and interned once,
 * however many matchers read them; a matcher then checks an agent by its row number
 * (`matcher.acceptsRow(row, state)`) with no lookup at all.
 *
 * A shared table holds its agents (it is the cluster). A matcher compiled without one gets a private
 * table that holds them weakly and hands the row of a collected agent to the next new one, so a
 * scheduler that builds a fresh agent object per offer does not grow it without bound.
 * @example const table = new AgentTable(agents); const m = compile(c, { agents: table }); m.acceptsRow(0, state)
 */
export class AgentTable {
  /** @internal One column per field some matcher reads. */
  readonly columns: Column[] = [];
  /** Columns by kind and field, so compiling n distinct fields is not n scans of the column list. */
  readonly #columnsByField = new ByField<Column>();
  /** @internal dcos-sdk: every `name:value` attribute string of every agent, interned. */
  readonly strings = new InternTable();
  readonly #weak: boolean;
  /** Strong tables: row -> agent. */
  readonly #agents: Agent[] = [];
  /** Strong tables build it on the first lookup by object (simulate() never needs it). */
  #rows: Map<Agent, number> | undefined;
  readonly #weakRows: WeakMap<Agent, number> | undefined;
  readonly #registry: FinalizationRegistry<number> | undefined;
  readonly #free: number[] = [];
  readonly #listeners: RowListener[] = [];
  /** Per row: the SDK attribute string ids, in attribute order (only once some matcher needs them). */
  #stringLists: Int32Array[] | undefined;
  #size = 0;
  #capacity = 0;

  /**
   * A table of `agents`, rows numbered in list order.
   * @param options `weak`: @internal a matcher's private table (agents held weakly, rows recycled).
   */
  constructor(agents: readonly Agent[] = [], options: { weak?: boolean } = {}) {
    this.#weak = options.weak === true;
    if (this.#weak) {
      this.#weakRows = new WeakMap();
      this.#registry = new FinalizationRegistry((row) => this.#release(row));
    }
    this.#reserve(agents.length);
    for (const a of agents) this.#add(a);
  }

  /** Number of rows (agents added, including any whose row was recycled in a private table). */
  get size(): number {
    return this.#size;
  }

  /** False for a matcher's private table, which holds its agents weakly and cannot map rows back. */
  get holdsAgents(): boolean {
    return !this.#weak;
  }

  /** The agent at `row` (shared tables only; a private table does not keep its agents). */
  agent(row: number): Agent {
    if (this.#weak) {
      throw new TypeError(
        "a matcher's private agent table keeps no agents; compile with a shared AgentTable",
      );
    }
    const a = this.#agents[row];
    if (a === undefined) throw new RangeError(`no agent at row ${row} of this table`);
    return a;
  }

  /** The row of `agent` (by identity), adding it when it is new. */
  row(agent: Agent): number {
    const row = this.find(agent);
    return row >= 0 ? row : this.#add(agent);
  }

  /** The row of `agent` (by identity), or -1 when it is not in the table. */
  find(agent: Agent): number {
    if (this.#weakRows !== undefined) return this.#weakRows.get(agent) ?? -1;
    if (this.#rows === undefined) {
      this.#rows = new Map();
      for (let i = this.#agents.length - 1; i >= 0; i--) this.#rows.set(this.#agents[i]!, i);
    }
    return this.#rows.get(agent) ?? -1;
  }

  /** @internal The column of a field, filled for every agent already in the table. */
  column(kind: FieldKind, name: string): Column {
    let column = this.#columnsByField.get(kind, name);
    if (column !== undefined) return column;
    if (this.#weak && this.#size > 0) throw new Error("a private agent table cannot add fields");
    column = new Column(kind, name, this.#capacity);
    for (let row = 0; row < this.#size; row++) this.#fill(column, row, this.#agents[row]!);
    this.columns.push(column);
    this.#columnsByField.set(kind, name, column);
    return column;
  }

  /** @internal dcos-sdk: the attribute string ids of `row`. */
  stringsOf(row: number): Int32Array {
    if (this.#stringLists === undefined) this.keepStrings();
    return this.#stringLists![row] ?? NO_STRINGS;
  }

  /** @internal From now on, keep every agent's SDK attribute strings (rendered for existing rows now). */
  keepStrings(): void {
    if (this.#stringLists !== undefined) return;
    if (this.#weak && this.#size > 0) throw new Error("a private agent table cannot add fields");
    this.#stringLists = [];
    for (let r = 0; r < this.#size; r++) this.#stringLists.push(this.#renderStrings(this.#agents[r]!));
  }

  /** @internal Called with a row whenever a private table gives it to a new agent. */
  onRecycle(listener: RowListener): void {
    this.#listeners.push(listener);
  }

  #renderStrings(agent: Agent): Int32Array {
    const n = agent.attributes.length;
    if (n === 0) return NO_STRINGS;
    const ids = new Int32Array(n);
    for (let i = 0; i < n; i++)
      ids[i] = this.strings.intern(renderAttribute(agent.attributes[i]!, "dcos-sdk"));
    return ids;
  }

  #fill(column: Column, row: number, agent: Agent): void {
    const value = readField(column.kind, column.name, agent);
    column.ids[row] = value === undefined ? -1 : column.table.intern(value);
  }

  #reserve(rows: number): void {
    if (rows <= this.#capacity) return;
    // Grow by half, not double: the columns are most of a big table's memory (bench: memory).
    const capacity = Math.max(rows, 16, Math.ceil(this.#capacity * 1.5));
    for (const column of this.columns) {
      const ids = new Int32Array(capacity).fill(-1);
      ids.set(column.ids.subarray(0, this.#size));
      column.ids = ids;
    }
    this.#capacity = capacity;
  }

  #add(agent: Agent): number {
    let row: number;
    const recycled = this.#free.pop();
    if (recycled !== undefined) {
      row = recycled;
    } else {
      row = this.#size;
      this.#reserve(row + 1);
      this.#size++;
    }
    for (const column of this.columns) this.#fill(column, row, agent);
    if (this.#stringLists !== undefined) this.#stringLists[row] = this.#renderStrings(agent);
    if (this.#weakRows !== undefined) {
      this.#weakRows.set(agent, row);
      this.#registry!.register(agent, row);
    } else {
      this.#agents.push(agent);
      this.#rows?.set(agent, row);
    }
    if (recycled !== undefined) for (const listener of this.#listeners) listener(row);
    return row;
  }

  #release(row: number): void {
    this.#free.push(row);
  }
}
