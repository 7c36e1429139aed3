// YAML documents read with the yaml package under the document nesting limit. The package composes
// and converts nodes recursively, so nesting is measured before it recurses: on its syntax tree, then
// with aliases expanded (toJS copies what an alias names). Both walks are iterative; nothing throws.
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
  type ParseOptions,
  Parser,
  type SchemaOptions,
  YAMLParseError,
} from "yaml";
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
  const tokens = Array.from(new Parser().parse(text));
  const deep = syntaxTooDeep(tokens, maxDepth);
  if (deep !== undefined) return { limit: depthExceeded(maxDepth, { start: deep, end: deep + 1 }) };
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

type Item = CST.CollectionItem;

/** Collections (and collection keys) directly inside a syntax-tree token. */
function childTokens(token: CST.Token): (CST.Token | null | undefined)[] {
  switch (token.type) {
    case "document":
      return [token.value];
    case "block-map":
    case "block-seq":
    case "flow-collection":
      return (token.items as Item[]).flatMap((it) => [it.key, it.value]);
    default:
      return [];
  }
}

const isCollectionToken = (t: CST.Token) =>
  t.type === "block-map" || t.type === "block-seq" || t.type === "flow-collection";

/** Offset of the first collection nested deeper than `maxDepth` in the syntax tree, if any. */
function syntaxTooDeep(tokens: readonly CST.Token[], maxDepth: number): number | undefined {
  const stack: { token: CST.Token; depth: number }[] = [];
  for (let k = tokens.length - 1; k >= 0; k--) stack.push({ token: tokens[k]!, depth: 0 });
  while (stack.length > 0) {
    const { token, depth } = stack.pop()!;
    const level = isCollectionToken(token) ? depth + 1 : depth;
    if (level > maxDepth) return token.offset;
    const children = childTokens(token);
    // Pushed in reverse, popped in document order: the first offending collection is the earliest.
    for (let k = children.length - 1; k >= 0; k--) {
      const child = children[k];
      if (child) stack.push({ token: child, depth: level });
    }
  }
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
