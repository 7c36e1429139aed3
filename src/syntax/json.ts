// The tolerant JSON grammar: every value gets a span, every string keeps a map back to its source
// characters, and every common mistake becomes a diagnostic with a fix, all in one pass.
// It serves constraint text and host documents (Marathon app JSON, DC/OS options.json) alike.
import {
  createTokenInstance,
  EmbeddedActionsParser,
  type IToken,
  type TokenType,
  tokenMatcher,
} from "chevrotain";
import type { Span } from "../ast.js";
import type { Diagnostic, DiagnosticCode, Fix } from "../diagnostics.js";
import { depthExceeded, MAX_DOCUMENT_DEPTH } from "../limits.js";
import { parseStrictJson } from "./json-strict.js";
import {
  Backslash,
  BadString,
  BareWord,
  Colon,
  Comma,
  EscapedQuoteString,
  False,
  jsonLexer,
  jsonTokens,
  LCurly,
  LSquare,
  Null,
  NumberLiteral,
  RCurly,
  RSquare,
  SingleQuoteString,
  StringLiteral,
  True,
  TypographicString,
} from "./json-tokens.js";
import type { SourceString } from "./source-string.js";

/** How a string was written: only `double` is valid JSON. */
export type Quote = "double" | "single" | "typographic" | "escaped" | "bare";

export type JsonNode = JsonObject | JsonArray | JsonString | JsonNumber | JsonBoolean | JsonNull;

export interface JsonObject {
  readonly kind: "object";
  readonly span: Span;
  readonly members: readonly JsonMember[];
}
export interface JsonMember {
  readonly key: JsonNode;
  readonly value?: JsonNode;
  readonly span: Span;
}
export interface JsonArray {
  readonly kind: "array";
  readonly span: Span;
  readonly elements: readonly JsonNode[];
}
export interface JsonString {
  readonly kind: "string";
  readonly span: Span;
  readonly value: string;
  readonly quote: Quote;
  /** The value with its source map (inside the quotes). */
  readonly text: SourceString;
}
export interface JsonNumber {
  readonly kind: "number";
  readonly span: Span;
  readonly value: number;
  /** The number as written: `2.0` stays `2.0` (the DC/OS SDK keeps the text). */
  readonly raw: string;
}
export interface JsonBoolean {
  readonly kind: "boolean";
  readonly span: Span;
  readonly value: boolean;
}
export interface JsonNull {
  readonly kind: "null";
  readonly span: Span;
}

export interface ParseJsonOptions {
  /** Arrays and objects nested deeper than this are refused with `limit_exceeded` (default 128). */
  readonly maxDepth?: number;
}

export interface JsonParseResult {
  /** The value read, as far as it could be read; absent for empty input. */
  readonly value?: JsonNode;
  readonly diagnostics: readonly Diagnostic[];
}

type Item = JsonNode | IToken;

const isToken = (x: Item): x is IToken => "tokenType" in x;

function tokenSpan(t: IToken): Span {
  return { start: t.startOffset, end: t.startOffset + t.image.length };
}

function tokenEnd(t: IToken): number {
  return t.startOffset + t.image.length;
}

// What a rule returns when recovery re-syncs past it: a node with no position, which the enclosing
// rules drop (it has already been reported by the parser).
const placeholder = (): JsonNull => ({ kind: "null", span: { start: -1, end: -1 } });
const placeholderMember = (): JsonMember => ({ key: placeholder(), span: { start: -1, end: -1 } });
const recoverNode = { recoveryValueFunc: placeholder };

/** Thrown when the parser itself nests deeper than allowed (a backstop; the token scan reports first). */
class TooDeep extends Error {
  constructor(readonly token: IToken) {
    super("nesting limit");
  }
}

/** Grammar only; the semantic actions build nodes and collect diagnostics through `sink`. */
class JsonParser extends EmbeddedActionsParser {
  sink: Diagnostic[] = [];
  /** Arrays and objects open in the rule stack, and how many may be. */
  depth = 0;
  maxDepth = MAX_DOCUMENT_DEPTH;

  constructor() {
    super(jsonTokens, { recoveryEnabled: true, maxLookahead: 2 });
    this.performSelfAnalysis();
  }

  // json := [ value ]
  public json = this.RULE("json", (): JsonNode | undefined => {
    return this.OPTION(() => this.SUBRULE(this.value));
  });

