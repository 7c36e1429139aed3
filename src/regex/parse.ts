// parseJavaRegex: scanner + chevrotain grammar + whole-tree checks -> typed AST and Java's validity verdict.
// Never throws on any input; every problem is a Diagnostic with a span inside the pattern.
import { EOF, type IRecognitionException } from "chevrotain";
import type { Span } from "../ast.js";
import type { Diagnostic } from "../diagnostics.js";
import type { RegexNode } from "./ast.js";
import { javaRegexParser } from "./parser.js";
import { scanJavaRegex, type TokenData } from "./scanner.js";
import * as T from "./tokens.js";
import { treeProblems } from "./validate.js";

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
  /** The index Java's PatternSyntaxException reports, when it differs from the span's start. */
  readonly index?: number;
}

function parserProblem(e: IRecognitionException, pattern: string): Problem {
  const tok = e.token;
  if (tok.tokenType === EOF || tok.startOffset < 0) {
    return { message: "Unclosed group", span: { start: pattern.length, end: pattern.length } };
  }
  const d = tok.payload as TokenData | undefined;
  const span = d?.leaf.span ?? { start: tok.startOffset, end: (tok.endOffset ?? tok.startOffset) + 1 };
  if (tok.tokenType === T.Quantifier) {
    return { message: `Dangling meta character '${(d?.leaf.raw ?? tok.image).trimStart().charAt(0)}'`, span };
  }
  if (tok.tokenType === T.RParen)
    return { message: "Unmatched closing ')'", span, index: Math.max(0, span.start - 1) };
  return { message: `Unexpected ${tok.tokenType.LABEL ?? tok.tokenType.name}`, span };
}

function toDiagnostic(p: Problem): Diagnostic {
  return {
    severity: "error",
    code: "invalid_regex",
    message: `${p.message} near index ${p.index ?? p.span.start}`,
    span: p.span,
  };
}

/** Parses a Java regular expression into a typed AST and reports Java's verdict on its validity. */
export function parseJavaRegex(pattern: string): ParseJavaRegexResult {
  const scan = scanJavaRegex(pattern);
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
  const body = parser.regex();
  const perr = parser.errors[0];
  const pp = perr ? parserProblem(perr, pattern) : undefined;
  if (scan.error || pp) {
    const first = scan.error && (!pp || pp.span.start >= scan.error.span.start) ? scan.error : pp!;
    return { valid: false, diagnostics: [toDiagnostic(first)] };
  }
  const ast: RegexNode = {
    kind: "regex",
    body,
    trailing: scan.trailing,
    groupCount: scan.groupCount,
    span: { start: 0, end: pattern.length },
  };
  const problems = treeProblems(ast);
  const first = problems[0];
  if (first) return { ast, valid: false, diagnostics: [toDiagnostic(first)] };
  return { ast, valid: true, diagnostics: [] };
}
