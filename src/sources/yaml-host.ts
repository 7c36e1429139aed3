// Finds `pods.<name>.placement` strings in DC/OS SDK service YAML, with offsets mapped through YAML
// quoting. Uses the yaml package for the document; never evaluates or validates constraints itself.
import { isMap, isScalar, type Node, type Scalar } from "yaml";
import type { Diagnostic } from "../diagnostics.js";
import { readYaml, yamlErrorSpan } from "../yaml-document.js";
import {
  type ConstraintSource,
  coarseSource,
  encodeJsonContent,
  type FindSourcesResult,
  stringSource,
} from "./source.js";
import { type ScalarStyle, yamlScalarString } from "./yaml-scalar.js";

function encoderFor(style: ScalarStyle): (t: string) => string | undefined {
  switch (style) {
    case "QUOTE_DOUBLE":
      return encodeJsonContent;
    case "QUOTE_SINGLE":
      return (t) => (/[\n\r]/.test(t) ? undefined : t.replace(/'/g, "''"));
    case "PLAIN":
      // A plain scalar ends at ": " or " #" and cannot hold a line break or start a quote.
      return (t) => (/[\n\r#'"]|: |:$/.test(t) ? undefined : t);
    case "BLOCK_LITERAL":
      return (t) => (/[\n\r]/.test(t) ? undefined : t);
    default:
      return () => undefined;
  }
}

function rangeOf(node: Node): [number, number] | undefined {
  const r = node.range;
  return r ? [r[0], r[1]] : undefined;
}

/** Whether a YAML document looks like an SDK service spec (a top-level `pods` mapping). */
export function looksLikeServiceYaml(text: string): boolean {
  return /^pods:\s*(#.*)?$/m.test(text);
}

/** Finds the placement strings of an SDK service YAML document; never throws. */
export function findYamlSources(text: string): FindSourcesResult {
  const diagnostics: Diagnostic[] = [];
  const sources: ConstraintSource[] = [];
  const read = readYaml(text, { uniqueKeys: false });
  if (read.doc === undefined) {
    // Too deep to read: ours or not, nothing here can be checked.
    return {
      kind: looksLikeServiceYaml(text) ? "sdk-service-yaml" : "unknown",
      sources,
      diagnostics: [read.limit],
    };
  }
  const doc = read.doc;
  for (const e of doc.errors) {
    diagnostics.push({
      severity: "error",
      code: "yaml_syntax",
      message: e.message.split("\n")[0] ?? e.message,
      span: yamlErrorSpan(e, text.length),
    });
  }
  const root = doc.contents;
  const pods = isMap(root) ? root.get("pods", true) : undefined;
  if (!isMap(pods)) {
    // Other YAML (CI configs, manifests, templates) is none of our business, broken or not.
    const ours = looksLikeServiceYaml(text);
    return { kind: ours ? "sdk-service-yaml" : "unknown", sources, diagnostics: ours ? diagnostics : [] };
  }
  for (const pair of pods.items) {
    const name = isScalar(pair.key) ? String(pair.key.value) : undefined;
    const pod = pair.value;
    if (name === undefined || !isMap(pod)) continue;
    const count = pod.get("count", true);
    const instances = isScalar(count) && typeof count.value === "number" ? count.value : undefined;
    const placement = pod.get("placement", true) as Node | undefined;
    if (placement === undefined || placement === null) continue;
    const meta = { dialect: "dcos-sdk" as const, path: `/pods/${name}/placement`, name, instances };
    const range = rangeOf(placement);
    if (!range) continue;
    if (!isScalar(placement)) {
      const raw = text.slice(range[0], range[1]);
      const canQuote = !/[\n\r']/.test(raw);
      diagnostics.push({
        severity: "error",
        code: "not_a_string",
        message:
          "placement must be a string: YAML reads this unquoted list as a list, and the SDK expects constraint text; quote it",
        span: { start: range[0], end: range[1] },
        ...(canQuote
          ? {
              fix: {
                description: "quote it",
                edits: [{ span: { start: range[0], end: range[1] }, text: `'${raw}'` }],
              },
            }
          : {}),
      });
      continue;
    }
    const scalar = placement as Scalar;
    if (typeof scalar.value !== "string") continue;
    const value = scalar.value;
    if (value.includes("{{")) continue;
    const style = (scalar.type ?? "PLAIN") as ScalarStyle;
    const mapped = yamlScalarString(text, range, style, value);
    sources.push(
      mapped
        ? stringSource(mapped, encoderFor(style), meta)
        : coarseSource(value, { start: range[0], end: range[1] }, meta),
    );
  }
  return { kind: "sdk-service-yaml", sources, diagnostics };
}
