// Tokens of the tolerant JSON grammar. Besides JSON's own tokens it names the mistakes people make
// when they paste constraints (single and typographic quotes, \" from inside a JSON string, bare words)
// so that the parser can report each one precisely instead of failing at the first character.
import { createToken, Lexer, type TokenType } from "chevrotain";

export const WhiteSpace = createToken({ name: "WhiteSpace", pattern: /[ \t\r\n]+/, group: Lexer.SKIPPED });
export const LCurly = createToken({ name: "LCurly", pattern: "{", label: "'{'" });
export const RCurly = createToken({ name: "RCurly", pattern: "}", label: "'}'" });
export const LSquare = createToken({ name: "LSquare", pattern: "[", label: "'['" });
export const RSquare = createToken({ name: "RSquare", pattern: "]", label: "']'" });
export const Comma = createToken({ name: "Comma", pattern: ",", label: "','" });
export const Colon = createToken({ name: "Colon", pattern: ":", label: "':'" });

/** A bare run of characters: `hostname` without quotes, `+3`, `.5`; also the longer alternative of keywords. */
export const BareWord = createToken({
  name: "BareWord",
  // A positive class (not a complement) so that the lexer keeps its first-character optimisation:
  // printable ASCII but for JSON punctuation and quotes, and non-ASCII but for white space and quotes.
  pattern:
    /[!#-&(-+\--9;-Z^-z|~\u00a1-\u00aa\u00ac-\u00ba\u00bc-\u167f\u1681-\u1fff\u200b-\u2017\u2020-\u2027\u202a-\u202e\u2030-\u205e\u2060-\u2fff\u3001-\ufefe\uff00-\uffff]+/,
  label: "unquoted word",
});

/** A well-formed JSON string. */
export const StringLiteral = createToken({
  name: "StringLiteral",
  pattern: /"(?:[^\\"\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/,
  label: "string",
});
/** A double-quoted string that is not valid JSON: a bad escape, a control character, or no closing quote. */
export const BadString = createToken({
  name: "BadString",
  pattern: /"(?:[^\\"\n\r]|\\[^\n\r]?)*"?/,
  label: "string",
});
/** `\"hostname\"`: text copied from inside a JSON string, escapes and all. */
export const EscapedQuoteString = createToken({
  name: "EscapedQuoteString",
  pattern: /\\"(?:[^"\\\n\r]|\\[^"\n\r])*\\"/,
  label: "string",
});
export const SingleQuoteString = createToken({
  name: "SingleQuoteString",
  pattern: /'(?:[^'\\\n\r]|\\[^\n\r])*'?/,
  label: "string",
});
/** Curly quotes, low quotes and guillemets from word processors and chat clients. */
export const TypographicString = createToken({
  name: "TypographicString",
  pattern:
    /[\u201c\u201d\u201e\u201f\u2018\u2019\u201a\u201b\u00ab\u00bb][^\u201c\u201d\u201e\u201f\u2018\u2019\u201a\u201b\u00ab\u00bb\n\r]*[\u201c\u201d\u201e\u201f\u2018\u2019\u201a\u201b\u00ab\u00bb]?/,
  start_chars_hint: [0x201c, 0x201d, 0x201e, 0x201f, 0x2018, 0x2019, 0x201a, 0x201b, 0xab, 0xbb],
  label: "string",
});
/** A stray backslash (the rest of `\"` handling); reported, never silently dropped. */
export const Backslash = createToken({ name: "Backslash", pattern: /\\/, label: "'\\'" });

export const NumberLiteral = createToken({
  name: "NumberLiteral",
  pattern: /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/,
  longer_alt: BareWord,
  label: "number",
});
export const True = createToken({ name: "True", pattern: "true", longer_alt: BareWord, label: "true" });
export const False = createToken({ name: "False", pattern: "false", longer_alt: BareWord, label: "false" });
export const Null = createToken({ name: "Null", pattern: "null", longer_alt: BareWord, label: "null" });

export const jsonTokens: TokenType[] = [
  WhiteSpace,
  LCurly,
  RCurly,
  LSquare,
  RSquare,
  Comma,
  Colon,
  StringLiteral,
  BadString,
  EscapedQuoteString,
  Backslash,
  SingleQuoteString,
  TypographicString,
  NumberLiteral,
  True,
  False,
  Null,
  BareWord,
];

let lexer: Lexer | undefined;

/** The JSON lexer, built on first use (its optimisation analysis is a start-up cost; bench: cli start-up). */
export function jsonLexer(): Lexer {
  lexer ??= new Lexer(jsonTokens, { ensureOptimizations: true, positionTracking: "onlyOffset" });
  return lexer;
}
