// Loads the library under test from the BUILT output (dist/), never from src/. Falls back to module
// paths under dist/ for names the public index does not export yet; reads nothing else.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("..", import.meta.url));
const DIST = new URL("../dist/", import.meta.url);

async function load(path) {
  const url = new URL(path, DIST);
  if (!existsSync(fileURLToPath(url))) return {};
  return import(url.href);
}

/**
 * The library's functions the benchmarks call, from dist/index.js first, then the module files.
 * @returns {Promise<Record<string, any>>}
 */
export async function loadLibrary() {
  if (!existsSync(fileURLToPath(new URL("index.js", DIST)))) {
    throw new Error("dist/index.js is missing: run `npm run build` first (npm run bench does)");
  }
  const index = await load("index.js");
  const lib = { ...index };
  for (const path of [
    "eval/index.js",
    "regex/index.js",
    "lint/index.js",
    "lint/lint.js",
    "simulate/index.js",
    "agents/render.js",
  ]) {
    const mod = await load(path);
    for (const [name, value] of Object.entries(mod)) if (!(name in lib)) lib[name] = value;
  }
  return lib;
}

/** The CLI entry of the built package, the bundle package.json's `bin` runs (for process timings). */
export const CLI = fileURLToPath(new URL("bin/marathon-constraints.mjs", DIST));
