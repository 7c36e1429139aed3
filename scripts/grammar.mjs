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

/** `rule := ...` lines, in order, from an EBNF file or from the comments above RULE calls. */
function ebnfLines(text, fromSource) {
  const lines = [];
  const re = fromSource ? /^\s*\/\/ (\w+ := .*)$/gm : /^(\w+ := .*)$/gm;
  for (const m of text.matchAll(re)) lines.push(m[1].trim());
  return lines;
}

for (const g of GRAMMARS) {
  const sourcePath = join(root, g.source);
  if (!existsSync(sourcePath)) {
    problems.push(`${g.source} does not exist`);
    continue;
  }
  const mod = await import(join(root, g.module));
  const parser = mod[g.exportName];
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
  const documented = existsSync(ebnfPath) ? ebnfLines(readFileSync(ebnfPath, "utf8"), false) : [];
  const inCode = ebnfLines(readFileSync(sourcePath, "utf8"), true);
  if (JSON.stringify(documented) !== JSON.stringify(inCode)) {
    problems.push(
      `grammar/${g.name}.ebnf and the rule comments in ${g.source} differ:\n  ebnf: ${documented.join("\n        ")}\n  code: ${inCode.join("\n        ")}`,
    );
  }
  const ruleNames = parser.getGAstProductions ? Object.keys(parser.getGAstProductions()) : [];
  const documentedNames = new Set(documented.map((l) => l.split(" ")[0]));
  for (const r of ruleNames)
    if (!documentedNames.has(r)) problems.push(`rule ${r} of ${g.name} has no EBNF line`);
}

if (problems.length > 0) {
  process.stderr.write(`${problems.join("\n")}\n`);
  process.exit(1);
}
process.stdout.write(check ? "grammar files are up to date\n" : "grammar files written\n");