  // value := object | array | scalar
  private value = this.RULE(
    "value",
    (): JsonNode =>
      this.OR([
        { ALT: () => this.SUBRULE(this.object) },
        { ALT: () => this.SUBRULE(this.array) },
        { ALT: () => this.SUBRULE(this.scalar) },
      ]),
    recoverNode,
  );

  // object := "{" { member | "," | ":" | "]" } "}"
  private object = this.RULE(
    "object",
    (): JsonNode => {
      const open = this.CONSUME(LCurly);
      this.enter(open);
      try {
        const items: (JsonMember | IToken)[] = [];
        this.MANY(() => {
          this.OR([
            { ALT: () => items.push(this.SUBRULE(this.member)) },
            { ALT: () => items.push(this.CONSUME(Comma)) },
            // Stray tokens are read here rather than left to chevrotain's repetition recovery, which
            // recurses once per re-sync: thousands of stray colons in one list overflowed the stack.
            { ALT: () => this.stray(this.CONSUME(Colon)) },
            { ALT: () => this.stray(this.CONSUME(RSquare)) },
          ]);
        });
        const close = this.CONSUME(RCurly);
        return this.ACTION(() => {
          const end = close.startOffset >= 0 ? tokenEnd(close) : this.lastEnd(open, items);
          const members = items.filter((m): m is JsonMember => !("tokenType" in m) && m.span.start >= 0);
          checkSeparators(
            items.map((m) => ("tokenType" in m ? m : m.span)),
            close.startOffset >= 0 ? close : undefined,
            this.sink,
          );
          return { kind: "object", span: { start: open.startOffset, end }, members };
        });
      } finally {
        this.leave();
      }
    },
    recoverNode,
  );

  // member := value [ ":" [ value ] ]
  private member = this.RULE(
    "member",
    (): JsonMember => {
      const key = this.SUBRULE(this.value);
      let colon: IToken | undefined;
      let value: JsonNode | undefined;
      this.OPTION(() => {
        colon = this.CONSUME(Colon);
        this.OPTION2(() => {
          value = this.SUBRULE2(this.value);
        });
      });
      return this.ACTION(() => {
        // A placeholder (a stray backslash, a recovered value) was already reported: it is no member.
        if (key.span.start < 0) return { key, span: key.span };
        if (colon === undefined) {
          this.sink.push(error("json_syntax", `expected ':' after the property name`, key.span));
        } else if (value === undefined || value.span.start < 0) {
          this.sink.push(error("json_syntax", "expected a value after ':'", tokenSpan(colon)));
        }
        if (key.kind !== "string" && key.span.start >= 0) {
          this.sink.push(error("json_syntax", "a property name must be a string", key.span));
        }
        const end =
          value !== undefined && value.span.start >= 0
            ? value.span.end
            : colon
              ? tokenSpan(colon).end
              : key.span.end;
        // A recovered value (no position) was reported where it failed: the member has no value.
        return value === undefined || value.span.start < 0
          ? { key, span: { start: key.span.start, end } }
          : { key, value, span: { start: key.span.start, end } };
      });
    },
    { recoveryValueFunc: placeholderMember },
  );

  // array := "[" { value | "," | ":" | "}" } "]"
  private array = this.RULE(
    "array",
    (): JsonNode => {
      const open = this.CONSUME(LSquare);
      this.enter(open);
      try {
        const items: Item[] = [];
        this.MANY(() => {
          this.OR([
            { ALT: () => items.push(this.SUBRULE(this.value)) },
            { ALT: () => items.push(this.CONSUME(Comma)) },
            { ALT: () => this.stray(this.CONSUME2(Colon)) },
            { ALT: () => this.stray(this.CONSUME(RCurly)) },
          ]);
        });
        const close = this.CONSUME(RSquare);
        return this.ACTION(() => {
          const elements = items.filter((x): x is JsonNode => !isToken(x) && x.span.start >= 0);
          checkSeparators(
            items.map((x) => (isToken(x) ? x : x.span)),
            close.startOffset >= 0 ? close : undefined,
            this.sink,
          );
          const end = close.startOffset >= 0 ? tokenEnd(close) : this.lastEnd(open, elements);
          return { kind: "array", span: { start: open.startOffset, end }, elements };
        });
      } finally {
        this.leave();
      }
    },
    recoverNode,
  );

