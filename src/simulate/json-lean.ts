// A lean reader for large, valid JSON documents (workload files of tens of megabytes): the same tree
// parseStrictJson builds, but each node is one small object whose span and source map are computed
// when read. Invalid JSON gives undefined (callers fall back to parseJson, which explains it).
import type { Span } from "../ast.js";
import { decodeJsonContent, type JsonMember, type JsonNode } from "../syntax/json.js";
import type { SourceString } from "../syntax/source-string.js";

/** Deeper nesting gives up (the tolerant parser then applies its own limits). */
const MAX_DEPTH = 512;

/** An object's members as flat lists: key text, key span, value (a member object is made on demand). */
class LeanObject {
  constructor(
    readonly start: number,
    readonly end: number,
    readonly keys: readonly string[],
    /** Per member: key start, key end. */
    readonly keySpans: readonly number[],
    readonly values: readonly JsonNode[],
    readonly source: string,
  ) {}
  get kind(): "object" {
    return "object";
  }
  get span(): Span {
    return { start: this.start, end: this.end };
  }
  get members(): readonly JsonMember[] {
    return this.values.map((v, i) => {
      const start = this.keySpans[2 * i]!;
      const end = this.keySpans[2 * i + 1]!;
      // Every escape is longer in the source than in the value.
      const escaped = end - start - 2 !== this.keys[i]!.length;
      const key = new LeanString(start, end, this.keys[i]!, escaped ? this.source : undefined);
      return new LeanMember(key, v);
    });
  }
  /** The value of `key` (the last one when repeated, as JSON.parse does), with no allocation. */
  get(key: string): JsonNode | undefined {
    for (let i = this.keys.length - 1; i >= 0; i--) if (this.keys[i] === key) return this.values[i];
    return undefined;
  }
}

class LeanArray {
  constructor(
    readonly start: number,
    readonly end: number,
    readonly elements: readonly JsonNode[],
  ) {}
  get kind(): "array" {
    return "array";
  }
  get span(): Span {
    return { start: this.start, end: this.end };
  }
}

class LeanString {
  constructor(
    readonly start: number,
    readonly end: number,
    readonly value: string,
    /** The source text when the string has escapes (its source map is then worked out on demand). */
    readonly source: string | undefined,
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
  get text(): SourceString {
    const inner = { start: this.start + 1, end: this.end - 1 };
    if (this.source === undefined) return { value: this.value, span: inner };
    const d = decodeJsonContent(this.source.slice(inner.start, inner.end), inner.start);
    return d.offsets ? { value: d.value, span: inner, offsets: d.offsets } : { value: d.value, span: inner };
  }
}

class LeanNumber {
  constructor(
    readonly start: number,
    readonly end: number,
    readonly value: number,
    readonly source: string,
  ) {}
  get kind(): "number" {
    return "number";
  }
  get raw(): string {
    return this.source.slice(this.start, this.end);
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

class Invalid extends Error {}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const HEX4 = /^[0-9a-fA-F]{4}$/;

/**
 * Reads strict JSON (RFC 8259) into the same tree as parseStrictJson, with lazily computed spans and
 * source maps; undefined when the text is not strict JSON or nests deeper than 512. Never throws.
 */
export function parseLeanJson(text: string): JsonNode | undefined {
  let i = 0;
  const n = text.length;
  const names = new Map<string, string>();
  const fail = (): never => {
    throw new Invalid();
  };
  const skip = () => {
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 10 || c === 13 || c === 9) i++;
      else return;
    }
  };
  const string = (): LeanString => {
    const start = i;
    i++;
    let escaped = false;
    for (;;) {
      if (i >= n) fail();
      const c = text.charCodeAt(i);
      if (c === 34) break;
      if (c < 0x20) fail();
      if (c === 92) {
        escaped = true;
        const e = text.charCodeAt(i + 1);
        if (e === 117) {
          if (!HEX4.test(text.slice(i + 2, i + 6))) fail();
          i += 6;
          // " \ / b f n r t
        } else if (
          e === 34 ||
          e === 92 ||
          e === 47 ||
          e === 98 ||
          e === 102 ||
          e === 110 ||
          e === 114 ||
          e === 116
        ) {
          i += 2;
        } else fail();
        continue;
      }
      i++;
    }
    i++;
    if (!escaped) return new LeanString(start, i, text.slice(start + 1, i - 1), undefined);
    return new LeanString(start, i, decodeJsonContent(text.slice(start + 1, i - 1), start + 1).value, text);
  };
  const value = (depth: number): JsonNode => {
    if (depth > MAX_DEPTH) fail();
    skip();
    const start = i;
    const c = text.charCodeAt(i);
    if (c === 123) {
      i++;
      const keys: string[] = [];
      const spans: number[] = [];
      const values: JsonNode[] = [];
      skip();
      if (text.charCodeAt(i) === 125) {
        i++;
        return new LeanObject(start, i, keys, spans, values, text);
      }
      for (;;) {
        skip();
        if (text.charCodeAt(i) !== 34) fail();
        const key = string();
        // Keys repeat across thousands of apps: keep one copy of each.
        let name = names.get(key.value);
        if (name === undefined) {
          name = key.value;
          if (names.size < 4096) names.set(name, name);
        }
        keys.push(name);
        spans.push(key.start, key.end);
        skip();
        if (text.charCodeAt(i) !== 58) fail();
        i++;
        values.push(value(depth + 1));
        skip();
        const d = text.charCodeAt(i);
        i++;
        if (d === 44) continue;
        if (d === 125) return new LeanObject(start, i, keys, spans, values, text);
        fail();
      }
    }
    if (c === 91) {
      i++;
      const elements: JsonNode[] = [];
      skip();
      if (text.charCodeAt(i) === 93) {
        i++;
        return new LeanArray(start, i, elements);
      }
      for (;;) {
        elements.push(value(depth + 1));
        skip();
        const d = text.charCodeAt(i);
        i++;
        if (d === 44) continue;
        if (d === 93) return new LeanArray(start, i, elements);
        fail();
      }
    }
    if (c === 34) return string();
    if (text.startsWith("true", i)) {
      i += 4;
      return new LeanLiteral("boolean", start, i, true) as JsonNode;
    }
    if (text.startsWith("false", i)) {
      i += 5;
      return new LeanLiteral("boolean", start, i, false) as JsonNode;
    }
    if (text.startsWith("null", i)) {
      i += 4;
      return new LeanLiteral("null", start, i, null) as JsonNode;
    }
    NUMBER.lastIndex = i;
    const m = NUMBER.exec(text);
    if (m === null) return fail();
    const raw = m[0];
    i += raw.length;
    return new LeanNumber(start, i, Number(raw), text);
  };
  try {
    const root = value(0);
    skip();
    return i === n ? root : undefined;
  } catch (e) {
    if (e instanceof Invalid || e instanceof RangeError) return undefined;
    throw e;
  }
}
