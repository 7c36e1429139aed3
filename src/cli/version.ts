// The package version, read once from package.json next to the built output.
import { readFileSync } from "node:fs";

function readVersion(): string {
  for (const rel of ["../../package.json", "../../../package.json"]) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(rel, import.meta.url), "utf8")) as {
        name?: string;
        version?: string;
      };
      if (pkg.name === "marathon-constraints" && pkg.version) return pkg.version;
    } catch {
      // Try the next layout (src/cli under vitest, dist/cli when built).
    }
  }
  return "0.0.0";
}

export const VERSION = readVersion();