  // scalar := string | number | "true" | "false" | "null" | mistake
  // mistake := single-quoted | typographic | \"escaped\" | unterminated | bare word | "\"
  private scalar = this.RULE(
    "scalar",
    (): JsonNode => {
      const t = this.OR(
        this.scalarAlts ??
          // biome-ignore lint/suspicious/noAssignInExpressions: chevrotain's documented OR-alternatives cache
          (this.scalarAlts = [
            { ALT: () => this.CONSUME(StringLiteral) },
            { ALT: () => this.CONSUME(NumberLiteral) },
            { ALT: () => this.CONSUME(True) },
            { ALT: () => this.CONSUME(False) },
            { ALT: () => this.CONSUME(Null) },
            { ALT: () => this.CONSUME(BadString) },
            { ALT: () => this.CONSUME(EscapedQuoteString) },
            { ALT: () => this.CONSUME(SingleQuoteString) },
            { ALT: () => this.CONSUME(TypographicString) },
            { ALT: () => this.CONSUME(BareWord) },
            { ALT: () => this.CONSUME(Backslash) },
          ]),
      );
      return this.ACTION(() => scalarNode(t, this.sink));
    },
    recoverNode,
  );

  private scalarAlts: { ALT: () => IToken }[] | undefined;

  /** Where an unclosed list ends: after its last item that has a position (recovered ones have none). */
  private lastEnd(open: IToken, items: readonly (JsonNode | JsonMember | IToken)[]): number {
    for (let k = items.length - 1; k >= 0; k--) {
      const item = items[k]!;
      if ("tokenType" in item) {
        if (item.startOffset >= 0) return tokenEnd(item);
      } else if (item.span.start >= 0) return item.span.end;
    }
    return tokenEnd(open);
  }

  /** A token that has no place in the list it appears in: reported, and otherwise skipped. */
  private stray(t: IToken): void {
    this.ACTION(() => this.sink.push(error("unexpected_token", `unexpected ${describe(t)}`, tokenSpan(t))));
  }

  // Rule bodies also run once while chevrotain records the grammar; only real parses count.
  private enter(open: IToken): void {
    if (this.RECORDING_PHASE) return;
    if (++this.depth > this.maxDepth) throw new TooDeep(open);
  }

  private leave(): void {
    if (!this.RECORDING_PHASE) this.depth--;
  }
}

function error(code: DiagnosticCode, message: string, span: Span, fix?: Fix): Diagnostic {
  return fix ? { severity: "error", code, message, span, fix } : { severity: "error", code, message, span };
}

/** Reports separators out of place in a bracketed list: `[,a]`, `[a,,b]`, `[a b]`, `[a,]`. */
function checkSeparators(
  items: readonly (IToken | Span)[],
  close: IToken | undefined,
  sink: Diagnostic[],
): void {
  let prev: "open" | "value" | "comma" = "open";
  let prevSpan: Span | undefined;
  for (const item of items) {
    if ("tokenType" in item) {
      const span = tokenSpan(item);
      if (prev !== "value") {
        sink.push(
          error("json_syntax", "unexpected ',': a value is missing here", span, {
            description: "remove the extra comma",
            edits: [{ span, text: "" }],
          }),
        );
      }
      prev = "comma";
      prevSpan = span;
    } else {
      if (item.start < 0) continue;
      if (prev === "value" && prevSpan) {
        sink.push(
          error(
            "json_syntax",
            "expected ',' between two values",
            { start: prevSpan.end, end: item.start },
            {
              description: "insert a comma",
              edits: [{ span: { start: prevSpan.end, end: prevSpan.end }, text: "," }],
            },
          ),
        );
      }
      prev = "value";
      prevSpan = item;
    }
  }
  if (prev === "comma" && prevSpan && close) {
    sink.push(
      error(
        "trailing_comma",
        `trailing comma before '${close.image}': JSON does not allow it, and Marathon and 'dcos package install' reject the document`,
        prevSpan,
        { description: "remove the trailing comma", edits: [{ span: prevSpan, text: "" }] },
      ),
    );
  }
}

const SIMPLE_ESCAPES: Record<string, string> = {
  '"': '"',
  "\\": "\\",
  "/": "/",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
};

interface Decoded {
  value: string;
  offsets?: number[];
  badEscapes: Span[];
  controlChars: number[];
}

