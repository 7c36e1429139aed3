// Which engine may run a pattern: a proof, by construction over the IR, that a backtracking matcher (V8's, for
// the RegExp we emit) needs at most linear time, and the exponential shapes worth a warning for Java's matcher.
// Anything not proven safe runs on the linear-time engine; this file only decides, it never matches.
import type { Span } from "../ast.js";
import { ALL, EMPTY, intersect, isEmpty, type Ranges, union } from "./charset.js";
import type { IR } from "./ir.js";

/** Whether `n` can match the empty string. */
export function nullable(n: IR): boolean {
  switch (n.t) {
    case "grapheme":
    case "set":
    case "fail":
      return false;
    case "seq":
      return n.items.every(nullable);
    case "alt":
      return n.items.some(nullable);
    case "rep":
      return n.min === 0 || nullable(n.body);
    case "cap":
    case "atomic":
      return nullable(n.body);
    default:
      return true;
  }
}

/** Whether `n` can match the empty string at any position (through no assertion or look-around). */
export function freelyNullable(n: IR): boolean {
  switch (n.t) {
    case "seq":
      return n.items.every(freelyNullable);
    case "alt":
      return n.items.some(freelyNullable);
    case "rep":
      return n.min === 0 || freelyNullable(n.body);
    case "cap":
    case "atomic":
      return freelyNullable(n.body);
    default:
      return false;
  }
}

/** Whether matching `n` involves a choice (an alternation or a variable repetition). */
export function hasChoice(n: IR): boolean {
  switch (n.t) {
    case "alt":
      return true;
    case "rep":
      return n.min !== n.max || hasChoice(n.body);
    case "seq":
      return n.items.some(hasChoice);
    case "cap":
    case "atomic":
    case "look":
      return hasChoice(n.body);
    default:
      return false;
  }
}

/** Whether the emitted RegExp runs a look-behind body forwards (atomic parts, back-references). */
export function forwardOnly(n: IR): boolean {
  switch (n.t) {
    case "atomic":
    case "backref":
      return true;
    case "rep":
      return n.mode === "possessive" || forwardOnly(n.body);
    case "seq":
    case "alt":
      return n.items.some(forwardOnly);
    case "cap":
    case "look":
      return forwardOnly(n.body);
    default:
      return false;
  }
}

/** A sub-pattern that makes Java's (backtracking) matcher take exponential time, with the reason. */
export interface Hazard {
  readonly span: Span;
  readonly reason: string;
}

/** Why a pattern is not proven linear for a backtracking matcher: the first choice we could not clear. */
export interface Doubt {
  readonly span: Span;
  readonly reason: string;
}

export interface Analysis {
  /** Proven: a backtracking matcher takes time linear in the input on the emitted RegExp. */
  readonly safe: boolean;
  /** The first obstacle to the proof (present exactly when `safe` is false). */
  readonly doubt?: Doubt;
  /** Exponential shapes, for the warning about Java's own matcher. */
  readonly hazards: readonly Hazard[];
}

// Two symbols beside the code points, so that one range list holds everything that may come next:
// END is the end of the input (the emitted `$`), ACCEPT the end of a look-around body (its search stops there).
const END = 0x110000;
const ACCEPT = 0x110001;

/** Longest continuation (in characters) a cleared choice may explore on each visit. */
const RELAX_LIMIT = 256;
/** Longest look-around body evaluated at any position; longer ones are costly (see `costly`). */
const LOOK_LIMIT = 256;
/** Costly zero-width nodes are fine where at most this many characters can come before them. */
const POSITION_LIMIT = 64;
/** Counts past this are "large" for the exponential warning (Java's cost doubles per iteration). */
const WARN_MIN_REPEATS = 8;

interface Info {
  readonly first: Ranges;
  readonly nullable: boolean;
  /** Most characters one match can consume (Infinity when unbounded). */
  readonly maxLen: number;
}

const mul = (a: number, b: number) => (a === 0 || b === 0 ? 0 : a * b);

/**
 * Sets with more ranges than this are widened to everything (both symbols included): a larger set can only add
 * overlaps, so the proof stays sound, and each union stays small, so the analysis stays linear in the pattern.
 */
const MAX_SET_RANGES = 256;
const EVERYTHING: Ranges = [0, ACCEPT];
function cup(a: Ranges, b: Ranges): Ranges {
  const u = union(a, b);
  return u.length > 2 * MAX_SET_RANGES ? EVERYTHING : u;
}
/** Alternations with more options are checked for any overlap at all (a sort), not pair by pair. */
const MAX_PAIRWISE = 64;

interface Loop {
  readonly span: Span;
  readonly first: Ranges;
  readonly bodyNullable: boolean;
  readonly large: boolean;
}

