// Arithmetic on sorted, disjoint port ranges (the shape Mesos coalesces them into): membership,
// subtraction and counting. Pure functions over plain arrays; never throws.
import type { PortRanges } from "./agent.js";
import { coalesceRanges, countRanges } from "./mesos-values.js";

export { coalesceRanges, countRanges };

/** True when `port` lies inside one of the (sorted, disjoint) ranges; a binary search. */
export function rangesContain(ranges: PortRanges, port: number): boolean {
  let lo = 0;
  let hi = ranges.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const r = ranges[mid]!;
    if (port < r[0]) hi = mid - 1;
    else if (port > r[1]) lo = mid + 1;
    else return true;
  }
  return false;
}

/**
 * `a` without the ports of `b`; both sorted and disjoint, and so is the result.
 * @example subtractRanges([[1, 10]], [[3, 4], [8, 12]]) // [[1, 2], [5, 7]]
 */
export function subtractRanges(a: PortRanges, b: PortRanges): [number, number][] {
  const out: [number, number][] = [];
  let j = 0;
  for (const [begin, end] of a) {
    let start = begin;
    while (j < b.length && b[j]![1] < start) j++;
    let k = j;
    while (start <= end) {
      const cut = b[k];
      if (cut === undefined || cut[0] > end) {
        out.push([start, end]);
        break;
      }
      if (cut[0] > start) out.push([start, cut[0] - 1]);
      start = Math.max(start, cut[1] + 1);
      k++;
    }
  }
  return out;
}

/** The ports of `a` that are also in `b`. */
export function intersectRanges(a: PortRanges, b: PortRanges): [number, number][] {
  const out: [number, number][] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const lo = Math.max(a[i]![0], b[j]![0]);
    const hi = Math.min(a[i]![1], b[j]![1]);
    if (lo <= hi) out.push([lo, hi]);
    if (a[i]![1] < b[j]![1]) i++;
    else j++;
  }
  return out;
}

/** Ranges written as Mesos prints them: `[31000-31005, 32000-32000]`. */
export function formatRanges(ranges: PortRanges): string {
  return `[${ranges.map(([b, e]) => `${b}-${e}`).join(", ")}]`;
}
