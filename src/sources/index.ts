// Entry point of sources/: picks the host reader by file name or content. Constraint strings come back
// with maps into the file; this layer never validates constraints and never touches the file system.
import { findJsonSources } from "./json-host.js";
import { type FindSourcesResult, sliceSource } from "./source.js";
import { findYamlSources, looksLikeServiceYaml } from "./yaml-host.js";

export type { ConstraintSource, FindSourcesResult, HostKind } from "./source.js";

function extension(fileName: string | undefined): string {
  const m = fileName === undefined ? null : /\.([A-Za-z0-9]+)$/.exec(fileName);
  return m ? m[1]!.toLowerCase() : "";
}

function rawText(text: string): FindSourcesResult {
  // A text file's final line break is file formatting, not part of the constraint.
  return {
    kind: "constraint-text",
    sources: [sliceSource(text.trimEnd(), 0, { dialect: "marathon", path: "" })],
    diagnostics: [],
  };
}

/**
 * Finds the constraint strings of a document (constraint text, Marathon app/pod/group JSON, DC/OS
 * package options, SDK service YAML) with maps from their offsets to the file's. Never throws.
 * @example findConstraintSources('{"id":"/a","constraints":[["hostname","UNIQUE"]]}').sources[0]?.path // "/constraints"
 */
export function findConstraintSources(text: string, fileName?: string): FindSourcesResult {
  const ext = extension(fileName);
  // A byte-order mark is encoding, not content (Jackson skips it): the JSON and constraint parsers and
  // the yaml package skip it themselves, so offsets stay those of the file.
  if (ext === "yaml" || ext === "yml") return findYamlSources(text);
  if (ext === "json") return findJsonSources(text);
  if (ext === "txt") return rawText(text);
  const first = /\S/.exec(text)?.[0];
  if (first === "{" || first === "[") {
    const json = findJsonSources(text);
    if (json.kind !== "unknown") return json;
  }
  if (looksLikeServiceYaml(text)) return findYamlSources(text);
  return rawText(text);
}
