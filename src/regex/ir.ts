// Lowering of the Java AST to a small matching IR with every flag resolved: characters become code point sets,
// anchors become explicit assertion kinds. Records what cannot be reproduced exactly instead of approximating.
import type { Span } from "../ast.js";
import { freelyNullable, hasChoice, nullable } from "./analysis.js";
import {
  type AlternationNode,
  type AtomNode,
  Flag,
  type RegexNode,
  type SequenceNode,
  type TermNode,
} from "./ast.js";
import { ALL, complement, fromPairs, literalSet, type Ranges } from "./charset.js";
import { classRanges, setRanges } from "./classes.js";
import { isDeterministic, studyLookbehind } from "./validate.js";

export type AssertKind =
  | "start"
  | "end"
  | "dollar"
  | "dollarML"
  | "unixDollar"
  | "unixDollarML"
  | "caretML"
  | "unixCaretML"
  | "wordB"
  | "notWordB"
  | "uwordB"
  | "notUwordB"
  /** Not followed by '\n' (the single-'\r' case of a \R that cannot backtrack). */
  | "notBeforeLF";

export type IR =
  | { readonly t: "set"; readonly r: Ranges }
  | { readonly t: "seq"; readonly items: readonly IR[] }
  | { readonly t: "alt"; readonly items: readonly IR[] }
  | {
      readonly t: "rep";
      readonly body: IR;
      readonly min: number;
      readonly max: number;
      readonly mode: "greedy" | "lazy" | "possessive";
      readonly span: Span;
    }
  | { readonly t: "cap"; readonly index: number; readonly name: string; readonly body: IR }
  | { readonly t: "atomic"; readonly body: IR; readonly span: Span }
  | {
      readonly t: "look";
      readonly behind: boolean;
      readonly neg: boolean;
      readonly body: IR;
      readonly span: Span;
    }
  | {
      readonly t: "backref";
      readonly index: number;
      readonly name: string;
      readonly ci: boolean;
      readonly span: Span;
    }
  | { readonly t: "assert"; readonly kind: AssertKind }
  /** `\X`: one extended grapheme cluster; only the linear engine runs it. */
  | { readonly t: "grapheme"; readonly span: Span }
  | { readonly t: "fail" };

/** A construct we cannot reproduce exactly: the compiler refuses the pattern and says why. */
export interface Refusal {
  readonly construct: string;
  readonly reason: string;
  readonly span: Span;
}

const LINE_TERMINATORS: Ranges = fromPairs([
  [0x0a, 0x0a],
  [0x0d, 0x0d],
  [0x85, 0x85],
  [0x2028, 0x2029],
]);
const EMPTY_SEQ: IR = { t: "seq", items: [] };

class Lowering {
  readonly refusals: Refusal[] = [];

  refuse(construct: string, reason: string, span: Span): IR {
    this.refusals.push({ construct, reason, span });
    return { t: "fail" };
  }

  /** Under (?c), Java matches classes and `\p{..}` against canonically composed sequences (NFCCharProperty). */
  canon(flags: number, span: Span, what: string): boolean {
    if ((flags & Flag.CANON_EQ) === 0) return false;
    this.refuse(
      "(?c)",
      `with canonical equivalence (CANON_EQ) Java matches ${what} against whole grapheme clusters composed to one character (Unicode normalisation), which is not reproduced`,
      span,
    );
    return true;
  }

  alt(a: AlternationNode): IR {
    if (a.branches.length === 1) return this.seq(a.branches[0]!);
    return { t: "alt", items: a.branches.map((b) => this.seq(b)) };
  }

  seq(s: SequenceNode): IR {
    const items: IR[] = [];
    const terms = s.terms;
    for (let i = 0; i < terms.length; i++) {
      const t = terms[i]!;
      if (t.kind === "literal") {
        let j = i;
        while (j < terms.length && terms[j]!.kind === "literal") j++;
        const inSlice = j - i >= 2;
        for (let k = i; k < j; k++) items.push(this.atom(terms[k] as AtomNode, inSlice));
        i = j - 1;
        continue;
      }
      const ir = this.term(t);
      if (ir) items.push(ir);
    }
    return items.length === 1 ? items[0]! : { t: "seq", items };
  }