/** What comes after a node, inside its scope (the whole pattern, or one look-around body). */
interface Ctx {
  /** Characters (and END / ACCEPT) that can come right after the node. */
  readonly follow: Ranges;
  /** Most characters the rest of the scope can consume. */
  readonly contLen: number;
  /** The rest of the scope holds a choice that is not one-way, or a costly node. */
  readonly contDirty: boolean;
  /** Most characters the scope can consume before the node. */
  readonly prefix: number;
  /** Enclosing repetitions that can run their body again (innermost last). */
  readonly loops: readonly Loop[];
}

/**
 * The proof. A backtracking matcher explores, at each choice (an alternation, or a repetition deciding to go
 * round again), every option in turn. If at every choice the options start with disjoint characters (what
 * follows the choice counted for options that can match nothing, at most one of which may), then at each input
 * position at most one option can consume the next character: the others fail before consuming anything. The
 * search is then one path through the input with bounded side trips, so each pattern node runs at most once per
 * input position. A choice whose options overlap is still cleared when everything after it is short (at most
 * RELAX_LIMIT characters) and itself free of overlaps: the extra options then die within that distance. Atomic
 * groups and possessive quantifiers only cut this search short, so they are analysed as plain groups.
 * Look-around bodies are searched on their own (look-behinds backwards, as V8 does) and cost up to their length
 * per evaluation: a long one (or a \b, which V8 checks by looking back over combining marks) may only sit where
 * the pattern has consumed at most POSITION_LIMIT characters, so it is evaluated at a bounded number of positions.
 */
class Analyser {
  readonly doubts: Doubt[] = [];
  readonly hazards: Hazard[] = [];
  private readonly infos = new Map<IR, Info>();

  info(n: IR): Info {
    // Characters are most of a long pattern: their facts are immediate, not worth a memo entry.
    if (n.t === "set") return { first: n.r, nullable: false, maxLen: 1 };
    const hit = this.infos.get(n);
    if (hit) return hit;
    const i = this.compute(n);
    this.infos.set(n, i);
    return i;
  }

  private compute(n: IR): Info {
    switch (n.t) {
      case "set":
        return { first: n.r, nullable: false, maxLen: 1 };
      case "seq": {
        let first = EMPTY;
        let open = true;
        let maxLen = 0;
        for (const item of n.items) {
          const i = this.info(item);
          if (open) first = cup(first, i.first);
          open &&= i.nullable;
          maxLen += i.maxLen;
        }
        return { first, nullable: open, maxLen };
      }
      case "alt": {
        let first = EMPTY;
        let any = false;
        let maxLen = 0;
        for (const item of n.items) {
          const i = this.info(item);
          first = cup(first, i.first);
          any ||= i.nullable;
          maxLen = Math.max(maxLen, i.maxLen);
        }
        return { first, nullable: any, maxLen };
      }
      case "rep": {
        if (n.max === 0) return { first: EMPTY, nullable: true, maxLen: 0 };
        const b = this.info(n.body);
        const maxLen = n.max < 0 ? (b.maxLen === 0 ? 0 : Number.POSITIVE_INFINITY) : mul(n.max, b.maxLen);
        return { first: b.first, nullable: n.min === 0 || b.nullable, maxLen };
      }
      case "cap":
      case "atomic":
        return this.info(n.body);
      case "backref":
        return { first: ALL, nullable: true, maxLen: Number.POSITIVE_INFINITY };
      case "grapheme":
        return { first: ALL, nullable: false, maxLen: Number.POSITIVE_INFINITY };
      case "fail":
        return { first: EMPTY, nullable: false, maxLen: 0 };
      default:
        return { first: EMPTY, nullable: true, maxLen: 0 };
    }
  }

  doubt(span: Span, reason: string): void {
    this.doubts.push({ span, reason });
  }

  /** Analyses `n` in `ctx`; returns whether `n` holds an overlapping choice or a costly node ("dirty"). */
  walk(n: IR, ctx: Ctx, span: Span): boolean {
    switch (n.t) {
      case "seq":
        return this.seq(n.items, ctx, span);
      case "alt":
        return this.alt(n.items, ctx, span);
      case "rep":
        return this.rep(n, ctx);
      case "cap":
      case "atomic":
        return this.walk(n.body, ctx, "span" in n ? n.span : span);
      case "look":
        return this.look(n, ctx);
      case "assert":
        if (n.kind === "wordB" || n.kind === "notWordB") {
          this.costly(
            ctx,
            span,
            "a \\b or \\B, which the RegExp checks by looking back over combining marks",
          );
          return true;
        }
        return false;
      default:
        return false;
    }
  }

