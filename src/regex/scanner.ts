// Context-dependent scanner for Java regex text: \Q..\E removal, comments mode, classes, escapes, inline flags.
// Mirrors java.util.regex.Pattern's reading primitives so that validity and token boundaries agree with the JDK.
// Produces chevrotain tokens with decoded payloads; it never builds tree structure (parser.ts does).
import { createTokenInstance, type IToken, type TokenType } from "chevrotain";
import type { Span } from "../ast.js";
import { type AnchorNode, Flag, type GroupType, type Leaf, type SetSpec } from "./ast.js";
import { hasTable } from "./charset.js";
import { codePointOf } from "./names.js";
import * as T from "./tokens.js";
import { BLOCK_ALIASES, SCRIPT_ALIASES, UNICODE_PROPERTIES } from "./unicode-tables.generated.js";

/** Decoded meaning of one token; `leaf` keeps its source text. */
export interface TokenData {
  readonly leaf: Leaf;
  readonly flags: number;
  readonly cp?: number;
  readonly charName?: string;
  /** A class character that came from an escape (or `\Q..\E`), so `&` or `-` in it is not an operator. */
  readonly escaped?: boolean;
  readonly set?: SetSpec;
  readonly anchor?: AnchorNode["which"];
  readonly group?: number;
  readonly name?: string;
  readonly groupType?: GroupType;
  readonly on?: number;
  readonly off?: number;
  readonly min?: number;
  readonly max?: number;
  readonly mode?: "greedy" | "lazy" | "possessive";
  readonly open?: boolean;
  readonly negated?: boolean;
  /** The characters of a LiteralRun token, each with its own source text. */
  readonly run?: readonly RunItem[];
}

/** One character of a literal run. */
export interface RunItem {
  readonly cp: number;
  readonly flags: number;
  readonly leaf: Leaf;
}

/** Constructs the scanner saw, so later stages can skip work a pattern cannot need (see `Feature`). */
export const Feature = {
  QUANTIFIED_GROUP: 1,
  ALTERNATION: 2,
  LINE_BREAK: 4,
  LOOK_AROUND: 8,
  LOOK_BEHIND: 16,
  ATOMIC: 32,
  POSSESSIVE: 64,
  BACK_REFERENCE: 128,
  CANON_EQ: 256,
  GRAPHEME_BOUNDARY: 512,
  CLASS_INTERSECTION: 1024,
  /** A counted quantifier with a bound above 1,000 (the linear engine may need too many states). */
  LARGE_COUNT: 2048,
} as const;

/** A PatternSyntaxException-like error: Java's description, its index, and the offsets in the original pattern. */
export interface ScanError {
  readonly message: string;
  readonly span: Span;
  /** Java's index: code points into the pattern after \Q..\E removal. */
  readonly index: number;
  /** A structural limit of ours, not a Java syntax error. */
  readonly limit?: boolean;
}

export interface ScanResult {
  readonly tokens: IToken[];
  readonly error?: ScanError;
  readonly trailing: string;
  readonly groupCount: number;
  readonly groupNames: ReadonlyMap<string, number>;
  /** Bits of `Feature`. */
  readonly features: number;
  /** Code points in the pattern after \Q..\E removal (the length Java's indexes count in). */
  readonly length: number;
  /** Java's index of the code point that starts at (or first after) a UTF-16 offset of the original pattern. */
  javaIndex(offset: number): number;
}

class Stop {
  constructor(
    readonly message: string,
    readonly index: number,
    readonly limit = false,
  ) {}
}

/** Deepest nesting of groups and classes we parse; deeper patterns get a limit_exceeded diagnostic. */
export const MAX_NESTING = 100;

const MAX_REPS = 0x7fffffff;
const POSIX_NAMES = new Set([
  "ALPHA",
  "LOWER",
  "UPPER",
  "SPACE",
  "PUNCT",
  "XDIGIT",
  "ALNUM",
  "CNTRL",
  "DIGIT",
  "BLANK",
  "GRAPH",
  "PRINT",
]);
const UPROPS = new Set(UNICODE_PROPERTIES);

