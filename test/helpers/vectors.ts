// Locates the test vectors and real-world fixtures that live inside the repository (test/vectors,
// test/fixtures), copied from the project's shared folders; nothing here reads outside the repository.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";

/** Folder of the test vectors: `test/vectors/`. */
export const VECTORS_DIR = fileURLToPath(new URL("../vectors/", import.meta.url));
/** Folder of the real-world fixtures: `test/fixtures/`. */
export const FIXTURES_DIR = fileURLToPath(new URL("../fixtures/", import.meta.url));

export interface VectorFile<V> {
  readonly description: string;
  readonly vectors: readonly V[];
}

/** Loads every vector of one file; throws (failing the suite) when the file is missing or has none. */
export function loadVectors<V extends { id: string }>(file: string): readonly V[] {
  const parsed = JSON.parse(readFileSync(VECTORS_DIR + file, "utf8")) as VectorFile<V>;
  if (!Array.isArray(parsed.vectors) || parsed.vectors.length === 0) {
    throw new Error(`${file}: no vectors`);
  }
  return parsed.vectors;
}

/** Loads every line of a gzip-compressed JSON-lines vector file; throws when it is missing or empty. */
export function loadJsonLines<V extends { id: string }>(file: string): readonly V[] {
  const text = gunzipSync(readFileSync(VECTORS_DIR + file)).toString("utf8");
  const vectors = text
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as V);
  if (vectors.length === 0) throw new Error(`${file}: no vectors`);
  return vectors;
}
