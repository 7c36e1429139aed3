// The typed syntax tree of a Java regular expression, with spans into the original pattern.
// Plain readonly data: no parsing, no matching. Every leaf keeps its source text for the printer.
import type { Span } from "../ast.js";

/** Java's inline flags as a bit set (the values of java.util.regex.Pattern's constants). */
export const Flag = {
  UNIX_LINES: 0x01,
  CASE_INSENSITIVE: 0x02,
  COMMENTS: 0x04,
  MULTILINE: 0x08,
  DOTALL: 0x20,
  UNICODE_CASE: 0x40,
  CANON_EQ: 0x80,
  UNICODE_CHARACTER_CLASS: 0x100,
} as const;

/** Source text of one token: the text before it that belongs to no token (comments-mode space, `\Q`, `\E`) and its own text. */
export interface Leaf {
  readonly leading: string;
  readonly raw: string;
  readonly span: Span;
}

/** A predefined or property character set: `\d \w \s \h \v` (and negations), `\p{..}`, `\P{..}`. */
export type SetSpec =
  | { readonly type: "digit" | "word" | "space" | "hspace" | "vspace"; readonly negated: boolean }
  | { readonly type: "property"; readonly key: string; readonly negated: boolean };

export interface LiteralNode {
  readonly kind: "literal";
  /** The code point (for `\N{name}`, the one Java's Character.codePointOf gives). */
  readonly cp: number;
  readonly charName?: string;
  readonly flags: number;
  readonly leaf: Leaf;
}
export interface DotNode {
  readonly kind: "dot";
  readonly flags: number;
  readonly leaf: Leaf;
}
export interface BoundaryNode {
  readonly kind: "caret" | "dollar";
  readonly flags: number;
  readonly leaf: Leaf;
}
export interface SetNode {
  readonly kind: "set";
  readonly set: SetSpec;
  readonly flags: number;
  readonly leaf: Leaf;
}
/** `\b \B \A \z \Z \G \b{g}`. */
export interface AnchorNode {
  readonly kind: "anchor";
  readonly which: "b" | "B" | "A" | "z" | "Z" | "G" | "bg";
  readonly flags: number;
  readonly leaf: Leaf;
}
export interface BackRefNode {
  readonly kind: "backref";
  readonly group: number;
  readonly name?: string;
  readonly flags: number;
  readonly leaf: Leaf;
}
/** `\R` (any line break) and `\X` (one extended grapheme cluster). */
export interface SpecialNode {
  readonly kind: "linebreak" | "grapheme";
  readonly flags: number;
  readonly leaf: Leaf;
}
export type GroupType =
  | "capture"
  | "named"
  | "noncapture"
  | "flags"
  | "atomic"
  | "lookahead"
  | "neglookahead"
  | "lookbehind"
  | "neglookbehind";
export interface GroupNode {
  readonly kind: "group";
  readonly type: GroupType;
  /** Capture number (1-based) for `capture` and `named`. */
  readonly index?: number;
  readonly name?: string;
  readonly open: Leaf;
  readonly body: AlternationNode;
  readonly close: Leaf;
  readonly span: Span;
}
/** `(?i-s)`: changes the flags until the end of the enclosing group. */
export interface FlagGroupNode {
  readonly kind: "flaggroup";
  readonly on: number;
  readonly off: number;
  readonly leaf: Leaf;
}
export interface ClassCharNode {
  readonly kind: "char";
  readonly cp: number;
  readonly charName?: string;
  /** Written as an escape (or inside `\Q..\E`), so a `&` here is never part of `&&`. */
  readonly escaped: boolean;
  readonly leaf: Leaf;
}
export interface ClassRangeNode {
  readonly kind: "range";
  readonly from: ClassCharNode;
  readonly dash: Leaf;
  readonly to: ClassCharNode;
  readonly span: Span;
}
/** `&&` inside a class. */
export interface ClassAndNode {
  readonly kind: "and";
  readonly leaf: Leaf;
}
export type ClassItem = ClassCharNode | ClassRangeNode | SetNode | ClassNode | ClassAndNode;
export interface ClassNode {
  readonly kind: "class";
  readonly negated: boolean;
  readonly items: readonly ClassItem[];
  readonly flags: number;
  readonly open: Leaf;
  readonly close: Leaf;
  readonly span: Span;
}
export type AtomNode =
  | LiteralNode
  | DotNode
  | BoundaryNode
  | SetNode
  | AnchorNode
  | BackRefNode
  | SpecialNode
  | GroupNode
  | ClassNode;

export interface Quantifier {
  readonly min: number;
  /** -1 for unbounded (Java's 2^31-1 repetitions). */
  readonly max: number;
  readonly mode: "greedy" | "lazy" | "possessive";
  /** `*`, `+` or `{n,}`: Java treats these differently from an explicit maximum in look-behind checks. */
  readonly open: boolean;
  readonly leaf: Leaf;
}
/** An atom with a quantifier; `atom` is null for a quantifier with nothing before it (`{2}` at the start), which Java applies to the empty string. */
export interface QuantifiedNode {
  readonly kind: "quantified";
  readonly atom: AtomNode | null;
  readonly quantifier: Quantifier;
  readonly span: Span;
}
export type TermNode = AtomNode | QuantifiedNode | FlagGroupNode;
export interface SequenceNode {
  readonly kind: "sequence";
  readonly terms: readonly TermNode[];
  readonly span: Span;
}
export interface AlternationNode {
  readonly kind: "alternation";
  readonly branches: readonly SequenceNode[];
  /** The `|` separators, one fewer than the branches. */
  readonly bars: readonly Leaf[];
  readonly span: Span;
}
export interface RegexNode {
  readonly kind: "regex";
  readonly body: AlternationNode;
  /** Text after the last token (comments-mode space, a trailing `\E`). */
  readonly trailing: string;
  readonly groupCount: number;
  readonly span: Span;
}