  /** A zero-width node whose evaluation may cost up to the input length. */
  costly(ctx: Ctx, span: Span, what: string): void {
    if (ctx.prefix > POSITION_LIMIT) this.doubt(span, `${what}, where it can be evaluated at any position`);
  }

  seq(items: readonly IR[], ctx: Ctx, span: Span): boolean {
    const prefix: number[] = [];
    let p = ctx.prefix;
    for (const item of items) {
      prefix.push(p);
      p += this.info(item).maxLen;
    }
    let sufFirst = EMPTY;
    let sufNullable = true;
    let sufLen = 0;
    let sufDirty = false;
    let dirty = false;
    for (let k = items.length - 1; k >= 0; k--) {
      const item = items[k]!;
      if (item.t === "set") {
        // Nothing to check inside a character: only what follows the items before it changes.
        sufFirst = item.r;
        sufNullable = false;
        sufLen += 1;
        continue;
      }
      const d = this.walk(
        item,
        {
          follow: sufNullable ? cup(sufFirst, ctx.follow) : sufFirst,
          contLen: sufLen + ctx.contLen,
          contDirty: sufDirty || ctx.contDirty,
          prefix: prefix[k]!,
          loops: ctx.loops,
        },
        span,
      );
      const i = this.info(item);
      sufFirst = i.nullable ? cup(i.first, sufFirst) : i.first;
      sufNullable &&= i.nullable;
      sufLen += i.maxLen;
      sufDirty ||= d;
      dirty ||= d;
    }
    return dirty;
  }

  /** Whether the rest of the scope is short and one-way, so an extra option dies within a few characters. */
  private shortClean(ctx: Ctx, extra: number): boolean {
    return !ctx.contDirty && ctx.contLen + extra <= RELAX_LIMIT;
  }

  alt(items: readonly IR[], ctx: Ctx, span: Span): boolean {
    const dirty = items.map((item) => this.walk(item, ctx, span));
    const infos = items.map((item) => this.info(item));
    const ef = infos.map((i) => (i.nullable ? cup(i.first, ctx.follow) : i.first));
    if (items.length > MAX_PAIRWISE) {
      if (!anyOverlap(ef) && infos.filter((i) => i.nullable).length < 2) return dirty.some(Boolean);
      this.doubt(span, "an alternation whose branches can start with the same character");
      const loop = this.blame(ctx, EVERYTHING, true);
      if (loop)
        this.hazards.push({
          span: loop.span,
          reason: "a repeated alternation whose branches can match the same character",
        });
      return true;
    }
    let conflict = false;
    let cleared = true;
    let ownOverlap = false;
    let overlapAll = EMPTY;
    for (let i = 0; i < items.length; i++) {
      for (let j = i + 1; j < items.length; j++) {
        const overlap = intersect(ef[i]!, ef[j]!);
        const bothEmpty = infos[i]!.nullable && infos[j]!.nullable;
        if (isEmpty(overlap) && !bothEmpty) continue;
        conflict = true;
        overlapAll = cup(overlapAll, overlap);
        if (bothEmpty || !isEmpty(intersect(infos[i]!.first, infos[j]!.first))) ownOverlap = true;
        const cheap = (k: number) => !dirty[k] && this.shortClean(ctx, infos[k]!.maxLen);
        if (bothEmpty || !(cheap(i) || cheap(j))) cleared = false;
      }
    }
    if (!conflict) return dirty.some(Boolean);
    if (!cleared) {
      this.doubt(span, "an alternation whose branches can start with the same character");
      const loop = this.blame(ctx, overlapAll, ownOverlap);
      if (loop)
        this.hazards.push({
          span: loop.span,
          reason: loop.bodyNullable
            ? "a repetition of a sub-pattern that can also match nothing"
            : "a repeated alternation whose branches can match the same character",
        });
    }
    return true;
  }

  /** The enclosing repetition that turns an overlap into exponential backtracking, if any. */
  private blame(ctx: Ctx, overlap: Ranges, own: boolean): Loop | undefined {
    for (let k = ctx.loops.length - 1; k >= 0; k--) {
      const loop = ctx.loops[k]!;
      if (!loop.large) continue;
      if (own || loop.bodyNullable || !isEmpty(intersect(loop.first, overlap))) return loop;
    }
    return undefined;
  }

