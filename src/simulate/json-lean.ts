// A lean reader for large, valid JSON documents (workload files of tens of megabytes): the same tree
// parseStrictJson builds, but built lazily. One pass checks the whole text is strict JSON without
// allocating; a container lists its members only when first read, and a value becomes a node only when
// read, so parts a reader never looks at (env, labels, health checks) cost nothing. Spans and source
// maps are computed when read. Invalid JSON gives undefined (callers fall back to parseJson).
import type { Span } from "../ast.js";
import { MAX_DOCUMENT_DEPTH } from "../limits.js";
import { decodeJsonContent, type JsonMember, type JsonNode } from "../syntax/json.js";
import type { SourceString } from "../syntax/source-string.js";

/** Deeper nesting gives up: parseJson then reports limit_exceeded where the document limit is crossed. */
const MAX_DEPTH = MAX_DOCUMENT_DEPTH;

class Invalid extends Error {}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
/** A strict JSON string: no raw control characters, only JSON's escapes. */
const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;

/** Reads the text from an offset: skips whitespace and values, throwing Invalid on anything not JSON. */
class Scanner {
  i = 0;
  constructor(
    readonly text: string,
    /** Where each object or array ends, by where it starts (recorded by the checking pass). */
    readonly ends: Map<number, number>,
  ) {}

  /** Skips one value of text already checked: containers by their recorded end, no checks. */
  skip(): void {
    const text = this.text;
    const c = text.charCodeAt(this.i);
    if (c === 123 || c === 91) {
      this.i = this.ends.get(this.i)!;
      return;
    }
    if (c === 34) {
      let j = this.i;
      for (;;) {
        j = text.indexOf('"', j + 1);
        let k = j - 1;
        while (text.charCodeAt(k) === 92) k--;
        // An even run of backslashes before the quote escapes only themselves.
        if ((j - 1 - k) % 2 === 0) break;
      }
      this.i = j + 1;
      return;
    }
    let j = this.i + 1;
    for (;;) {
      const d = text.charCodeAt(j);
      if (d === 44 || d === 93 || d === 125 || d === 32 || d === 10 || d === 13 || d === 9 || Number.isNaN(d))
        break;
      j++;
    }
    this.i = j;
  }

  fail(): never {
    throw new Invalid();
  }

  space(): void {
    const text = this.text;
    let i = this.i;
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 10 || c === 13 || c === 9) i++;
      else break;
    }
    this.i = i;
  }

  /** Skips a string at `i` (on its opening quote), checking it. */
  string(): void {
    // The regex engine scans a string far faster than a loop of charCodeAt (bench: loading).
    STRING.lastIndex = this.i;
    if (!STRING.test(this.text)) this.fail();
    this.i = STRING.lastIndex;
  }

  /** Skips one value (after whitespace), checking it; a container past level MAX_DEPTH fails. */
  value(depth: number): void {
    this.space();
    const text = this.text;
    const c = text.charCodeAt(this.i);
    if (c === 123 || c === 91) {
      // `depth` containers enclose this one: it opens level depth + 1.
      if (depth >= MAX_DEPTH) this.fail();
      const start = this.i;
      const close = c === 123 ? 125 : 93;
      this.i++;
      this.space();
      if (text.charCodeAt(this.i) === close) {
        this.i++;
        this.ends.set(start, this.i);
        return;
      }
      for (;;) {
        if (c === 123) {
          this.space();
          if (text.charCodeAt(this.i) !== 34) this.fail();
          this.string();
          this.space();
          if (text.charCodeAt(this.i) !== 58) this.fail();
          this.i++;
        }
        this.value(depth + 1);
        this.space();
        const d = text.charCodeAt(this.i++);
        if (d === 44) continue;
        if (d === close) {
          this.ends.set(start, this.i);
          return;
        }
        this.fail();
      }
    }
    if (c === 34) {
      this.string();
      return;
    }
    if (text.startsWith("true", this.i)) this.i += 4;
    else if (text.startsWith("false", this.i)) this.i += 5;
    else if (text.startsWith("null", this.i)) this.i += 4;
    else {
      NUMBER.lastIndex = this.i;
      if (!NUMBER.test(text)) this.fail();
      this.i = NUMBER.lastIndex;
    }
  }
}

