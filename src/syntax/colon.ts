// The colon form `field:OP:value,field2:OP2`, split exactly as the DC/OS SDK splits it: rows on
// unescaped `,`, fields on unescaped `:`, `\,` and `\:` unescaped, any other `\x` kept whole,
// every field trimmed as Java's String.trim does. Produces rows; validation lives in dialects/. Text
// without an escaped separator takes the hand-written path in colon-plain.ts (same rows, property-tested).
import { createToken, EmbeddedActionsParser, type IToken, Lexer, tokenMatcher } from "chevrotain";
import type { Span } from "../ast.js";
import { plainColonRows } from "./colon-plain.js";
import type { RawEntry, RawRow } from "./rows.js";

const EscapedSeparator = createToken({
  name: "EscapedSeparator",
  pattern: /\\[,:]/,
  label: "'\\,' or '\\:'",
});
const Escape = createToken({ name: "Escape", pattern: /\\[\s\S]/, label: "escape" });
const TrailingBackslash = createToken({ name: "TrailingBackslash", pattern: /\\/, label: "'\\'" });
const RowSeparator = createToken({ name: "RowSeparator", pattern: ",", label: "','" });
const FieldSeparator = createToken({ name: "FieldSeparator", pattern: ":", label: "':'" });
// Everything but `,` `:` and `\`, as a positive class so the lexer keeps its first-character optimisation.
const Text = createToken({
  name: "Text",
  pattern: /[\u0000-\u002b\u002d-\u0039\u003b-\u005b\u005d-\uffff]+/,
  label: "text",
});

const colonTokens = [EscapedSeparator, Escape, TrailingBackslash, RowSeparator, FieldSeparator, Text];
const colonLexer = new Lexer(colonTokens, { ensureOptimizations: true, positionTracking: "onlyOffset" });

class ColonParser extends EmbeddedActionsParser {
  constructor() {
    super(colonTokens, { maxLookahead: 1 });
    this.performSelfAnalysis();
  }

  // colonList := row { "," row }
  public colonList = this.RULE("colonList", (): IToken[][][] => {
    const rows: IToken[][][] = [this.SUBRULE(this.row)];
    this.MANY(() => {
      this.CONSUME(RowSeparator);
      rows.push(this.SUBRULE2(this.row));
    });
    return rows;
  });

  // row := field { ":" field }
  private row = this.RULE("row", (): IToken[][] => {
    const fields: IToken[][] = [this.SUBRULE(this.field)];
    this.MANY(() => {
      const sep = this.CONSUME(FieldSeparator);
      // The separator token anchors an empty field's position.
      const f = this.SUBRULE2(this.field);
      fields.push(f.length === 0 ? [sep] : f);
    });
    return fields;
  });

  // field := { text | "\," | "\:" | escape | "\" }
  private field = this.RULE("field", (): IToken[] => {
    const parts: IToken[] = [];
    this.MANY(() => {
      parts.push(
        this.OR([
          { ALT: () => this.CONSUME(Text) },
          { ALT: () => this.CONSUME(EscapedSeparator) },
          { ALT: () => this.CONSUME(Escape) },
          { ALT: () => this.CONSUME(TrailingBackslash) },
        ]),
      );
    });
    return parts;
  });
}

const parser = new ColonParser();

/** The chevrotain parser instance, for diagram generation (a function, like the other grammars'). */
export const colonParser = (): EmbeddedActionsParser => parser;

// Java's String.trim removes every char <= U+0020 from both ends.
const isJavaSpace = (c: number) => c <= 0x20;

function fieldEntry(parts: readonly IToken[], fallbackAt: number): RawEntry {
  let value = "";
  const offsets: number[] = [];
  const widths: number[] = [];
  for (const t of parts) {
    if (tokenMatcher(t, FieldSeparator)) continue;
    if (tokenMatcher(t, EscapedSeparator)) {
      value += t.image[1];
      offsets.push(t.startOffset);
      widths.push(2);
    } else {
      for (let i = 0; i < t.image.length; i++) {
        offsets.push(t.startOffset + i);
        widths.push(1);
      }
      value += t.image;
    }
  }
  let a = 0;
  let b = value.length;
  while (a < b && isJavaSpace(value.charCodeAt(a))) a++;
  while (b > a && isJavaSpace(value.charCodeAt(b - 1))) b--;
  const first = parts[0];
  // An empty field sits just after its ':' (or at the row start).
  const emptyAt =
    offsets[a] ??
    (first && tokenMatcher(first, FieldSeparator)
      ? first.startOffset + 1
      : (first?.startOffset ?? fallbackAt));
  const start = a < b ? offsets[a]! : emptyAt;
  const end = a < b ? offsets[b - 1]! + widths[b - 1]! : start;
  const kept = offsets.slice(a, b);
  const span: Span = { start, end };
  const verbatim = end - start === b - a;
  const text = verbatim
    ? { value: value.slice(a, b), span }
    : { value: value.slice(a, b), span, offsets: kept };
  return { kind: "string", text, span };
}

/** Splits colon-form text into rows with exact spans. Never throws. */
export function colonRows(text: string): RawRow[] {
  // The grammar's lexer, parser and token walk were most of a cold colon parse (bench: parse).
  return plainColonRows(text) ?? grammarColonRows(text);
}

/** colonRows by the chevrotain grammar alone, for any text (the fast path is tested against it). */
export function grammarColonRows(text: string): RawRow[] {
  const lexed = colonLexer.tokenize(text);
  parser.input = lexed.tokens;
  const rows = parser.colonList();
  // The grammar accepts every token sequence; parser errors cannot occur, lexer errors neither
  // (the token set covers every character).
  const out: RawRow[] = [];
  let rowStart = 0;
  for (const row of rows) {
    const entries = row.map((f) => fieldEntry(f, rowStart));
    const last = row[row.length - 1];
    const lastTok = last?.[last.length - 1];
    const rowEnd = lastTok ? lastTok.startOffset + lastTok.image.length : rowStart;
    const first = entries[0]!.span.start;
    const end = Math.max(entries[entries.length - 1]!.span.end, first);
    out.push({ form: "colon", span: { start: Math.min(first, end), end }, entries });
    rowStart = rowEnd + 1;
  }
  return out;
}
