// JDK 17's extended grapheme clusters (\X): cluster break types and pair rules from the generated tables,
// with Java's own handling of regional-indicator pairs and emoji ZWJ sequences. Pure functions over code points.
import { has, type Ranges, tableSet } from "./charset.js";
import { GRAPHEME_RULES } from "./unicode-tables.generated.js";

const ZWJ = 5;
const RI = 6;
const EXT_PICT = 14;

let types: { t: number; r: Ranges }[] | undefined;
let rules: boolean[][] | undefined;

/** JDK 17's grapheme cluster break type of a code point (0: Other). */
export function typeOf(cp: number): number {
  types ??= Array.from({ length: 15 }, (_, t) => ({ t, r: tableSet(`gcb:${t}`) ?? [] })).filter(
    (x) => x.t !== 0,
  );
  for (const { t, r } of types) if (has(r, cp)) return t;
  return 0;
}

/** Whether Java's pair table breaks between break types `t0` and `t1` (before its RI and emoji exceptions). */
export function breaksBetween(t0: number, t1: number): boolean {
  rules ??= GRAPHEME_RULES.split(",").map((row) => [...row].map((c) => c === "1"));
  return rules[t0]![t1]!;
}

/**
 * End (exclusive, in code points) of the grapheme cluster that starts at each position, as java.util.regex.Grapheme
 * finds it from there. One right-to-left pass: where a cluster ends depends only on the next pair of break types,
 * whether the cluster started with an Extended_Pictographic character, and the parity of regional indicators read
 * so far, so every start is answered in O(1) after O(n) work (a scan per start would be quadratic on long clusters).
 */
export function clusterEnds(cps: readonly number[]): Int32Array {
  rules ??= GRAPHEME_RULES.split(",").map((row) => [...row].map((c) => c === "1"));
  const n = cps.length;
  const t = new Uint8Array(n);
  for (let i = 0; i < n; i++) t[i] = typeOf(cps[i]!);
  // end[4j + 2g + r]: the end of a cluster that already holds j, with g = started Extended_Pictographic and
  // r = parity of the regional indicators it holds.
  const end = new Int32Array(4 * n);
  for (let j = n - 1; j >= 0; j--) {
    for (let k = 0; k < 4; k++) {
      if (j === n - 1) {
        end[4 * j + k] = n;
        continue;
      }
      const t0 = t[j]!;
      const t1 = t[j + 1]!;
      const g = k >> 1;
      const r = k & 1;
      const joined = (g === 1 && t0 === ZWJ && t1 === EXT_PICT) || (r === 1 && t0 === RI && t1 === RI);
      end[4 * j + k] =
        !joined && rules[t0]![t1] ? j + 1 : end[4 * (j + 1) + 2 * g + (r ^ (t1 === RI ? 1 : 0))]!;
    }
  }
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = end[4 * i + (t[i] === EXT_PICT ? 2 : 0) + (t[i] === RI ? 1 : 0)]!;
  return out;
}
