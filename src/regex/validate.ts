// Java's whole-tree validity rules that the grammar cannot express: look-behind length bounds (Pattern's
// TreeInfo study, including its int overflow behaviour) and class operands ("Bad class syntax").
import type { Span } from "../ast.js";
import {
  type AlternationNode,
  type AtomNode,
  type ClassNode,
  Flag,
  type GroupNode,
  type SequenceNode,
  type TermNode,
} from "./ast.js";
import { classRanges } from "./classes.js";

const MAX_REPS = 0x7fffffff;

/** Length bounds as Java's TreeInfo computes them; `max` wraps like a Java int where Java lets it. */
export interface LengthInfo {
  min: number;
  max: number;
  maxValid: boolean;
  deterministic: boolean;
}

/**
 * Under (?c) Java builds a class, or a `\p{..}` outside a class, as an NFCCharProperty: it matches one character
 * or a sequence that composes to one, and its study adds to the minimum length only (not the maximum) and makes
 * the chain non-deterministic. It is not a CharProperty, so a quantifier on it is a Curly, never a greedy run.
 */
export function isCanonNode(a: AtomNode): boolean {
  return (
    (a.kind === "class" || (a.kind === "set" && a.set.type === "property")) && (a.flags & Flag.CANON_EQ) !== 0
  );
}

function isSingleChar(a: AtomNode): boolean {
  if (isCanonNode(a)) return false;
  return a.kind === "literal" || a.kind === "dot" || a.kind === "set" || a.kind === "class";
}

// Java studies its node chain left to right with one running TreeInfo; a few nodes reset it and add their
// own totals afterwards. The steps below are that chain: transparent groups are inlined, alternations are
// one step whose continuation is studied from a fresh TreeInfo, exactly as Pattern.Branch does.
type Step = TermNode | { readonly kind: "branch"; readonly alt: AlternationNode };

function isTransparent(t: TermNode): t is GroupNode {
  return (
    t.kind === "group" &&
    (t.type === "capture" || t.type === "named" || t.type === "noncapture" || t.type === "flags")
  );
}

function flattenAlt(a: AlternationNode): Step[] {
  if (a.branches.length === 1) return flattenSeq(a.branches[0]!);
  return [{ kind: "branch", alt: a }];
}

function flattenSeq(s: SequenceNode): Step[] {
  const out: Step[] = [];
  for (const t of s.terms) {
    if (isTransparent(t)) for (const step of flattenAlt(t.body)) out.push(step);
    else out.push(t);
  }
  return out;
}

const EMPTY_BRANCH: SequenceNode = { kind: "sequence", terms: [], span: { start: 0, end: 0 } };

/** The body of an optional group as one branch (a group with alternatives stays one nested step). */
function flattenAltBranches(a: AlternationNode): SequenceNode[] {
  if (a.branches.length === 1) return [a.branches[0]!];
  const g: GroupNode = {
    kind: "group",
    type: "noncapture",
    open: { leading: "", raw: "", span: a.span },
    body: a,
    close: { leading: "", raw: "", span: a.span },
    span: a.span,
  };
  return [{ kind: "sequence", terms: [g], span: a.span }];
}

const fresh = (): LengthInfo => ({ min: 0, max: 0, maxValid: true, deterministic: true });
const reset = (i: LengthInfo) => {
  i.min = 0;
  i.max = 0;
  i.maxValid = true;
  i.deterministic = true;
};

function studyAtomInto(a: AtomNode | null, info: LengthInfo): void {
  if (a === null) return;
  if (a.kind === "group") {
    if (
      a.type === "lookahead" ||
      a.type === "neglookahead" ||
      a.type === "lookbehind" ||
      a.type === "neglookbehind"
    )
      return;
    studySteps(flattenAlt(a.body), 0, info);
    return;
  }
  studySteps([a], 0, info);
}

