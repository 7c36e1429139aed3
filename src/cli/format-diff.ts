// Unified diffs for `lint --fix-dry-run`: Myers' O(ND) line diff (fixes change few lines, even in a
// 1,000-app file) and hunks with three lines of context. Pure string building.

type Op = { readonly kind: " " | "-" | "+"; readonly line: string };

function splitLines(text: string): string[] {
  const lines = text.split(/(?<=\n)/);
  return lines.length > 0 && lines[lines.length - 1] === "" ? lines.slice(0, -1) : lines;
}

/** The shortest edit script between two line lists (Myers 1986), after trimming the common ends. */
function diffLines(a: readonly string[], b: readonly string[]): Op[] {
  let pre = 0;
  while (pre < a.length && pre < b.length && a[pre] === b[pre]) pre++;
  let post = 0;
  while (post < a.length - pre && post < b.length - pre && a[a.length - 1 - post] === b[b.length - 1 - post])
    post++;
  const A = a.slice(pre, a.length - post);
  const B = b.slice(pre, b.length - post);
  const n = A.length;
  const m = B.length;
  const max = n + m;
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let found = max === 0;
  for (let d = 0; d <= max && !found; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let x =
        k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!)
          ? v[offset + k + 1]!
          : v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && A[x] === B[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        found = true;
        break;
      }
    }
  }
  const middle: Op[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d > 0; d--) {
    const prev = trace[d]!;
    const k = x - y;
    const down = k === -d || (k !== d && prev[offset + k - 1]! < prev[offset + k + 1]!);
    const pk = down ? k + 1 : k - 1;
    const px = prev[offset + pk]!;
    const py = px - pk;
    while (x > px && y > py) {
      middle.push({ kind: " ", line: A[--x]! });
      y--;
    }
    if (down) middle.push({ kind: "+", line: B[--y]! });
    else middle.push({ kind: "-", line: A[--x]! });
  }
  while (x > 0 && y > 0) {
    middle.push({ kind: " ", line: A[--x]! });
    y--;
  }
  middle.reverse();
  return [
    ...a.slice(0, pre).map((line) => ({ kind: " " as const, line })),
    ...middle,
    ...a.slice(a.length - post).map((line) => ({ kind: " " as const, line })),
  ];
}

const show = (op: Op) =>
  `${op.kind}${op.line.endsWith("\n") ? op.line : `${op.line}\n\\ No newline at end of file\n`}`;

/**
 * A unified diff of two versions of a file, with `context` lines around each change; empty when equal.
 * @example formatUnifiedDiff("a.json", "[1,]\n", "[1]\n") // "--- a.json\n+++ a.json\n@@ -1 +1 @@\n-[1,]\n+[1]\n"
 */
export function formatUnifiedDiff(fileName: string, before: string, after: string, context = 3): string {
  if (before === after) return "";
  const ops = diffLines(splitLines(before), splitLines(after));
  const out = [`--- ${fileName}\n`, `+++ ${fileName}\n`];
  let i = 0;
  while (i < ops.length) {
    if (ops[i]!.kind === " ") {
      i++;
      continue;
    }
    // A hunk: back up for context, then run until `2 * context` unchanged lines separate changes.
    let start = i;
    for (let c = 0; c < context && start > 0 && ops[start - 1]!.kind === " "; c++) start--;
    let end = i;
    let quiet = 0;
    while (end < ops.length && quiet <= 2 * context) {
      quiet = ops[end]!.kind === " " ? quiet + 1 : 0;
      end++;
    }
    end -= Math.max(0, quiet - context);
    let oldStart = 1;
    let newStart = 1;
    for (let k = 0; k < start; k++) {
      if (ops[k]!.kind !== "+") oldStart++;
      if (ops[k]!.kind !== "-") newStart++;
    }
    const hunk = ops.slice(start, end);
    const oldLen = hunk.filter((o) => o.kind !== "+").length;
    const newLen = hunk.filter((o) => o.kind !== "-").length;
    const range = (s: number, len: number) => (len === 1 ? `${s}` : `${len === 0 ? s - 1 : s},${len}`);
    out.push(`@@ -${range(oldStart, oldLen)} +${range(newStart, newLen)} @@\n`);
    for (const op of hunk) out.push(show(op));
    i = end;
  }
  return out.join("");
}
