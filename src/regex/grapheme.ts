// JDK 17's extended grapheme clusters (\X): cluster break types and pair rules from the generated tables,
// with Java's own handling of regional-indicator pairs and emoji ZWJ sequences. Pure functions over code points.
import { has, type Ranges, tableSet } from "./charset.js";
import { GRAPHEME_RULES } from "./unicode-tables.generated.js";

const ZWJ = 5;
const RI = 6;
const EXT_PICT = 14;

let types: { t: number; r: Ranges }[] | undefined;
let rules: boolean[][] | undefined;

function typeOf(cp: number): number {
  types ??= Array.from({ length: 15 }, (_, t) => ({ t, r: tableSet(`gcb:${t}`) ?? [] })).filter(
    (x) => x.t !== 0,
  );
  for (const { t, r } of types) if (has(r, cp)) return t;
  return 0;
}

/** End (exclusive, in code points) of the grapheme cluster that starts at `i`, as java.util.regex.Grapheme finds it. */
export function nextBoundary(cps: readonly number[], i: number): number {
  rules ??= GRAPHEME_RULES.split(",").map((row) => [...row].map((c) => c === "1"));
  let t0 = typeOf(cps[i]!);
  let riCount = t0 === RI ? 1 : 0;
  // Java keeps the emoji ZWJ rule only for clusters that start with an Extended_Pictographic character.
  const gb11 = t0 === EXT_PICT;
  let ret = i + 1;
  for (; ret < cps.length; ret++) {
    const t1 = typeOf(cps[ret]!);
    const joined = (gb11 && t0 === ZWJ && t1 === EXT_PICT) || (riCount % 2 === 1 && t0 === RI && t1 === RI);
    if (!joined && rules[t0]![t1]) return ret;
    if (t1 === RI) riCount++;
    t0 = t1;
  }
  return ret;
}