/** Decodes JSON string content starting at source offset `base`; records bad escapes instead of failing. */
export function decodeJsonContent(content: string, base: number): Decoded {
  const badEscapes: Span[] = [];
  const controlChars: number[] = [];
  if (!content.includes("\\")) {
    for (let i = 0; i < content.length; i++) if (content.charCodeAt(i) < 0x20) controlChars.push(base + i);
    return { value: content, badEscapes, controlChars };
  }
  let value = "";
  const offsets: number[] = [];
  for (let i = 0; i < content.length; i++) {
    const c = content[i]!;
    if (c !== "\\") {
      if (c.charCodeAt(0) < 0x20) controlChars.push(base + i);
      value += c;
      offsets.push(base + i);
      continue;
    }
    const n = content[i + 1];
    if (n !== undefined && n in SIMPLE_ESCAPES) {
      value += SIMPLE_ESCAPES[n];
      offsets.push(base + i);
      i++;
    } else if (n === "u" && /^[0-9a-fA-F]{4}$/.test(content.slice(i + 2, i + 6))) {
      value += String.fromCharCode(Number.parseInt(content.slice(i + 2, i + 6), 16));
      offsets.push(base + i);
      i += 5;
    } else {
      badEscapes.push({ start: base + i, end: base + i + (n === undefined ? 1 : 2) });
      // Keep the character after the backslash, as lenient readers do, so later checks see the text.
      if (n !== undefined) {
        value += n;
        offsets.push(base + i);
        i++;
      }
    }
  }
  return { value, offsets, badEscapes, controlChars };
}

function stringNode(
  t: IToken,
  quote: Quote,
  contentStart: number,
  content: string,
  sink: Diagnostic[],
): JsonString {
  const d = decodeJsonContent(content, contentStart);
  const span = tokenSpan(t);
  for (const bad of d.badEscapes) {
    sink.push(
      error(
        "invalid_escape",
        'invalid escape in a JSON string: only \\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX are allowed; write a backslash as \\\\',
        bad,
        {
          description: "escape the backslash",
          edits: [{ span: { start: bad.start, end: bad.start + 1 }, text: "\\\\" }],
        },
      ),
    );
  }
  for (const at of d.controlChars) {
    const ch = t.image.charCodeAt(at - span.start);
    sink.push(
      error(
        "json_syntax",
        "a control character must be escaped in a JSON string",
        { start: at, end: at + 1 },
        {
          description: "escape the control character",
          edits: [
            {
              span: { start: at, end: at + 1 },
              text: ch === 9 ? "\\t" : `\\u${ch.toString(16).padStart(4, "0")}`,
            },
          ],
        },
      ),
    );
  }
  const text: SourceString = d.offsets
    ? {
        value: d.value,
        span: { start: contentStart, end: contentStart + content.length },
        offsets: d.offsets,
      }
    : { value: d.value, span: { start: contentStart, end: contentStart + content.length } };
  return { kind: "string", span, value: d.value, quote, text };
}

function matches(t: IToken, type: TokenType): boolean {
  return tokenMatcher(t, type);
}

