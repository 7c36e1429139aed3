// Chevrotain token types of the Java regex grammar. The scanner (scanner.ts) creates instances; no lexer uses them.
// Token payloads carry the decoded meaning (code point, flags, quantifier bounds) so the parser stays pure grammar.
import { createToken, Lexer } from "chevrotain";

const na = Lexer.NA;
export const Literal = createToken({ name: "Literal", pattern: na, label: "character" });
/** Two or more literal characters in a row that no quantifier applies to (one token, so long literals stay cheap). */
export const LiteralRun = createToken({ name: "LiteralRun", pattern: na, label: "characters" });
export const Dot = createToken({ name: "Dot", pattern: na, label: "'.'" });
export const Caret = createToken({ name: "Caret", pattern: na, label: "'^'" });
export const Dollar = createToken({ name: "Dollar", pattern: na, label: "'$'" });
export const Pipe = createToken({ name: "Pipe", pattern: na, label: "'|'" });
export const GroupOpen = createToken({ name: "GroupOpen", pattern: na, label: "'(' group opener" });
export const FlagGroup = createToken({ name: "FlagGroup", pattern: na, label: "'(?flags)'" });
export const RParen = createToken({ name: "RParen", pattern: na, label: "')'" });
export const Quantifier = createToken({ name: "Quantifier", pattern: na, label: "quantifier" });
export const SetEscape = createToken({ name: "SetEscape", pattern: na, label: "character set escape" });
export const Anchor = createToken({ name: "Anchor", pattern: na, label: "boundary escape" });
export const BackRef = createToken({ name: "BackRef", pattern: na, label: "back-reference" });
export const LineBreak = createToken({ name: "LineBreak", pattern: na, label: "'\\R'" });
export const Grapheme = createToken({ name: "Grapheme", pattern: na, label: "'\\X'" });
export const ClassOpen = createToken({ name: "ClassOpen", pattern: na, label: "'['" });
export const ClassClose = createToken({ name: "ClassClose", pattern: na, label: "']'" });
export const ClassAnd = createToken({ name: "ClassAnd", pattern: na, label: "'&&'" });
export const RangeDash = createToken({ name: "RangeDash", pattern: na, label: "'-' of a range" });

export const allTokens = [
  Literal,
  LiteralRun,
  Dot,
  Caret,
  Dollar,
  Pipe,
  GroupOpen,
  FlagGroup,
  RParen,
  Quantifier,
  SetEscape,
  Anchor,
  BackRef,
  LineBreak,
  Grapheme,
  ClassOpen,
  ClassClose,
  ClassAnd,
  RangeDash,
];