  term(t: TermNode): IR | undefined {
    if (t.kind === "flaggroup") return undefined;
    if (t.kind === "quantified") {
      const q = t.quantifier;
      // Java repeats a single atom (Curly, Ques) or a deterministic group (GroupCurly) without backtracking
      // into an iteration, which matters only for \R: "\r\n" then stays one line break.
      const a = t.atom;
      const optionalGroup = q.min === 0 && q.max === 1 && a?.kind === "group";
      const groupCurly = a?.kind === "group" && !optionalGroup && isDeterministic(a.body);
      const inner = a ? this.atom(a, false, a.kind !== "group") : EMPTY_SEQ;
      // Repeating nothing matches nothing, whatever the counts (Java's bare `{2}`, `(?:)*`).
      if (inner.t === "seq" && inner.items.length === 0) return undefined;
      const body: IR =
        groupCurly && q.mode !== "possessive" && hasLinebreak(a.body)
          ? { t: "atomic", body: inner, span: a.span }
          : inner;
      return { t: "rep", body, min: q.min, max: q.max, mode: q.mode, span: t.span };
    }
    return this.atom(t, false);
  }

  atom(a: AtomNode, inSlice: boolean, firstPath = false): IR {
    switch (a.kind) {
      case "literal": {
        const ci = (a.flags & Flag.CASE_INSENSITIVE) !== 0;
        const uc = (a.flags & Flag.UNICODE_CASE) !== 0;
        return { t: "set", r: literalSet(a.cp, ci, uc, inSlice) };
      }
      case "dot": {
        if (a.flags & Flag.DOTALL) return { t: "set", r: ALL };
        if (a.flags & Flag.UNIX_LINES) return { t: "set", r: complement([0x0a, 0x0a]) };
        return { t: "set", r: complement(LINE_TERMINATORS) };
      }
      case "caret": {
        if (!(a.flags & Flag.MULTILINE)) return { t: "assert", kind: "start" };
        return { t: "assert", kind: a.flags & Flag.UNIX_LINES ? "unixCaretML" : "caretML" };
      }
      case "dollar": {
        const ml = (a.flags & Flag.MULTILINE) !== 0;
        if (a.flags & Flag.UNIX_LINES) return { t: "assert", kind: ml ? "unixDollarML" : "unixDollar" };
        return { t: "assert", kind: ml ? "dollarML" : "dollar" };
      }
      case "set":
        if (a.set.type === "property" && this.canon(a.flags, a.leaf.span, "a \\p{..} property"))
          return { t: "fail" };
        return { t: "set", r: setRanges(a.set, a.flags) };
      case "anchor": {
        const ucc = (a.flags & Flag.UNICODE_CHARACTER_CLASS) !== 0;
        switch (a.which) {
          case "A":
          case "G":
            return { t: "assert", kind: "start" };
          case "z":
            return { t: "assert", kind: "end" };
          case "Z":
            return { t: "assert", kind: a.flags & Flag.UNIX_LINES ? "unixDollar" : "dollar" };
          case "b":
            return { t: "assert", kind: ucc ? "uwordB" : "wordB" };
          case "B":
            return { t: "assert", kind: ucc ? "notUwordB" : "notWordB" };
          case "bg":
            return this.refuse(
              "\\b{g}",
              "JDK 17 tests it against the grapheme cluster that starts where the matcher last stopped, state that moves while matching",
              a.leaf.span,
            );
        }
        break;
      }
      case "backref":
        return {
          t: "backref",
          index: a.group,
          name: `g${a.group}`,
          ci: (a.flags & Flag.CASE_INSENSITIVE) !== 0,
          span: a.leaf.span,
        };
      case "linebreak":
        if (firstPath) {
          return {
            t: "alt",
            items: [
              {
                t: "seq",
                items: [
                  { t: "set", r: [0x0d, 0x0d] },
                  { t: "set", r: [0x0a, 0x0a] },
                ],
              },
              {
                t: "seq",
                items: [
                  { t: "set", r: [0x0d, 0x0d] },
                  { t: "assert", kind: "notBeforeLF" },
                ],
              },
              {
                t: "set",
                r: fromPairs([
                  [0x0a, 0x0c],
                  [0x85, 0x85],
                  [0x2028, 0x2029],
                ]),
              },
            ],
          };
        }
        return {
          t: "alt",
          items: [
            {
              t: "seq",
              items: [
                { t: "set", r: [0x0d, 0x0d] },
                { t: "set", r: [0x0a, 0x0a] },
              ],
            },
            {
              t: "set",
              r: fromPairs([
                [0x0a, 0x0d],
                [0x85, 0x85],
                [0x2028, 0x2029],
              ]),
            },
          ],
        };
      case "grapheme":
        return { t: "grapheme", span: a.leaf.span };
      case "class": {
        if (this.canon(a.flags, a.span, "a character class")) return { t: "fail" };
        const r = classRanges(a);
        if ("problem" in r) return this.refuse("[..&&..]", r.problem.message, r.problem.span);
        return { t: "set", r: r.ranges };
      }
      case "group": {
        const body = this.alt(a.body);
        switch (a.type) {
          case "capture":
          case "named":
            return { t: "cap", index: a.index ?? 0, name: `g${a.index ?? 0}`, body };
          case "noncapture":
          case "flags":
            return body;
          case "atomic":
            return { t: "atomic", body, span: a.span };
          case "lookahead":
          case "neglookahead":
            return (
              trivialLook(body, a.type === "neglookahead") ?? {
                t: "look",
                behind: false,
                neg: a.type === "neglookahead",
                body,
                span: a.span,
              }
            );
          case "lookbehind":
          case "neglookbehind": {
            const neg = a.type === "neglookbehind";
            const info = studyLookbehind(a);
            // Java's TreeInfo adds `*`/`+` lengths as ints without an overflow check; once the bound wraps,
            // which start positions Java tries depends on internals (Behind versus BehindS), so we refuse.
            if (info.max < 0) {
              return this.refuse(
                "look-behind",
                "Java's maximum-length bound for it overflows an int, which makes Java try start positions in ways that depend on the rest of the pattern",
                a.span,
              );
            }
            if (beyondBmp(body)) {
              return this.refuse(
                "look-behind",
                "its body can match characters outside the Basic Multilingual Plane, and Java measures look-behind distances in UTF-16 units",
                a.span,
              );
            }
            return trivialLook(body, neg) ?? { t: "look", behind: true, neg, body, span: a.span };
          }
        }
      }
    }
    return { t: "fail" };
  }
}

