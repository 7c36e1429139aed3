// Reads the shared test vectors from ../shared/vectors (beside the repository), never from a copy.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** Folder of the shared vectors: `<repo>/../shared/vectors`. */
export const VECTORS_DIR = fileURLToPath(new URL("../../../shared/vectors/", import.meta.url));
/** Folder of the shared real-world fixtures: `<repo>/../shared/fixtures`. */
export const FIXTURES_DIR = fileURLToPath(new URL("../../../shared/fixtures/", import.meta.url));
/** Folder of the shared reference notes. */
export const REFERENCE_DIR = fileURLToPath(new URL("../../../shared/reference/", import.meta.url));

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