/** What every node of one document shares: container ends, and one copy of each key. */
interface Context {
  readonly ends: Map<number, number>;
  readonly names: Map<string, string>;
}

/** The node of the (already checked) value starting at `start` and ending at `end`. */
function nodeAt(text: string, start: number, end: number, ctx: Context): JsonNode {
  const c = text.charCodeAt(start);
  if (c === 123) return new LazyObject(start, end, text, ctx) as unknown as JsonNode;
  if (c === 91) return new LazyArray(start, end, text, ctx) as unknown as JsonNode;
  if (c === 34) {
    // Every escape is longer in the source than in the value, so a backslash is the only tell.
    const escaped = text.slice(start + 1, end - 1).includes("\\");
    return new LeanString(start, end, text, escaped) as unknown as JsonNode;
  }
  if (c === 116) return new LeanLiteral("boolean", start, end, true) as unknown as JsonNode;
  if (c === 102) return new LeanLiteral("boolean", start, end, false) as unknown as JsonNode;
  if (c === 110) return new LeanLiteral("null", start, end, null) as unknown as JsonNode;
  return new LeanNumber(start, end, text) as unknown as JsonNode;
}

/** An object whose members are listed on first read: key, key span, value span, and the value's node. */
class LazyObject {
  /** Per member: key start, key end, value start, value end. */
  #spans: number[] | undefined;
  #keys: string[] | undefined;
  #values: (JsonNode | undefined)[] | undefined;

  constructor(
    readonly start: number,
    readonly end: number,
    readonly source: string,
    readonly ctx: Context,
  ) {}
  get kind(): "object" {
    return "object";
  }
  get span(): Span {
    return { start: this.start, end: this.end };
  }

