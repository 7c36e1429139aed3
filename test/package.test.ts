// The package as users get it: `npm pack` of a copy of this repository (built there, so the working
// tree's dist/ is never touched) holds exactly the expected files, and the tarball installs into an
// empty project without the registry, where the CLI runs and the library imports with its types.
import { execFile } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";

const exec = promisify(execFile);
const ROOT = fileURLToPath(new URL("../", import.meta.url));
const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
  name: string;
  version: string;
  dependencies: Record<string, string>;
};
// What a build and a pack need; tests, benchmarks and examples stay out of the copy.
const NOT_COPIED = new Set([
  ".git",
  "node_modules",
  "dist",
  "test",
  "bench",
  "examples",
  "test-results",
  "coverage",
]);

interface Packed {
  readonly filename: string;
  readonly files: readonly { readonly path: string }[];
}

async function npm(args: string[], cwd: string): Promise<string> {
  const { stdout } = await exec("npm", [...args, "--no-audit", "--no-fund", "--loglevel=error"], {
    cwd,
    maxBuffer: 64 * 1024 * 1024,
  });
  return stdout;
}

async function pack(dirs: string[], cwd: string, destination: string): Promise<Packed[]> {
  // --ignore-scripts: script output would be mixed into the JSON on stdout; the build ran before.
  const out = await npm(
    ["pack", ...dirs, "--json", "--ignore-scripts", "--pack-destination", destination],
    cwd,
  );
  return JSON.parse(out) as Packed[];
}

/** The runtime dependency closure, as directories in this repository's node_modules. */
function dependencyDirs(): string[] {
  const found = new Map<string, string>();
  const visit = (from: string, deps: Record<string, string>) => {
    for (const name of Object.keys(deps)) {
      // Node's lookup: a nested node_modules first, then upward to the hoisted copy.
      let dir = from;
      let at: string | undefined;
      for (;;) {
        const candidate = join(dir, "node_modules", name);
        if (existsSync(join(candidate, "package.json"))) {
          at = candidate;
          break;
        }
        if (dir === ROOT || dirname(dir) === dir) break;
        dir = dirname(dir);
      }
      if (at === undefined) throw new Error(`dependency ${name} is not installed; run npm ci`);
      if (found.has(at)) continue;
      found.set(at, name);
      const meta = JSON.parse(readFileSync(join(at, "package.json"), "utf8"));
      visit(at, meta.dependencies ?? {});
    }
  };
  visit(ROOT, pkg.dependencies);
  return [...found.keys()];
}

function sourceModules(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) sourceModules(p, out);
    else if (e.name.endsWith(".ts") && !e.name.endsWith(".d.ts")) out.push(p);
  }
  return out;
}

/** Files under `dir`, relative to it, with forward slashes. */
function bundleFiles(dir: string, prefix = ""): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? bundleFiles(join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`],
  );
}

describe("the npm package", () => {
  const work = mkdtempSync(join(tmpdir(), "mc-package-"));
  const stage = join(work, "stage");
  let packed: Packed;

  beforeAll(async () => {
    mkdirSync(stage);
    for (const name of readdirSync(ROOT)) {
      if (!NOT_COPIED.has(name)) cpSync(join(ROOT, name), join(stage, name), { recursive: true });
    }
    symlinkSync(join(ROOT, "node_modules"), join(stage, "node_modules"), "dir");
    await npm(["run", "build"], stage);
    [packed] = (await pack(["."], stage, work)) as [Packed];
  }, 120_000);

  it("holds the built modules and their types, the docs, the licence and the schema, and nothing else", () => {
    const modules = sourceModules(join(ROOT, "src")).map((f) =>
      relative(join(ROOT, "src"), f).replace(/\\/g, "/"),
    );
    const expected = [
      "package.json",
      "README.md",
      "LICENSE",
      "CHANGELOG.md",
      "config.schema.json",
      ...readdirSync(join(ROOT, "grammar")).map((f) => `grammar/${f}`),
      ...modules.flatMap((m) => [`dist/${m.replace(/\.ts$/, ".js")}`, `dist/${m.replace(/\.ts$/, ".d.ts")}`]),
      // The CLI bundle (scripts/bundle-cli.mjs): an entry and its chunks, named by content hash.
      ...bundleFiles(join(stage, "dist", "bin")).map((f) => `dist/bin/${f}`),
    ];
    expect(bundleFiles(join(stage, "dist", "bin"))).toContain("marathon-constraints.mjs");
    expect(packed.files.map((f) => f.path).sort()).toEqual(expected.sort());
  });

  it("installs from the tarball into an empty project without the registry, then runs and imports", async () => {
    const deps = join(work, "deps");
    mkdirSync(deps);
    const depTarballs = (await pack(dependencyDirs(), ROOT, deps)).map((p) => join(deps, p.filename));
    const project = join(work, "project");
    mkdirSync(project);
    writeFileSync(
      join(project, "package.json"),
      JSON.stringify({ name: "probe", version: "1.0.0", private: true, type: "module" }),
    );
    // Offline, with an empty cache of its own: the dependencies come from tarballs packed from this
    // repository's node_modules, exactly as a registry would serve them.
    await npm(
      ["install", join(work, packed.filename), ...depTarballs, "--offline", "--cache", join(work, "cache")],
      project,
    );

    const cli = async (...args: string[]) =>
      (await exec("npx", ["--no-install", "marathon-constraints", ...args], { cwd: project })).stdout;
    expect(await cli("--version")).toBe(`${pkg.version}\n`);
    expect(await cli("parse", "hostname:UNIQUE")).toContain("hostname  UNIQUE");

    writeFileSync(
      join(project, "check.mjs"),
      [
        'import { lint, safeParse, RULE_INFO } from "marathon-constraints";',
        'import schema from "marathon-constraints/config.schema.json" with { type: "json" };',
        'const parsed = safeParse("rack_id:GROUP_BY:3", { dialect: "dcos-sdk" });',
        'const linted = lint({ text: \'[["hostname","unique"]]\' });',
        "console.log(JSON.stringify({",
        "  operator: parsed.constraints[0]?.operator,",
        "  rule: linted.diagnostics[0]?.ruleId,",
        "  schemaRules: Object.keys(schema.properties.rules.properties).length === RULE_INFO.length,",
        "}));",
      ].join("\n"),
    );
    const { stdout } = await exec(process.execPath, ["check.mjs"], { cwd: project });
    expect(JSON.parse(stdout)).toEqual({
      operator: "GROUP_BY",
      rule: "validation/operator_case",
      schemaRules: true,
    });

    // The types resolve through the package's exports for a strict TypeScript user.
    writeFileSync(
      join(project, "check.ts"),
      [
        'import { compile, type Diagnostic, safeParse } from "marathon-constraints";',
        'const diagnostics: readonly Diagnostic[] = safeParse("hostname:UNIQUE").diagnostics;',
        'const accepted: boolean = compile("hostname:UNIQUE").accepts({ hostname: "a1", attributes: [] });',
        "export { accepted, diagnostics };",
      ].join("\n"),
    );
    await exec(
      join(ROOT, "node_modules", ".bin", "tsc"),
      ["--noEmit", "--strict", "--module", "nodenext", "--target", "es2023", "--types", "", "check.ts"],
      { cwd: project },
    );
  }, 120_000);
});