  rep(n: Extract<IR, { t: "rep" }>, ctx: Ctx): boolean {
    if (n.max === 0) return false;
    const b = this.info(n.body);
    const again = n.max < 0 || n.max > 1;
    const rest = n.max < 0 ? Number.POSITIVE_INFINITY : mul(n.max - 1, b.maxLen);
    const bodyDirty = this.walk(
      n.body,
      {
        follow: again ? cup(b.first, ctx.follow) : ctx.follow,
        contLen: again ? rest + ctx.contLen : ctx.contLen,
        // Going round again re-enters the body: any overlap inside it is then in its own continuation.
        contDirty: ctx.contDirty || again,
        prefix: ctx.prefix + rest,
        loops: again
          ? [
              ...ctx.loops,
              {
                span: n.span,
                first: b.first,
                bodyNullable: b.nullable && b.maxLen > 0,
                large: n.max < 0 || n.max > WARN_MIN_REPEATS,
              },
            ]
          : ctx.loops,
      },
      n.span,
    );
    const variable = n.max < 0 || n.max !== n.min;
    if (!variable) return bodyDirty;
    const emptyPass = b.nullable && b.maxLen > 0;
    const overlap = intersect(b.first, ctx.follow);
    if (!emptyPass && isEmpty(overlap)) return bodyDirty;
    if (emptyPass || !this.shortClean(ctx, 0)) {
      this.doubt(
        n.span,
        emptyPass
          ? "a repetition of a sub-pattern that can also match nothing"
          : "a repetition whose body can start with a character that may also follow it",
      );
      if (emptyPass && again && (n.max < 0 || n.max > WARN_MIN_REPEATS)) {
        this.hazards.push({
          span: n.span,
          reason: "a repetition of a sub-pattern that can also match nothing",
        });
      } else {
        const loop = this.blame(ctx, overlap, false);
        if (loop)
          this.hazards.push({
            span: loop.span,
            reason: loop.bodyNullable
              ? "a repetition of a sub-pattern that can also match nothing"
              : "a repetition inside another repetition, both able to match the same characters",
          });
      }
    }
    return true;
  }

  look(n: Extract<IR, { t: "look" }>, ctx: Ctx): boolean {
    if (n.behind && forwardOnly(n.body)) {
      this.doubt(
        n.span,
        "a look-behind with atomic parts or back-references, which the RegExp re-runs from every start",
      );
      return true;
    }
    const body = n.behind ? reversed(n.body) : n.body;
    const inner = this.walk(
      body,
      { follow: [ACCEPT, ACCEPT], contLen: 0, contDirty: false, prefix: 0, loops: [] },
      n.span,
    );
    const long = this.info(n.body).maxLen > LOOK_LIMIT;
    if (long) this.costly(ctx, n.span, "a look-around that can read far");
    return inner || long;
  }
}

/** Whether two of the sets share a code point or symbol: one sort of all their ranges, then a sweep. */
function anyOverlap(sets: readonly Ranges[]): boolean {
  const ranges: [lo: number, hi: number, owner: number][] = [];
  sets.forEach((r, owner) => {
    for (let i = 0; i < r.length; i += 2) ranges.push([r[i]!, r[i + 1]!, owner]);
  });
  ranges.sort((a, b) => a[0] - b[0]);
  // The two highest ends seen so far that belong to different owners.
  let hi1 = -1;
  let owner1 = -1;
  let hi2 = -1;
  for (const [lo, hi, owner] of ranges) {
    if ((owner !== owner1 && hi1 >= lo) || (owner === owner1 && hi2 >= lo)) return true;
    if (owner === owner1) hi1 = Math.max(hi1, hi);
    else if (hi > hi1) {
      hi2 = hi1;
      hi1 = hi;
      owner1 = owner;
    } else if (hi > hi2) hi2 = hi;
  }
  return false;
}

/** The same pattern read right to left (how V8 matches a look-behind body). */
function reversed(n: IR): IR {
  switch (n.t) {
    case "seq":
      return { t: "seq", items: n.items.map(reversed).reverse() };
    case "alt":
      return { t: "alt", items: n.items.map(reversed) };
    case "rep":
    case "cap":
    case "atomic":
      return { ...n, body: reversed(n.body) };
    default:
      return n;
  }
}

const ROOT: Ctx = { follow: [END, END], contLen: 0, contDirty: false, prefix: 0, loops: [] };

/**
 * Decides whether the backtracking engine may run `ir` (see Analyser), and finds the exponential shapes.
 * `span` is the whole pattern, used where a node carries no span of its own.
 */
export function analyse(ir: IR, span: Span): Analysis {
  const a = new Analyser();
  let root = ir;
  while (root.t === "cap") root = root.body;
  // The top-level alternatives are tried once each from the start, so they may overlap: each is its own search.
  if (root.t === "alt") for (const item of root.items) a.walk(item, ROOT, span);
  else a.walk(ir, ROOT, span);
  const doubt = a.doubts[0];
  return doubt ? { safe: false, doubt, hazards: a.hazards } : { safe: true, hazards: a.hazards };
}
