// parseJavaRegex: scanner + chevrotain grammar + whole-tree checks -> typed AST and Java's validity verdict.
// Never throws on any input; every problem is a Diagnostic with a span inside the pattern.
import { EOF, type IRecognitionException, type IToken } from "chevrotain";
import type { Span } from "../ast.js";
import type { Diagnostic } from "../diagnostics.js";
import type { RegexNode } from "./ast.js";
import { javaRegexParser } from "./parser.js";
import { type ScanResult, scanJavaRegex, type TokenData } from "./scanner.js";
import * as T from "./tokens.js";
import { closingProblem } from "./validate.js";

export interface ParseJavaRegexResult {
  /** The tree, when the pattern has Java regex structure (also for some patterns Java rejects on later checks). */
  readonly ast?: RegexNode;
  /** Java's verdict: whether Pattern.compile accepts the pattern (false, with limit_exceeded, beyond MAX_NESTING). */
  readonly valid: boolean;
  readonly diagnostics: readonly Diagnostic[];
}

interface Problem {
  readonly message: string;
  readonly span: Span;
  /** Java's index: code points after \Q..\E removal (PatternSyntaxException.getIndex()). */
  readonly index: number;
  /** Java reports the problem it meets first; on a tie, a check at a group's close comes before a scan error. */
  readonly rank: number;
}

function parserProblem(e: IRecognitionException, pattern: string, scan: ScanResult): Problem {
  return tokenProblem(e.token, pattern, scan);
}

/** Java's problem with a token the grammar cannot place (a dangling quantifier, a stray ')', the end). */
function tokenProblem(tok: IToken, pattern: string, scan: ScanResult): Problem {
  if (tok.tokenType === EOF || tok.startOffset < 0) {
    return {
      message: "Unclosed group",
      span: { start: pattern.length, end: pattern.length },
      index: scan.length,
      rank: 2,
    };
  }
  const d = tok.payload as TokenData | undefined;
  const span = d?.leaf.span ?? { start: tok.startOffset, end: (tok.endOffset ?? tok.startOffset) + 1 };
  const at = scan.javaIndex(span.start);
  if (tok.tokenType === T.Quantifier) {
    const c = (d?.leaf.raw ?? tok.image).trimStart().charAt(0);
    return { message: `Dangling meta character '${c}'`, span, index: at, rank: 2 };
  }
  // Java finds a stray ')' only after the whole expression before it, and reports the index before it (-1 at 0).
  if (tok.tokenType === T.RParen) return { message: "Unmatched closing ')'", span, index: at - 1, rank: 2 };
  return { message: `Unexpected ${tok.tokenType.LABEL ?? tok.tokenType.name}`, span, index: at, rank: 2 };
}

function toDiagnostic(p: Problem): Diagnostic {
  return {
    severity: "error",
    code: "invalid_regex",
    message: `${p.message} near index ${p.index}`,
    span: p.span,
  };
}

/**
 * Parses a Java regular expression into a typed AST and reports Java's verdict on its validity: the problem Java
 * meets first in its left-to-right parse, with its description and index verbatim.
 */
export function parseJavaRegex(pattern: string): ParseJavaRegexResult {
  return parseDetailed(pattern).result;
}

/**
 * Java's verdict on a pattern whose tokens form a flat sequence (no group, class, alternation or back-reference,
 * and no scan error), without building a tree: in such a sequence the grammar can only fail on a quantifier with
 * nothing to take (a `{n}` then takes the empty string instead) or on a stray ')'. Undefined for other patterns.
 * Validation of plain LIKE patterns takes this path (a property test holds it to the full parse).
 */
export function flatVerdict(
  pattern: string,
  scan: ScanResult = scanJavaRegex(pattern),
): { features: number; diagnostics: Diagnostic[] } | undefined {
  if (scan.error) return undefined;
  let atom = false;
  for (const tok of scan.tokens) {
    const t = tok.tokenType;
    if (t === T.Quantifier) {
      if (!atom && tok.image.charCodeAt(0) !== 0x7b) {
        return { features: scan.features, diagnostics: [toDiagnostic(tokenProblem(tok, pattern, scan))] };
      }
      atom = false;
    } else if (t === T.RParen) {
      return { features: scan.features, diagnostics: [toDiagnostic(tokenProblem(tok, pattern, scan))] };
    } else if (t === T.FlagGroup) atom = false;
    else if (FLAT_ATOMS.has(t)) atom = true;
    else return undefined;
  }
  return { features: scan.features, diagnostics: [] };
}

const FLAT_ATOMS = new Set([
  T.Literal,
  T.LiteralRun,
  T.Dot,
  T.Caret,
  T.Dollar,
  T.SetEscape,
  T.Anchor,
  T.LineBreak,
  T.Grapheme,
]);

/**
 * parseJavaRegex, and which constructs the pattern uses (bits of scanner.ts's `Feature`). A caller that
 * tried flatVerdict first passes its scan: the tokens are read, never changed.
 */
export function parseDetailed(
  pattern: string,
  scan: ScanResult = scanJavaRegex(pattern),
): { result: ParseJavaRegexResult; features: number } {
  return { result: parseScanned(pattern, scan), features: scan.features };
}

function parseScanned(pattern: string, scan: ScanResult): ParseJavaRegexResult {
  if (scan.error?.limit) {
    return {
      valid: false,
      diagnostics: [
        { severity: "error", code: "limit_exceeded", message: scan.error.message, span: scan.error.span },
      ],
    };
  }
  const parser = javaRegexParser();
  parser.input = scan.tokens;
  parser.completed = [];
  parser.unclosed = false;
  parser.textLength = pattern.length;
  const body = parser.regex();
  let first: Problem | undefined;
  const consider = (p: Problem) => {
    if (!first || p.index < first.index || (p.index === first.index && p.rank < first.rank)) first = p;
  };
  for (const node of parser.completed) {
    const p = closingProblem(node, scan.javaIndex);
    if (p) consider({ ...p, rank: 0 });
  }
  if (scan.error) consider({ ...scan.error, rank: 1 });
  const perr = parser.errors[0];
  if (perr) consider(parserProblem(perr, pattern, scan));
  if (parser.unclosed) {
    consider({
      message: "Unclosed group",
      span: { start: pattern.length, end: pattern.length },
      index: scan.length,
      rank: 2,
    });
  }
  if (first) return { valid: false, diagnostics: [toDiagnostic(first)] };
  const ast: RegexNode = {
    kind: "regex",
    body,
    trailing: scan.trailing,
    groupCount: scan.groupCount,
    span: { start: 0, end: pattern.length },
  };
  return { ast, valid: true, diagnostics: [] };
}
