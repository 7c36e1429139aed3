// The strict fast path of parseJson: a hand-written reader for text that is valid JSON (RFC 8259),
// building exactly the tree the chevrotain grammar builds (property-tested). On the first deviation it
// gives up and parseJson runs the tolerant grammar, which is the definition of the language.
import { decodeJsonContent, type JsonMember, type JsonNode } from "./json.js";

class Invalid extends Error {}

const MAX_DEPTH = 512;

/** Reads strict JSON (RFC 8259) with spans; undefined when the text is not valid JSON. Never throws. */
export function parseStrictJson(text: string): JsonNode | undefined {
  let i = 0;
  const n = text.length;

  const skip = () => {
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 10 || c === 13 || c === 9) i++;
      else return;
    }
  };

  const fail = (): never => {
    throw new Invalid();
  };

  const string = (): Extract<JsonNode, { kind: "string" }> => {
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
        const e = text[i + 1];
        if (e === "u") {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) fail();
          i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
        else fail();
        continue;
      }
      i++;
    }
    const content = text.slice(start + 1, i);
    i++;
    const span = { start, end: i };
    if (!escaped)
      return {
        kind: "string",
        span,
        value: content,
        quote: "double",
        text: { value: content, span: { start: start + 1, end: i - 1 } },
      };
    const d = decodeJsonContent(content, start + 1);
    const inner = { start: start + 1, end: i - 1 };
    return {
      kind: "string",
      span,
      value: d.value,
      quote: "double",
      text: d.offsets ? { value: d.value, span: inner, offsets: d.offsets } : { value: d.value, span: inner },
    };
  };

  const value = (depth: number): JsonNode => {
    if (depth > MAX_DEPTH) fail();
    skip();
    const start = i;
    const c = text[i];
    if (c === "{") {
      i++;
      const members: JsonMember[] = [];
      skip();
      if (text[i] === "}") {
        i++;
        return { kind: "object", span: { start, end: i }, members };
      }
      for (;;) {
        skip();
        if (text[i] !== '"') fail();
        const key = string();
        skip();
        if (text[i] !== ":") fail();
        i++;
        const v = value(depth + 1);
        members.push({ key, value: v, span: { start: key.span.start, end: v.span.end } });
        skip();
        if (text[i] === ",") {
          i++;
          continue;
        }
        if (text[i] === "}") {
          i++;
          return { kind: "object", span: { start, end: i }, members };
        }
        fail();
      }
    }
    if (c === "[") {
      i++;
      const elements: JsonNode[] = [];
      skip();
      if (text[i] === "]") {
        i++;
        return { kind: "array", span: { start, end: i }, elements };
      }
      for (;;) {
        elements.push(value(depth + 1));
        skip();
        if (text[i] === ",") {
          i++;
          continue;
        }
        if (text[i] === "]") {
          i++;
          return { kind: "array", span: { start, end: i }, elements };
        }
        fail();
      }
    }
    if (c === '"') return string();
    if (text.startsWith("true", i)) {
      i += 4;
      return { kind: "boolean", span: { start, end: i }, value: true };
    }
    if (text.startsWith("false", i)) {
      i += 5;
      return { kind: "boolean", span: { start, end: i }, value: false };
    }
    if (text.startsWith("null", i)) {
      i += 4;
      return { kind: "null", span: { start, end: i } };
    }
    const m = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
    m.lastIndex = i;
    const num = m.exec(text);
    if (!num) fail();
    const raw = num![0];
    i += raw.length;
    return { kind: "number", span: { start, end: i }, value: Number(raw), raw };
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