/**
 * A look-around whose body matches the empty string wherever it is tried always succeeds (or, negated, fails):
 * it becomes nothing (or a failure), which keeps patterns like `.*(?<=a*)b` off the look-around machinery.
 */
function trivialLook(body: IR, neg: boolean): IR | undefined {
  if (!freelyNullable(body)) return undefined;
  const caps = new Set<string>();
  names(body, caps, new Set());
  if (caps.size > 0) return undefined;
  return neg ? { t: "fail" } : EMPTY_SEQ;
}

/** Whether `n` can match (or test, through a word boundary) a supplementary code point or a surrogate. */
function beyondBmp(n: IR): boolean {
  switch (n.t) {
    case "set":
      return n.r.length > 0 && n.r[n.r.length - 1]! >= 0xd800;
    case "seq":
    case "alt":
      return n.items.some(beyondBmp);
    case "rep":
    case "cap":
    case "atomic":
    case "look":
      return beyondBmp(n.body);
    case "assert":
      return n.kind !== "start" && n.kind !== "end";
    default:
      return false;
  }
}

/** Capture names in `n`, and back-reference names in `n`. */
function names(n: IR, caps: Set<string>, refs: Set<string>): void {
  switch (n.t) {
    case "cap":
      caps.add(n.name);
      names(n.body, caps, refs);
      return;
    case "backref":
      refs.add(n.name);
      return;
    case "seq":
    case "alt":
      for (const i of n.items) names(i, caps, refs);
      return;
    case "rep":
    case "atomic":
    case "look":
      names(n.body, caps, refs);
      return;
    default:
      return;
  }
}

/** A copy of `n` whose captures in `local` (and references to them) get fresh names; every node is new. */
function renamed(n: IR, suffix: string, local: ReadonlySet<string>): IR {
  switch (n.t) {
    case "cap":
      return { ...n, name: `${n.name}_${suffix}`, body: renamed(n.body, suffix, local) };
    case "backref":
      return { ...n, name: local.has(n.name) ? `${n.name}_${suffix}` : n.name };
    case "seq":
    case "alt":
      return { ...n, items: n.items.map((i) => renamed(i, suffix, local)) };
    case "rep":
    case "atomic":
    case "look":
      return { ...n, body: renamed(n.body, suffix, local) };
    default:
      return n;
  }
}