const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
const isOctal = (c: number) => c >= 0x30 && c <= 0x37;
const isHex = (c: number) => isDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
const hexVal = (c: number) => (isDigit(c) ? c - 0x30 : (c | 0x20) - 0x57);
const isAsciiLetter = (c: number) => (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
const isSpace = (c: number) => c === 0x20 || (c >= 0x09 && c <= 0x0d);

/** Resolves a `\p{name}` to a table key under the flags, or returns undefined (Java: unknown property). */
export function resolveProperty(name: string, flags: number): string | undefined {
  const eq = name.indexOf("=");
  if (eq !== -1) {
    const value = name.slice(eq + 1);
    switch (name.slice(0, eq).toLowerCase()) {
      case "sc":
      case "script":
        return script(value);
      case "blk":
      case "block":
        return block(value);
      case "gc":
      case "general_category":
        return prop(value);
      default:
        return undefined;
    }
  }
  if (name.startsWith("In")) return block(name.slice(2));
  if (name.startsWith("Is")) {
    const s = name.slice(2);
    return uprop(s) ?? prop(s) ?? script(s);
  }
  if (flags & Flag.UNICODE_CHARACTER_CLASS) {
    const up = name.toUpperCase();
    if (POSIX_NAMES.has(up)) return `uprop:${up}`;
  }
  return prop(name);
}
function prop(n: string): string | undefined {
  return hasTable(`prop:${n}`) ? `prop:${n}` : undefined;
}
function uprop(n: string): string | undefined {
  const up = n.toUpperCase();
  return UPROPS.has(up) ? `uprop:${up}` : undefined;
}
function script(n: string): string | undefined {
  const s = SCRIPT_ALIASES[n.toUpperCase()];
  return s === undefined ? undefined : `sc:${s}`;
}
function block(n: string): string | undefined {
  const b = BLOCK_ALIASES[n.toUpperCase()];
  return b === undefined ? undefined : `blk:${b}`;
}

type Esc =
  | { kind: "lit"; cp: number; charName?: string }
  | { kind: "set"; set: SetSpec }
  | { kind: "anchor"; which: AnchorNode["which"] }
  | { kind: "backref"; group: number; name?: string }
  | { kind: "linebreak" | "grapheme" };

class Scanner {
  cps: number[] = [];
  start: number[] = [];
  end: number[] = [];
  n = 0;
  cursor = 0;
  mark = 0;
  flags = 0;
  readonly stack: number[] = [];
  readonly tokens: IToken[] = [];
  prevEnd = 0;
  groupCount = 0;
  readonly names = new Map<string, number>();

  constructor(readonly pattern: string) {
    const raw: number[] = [];
    const rs: number[] = [];
    const re: number[] = [];
    for (let i = 0; i < pattern.length; ) {
      const cp = pattern.codePointAt(i)!;
      const w = cp > 0xffff ? 2 : 1;
      raw.push(cp);
      rs.push(i);
      re.push(i + w);
      i += w;
    }
    // Most patterns have no \Q: then the code points are the pattern's own (no rewriting, no copy).
    if (pattern.includes("\\Q")) this.removeQuoting(raw, rs, re);
    else {
      this.cps = raw;
      this.start = rs;
      this.end = re;
    }
    this.n = this.cps.length;
  }

  /** Java's RemoveQEQuoting: \Q..\E becomes escaped literals; each produced element keeps its source offsets. */
  removeQuoting(raw: number[], rs: number[], re: number[]): void {
    const len = raw.length;
    let i = 0;
    while (i < len - 1) {
      if (raw[i] !== 0x5c) i += 1;
      else if (raw[i + 1] !== 0x51) i += 2;
      else break;
    }
    const push = (c: number, k: number) => {
      this.cps.push(c);
      this.start.push(rs[k]!);
      this.end.push(re[k]!);
    };
    if (i >= len - 1) {
      for (let k = 0; k < len; k++) push(raw[k]!, k);
      return;
    }
    for (let k = 0; k < i; k++) push(raw[k]!, k);
    i += 2;
    let inQuote = true;
    let beginQuote = true;
    while (i < len) {
      const k = i;
      const c = raw[i++]!;
      if (c >= 0x80 || isAsciiLetter(c)) push(c, k);
      else if (isDigit(c)) {
        if (beginQuote) {
          push(0x5c, k);
          push(0x78, k);
          push(0x33, k);
        }
        push(c, k);
      } else if (c !== 0x5c) {
        if (inQuote) push(0x5c, k);
        push(c, k);
      } else if (inQuote) {
        if (raw[i] === 0x45) {
          i++;
          inQuote = false;
        } else {
          push(0x5c, k);
          push(0x5c, k);
        }
      } else if (raw[i] === 0x51) {
        i++;
        inQuote = true;
        beginQuote = true;
        continue;
      } else {
        push(c, k);
        if (i !== len) {
          push(raw[i]!, i);
          i++;
        }
      }
      beginQuote = false;
    }
  }

  at(i: number): number {
    return i < this.n && i >= 0 ? this.cps[i]! : 0;
  }
  has(f: number): boolean {
    return (this.flags & f) !== 0;
  }
  isLineSep(c: number): boolean {
    if (this.has(Flag.UNIX_LINES)) return c === 0x0a;
    return c === 0x0a || c === 0x0d || (c | 1) === 0x2029 || c === 0x85;
  }
  peekPastWhitespace(ch: number): number {
    while (isSpace(ch) || ch === 0x23) {
      while (isSpace(ch)) ch = this.at(++this.cursor);
      if (ch === 0x23) {
        ch = this.at(++this.cursor);
        while (ch !== 0 && !this.isLineSep(ch)) ch = this.at(++this.cursor);
      }
    }
    return ch;
  }
  parsePastWhitespace(ch: number): number {
    while (isSpace(ch) || ch === 0x23) {
      while (isSpace(ch)) ch = this.at(this.cursor++);
      if (ch === 0x23) {
        ch = this.at(this.cursor++);
        while (ch !== 0 && !this.isLineSep(ch)) ch = this.at(this.cursor++);
      }
    }
    return ch;
  }
  peek(): number {
    let ch = this.at(this.cursor);
    if (this.has(Flag.COMMENTS)) ch = this.peekPastWhitespace(ch);
    return ch;
  }
  read(): number {
    let ch = this.at(this.cursor++);
    if (this.has(Flag.COMMENTS)) ch = this.parsePastWhitespace(ch);
    this.mark = this.cursor;
    return ch;
  }
  next(): number {
    this.mark = this.cursor + 1;
    let ch = this.at(++this.cursor);
    if (this.has(Flag.COMMENTS)) ch = this.peekPastWhitespace(ch);
    return ch;
  }
  nextEscaped(): number {
    this.mark = this.cursor + 1;
    return this.at(++this.cursor);
  }
  skip(): number {
    const ch = this.at(this.cursor + 1);
    this.cursor += 2;
    this.mark = this.cursor;
    return ch;
  }
  unread(): void {
    this.cursor--;
    this.mark = this.cursor;
  }
  error(message: string): Stop {
    return new Stop(message, this.cursor - 1);
  }

  origStart(i: number): number {
    return i < this.n ? this.start[i]! : this.pattern.length;
  }
  origEnd(i: number): number {
    return i <= 0 ? 0 : i - 1 < this.n ? this.end[i - 1]! : this.pattern.length;
  }

  /** The source text of [from, to) (indexes after \Q..\E removal), with what lies between it and the previous token. */
  leafOf(from: number, to: number): Leaf {
    const s = Math.max(this.origStart(from), this.prevEnd);
    const e = Math.max(this.origEnd(Math.min(to, this.n)), s);
    const leaf: Leaf = {
      leading: this.pattern.slice(this.prevEnd, s),
      raw: this.pattern.slice(s, e),
      span: { start: s, end: e },
    };
    this.prevEnd = e;
    return leaf;
  }

  features = 0;
  lastType: TokenType | undefined;
  /** Literal characters waiting to become one token (or two, when a quantifier takes the last one). */
  readonly pending: RunItem[] = [];

  /** A literal outside classes: held back so that a run of them becomes one token. */
  literal(from: number, to: number, cp: number, charName: string | undefined): void {
    if (charName !== undefined) {
      this.emit(T.Literal, from, to, { cp, charName });
      return;
    }
    this.pending.push({ cp, flags: this.flags, leaf: this.leafOf(from, to) });
  }

  push(type: TokenType, leaf: Leaf, data: TokenData): void {
    const s = leaf.span.start;
    const e = leaf.span.end;
    const tok = createTokenInstance(type, leaf.raw, s, e - 1, 1, 1, s + 1, e);
    tok.payload = data;
    this.tokens.push(tok);
  }

  /** Emits the held literals; a quantifier that follows applies to the last one only, as in Java's atom(). */
  flush(beforeQuantifier: boolean): void {
    const run = this.pending;
    const single = (it: RunItem) =>
      this.push(T.Literal, it.leaf, { leaf: it.leaf, flags: it.flags, cp: it.cp });
    if (run.length === 1) single(run[0]!);
    else {
      const last = beforeQuantifier ? run.pop() : undefined;
      if (run.length === 1) single(run[0]!);
      else {
        const first = run[0]!.leaf;
        const end = run[run.length - 1]!.leaf.span.end;
        const leaf: Leaf = {
          leading: first.leading,
          raw: this.pattern.slice(first.span.start, end),
          span: { start: first.span.start, end },
        };
        this.push(T.LiteralRun, leaf, { leaf, flags: run[0]!.flags, run: run.slice() });
      }
      if (last) single(last);
    }
    run.length = 0;
    this.lastType = T.Literal;
  }

  emit(
    type: TokenType,
    from: number,
    to: number,
    data: Omit<TokenData, "leaf" | "flags"> & { flags?: number },
  ): void {
    if (this.pending.length > 0) this.flush(type === T.Quantifier);
    if (type === T.Quantifier) {
      if (this.lastType === T.RParen) this.features |= Feature.QUANTIFIED_GROUP;
      if (data.mode === "possessive") this.features |= Feature.POSSESSIVE;
      if ((data.max ?? 0) > 1000 || (data.min ?? 0) > 1000) this.features |= Feature.LARGE_COUNT;
    } else if (type === T.Pipe) this.features |= Feature.ALTERNATION;
    else if (type === T.BackRef) this.features |= Feature.BACK_REFERENCE;
    else if (type === T.LineBreak) this.features |= Feature.LINE_BREAK;
    else if (type === T.ClassAnd) this.features |= Feature.CLASS_INTERSECTION;
    else if (type === T.Anchor && data.anchor === "bg") this.features |= Feature.GRAPHEME_BOUNDARY;
    else if (type === T.GroupOpen) {
      const g = data.groupType;
      if (g === "atomic") this.features |= Feature.ATOMIC;
      else if (g === "lookahead" || g === "neglookahead") this.features |= Feature.LOOK_AROUND;
      else if (g === "lookbehind" || g === "neglookbehind")
        this.features |= Feature.LOOK_AROUND | Feature.LOOK_BEHIND;
    }
    this.lastType = type;
    const leaf = this.leafOf(from, to);
    // Callers pass a fresh object: complete it in place rather than copying it.
    const payload = data as { -readonly [K in keyof TokenData]: TokenData[K] };
    payload.leaf = leaf;
    payload.flags ??= this.flags;
    this.push(type, leaf, payload as TokenData);
  }

  run(): void {
    for (;;) {
      const ch = this.peek();
      if (this.cursor >= this.n) break;
      const from = this.cursor;
      switch (ch) {
        case 0x28:
          this.group();
          break;
        case 0x29:
          // Consume only the ')': what follows is read with the flags restored by the group's end.
          this.cursor++;
          this.mark = this.cursor;
          this.emit(T.RParen, from, this.mark, {});
          if (this.stack.length > 0) {
            this.flags = this.stack.pop()!;
            this.depth--;
          }
          break;
        case 0x7c:
          this.next();
          this.emit(T.Pipe, from, this.mark, {});
          break;
        case 0x5b:
          this.clazz();
          break;
        case 0x5e:
          this.next();
          this.emit(T.Caret, from, this.mark, {});
          break;
        case 0x24:
          this.next();
          this.emit(T.Dollar, from, this.mark, {});
          break;
        case 0x2e:
          this.next();
          this.emit(T.Dot, from, this.mark, {});
          break;
        case 0x3f:
        case 0x2a:
        case 0x2b: {
          let next = this.next();
          let mode: TokenData["mode"] = "greedy";
          if (next === 0x3f) mode = "lazy";
          else if (next === 0x2b) mode = "possessive";
          if (mode !== "greedy") next = this.next();
          const min = ch === 0x2b ? 1 : 0;
          const max = ch === 0x3f ? 1 : -1;
          this.emit(T.Quantifier, from, this.mark, { min, max, mode, open: ch !== 0x3f });
          break;
        }
        case 0x7b:
          this.brace(from);
          break;
        case 0x5c:
          this.escapeTop(from);
          break;
        default:
          this.next();
          this.literal(from, this.mark, ch, undefined);
      }
      if (this.cursor > this.n) throw new Stop("Unexpected internal error", this.n);
    }
  }

  brace(from: number): void {
    let ch = this.at(this.cursor + 1);
    if (!isDigit(ch)) {
      this.skip();
      throw this.error("Illegal repetition");
    }
    this.skip();
    let cmin = 0;
    do {
      cmin = cmin * 10 + (ch - 0x30);
      if (cmin > MAX_REPS) throw this.error("Illegal repetition range");
      ch = this.read();
    } while (isDigit(ch));
    let cmax = cmin;
    let open = false;
    if (ch === 0x2c) {
      ch = this.read();
      cmax = MAX_REPS;
      if (ch !== 0x7d) {
        cmax = 0;
        while (isDigit(ch)) {
          cmax = cmax * 10 + (ch - 0x30);
          if (cmax > MAX_REPS) throw this.error("Illegal repetition range");
          ch = this.read();
        }
      } else open = true;
    }
    if (ch !== 0x7d) throw this.error("Unclosed counted closure");
    if (cmax < cmin) throw this.error("Illegal repetition range");
    let mode: TokenData["mode"] = "greedy";
    const suffix = this.peek();
    if (suffix === 0x3f) {
      this.next();
      mode = "lazy";
    } else if (suffix === 0x2b) {
      this.next();
      mode = "possessive";
    }
    this.emit(T.Quantifier, from, this.mark, { min: cmin, max: open ? -1 : cmax, mode, open });
  }

  depth = 0;

  enter(): void {
    if (++this.depth > MAX_NESTING) {
      throw new Stop(
        `groups and classes nested more than ${MAX_NESTING} deep are not supported`,
        this.cursor,
        true,
      );
    }
  }

  group(): void {
    const from = this.cursor;
    const save = this.flags;
    let ch = this.next();
    let type: GroupType = "capture";
    let name: string | undefined;
    if (ch === 0x3f) {
      ch = this.skip();
      switch (ch) {
        case 0x3a:
          type = "noncapture";
          break;
        case 0x3d:
          type = "lookahead";
          break;
        case 0x21:
          type = "neglookahead";
          break;
        case 0x3e:
          type = "atomic";
          break;
        case 0x24:
        case 0x40:
          throw this.error("Unknown group type");
        case 0x3c:
          ch = this.read();
          if (ch !== 0x3d && ch !== 0x21) {
            name = this.groupName(ch);
            if (this.names.has(name)) throw this.error(`Named capturing group <${name}> is already defined`);
            type = "named";
            this.groupCount++;
            this.names.set(name, this.groupCount);
          } else type = ch === 0x3d ? "lookbehind" : "neglookbehind";
          break;
        default: {
          this.unread();
          const [on, off] = this.addFlag();
          ch = this.read();
          if (ch === 0x29) {
            this.emit(T.FlagGroup, from, this.mark, { on, off, flags: save });
            return;
          }
          if (ch !== 0x3a) throw this.error("Unknown inline modifier");
          this.enter();
          this.stack.push(save);
          this.emit(T.GroupOpen, from, this.mark, { groupType: "flags", on, off, flags: save });
          return;
        }
      }
    } else {
      this.groupCount++;
    }
    this.enter();
    this.stack.push(save);
    const data: Omit<TokenData, "leaf" | "flags"> =
      type === "capture" || type === "named"
        ? name === undefined
          ? { groupType: type, group: this.groupCount }
          : { groupType: type, group: this.groupCount, name }
        : { groupType: type };
    this.emit(T.GroupOpen, from, this.mark, data);
  }

  groupName(first: number): string {
    let ch = first;
    if (!isAsciiLetter(ch)) throw this.error("capturing group name does not start with a Latin letter");
    let name = "";
    do {
      name += String.fromCharCode(ch);
      ch = this.read();
    } while (isAsciiLetter(ch) || isDigit(ch));
    if (ch !== 0x3e) throw this.error("named capturing group is missing trailing '>'");
    return name;
  }

  addFlag(): [number, number] {
    let on = 0;
    let off = 0;
    let ch = this.peek();
    for (;;) {
      const f = flagBit(ch);
      if (f !== 0) {
        this.flags |= f;
        on |= f;
        if (f === Flag.CANON_EQ) this.features |= Feature.CANON_EQ;
      } else if (ch === 0x2d) {
        ch = this.next();
        for (;;) {
          const g = flagBit(ch);
          if (g === 0) return [on, off];
          this.flags &= ~g;
          off |= g;
          ch = this.next();
        }
      } else return [on, off];
      ch = this.next();
    }
  }

  escapeTop(from: number): void {
    const ch = this.at(this.cursor + 1);
    if (ch === 0x70 || ch === 0x50) {
      this.nextEscaped();
      this.emit(T.SetEscape, from, this.familyAfterP(ch === 0x50), { set: this.lastFamily! });
      return;
    }
    const e = this.escape(false);
    const to = this.mark;
    switch (e.kind) {
      case "lit":
        this.literal(from, to, e.cp, e.charName);
        break;
      case "set":
        this.emit(T.SetEscape, from, to, { set: e.set });
        break;
      case "anchor":
        this.emit(T.Anchor, from, to, { anchor: e.which });
        break;
      case "backref":
        this.emit(
          T.BackRef,
          from,
          to,
          e.name === undefined ? { group: e.group } : { group: e.group, name: e.name },
        );
        break;
      case "linebreak":
        this.emit(T.LineBreak, from, to, {});
        break;
      case "grapheme":
        this.emit(T.Grapheme, from, to, {});
        break;
    }
  }

  lastFamily: SetSpec | undefined;

  /** Cursor on `p`/`P`: reads `\pL` or `\p{name}`; returns the end index. */
  familyAfterP(negated: boolean): number {
    let oneLetter = true;
    const ch = this.next();
    if (ch !== 0x7b) this.unread();
    else oneLetter = false;
    this.next();
    let name: string;
    if (oneLetter) {
      const c = this.at(this.cursor);
      name = String.fromCodePoint(c);
      this.read();
    } else {
      const i = this.cursor;
      let j = i;
      while (j < this.n && this.cps[j] !== 0x7d) j++;
      if (j >= this.n) {
        this.cursor = this.n + 1;
        throw new Stop("Unclosed character family", this.n);
      }
      this.cursor = j + 1;
      this.mark = this.cursor;
      if (i + 1 > j) throw this.error("Empty character family");
      name = codePointText(this.cps, i, j);
    }
    const key = resolveProperty(name, this.flags);
    if (key === undefined) {
      const eq = name.indexOf("=");
      if (
        eq !== -1 &&
        !["sc", "script", "blk", "block", "gc", "general_category"].includes(name.slice(0, eq).toLowerCase())
      ) {
        throw this.error(
          `Unknown Unicode property {name=<${name.slice(0, eq).toLowerCase()}>, value=<${name.slice(eq + 1)}>}`,
        );
      }
      throw this.error(`Unknown character property name {${name}}`);
    }
    this.lastFamily = { type: "property", key, negated };
    return this.mark;
  }

  /** Java's escape(): the cursor is on the backslash. */
  escape(inclass: boolean): Esc {
    const ch = this.skip();
    const cls = (type: "digit" | "word" | "space" | "hspace" | "vspace", negated: boolean): Esc => ({
      kind: "set",
      set: { type, negated },
    });
    const notInClass = () => {
      if (inclass) throw this.error("Illegal/unsupported escape sequence");
    };
    switch (ch) {
      case 0x30:
        return { kind: "lit", cp: this.octal() };
      case 0x31:
      case 0x32:
      case 0x33:
      case 0x34:
      case 0x35:
      case 0x36:
      case 0x37:
      case 0x38:
      case 0x39:
        notInClass();
        return { kind: "backref", group: this.ref(ch - 0x30) };
      case 0x41:
        notInClass();
        return { kind: "anchor", which: "A" };
      case 0x42:
        notInClass();
        return { kind: "anchor", which: "B" };
      case 0x44:
        return cls("digit", true);
      case 0x47:
        notInClass();
        return { kind: "anchor", which: "G" };
      case 0x48:
        return cls("hspace", true);
      case 0x4e:
        return this.named();
      case 0x52:
        notInClass();
        return { kind: "linebreak" };
      case 0x53:
        return cls("space", true);
      case 0x56:
        return cls("vspace", true);
      case 0x57:
        return cls("word", true);
      case 0x58:
        notInClass();
        return { kind: "grapheme" };
      case 0x5a:
        notInClass();
        return { kind: "anchor", which: "Z" };
      case 0x61:
        return { kind: "lit", cp: 7 };
      case 0x62: {
        notInClass();
        if (this.peek() === 0x7b) {
          if (this.skip() === 0x67) {
            if (this.read() === 0x7d) return { kind: "anchor", which: "bg" };
            throw this.error("Illegal/unsupported escape sequence");
          }
          this.unread();
          this.unread();
        }
        return { kind: "anchor", which: "b" };
      }
      case 0x63:
        if (this.cursor < this.n) return { kind: "lit", cp: this.read() ^ 64 };
        throw this.error("Illegal control escape sequence");
      case 0x64:
        return cls("digit", false);
      case 0x65:
        return { kind: "lit", cp: 0x1b };
      case 0x66:
        return { kind: "lit", cp: 0x0c };
      case 0x68:
        return cls("hspace", false);
      case 0x6b: {
        notInClass();
        if (this.read() !== 0x3c) throw this.error("\\k is not followed by '<' for named capturing group");
        const name = this.groupName(this.read());
        const g = this.names.get(name);
        if (g === undefined) throw this.error(`named capturing group <${name}> does not exist`);
        return { kind: "backref", group: g, name };
      }
      case 0x6e:
        return { kind: "lit", cp: 0x0a };
      case 0x72:
        return { kind: "lit", cp: 0x0d };
      case 0x73:
        return cls("space", false);
      case 0x74:
        return { kind: "lit", cp: 0x09 };
      case 0x75:
        return { kind: "lit", cp: this.unicode() };
      case 0x76:
        return cls("vspace", false);
      case 0x77:
        return cls("word", false);
      case 0x78:
        return { kind: "lit", cp: this.hex() };
      case 0x7a:
        notInClass();
        return { kind: "anchor", which: "z" };
      default:
        if (isAsciiLetter(ch)) throw this.error("Illegal/unsupported escape sequence");
        return { kind: "lit", cp: ch };
    }
  }

  ref(first: number): number {
    let refNum = first;
    for (;;) {
      const ch = this.peek();
      if (!isDigit(ch)) break;
      const next = refNum * 10 + (ch - 0x30);
      if (this.groupCount < next) break;
      refNum = next;
      this.read();
    }
    return refNum;
  }

  octal(): number {
    const n = this.read();
    if (isOctal(n)) {
      const m = this.read();
      if (isOctal(m)) {
        const o = this.read();
        if (isOctal(o) && n <= 0x33) return (n - 0x30) * 64 + (m - 0x30) * 8 + (o - 0x30);
        this.unread();
        return (n - 0x30) * 8 + (m - 0x30);
      }
      this.unread();
      return n - 0x30;
    }
    throw this.error("Illegal octal escape sequence");
  }

  hex(): number {
    const n = this.read();
    if (isHex(n)) {
      const m = this.read();
      if (isHex(m)) return hexVal(n) * 16 + hexVal(m);
    } else if (n === 0x7b && isHex(this.peek())) {
      let ch = 0;
      let d = this.read();
      while (isHex(d)) {
        ch = ch * 16 + hexVal(d);
        if (ch > 0x10ffff) throw this.error("Hexadecimal codepoint is too big");
        d = this.read();
      }
      if (d !== 0x7d) throw this.error("Unclosed hexadecimal escape sequence");
      return ch;
    }
    throw this.error("Illegal hexadecimal escape sequence");
  }

  uxxxx(): number {
    let n = 0;
    for (let i = 0; i < 4; i++) {
      const ch = this.read();
      if (!isHex(ch)) throw this.error("Illegal Unicode escape sequence");
      n = n * 16 + hexVal(ch);
    }
    return n;
  }

  unicode(): number {
    const n = this.uxxxx();
    if (n >= 0xd800 && n <= 0xdbff) {
      const cur = this.cursor;
      if (this.read() === 0x5c && this.read() === 0x75) {
        const n2 = this.uxxxx();
        if (n2 >= 0xdc00 && n2 <= 0xdfff) return (n - 0xd800) * 0x400 + (n2 - 0xdc00) + 0x10000;
      }
      this.cursor = cur;
      this.mark = cur;
    }
    return n;
  }

  named(): Esc {
    if (this.read() === 0x7b) {
      const i = this.cursor;
      while (this.read() !== 0x7d) {
        if (this.cursor >= this.n) throw this.error("Unclosed character name escape sequence");
      }
      const name = codePointText(this.cps, i, this.cursor - 1);
      const cp = codePointOf(name);
      if (cp === undefined) throw this.error(`Unknown character name [${name}]`);
      return { kind: "lit", cp, charName: name };
    }
    throw this.error("Illegal character name escape sequence");
  }

  clazz(): void {
    this.enter();
    const from = this.cursor;
    let ch = this.next();
    let negated = false;
    if (ch === 0x5e && this.at(this.cursor - 1) === 0x5b) {
      ch = this.next();
      negated = true;
    }
    this.emit(T.ClassOpen, from, this.mark, { negated });
    let any = false;
    for (;;) {
      ch = this.peek();
      if (this.cursor >= this.n) {
        this.cursor = this.n + 1;
        throw new Stop("Unclosed character class", Math.max(0, this.n - 1));
      }
      const s = this.cursor;
      if (ch === 0x5b) {
        this.clazz();
        any = true;
        continue;
      }
      if (ch === 0x26) {
        if (this.next() === 0x26) {
          this.next();
          this.emit(T.ClassAnd, s, this.mark, {});
          any = true;
          continue;
        }
        this.unread();
      } else if (ch === 0x5d && any) {
        this.next();
        this.emit(T.ClassClose, s, this.mark, {});
        this.depth--;
        return;
      }
      this.rangeItem();
      any = true;
    }
  }

  /** Java's range(): one class character, a range, or a set escape. */
  rangeItem(): void {
    let ch = this.peek();
    const from = this.cursor;
    let escaped = false;
    if (ch === 0x5c) {
      ch = this.nextEscaped();
      if (ch === 0x70 || ch === 0x50) {
        this.emit(T.SetEscape, from, this.familyAfterP(ch === 0x50), { set: this.lastFamily! });
        return;
      }
      this.unread();
      const e = this.escape(true);
      if (e.kind === "set") {
        this.emit(T.SetEscape, from, this.mark, { set: e.set });
        return;
      }
      if (e.kind !== "lit") throw this.error("Illegal/unsupported escape sequence");
      ch = e.cp;
      escaped = true;
    } else this.next();
    const fromEnd = this.mark;
    if (this.peek() === 0x2d) {
      const endRange = this.at(this.cursor + 1);
      if (endRange !== 0x5b && endRange !== 0x5d) {
        this.emit(T.Literal, from, fromEnd, { cp: ch, escaped });
        const dash = this.cursor;
        this.next();
        this.emit(T.RangeDash, dash, dash + 1, {});
        let m = this.peek();
        const mFrom = this.cursor;
        let mEscaped = false;
        if (m === 0x5c) {
          const e = this.escape(true);
          m = e.kind === "lit" ? e.cp : -1;
          mEscaped = true;
        } else this.next();
        if (m < ch) throw this.error("Illegal character range");
        this.emit(T.Literal, mFrom, this.mark, { cp: m, escaped: mEscaped });
        return;
      }
    }
    this.emit(T.Literal, from, fromEnd, { cp: ch, escaped });
  }
}

function flagBit(ch: number): number {
  switch (ch) {
    case 0x69:
      return Flag.CASE_INSENSITIVE;
    case 0x6d:
      return Flag.MULTILINE;
    case 0x73:
      return Flag.DOTALL;
    case 0x64:
      return Flag.UNIX_LINES;
    case 0x75:
      return Flag.UNICODE_CASE;
    case 0x63:
      return Flag.CANON_EQ;
    case 0x78:
      return Flag.COMMENTS;
    case 0x55:
      return Flag.UNICODE_CHARACTER_CLASS | Flag.UNICODE_CASE;
    default:
      return 0;
  }
}

/** Scans a whole pattern; stops at the first error (Java stops at its first error too). Never throws. */
export function scanJavaRegex(pattern: string): ScanResult {
  const s = new Scanner(pattern);
  let error: ScanError | undefined;
  try {
    s.run();
  } catch (e) {
    if (!(e instanceof Stop)) throw e;
    const at = Math.max(0, Math.min(e.index, s.n));
    const start = s.origStart(at);
    error = {
      message: e.message,
      span: {
        start: Math.min(start, pattern.length),
        end: Math.min(pattern.length, Math.max(start + 1, s.origEnd(at + 1))),
      },
      index: e.index,
      ...(e.limit ? { limit: true } : {}),
    };
  }
  if (s.pending.length > 0) s.flush(false);
  const trailing = error ? "" : pattern.slice(s.prevEnd);
  const starts = s.start;
  const base = {
    tokens: s.tokens,
    trailing,
    groupCount: s.groupCount,
    groupNames: s.names,
    features: s.features,
    length: s.n,
    javaIndex(offset: number): number {
      let lo = 0;
      let hi = starts.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (starts[mid]! < offset) lo = mid + 1;
        else hi = mid;
      }
      return lo;
    },
  };
  return error ? { ...base, error } : base;
}

/** The text of `cps[from..to)`, in bounded chunks: a whole slice as arguments overflows the stack on a long name. */
function codePointText(cps: readonly number[], from: number, to: number): string {
  let out = "";
  for (let i = from; i < to; i += 4096) out += String.fromCodePoint(...cps.slice(i, Math.min(to, i + 4096)));
  return out;
}
