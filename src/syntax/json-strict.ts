// The strict fast path of parseJson: a hand-written reader for text that is valid JSON (RFC 8259),
// building exactly the tree the chevrotain grammar builds (property-tested). On the first deviation it
// gives up and parseJson runs the tolerant grammar, which is the definition of the language.
import type { Span } from "../ast.js";
import type { JsonArray, JsonMember, JsonNode, JsonObject, JsonString } from "./json.js";
import { decodeJsonContent } from "./json.js";

/**
 * An open array or object: where its items start on the shared item stack, and for an object the key
 * whose value comes next. Items wait on one stack and each list is copied out at its exact length when
 * it closes: an array grown by push keeps room for 16 items, which for the 3-item rows of constraint
 * text was most of the tree's memory (bench: size).
 */
interface Frame {
  readonly start: number;
  readonly array: boolean;
  readonly base: number;
  key: JsonString | undefined;
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const HEX4 = /^[0-9a-fA-F]{4}$/;

/**
 * Reads strict JSON (RFC 8259; a leading byte-order mark is skipped) with spans; undefined when the
 * text is not valid JSON or nests deeper than `maxDepth`. Iterative: any nesting is safe. Never throws.
 */
export function parseStrictJson(text: string, maxDepth = Number.POSITIVE_INFINITY): JsonNode | undefined {
  return read(text, maxDepth, undefined);
}

/**
 * Reads strict JSON whose root is an array as parseStrictJson does, but hands each element of the root
 * to `onElement` as soon as it is complete instead of keeping it: a large document's tree never exists
 * at once, so it dies young instead of being promoted by the collector (bench: size). Returns the root
 * array's span; undefined when the text is not valid JSON, its root is not an array, it nests deeper
 * than `maxDepth`, or `onElement` returned false (which stops reading). Never throws.
 */
export function streamStrictJsonArray(
  text: string,
  maxDepth: number,
  onElement: (element: JsonNode) => boolean,
): Span | undefined {
  const root = read(text, maxDepth, onElement);
  return root?.kind === "array" ? root.span : undefined;
}

function read(
  text: string,
  maxDepth: number,
  onElement: ((element: JsonNode) => boolean) | undefined,
): JsonNode | undefined {
  const n = text.length;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;

  const skip = () => {
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 10 || c === 13 || c === 9) i++;
      else return;
    }
  };

  /** A string starting at `i` (which holds `"`), or undefined when it is not valid JSON. */
  const string = (): JsonString | undefined => {
    const start = i;
    i++;
    let escaped = false;
    for (;;) {
      if (i >= n) return undefined;
      const c = text.charCodeAt(i);
      if (c === 34) break;
      if (c < 0x20) return undefined;
      if (c === 92) {
        escaped = true;
        const e = text[i + 1];
        if (e === "u") {
          if (!HEX4.test(text.slice(i + 2, i + 6))) return undefined;
          i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
        else return undefined;
        continue;
      }
      i++;
    }
    const content = text.slice(start + 1, i);
    i++;
    const span = { start, end: i };
    const inner = { start: start + 1, end: i - 1 };
    if (!escaped)
      return { kind: "string", span, value: content, quote: "double", text: { value: content, span: inner } };
    const d = decodeJsonContent(content, start + 1);
    return {
      kind: "string",
      span,
      value: d.value,
      quote: "double",
      text: d.offsets ? { value: d.value, span: inner, offsets: d.offsets } : { value: d.value, span: inner },
    };
  };

  /** `"key" :` of an object member; leaves `i` after the colon. */
  const key = (): JsonString | undefined => {
    skip();
    if (text.charCodeAt(i) !== 34) return undefined;
    const k = string();
    if (k === undefined) return undefined;
    skip();
    if (text.charCodeAt(i) !== 58) return undefined;
    i++;
    return k;
  };

  /** A scalar at `i` (after white space). */
  const scalar = (): JsonNode | undefined => {
    const start = i;
    const c = text.charCodeAt(i);
    if (c === 34) return string();
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
    NUMBER.lastIndex = i;
    const num = NUMBER.exec(text);
    if (!num) return undefined;
    const raw = num[0];
    i += raw.length;
    return { kind: "number", span: { start, end: i }, value: Number(raw), raw };
  };

  // Open arrays and objects, innermost last: nesting lives in this array, not on the call stack.
  const stack: Frame[] = [];
  const items: (JsonNode | JsonMember)[] = [];
  for (;;) {
    // A value starts here.
    skip();
    const start = i;
    const c = text.charCodeAt(i);
    let value: JsonNode | undefined;
    if (onElement !== undefined && stack.length === 0 && c !== 91) return undefined;
    if (c === 91 || c === 123) {
      if (stack.length >= maxDepth) return undefined;
      i++;
      skip();
      const array = c === 91;
      if (text.charCodeAt(i) === (array ? 93 : 125)) {
        i++;
        const span = { start, end: i };
        value = array
          ? ({ kind: "array", span, elements: [] } satisfies JsonArray)
          : { kind: "object", span, members: [] };
      } else if (array) {
        stack.push({ start, array: true, base: items.length, key: undefined });
        continue;
      } else {
        const k = key();
        if (k === undefined) return undefined;
        stack.push({ start, array: false, base: items.length, key: k });
        continue;
      }
    } else {
      value = scalar();
      if (value === undefined) return undefined;
    }
    // A value is complete: hand it to the enclosing array or object, closing those that end here.
    for (;;) {
      const top = stack[stack.length - 1];
      if (top === undefined) {
        skip();
        return i === n ? value : undefined;
      }
      if (top.array) {
        if (onElement === undefined || stack.length > 1) items.push(value);
        else if (!onElement(value)) return undefined;
      } else {
        const k = top.key!;
        items.push({ key: k, value, span: { start: k.span.start, end: value.span.end } });
      }
      skip();
      const d = text.charCodeAt(i);
      if (d === 44) {
        i++;
        if (!top.array) {
          const k = key();
          if (k === undefined) return undefined;
          top.key = k;
        }
        break;
      }
      if (d !== (top.array ? 93 : 125)) return undefined;
      i++;
      stack.pop();
      const span = { start: top.start, end: i };
      const list = items.slice(top.base);
      items.length = top.base;
      value = top.array
        ? ({ kind: "array", span, elements: list as JsonNode[] } satisfies JsonArray)
        : ({ kind: "object", span, members: list as JsonMember[] } satisfies JsonObject);
    }
  }
}