/** The choices of an item that may or may not run a capture: an alternation's branches, or an optional part. */
function choices(n: IR): IR[] | undefined {
  if (n.t === "alt") return [...n.items];
  if (n.t === "rep" && n.min === 0 && n.max === 1 && n.mode !== "possessive") {
    return n.mode === "lazy" ? [EMPTY_SEQ, n.body] : [n.body, EMPTY_SEQ];
  }
  return undefined;
}

const MAX_DISTRIBUTED = 32;

/**
 * Rewrites a top-level `P (A|B) R` as `P A R | P' B R'` when R refers back to a capture inside A or B, so every
 * back-reference sees a group that is certainly set or certainly unset. Matches are unchanged and keep their
 * order; the copies get fresh capture names because a RegExp cannot repeat one.
 */
function distribute(n: IR, budget: { branches: number; copies: number }): IR {
  if (n.t === "alt") return { ...n, items: n.items.map((i) => distribute(i, budget)) };
  if (n.t !== "seq") return n;
  const items = n.items;
  // The last item that refers back to each group (one pass, so long sequences stay linear).
  const lastRef = new Map<string, number>();
  items.forEach((it, k) => {
    const refs = new Set<string>();
    names(it, new Set(), refs);
    for (const r of refs) lastRef.set(r, k);
  });
  if (lastRef.size === 0) return n;
  for (let k = 0; k < items.length - 1; k++) {
    const opts = choices(items[k]!);
    if (!opts) continue;
    const caps = new Set<string>();
    names(items[k]!, caps, new Set());
    if (![...caps].some((c) => (lastRef.get(c) ?? -1) > k)) continue;
    if (budget.branches + opts.length > MAX_DISTRIBUTED) return n;
    budget.branches += opts.length;
    const branches = opts.map((o, b) => {
      const seq: IR = { t: "seq", items: [...items.slice(0, k), o, ...items.slice(k + 1)] };
      if (b === 0) return distribute(seq, budget);
      const local = new Set<string>();
      names(seq, local, new Set());
      return distribute(renamed(seq, `c${++budget.copies}`, local), budget);
    });
    return { t: "alt", items: branches };
  }
  return n;
}

/** Whether a group body contains \R outside nested look-arounds. */
function hasLinebreak(a: AlternationNode): boolean {
  return a.branches.some((b) =>
    b.terms.some((t) => {
      const atom = t.kind === "quantified" ? t.atom : t;
      if (!atom || atom.kind === "flaggroup") return false;
      if (atom.kind === "linebreak") return true;
      return atom.kind === "group" && hasLinebreak(atom.body);
    }),
  );
}

type Status = "set" | "unset" | "unknown";

/** Whether group `index` is certainly set, certainly unset, or either, when the back-reference runs. */
function refStatus(path: readonly IR[], capPath: readonly IR[] | undefined): Status {
  if (!capPath) return "unset";
  const status = refStatusOf(path, capPath);
  // Java does not undo a capture made inside an atomic group, a possessive quantifier or a look-around when a
  // later part fails, so such a group may hold a value from an abandoned attempt where it looks unset.
  const leaky = capPath.some(
    (n) => n.t === "atomic" || n.t === "look" || (n.t === "rep" && n.mode === "possessive"),
  );
  return status === "unset" && leaky ? "unknown" : status;
}