/** Studies steps[from..] into `info`, mutating it as Java's node chain does. */
function studySteps(steps: readonly Step[], from: number, info: LengthInfo): void {
  // Java's Branch studies the rest of the chain from a fresh TreeInfo and adds its own totals afterwards. The
  // totals wait here (innermost last) instead of a recursion per alternation, so long bodies cannot overflow.
  const adds: [min: number, max: number, maxValid: boolean][] = [];
  const branch = (alt: AlternationNode) => {
    const minL = info.min;
    const maxL = info.max;
    let maxV = info.maxValid;
    let minL2 = Number.POSITIVE_INFINITY;
    let maxL2 = -1;
    for (const b of alt.branches) {
      reset(info);
      studySteps(flattenSeq(b), 0, info);
      minL2 = Math.min(minL2, info.min);
      maxL2 = Math.max(maxL2, info.max);
      maxV &&= info.maxValid;
    }
    adds.push([minL + minL2, (maxL + maxL2) | 0, maxV]);
    reset(info);
  };
  chain: for (let k = from; k < steps.length; k++) {
    const s = steps[k]!;
    switch (s.kind) {
      case "branch":
        branch(s.alt);
        break;
      case "literal":
      case "dot":
      case "set":
      case "class":
        info.min++;
        if (isCanonNode(s)) info.deterministic = false;
        else info.max = (info.max + 1) | 0;
        break;
      case "linebreak":
        info.min++;
        info.max = (info.max + 2) | 0;
        break;
      case "grapheme":
        info.min++;
        info.deterministic = false;
        break;
      case "backref":
        info.maxValid = false;
        break;
      case "group":
        // Atomic groups study their body in the running info; look-arounds have no length.
        if (s.type === "atomic") studySteps(flattenAlt(s.body), 0, info);
        break;
      case "quantified": {
        const q = s.quantifier;
        const a = s.atom;
        if (q.min === 0 && q.max === 1) {
          if (a && isTransparent(a) && q.mode !== "possessive") {
            // Java rewrites an optional group as a Branch of the group and nothing.
            branch({ ...a.body, branches: [...flattenAltBranches(a.body), EMPTY_BRANCH] });
            break;
          }
          const minL = info.min;
          studyAtomInto(a, info);
          info.min = minL;
          info.deterministic = false;
          break;
        }
        if (a && isSingleChar(a) && q.mode === "greedy" && q.open) {
          // Java's CharPropertyGreedy adds 2^31-1 to the running maximum without an overflow check.
          info.min = Math.min(info.min + q.min, 0xfffffff);
          if (info.maxValid) info.max = (info.max + MAX_REPS) | 0;
          info.deterministic = false;
          break;
        }
        if (a && isTransparent(a) && q.mode !== "possessive") {
          const probe = fresh();
          studySteps(flattenAlt(a.body), 0, probe);
          if (!probe.deterministic) {
            // Java's Loop ends the study: it neither measures its body nor studies what follows.
            info.maxValid = false;
            info.deterministic = false;
            break chain;
          }
        }
        const minL = info.min;
        const maxL = info.max;
        const maxV = info.maxValid;
        const detm = info.deterministic;
        reset(info);
        studyAtomInto(a, info);
        const cmax = q.max < 0 ? MAX_REPS : q.max;
        const body = { ...info };
        info.min = Math.min(minL + body.min * q.min, 0xfffffff);
        if (maxV && body.maxValid) {
          // Java multiplies and adds as ints and gives up only when the sum went below the running maximum.
          const next = (maxL + Math.imul(body.max, cmax)) | 0;
          info.maxValid = next >= maxL;
          info.max = next;
        } else info.maxValid = false;
        info.deterministic = body.deterministic && q.min === cmax ? detm : false;
        break;
      }
      default:
        break;
    }
  }
  for (let i = adds.length - 1; i >= 0; i--) {
    const [min, max, maxValid] = adds[i]!;
    info.min = Math.min(info.min + min, 0xfffffff);
    info.max = (info.max + max) | 0;
    info.maxValid &&= maxValid;
    info.deterministic = false;
  }
}

/** Whether Java considers a group body deterministic (fixed length, no choices), so a quantifier on it is a GroupCurly. */
export function isDeterministic(body: AlternationNode): boolean {
  const info = fresh();
  studySteps(flattenAlt(body), 0, info);
  return info.deterministic;
}

/** Java's length bounds of a look-behind body. */
export function studyLookbehind(g: GroupNode): LengthInfo {
  const info = fresh();
  studySteps(flattenAlt(g.body), 0, info);
  return info;
}

/** A validity problem Java finds when it closes a construct, as Java reports it. */
export interface TreeProblem {
  readonly message: string;
  readonly span: Span;
  /** Java's index (code points after \Q..\E removal). */
  readonly index: number;
}

/**
 * Java's problem with a completed look-behind group or class, if any. `javaIndex` maps a UTF-16 offset of the
 * pattern to Java's index; `length` is the pattern's length in Java's indexes.
 */
export function closingProblem(
  node: GroupNode | ClassNode,
  javaIndex: (offset: number) => number,
): TreeProblem | undefined {
  if (node.kind === "group") {
    if (studyLookbehind(node).maxValid) return undefined;
    // Java studies the body when it reaches the ')' (or the end of the pattern), before consuming it.
    return {
      message: "Look-behind group does not have an obvious maximum length",
      span: node.span,
      index: javaIndex(node.close.span.start) - 1,
    };
  }
  const r = classRanges(node);
  if (!("problem" in r) || r.problem.kind !== "invalid") return undefined;
  return { message: r.problem.message, span: r.problem.span, index: javaIndex(r.problem.span.end) - 1 };
}
