// "Did you mean" suggestions by edit distance; shared by validation (operators) and lint (fields).

/** Levenshtein distance between two strings (UTF-16 units). */
export function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j]!;
      prev[j] = Math.min(up + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length]!;
}

/** The closest candidate within a distance that scales with the word's length, if any. */
export function closest(
  word: string,
  candidates: readonly string[],
  compare = (s: string) => s,
): string | undefined {
  const w = compare(word);
  let best: string | undefined;
  let bestDistance = Math.max(1, Math.floor(w.length / 3)) + 1;
  for (const c of candidates) {
    const other = compare(c);
    // The distance is at least the difference in length: skip the table when that is already too far.
    if (Math.abs(other.length - w.length) >= bestDistance) continue;
    const d = editDistance(w, other);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}