function scalarNode(t: IToken, sink: Diagnostic[]): JsonNode {
  const span = tokenSpan(t);
  const image = t.image;
  if (matches(t, StringLiteral)) {
    const content = image.slice(1, -1);
    if (!content.includes("\\")) {
      const text = { value: content, span: { start: span.start + 1, end: span.end - 1 } };
      return { kind: "string", span, value: content, quote: "double", text };
    }
    return stringNode(t, "double", span.start + 1, content, sink);
  }
  if (matches(t, NumberLiteral)) return { kind: "number", span, value: Number(image), raw: image };
  if (matches(t, True)) return { kind: "boolean", span, value: true };
  if (matches(t, False)) return { kind: "boolean", span, value: false };
  if (matches(t, Null)) return { kind: "null", span };
  if (matches(t, BadString)) {
    const closed = image.length > 1 && image.endsWith('"') && !image.endsWith('\\"');
    const node = stringNode(t, "double", span.start + 1, closed ? image.slice(1, -1) : image.slice(1), sink);
    if (!closed) {
      sink.push(
        error("unterminated_string", "this string has no closing '\"' on its line", span, {
          description: "close the string",
          edits: [{ span: { start: span.end, end: span.end }, text: '"' }],
        }),
      );
    }
    return node;
  }
  if (matches(t, EscapedQuoteString)) {
    // Text copied from inside a JSON string: undo one level of escaping, then read it as JSON.
    const inner = image.slice(2, -2);
    const once = decodeJsonContent(inner, span.start + 2);
    const node = stringNode(t, "escaped", span.start + 2, once.value, []);
    const value = node.value;
    sink.push(
      error(
        "escaped_quotes",
        `\\" is an escaped quote, as written inside a JSON string; here the quotes must be plain: "${value}"`,
        span,
        {
          description: "unescape the quotes",
          edits: [{ span, text: JSON.stringify(value) }],
        },
      ),
    );
    return { ...node, text: { value, span: { start: span.start + 2, end: span.end - 2 } } };
  }
  if (matches(t, SingleQuoteString) || matches(t, TypographicString)) {
    const typographic = matches(t, TypographicString);
    const closeChars = typographic ? "\u201c\u201d\u201e\u201f\u2018\u2019\u201a\u201b\u00ab\u00bb" : "'";
    const closed = image.length > 1 && closeChars.includes(image[image.length - 1]!);
    const content = closed ? image.slice(1, -1) : image.slice(1);
    const node = typographic
      ? {
          ...stringNode(t, "typographic", span.start + 1, content.replace(/\\/g, "\\\\"), []),
          quote: "typographic" as const,
        }
      : stringNode(t, "single", span.start + 1, content.replace(/\\'/g, "'"), []);
    const value = node.value;
    const what = typographic
      ? `typographic quotes ${image[0]}…${closed ? image[image.length - 1] : ""} (from a word processor or chat client) are not JSON quotes`
      : "single quotes are not JSON quotes";
    sink.push(
      error(
        typographic ? "typographic_quotes" : "single_quotes",
        `${what}; use straight double quotes: ${JSON.stringify(value)}`,
        span,
        {
          description: "use straight double quotes",
          edits: [{ span, text: JSON.stringify(value) }],
        },
      ),
    );
    return {
      ...node,
      text: { value, span: { start: span.start + 1, end: closed ? span.end - 1 : span.end } },
    };
  }
  if (matches(t, BareWord)) {
    sink.push(
      error(
        "unquoted_string",
        `${JSON.stringify(image)} must be quoted: JSON strings need double quotes`,
        span,
        {
          description: "quote it",
          edits: [{ span, text: JSON.stringify(image) }],
        },
      ),
    );
    const text = { value: image, span };
    return { kind: "string", span, value: image, quote: "bare", text };
  }
  // A lone backslash.
  sink.push(
    error("unexpected_token", "unexpected '\\' outside a string", span, {
      description: "remove it",
      edits: [{ span, text: "" }],
    }),
  );
  return placeholder();
}

// Built on first use, not at module load: start-up pays for it only when tolerant JSON parsing runs
// (bench: cli start-up).
let instance: JsonParser | undefined;
const theParser = (): JsonParser => {
  instance ??= new JsonParser();
  return instance;
};

/** The chevrotain parser instance (built on first call), for diagram generation. */
export const jsonParser = (): EmbeddedActionsParser => theParser();

const OPENERS: Record<string, string> = { "[": "]", "{": "}" };

/**
 * Reports unclosed `[`/`{` once, at the end of the input, pointing back at the openers, and returns
 * the closers to append so that the rest of the document can still be read and checked.
 */
function checkBrackets(tokens: readonly IToken[], text: string, sink: Diagnostic[]): IToken[] {
  const stack: IToken[] = [];
  for (const t of tokens) {
    if (tokenMatcher(t, LSquare) || tokenMatcher(t, LCurly)) stack.push(t);
    else if (tokenMatcher(t, RSquare) || tokenMatcher(t, RCurly)) {
      // A closer that does not match is a stray token the grammar skips (and reports).
      const top = stack[stack.length - 1];
      if (top && OPENERS[top.image] === t.image) stack.pop();
    }
  }
  if (stack.length === 0) return [];
  const closers = stack
    .map((t) => OPENERS[t.image])
    .reverse()
    .join("");
  let end = text.length;
  while (end > 0 && /\s/.test(text[end - 1]!)) end--;
  const innermost = stack[stack.length - 1]!;
  sink.push({
    severity: "error",
    code: "missing_bracket",
    message: `missing '${closers}' at the end of the input: the '${innermost.image}' here is never closed`,
    span: { start: end, end },
    related: stack.map((t) => ({ message: `'${t.image}' opened here`, span: tokenSpan(t) })),
    fix: { description: `insert '${closers}'`, edits: [{ span: { start: end, end }, text: closers }] },
  });
  return stack.reverse().map((t) => {
    const type = t.image === "[" ? RSquare : RCurly;
    // A zero-width token: spans of the enclosing values end where the text ends.
    return { ...createTokenInstance(type, "", end, end, Number.NaN, Number.NaN, Number.NaN, Number.NaN) };
  });
}

/**
 * The first `[` or `{` that opens a level deeper than `maxDepth`, counting as the parser nests: a
 * closer ends a level only when it matches the innermost opener (recovery skips the others).
 */
function tooDeep(tokens: readonly IToken[], maxDepth: number): IToken | undefined {
  const open: TokenType[] = [];
  for (const t of tokens) {
    const type = t.tokenType;
    if (type === LSquare || type === LCurly) {
      if (open.length >= maxDepth) return t;
      open.push(type);
    } else if (
      (type === RSquare && open[open.length - 1] === LSquare) ||
      (type === RCurly && open[open.length - 1] === LCurly)
    ) {
      open.pop();
    }
  }
  return undefined;
}

/**
 * Parses tolerant JSON: never throws; every problem is a diagnostic with a span and, where safe, a fix.
 * A leading byte-order mark is skipped; arrays and objects nested deeper than `maxDepth` (default 128)
 * give one `limit_exceeded` diagnostic at the opener that crosses the limit, and no value.
 */
export function parseJson(text: string, options: ParseJsonOptions = {}): JsonParseResult {
  // Valid JSON, the common case, takes the strict reader: several times faster on host documents.
  const strict = parseStrictJson(text, options.maxDepth ?? MAX_DOCUMENT_DEPTH);
  if (strict !== undefined) return { value: strict, diagnostics: [] };
  return parseTolerantJson(text, options);
}

/** The chevrotain grammar alone: what parseJson falls back to, and what the fast path is tested against. */
export function parseTolerantJson(text: string, options: ParseJsonOptions = {}): JsonParseResult {
  const maxDepth = options.maxDepth ?? MAX_DOCUMENT_DEPTH;
  // A byte-order mark is encoding, not content; a space in its place keeps every offset.
  const lexed = jsonLexer().tokenize(text.charCodeAt(0) === 0xfeff ? ` ${text.slice(1)}` : text);
  // The grammar recurses once per level: deep input is refused before it reaches the parser.
  const deep = tooDeep(lexed.tokens, maxDepth);
  if (deep !== undefined) return { diagnostics: [depthExceeded(maxDepth, tokenSpan(deep))] };
  const sink: Diagnostic[] = [];
  for (const e of lexed.errors) {
    const span = { start: e.offset, end: e.offset + Math.max(1, e.length) };
    const ch = text.slice(span.start, span.end);
    sink.push(
      error(
        "json_syntax",
        `unexpected character ${JSON.stringify(ch)} (U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")})`,
        span,
        /\s/.test(ch)
          ? { description: "replace with a plain space", edits: [{ span, text: " " }] }
          : undefined,
      ),
    );
  }
  const closers = checkBrackets(lexed.tokens, text, sink);
  const unclosed = closers.length > 0;
  const parser = theParser();
  parser.input = unclosed ? lexed.tokens.concat(closers) : lexed.tokens;
  parser.sink = sink;
  parser.depth = 0;
  parser.maxDepth = maxDepth;
  let value: JsonNode | undefined;
  try {
    value = parser.json();
  } catch (e) {
    parser.sink = [];
    if (!(e instanceof TooDeep)) throw e;
    return { diagnostics: [depthExceeded(maxDepth, tokenSpan(e.token))] };
  }
  for (const e of parser.errors) {
    const t = e.token;
    const atEnd = t.tokenType.name === "EOF" || t.startOffset < 0;
    if (atEnd && unclosed) continue;
    if (e.name === "NotAllInputParsedException") {
      const span = { start: t.startOffset, end: text.length };
      sink.push(
        error(
          "trailing_input",
          `unexpected ${describe(t)} after the end of the value: remove it, or wrap both values in one list`,
          span,
        ),
      );
      continue;
    }
    const prev = (e as { previousToken?: IToken }).previousToken;
    const span = atEnd
      ? { start: prev && prev.startOffset >= 0 ? tokenEnd(prev) : text.length, end: text.length }
      : tokenSpan(t);
    const msg = atEnd ? "the input ends too early" : `unexpected ${describe(t)}`;
    sink.push(error("unexpected_token", msg, span));
  }
  parser.sink = [];
  sink.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  return value === undefined || value.span.start < 0 ? { diagnostics: sink } : { value, diagnostics: sink };
}

function describe(t: IToken): string {
  return t.tokenType.name === "EOF"
    ? "end of input"
    : `'${t.image.length > 20 ? `${t.image.slice(0, 20)}…` : t.image}'`;
}
