// YAML documents read with the yaml package under the document nesting limit. The package recurses
// as deep as the nesting (closing levels, composing nodes, converting them), so nesting is measured
// before it can: on the parser's stack as tokens arrive, then with aliases expanded (toJS copies what
// an alias names). Nothing here recurses or throws.
import {
  Composer,
  type CST,
  type Document,
  type DocumentOptions,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  Lexer,
  type ParseOptions,
  Parser,
  type SchemaOptions,
  type YAMLError,
  type YAMLMap,
  YAMLParseError,
} from "yaml";
import type { Span } from "./ast.js";
import type { Diagnostic } from "./diagnostics.js";
import { depthExceeded, MAX_DOCUMENT_DEPTH } from "./limits.js";

export type YamlOptions = ParseOptions & DocumentOptions & SchemaOptions;

/** The document, or the `limit_exceeded` diagnostic that stopped it from being composed. */
export type ReadYamlResult =
  | { readonly doc: Document.Parsed; readonly limit?: undefined }
  | { readonly doc?: undefined; readonly limit: Diagnostic };

/**
 * `parseDocument` of the yaml package (the first document; more are an error), refused with
 * `limit_exceeded` at the first collection or alias that nests deeper than `maxDepth`.
 */
export function readYaml(
  text: string,
  options: YamlOptions = {},
  maxDepth = MAX_DOCUMENT_DEPTH,
): ReadYamlResult {
  const tokens: CST.Token[] = [];
  const parser = new Parser();
  for (const lexeme of new Lexer().lex(text)) {
    for (const token of parser.next(lexeme)) tokens.push(token);
    // A token can close every open level at once, and the parser closes them recursively: stop while
    // the stack is still shallow. Its open collections are the nesting; the one past the limit is where
    // the limit is crossed.
    if (parser.stack.length > maxDepth) {
      const deep = opener(parser.stack, maxDepth);
      if (deep !== undefined) return { limit: depthExceeded(maxDepth, { start: deep, end: deep + 1 }) };
    }
  }
  for (const token of parser.end()) tokens.push(token);
  const composer = new Composer(options);
  let doc: Document.Parsed | undefined;
  for (const next of composer.compose(tokens, true, text.length)) {
    if (doc === undefined) doc = next;
    else {
      doc.errors.push(
        new YAMLParseError(
          [next.range[0], next.range[1]],
          "MULTIPLE_DOCS",
          "Source contains multiple documents; only one is read",
        ),
      );
      break;
    }
  }
  // compose(…, true) always ends with a document, even for empty text.
  const composed = doc!;
  const alias = expandedTooDeep(composed, maxDepth);
  if (alias !== undefined) {
    return {
      limit: depthExceeded(maxDepth, { start: alias, end: alias + 1 }, "nesting (with aliases expanded)"),
    };
  }
  return { doc: composed };
}

/** A yaml error's position as a span inside the text (the package may point one past the end). */
export function yamlErrorSpan(error: YAMLError, length: number): Span {
  const start = Math.min(Math.max(0, error.pos[0]), length);
  return { start, end: Math.min(Math.max(start, error.pos[1]), length) };
}

const isCollectionToken = (t: CST.Token) =>
  t.type === "block-map" || t.type === "block-seq" || t.type === "flow-collection";

/** Offset of the collection on the parser's stack that opens level `maxDepth + 1`, if there is one. */
function opener(stack: readonly CST.Token[], maxDepth: number): number | undefined {
  let level = 0;
  for (const t of stack) if (isCollectionToken(t) && ++level > maxDepth) return t.offset;
  return undefined;
}

interface Frame {
  readonly node: object;
  readonly depth: number;
  readonly children: unknown[];
  next: number;
  height: number;
}

/**
 * Offset of the first alias whose expansion nests deeper than `maxDepth`. An alias repeats the node
 * it names (the last node with that anchor before it), so its depth adds that node's height.
 */
function expandedTooDeep(doc: Document.Parsed, maxDepth: number): number | undefined {
  const anchored = new Map<string, object>();
  const heights = new WeakMap<object, number>();
  const stack: Frame[] = [];
  let result: number | undefined;
  /** Height of a leaf (or pushes a frame and returns undefined for a collection). */
  const enter = (x: unknown, depth: number): number | undefined => {
    if (isAlias(x)) {
      const target = anchored.get(x.source);
      // An alias inside the node it names is a cycle, which toJS keeps as one: no extra depth.
      const h = target === undefined ? 0 : (heights.get(target) ?? 0);
      if (depth + h > maxDepth) result ??= x.range?.[0] ?? 0;
      return h;
    }
    if (isMap(x) || isSeq(x)) {
      if (x.anchor) anchored.set(x.anchor, x);
      const children: unknown[] = [];
      for (const item of x.items as unknown[]) {
        if (isPair(item)) children.push(item.key, item.value);
        else children.push(item);
      }
      stack.push({ node: x, depth: depth + 1, children, next: 0, height: 0 });
      return undefined;
    }
    if (isScalar(x) && x.anchor) {
      anchored.set(x.anchor, x);
      heights.set(x, 0);
    }
    return 0;
  };
  enter(doc.contents, 0);
  while (stack.length > 0 && result === undefined) {
    const top = stack[stack.length - 1]!;
    if (top.next < top.children.length) {
      const h = enter(top.children[top.next++], top.depth);
      if (h !== undefined) top.height = Math.max(top.height, h);
      continue;
    }
    stack.pop();
    const h = top.height + 1;
    heights.set(top.node, h);
    const parent = stack[stack.length - 1];
    if (parent !== undefined) parent.height = Math.max(parent.height, h);
  }
  return result;
}

/**
 * Finds the node at a path of map keys and sequence indexes exactly as `doc.getIn(path, true)` does, in
 * time proportional to the path: `getIn` scans a map for each key, so locating every member of one large
 * map (a diagnostic each) was quadratic. Each map is indexed the first time a path enters it.
 */
export function yamlNodeLocator(doc: Document.Parsed): (path: readonly (string | number)[]) => unknown {
  const indexes = new WeakMap<YAMLMap, Map<unknown, unknown>>();
  return (path) => {
    let node: unknown = doc.contents;
    for (const step of path) {
      if (isMap(node)) {
        let index = indexes.get(node);
        if (index === undefined) {
          index = new Map();
          // The yaml package's findPair: the first pair whose key (or scalar key's value) is the step.
          for (const item of node.items as unknown[]) {
            if (!isPair(item)) continue;
            const key = isScalar(item.key) ? item.key.value : item.key;
            if (!index.has(key)) index.set(key, item.value);
          }
          indexes.set(node, index);
        }
        node = index.get(step);
      } else if (isSeq(node)) {
        // The yaml package's asItemIndex: a non-empty numeric string counts as an index too.
        const i = typeof step === "string" && step !== "" ? Number(step) : step;
        node = typeof i === "number" && Number.isInteger(i) && i >= 0 ? node.items[i] : undefined;
      } else return undefined;
    }
    return node;
  };
}
