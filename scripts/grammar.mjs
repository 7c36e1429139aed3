// Writes grammar/*.diagrams.generated.html from the built parsers (npm run build first), inlining
// chevrotain's diagram scripts so the pages need no network, and checks that each grammar's EBNF
// file lists exactly the one-line EBNF comments of its parser's rules. `--check` only compares.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createSyntaxDiagramsCode } from "chevrotain";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(import.meta.url);
// chevrotain does not export its package.json; its diagrams folder sits beside lib/.
const diagramsDir = join(dirname(require.resolve("chevrotain")), "..", "..", "diagrams");

const GRAMMARS = [
  { name: "json", module: "dist/syntax/json.js", exportName: "jsonParser", source: "src/syntax/json.ts" },
  { name: "colon", module: "dist/syntax/colon.js", exportName: "colonParser", source: "src/syntax/colon.ts" },
  {
    name: "java-regex",
    module: "dist/regex/parser.js",
    exportName: "javaRegexParser",
    source: "src/regex/parser.ts",
  },
];

const check = process.argv.includes("--check");
const problems = [];

function inline(html) {
  const read = (rel) => readFileSync(join(diagramsDir, rel), "utf8");
  return html
    .replace(
      /<link rel='stylesheet' href='[^']*diagrams\.css'>/,
      () => `<style>\n${read("diagrams.css")}\n</style>`,
    )
    .replace(
      /<script src='[^']*?((?:vendor|src)\/[\w.-]+\.js)'><\/script>/g,
      (_m, rel) => `<script>\n${read(rel)}\n</script>`,
    );
}

/**
 * Rule definitions by name, normalised, from an EBNF file (`name = ... ;` or `name := ...` at the start of
 * a line) or from the one-line comments above the RULE calls of a parser (`// name := ...`).
 */
function ebnfRules(text, fromSource) {
  const rules = new Map();
  const re = fromSource ? /^\s*\/\/ (\w+)\s*(?::=|=)\s*(.*)$/gm : /^(\w+)\s*(?::=|=)\s*(.*)$/gm;
  for (const m of text.matchAll(re))
    rules.set(
      m[1],
      m[2]
        .replace(/\s*;\s*$/, "")
        .replace(/\s+/g, " ")
        .trim(),
    );
  return rules;
}

for (const g of GRAMMARS) {
  const sourcePath = join(root, g.source);
  if (!existsSync(sourcePath)) {
    problems.push(`${g.source} does not exist`);
    continue;
  }
  const mod = await import(join(root, g.module));
  // Each module exports a function that returns its parser (built on first use).
  const parser = mod[g.exportName]?.();
  if (!parser) {
    problems.push(`${g.module} does not export ${g.exportName}`);
    continue;
  }
  const html = inline(createSyntaxDiagramsCode(parser.getSerializedGastProductions()));
  if (/(?:src|href)=['"]https?:/.test(html))
    problems.push(`${g.name}: the diagrams page still loads a network resource`);
  const out = join(root, "grammar", `${g.name}.diagrams.generated.html`);
  if (check) {
    if (!existsSync(out) || readFileSync(out, "utf8") !== html)
      problems.push(`${out} is stale: run npm run grammar`);
  } else {
    writeFileSync(out, html);
  }
  const ebnfPath = join(root, "grammar", `${g.name}.ebnf`);
  const documented = existsSync(ebnfPath) ? ebnfRules(readFileSync(ebnfPath, "utf8"), false) : new Map();
  const inCode = ebnfRules(readFileSync(sourcePath, "utf8"), true);
  for (const rule of Object.keys(parser.getGAstProductions())) {
    const doc = documented.get(rule);
    const code = inCode.get(rule);
    if (code === undefined) problems.push(`${g.source}: rule ${rule} has no one-line EBNF comment`);
    else if (doc === undefined) problems.push(`grammar/${g.name}.ebnf: rule ${rule} is missing`);
    else if (doc !== code)
      problems.push(`rule ${rule} differs:\n  grammar/${g.name}.ebnf: ${doc}\n  ${g.source}: ${code}`);
  }
}

if (problems.length > 0) {
  process.stderr.write(`${problems.join("\n")}\n`);
  process.exit(1);
}
process.stdout.write(check ? "grammar files are up to date\n" : "grammar files written\n");
