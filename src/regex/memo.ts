// A bounded memo with two generations: lookups hit either, inserts go to the young one, and when it is full the
// old one is dropped whole. No per-entry bookkeeping, at most 2 x `limit` entries, and hot keys survive a flip.

/** A string-keyed memo of at most 2 x `limit` entries. */
export class TwoGenerationMemo<V> {
  // Made on first insert: every compiled regex has a verdict memo, and a matcher that checks no agent
  // would keep two empty maps per pattern (10,000 patterns in the 1 MB size case; bench: size).
  private young: Map<string, V> | undefined;
  private old: Map<string, V> | undefined;

  constructor(private readonly limit: number) {}

  get(key: string): V | undefined {
    const hit = this.young?.get(key);
    if (hit !== undefined) return hit;
    const aged = this.old?.get(key);
    // A key still in use is carried into the young generation, so it outlives the next flip.
    if (aged !== undefined) this.set(key, aged);
    return aged;
  }

  set(key: string, value: V): void {
    if (this.young === undefined) this.young = new Map();
    else if (this.young.size >= this.limit) {
      this.old = this.young;
      this.young = new Map();
    }
    this.young.set(key, value);
  }
}
