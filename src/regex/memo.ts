// A bounded memo with two generations: lookups hit either, inserts go to the young one, and when it is full the
// old one is dropped whole. No per-entry bookkeeping, at most 2 x `limit` entries, and hot keys survive a flip.

/** A string-keyed memo of at most 2 x `limit` entries. */
export class TwoGenerationMemo<V> {
  private young = new Map<string, V>();
  private old = new Map<string, V>();

  constructor(private readonly limit: number) {}

  get(key: string): V | undefined {
    const hit = this.young.get(key);
    if (hit !== undefined) return hit;
    const aged = this.old.get(key);
    // A key still in use is carried into the young generation, so it outlives the next flip.
    if (aged !== undefined) this.set(key, aged);
    return aged;
  }

  set(key: string, value: V): void {
    if (this.young.size >= this.limit) {
      this.old = this.young;
      this.young = new Map();
    }
    this.young.set(key, value);
  }
}