function refStatusOf(path: readonly IR[], capPath: readonly IR[]): Status {
  let k = 0;
  while (k < path.length && k < capPath.length && path[k] === capPath[k]) k++;
  const loops = (upTo: number) => path.slice(0, upTo).some((n) => n.t === "rep" && (n.max < 0 || n.max > 1));
  const cap = capPath[capPath.length - 1]!;
  if (path.includes(cap)) return loops(path.indexOf(cap)) ? "unknown" : "unset";
  const lca = path[k - 1];
  if (!lca) return "unknown";
  const cg = capPath[k]!;
  const cr = path[k];
  if (lca.t === "alt") return loops(k) ? "unknown" : "unset";
  if (lca.t === "seq" && cr) {
    const ig = lca.items.indexOf(cg);
    const ir = lca.items.indexOf(cr);
    if (ig > ir) return loops(k) ? "unknown" : "unset";
    for (let m = k; m < capPath.length - 1; m++) {
      const n = capPath[m]!;
      // Java keeps the capture of a final empty pass of a loop; JavaScript rejects that pass, so a loop whose
      // body can match nothing leaves the two with different values.
      const mandatory =
        n.t === "seq" ||
        n.t === "cap" ||
        n.t === "atomic" ||
        (n.t === "rep" && n.min >= 1 && !((n.max < 0 || n.max > 1) && nullable(n.body)));
      if (!mandatory) return "unknown";
    }
    return "set";
  }
  return "unknown";
}

/** Lowers a parsed pattern; back-references are resolved to set, never-set, or refused. */
export function lower(ast: RegexNode): { ir: IR; refusals: Refusal[] } {
  const l = new Lowering();
  const ir0 = distribute(l.alt(ast.body), { branches: 0, copies: 0 });
  const capPaths = new Map<string, IR[]>();
  const refs: { node: Extract<IR, { t: "backref" }>; path: IR[]; inBehind: boolean }[] = [];
  const walk = (n: IR, path: IR[], inBehind: boolean, inAtomic = false) => {
    // Characters and assertions hold no capture or reference: skip them without copying the path.
    if (n.t === "set" || n.t === "assert" || n.t === "fail" || n.t === "grapheme") return;
    const p = [...path, n];
    switch (n.t) {
      case "cap":
        capPaths.set(n.name, p);
        walk(n.body, p, inBehind, inAtomic);
        break;
      case "seq":
      case "alt":
        for (const c of n.items) walk(c, p, inBehind, inAtomic);
        break;
      case "rep":
        if (
          inAtomic &&
          n.mode !== "possessive" &&
          (n.max < 0 || n.max > 1) &&
          n.body.t !== "set" &&
          nullable(n.body)
        ) {
          l.refuse(
            "repetition inside an atomic group or possessive quantifier",
            "its body can match nothing; Java ends such a loop at its first empty pass, JavaScript keeps iterating, so they commit to different matches",
            n.span,
          );
        }
        if (
          n.mode !== "possessive" &&
          n.min >= 2 &&
          hasChoice(n.body) &&
          nullable(n.body) &&
          !freelyNullable(n.body)
        ) {
          l.refuse(
            "repetition",
            "its body can match nothing only at some positions; Java ends the loop at such an empty pass even before the minimum count, JavaScript continues",
            n.span,
          );
        }
        walk(n.body, p, inBehind, inAtomic || n.mode === "possessive");
        break;
      case "atomic":
        walk(n.body, p, inBehind, true);
        break;
      case "look":
        walk(n.body, p, inBehind || n.behind, false);
        break;
      case "backref":
        refs.push({ node: n, path: p, inBehind });
        break;
      default:
        break;
    }
  };
  walk(ir0, [], false);
  const replace = new Map<IR, IR>();
  for (const r of refs) {
    const status = refStatus(r.path, capPaths.get(r.node.name));
    if (status === "unset") replace.set(r.node, { t: "fail" });
    else if (status === "unknown") {
      l.refuse(
        "back-reference",
        "the group may be unset or hold a value from an earlier repetition here; Java and JavaScript disagree on both",
        r.node.span,
      );
    } else if (r.node.ci) {
      l.refuse(
        "case-insensitive back-reference",
        "Java compares back-references with its own case folding, which RegExp cannot scope",
        r.node.span,
      );
    } else if (r.inBehind) {
      l.refuse(
        "back-reference in a look-behind",
        "JavaScript matches look-behinds right to left",
        r.node.span,
      );
    }
  }
  const rebuild = (n: IR): IR => {
    const hit = replace.get(n);
    if (hit) return hit;
    switch (n.t) {
      case "seq":
      case "alt":
        return { ...n, items: n.items.map(rebuild) };
      case "rep":
      case "cap":
      case "atomic":
      case "look":
        return { ...n, body: rebuild(n.body) };
      default:
        return n;
    }
  };
  return { ir: replace.size ? rebuild(ir0) : ir0, refusals: l.refusals };
}