  #scan(): void {
    const spans: number[] = [];
    const keys: string[] = [];
    const s = new Scanner(this.source, this.ctx.ends);
    s.i = this.start + 1;
    s.space();
    if (this.source.charCodeAt(s.i) !== 125) {
      for (;;) {
        s.space();
        const keyStart = s.i;
        s.skip();
        const keyEnd = s.i;
        const content = this.source.slice(keyStart + 1, keyEnd - 1);
        const key = content.includes("\\") ? decodeJsonContent(content, keyStart + 1).value : content;
        // Keys repeat across thousands of apps: keep one copy of each.
        let name = this.ctx.names.get(key);
        if (name === undefined) {
          name = key;
          if (this.ctx.names.size < 4096) this.ctx.names.set(name, name);
        }
        s.space();
        s.i++;
        s.space();
        const valueStart = s.i;
        s.skip();
        spans.push(keyStart, keyEnd, valueStart, s.i);
        keys.push(name);
        s.space();
        if (this.source.charCodeAt(s.i++) !== 44) break;
      }
    }
    this.#spans = spans;
    this.#keys = keys;
    this.#values = new Array(keys.length);
  }

  #value(k: number): JsonNode {
    const values = this.#values!;
    let v = values[k];
    if (v === undefined) {
      const spans = this.#spans!;
      v = nodeAt(this.source, spans[4 * k + 2]!, spans[4 * k + 3]!, this.ctx);
      values[k] = v;
    }
    return v;
  }

  get members(): readonly JsonMember[] {
    if (this.#keys === undefined) this.#scan();
    const spans = this.#spans!;
    return this.#keys!.map(
      (_, k) =>
        new LeanMember(nodeAt(this.source, spans[4 * k]!, spans[4 * k + 1]!, this.ctx), this.#value(k)),
    );
  }

  /** The value of `key` (the last one when repeated, as JSON.parse does). */
  get(key: string): JsonNode | undefined {
    if (this.#keys === undefined) this.#scan();
    const keys = this.#keys!;
    for (let k = keys.length - 1; k >= 0; k--) if (keys[k] === key) return this.#value(k);
    return undefined;
  }
}

/** An array whose elements become nodes when first read. */
class LazyArray {
  #elements: JsonNode[] | undefined;

  constructor(
    readonly start: number,
    readonly end: number,
    readonly source: string,
    readonly ctx: Context,
  ) {}
  get kind(): "array" {
    return "array";
  }
  get span(): Span {
    return { start: this.start, end: this.end };
  }
  get elements(): readonly JsonNode[] {
    if (this.#elements !== undefined) return this.#elements;
    const out: JsonNode[] = [];
    const s = new Scanner(this.source, this.ctx.ends);
    s.i = this.start + 1;
    s.space();
    if (this.source.charCodeAt(s.i) !== 93) {
      for (;;) {
        s.space();
        const start = s.i;
        s.skip();
        out.push(nodeAt(this.source, start, s.i, this.ctx));
        s.space();
        if (this.source.charCodeAt(s.i++) !== 44) break;
      }
    }
    this.#elements = out;
    return out;
  }
}

/** A string: its value is cut from (or, with escapes, decoded from) the source when read. */
class LeanString {
  constructor(
    readonly start: number,
    readonly end: number,
    readonly source: string,
    readonly escaped: boolean,
  ) {}
  get kind(): "string" {
    return "string";
  }
  get quote(): "double" {
    return "double";
  }
  get span(): Span {
    return { start: this.start, end: this.end };
  }
  get value(): string {
    const content = this.source.slice(this.start + 1, this.end - 1);
    return this.escaped ? decodeJsonContent(content, this.start + 1).value : content;
  }
  get text(): SourceString {
    const inner = { start: this.start + 1, end: this.end - 1 };
    if (!this.escaped) return { value: this.value, span: inner };
    const d = decodeJsonContent(this.source.slice(inner.start, inner.end), inner.start);
    return d.offsets ? { value: d.value, span: inner, offsets: d.offsets } : { value: d.value, span: inner };
  }
}

class LeanNumber {
  constructor(
    readonly start: number,
    readonly end: number,
    readonly source: string,
  ) {}
  get kind(): "number" {
    return "number";
  }
  get raw(): string {
    return this.source.slice(this.start, this.end);
  }
  get value(): number {
    return Number(this.raw);
  }
  get span(): Span {
    return { start: this.start, end: this.end };
  }
}

class LeanLiteral {
  constructor(
    readonly kind: "boolean" | "null",
    readonly start: number,
    readonly end: number,
    readonly value: boolean | null,
  ) {}
  get span(): Span {
    return { start: this.start, end: this.end };
  }
}

class LeanMember {
  constructor(
    readonly key: JsonNode,
    readonly value: JsonNode,
  ) {}
  get span(): Span {
    return { start: this.key.span.start, end: this.value.span.end };
  }
}

/**
 * Reads strict JSON (RFC 8259) into the same tree as parseStrictJson, built lazily as it is read;
 * undefined when the text is not strict JSON or nests deeper than 512. Never throws.
 */
export function parseLeanJson(text: string): JsonNode | undefined {
  const ctx: Context = { ends: new Map(), names: new Map() };
  const s = new Scanner(text, ctx.ends);
  // A byte-order mark is encoding, not content.
  const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  s.i = bom;
  try {
    s.value(0);
    s.space();
    if (s.i !== text.length) return undefined;
  } catch (e) {
    if (e instanceof Invalid || e instanceof RangeError) return undefined;
    throw e;
  }
  let start = bom;
  while (start < text.length && " \n\r\t".includes(text[start]!)) start++;
  let end = text.length;
  while (end > start && " \n\r\t".includes(text[end - 1]!)) end--;
  return nodeAt(text, start, end, ctx);
}
