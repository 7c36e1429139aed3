// The lint output formats as the tools around them read them: ESLint's own formatters over our JSON,
// the official SARIF schema and GitHub's conventions over our SARIF, owners in every format, the rule
// listing and the config file's JSON Schema.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { stripVTControlCharacters } from "node:util";
import ajvModule from "ajv";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";
import { configSchema } from "../../src/cli/config-schema.js";
import { lintCommand } from "../../src/cli/lint.js";
import { firstSentence, REPOSITORY_URL, ruleHelpUri } from "../../src/cli/rule-docs.js";
import { RULE_INFO } from "../../src/lint/rules/index.js";
import { fakeIO } from "../helpers/fake-io.js";
import { sarifSchemaErrors } from "../helpers/sarif.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const EXAMPLES = join(ROOT, "examples", "lint");

function tempDir(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), "mc-formats-"));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, ".."), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

async function run(argv: string[], cwd: string) {
  const io = fakeIO({ cwd });
  const code = await lintCommand(argv, io);
  return { code, out: io.stdoutText(), err: io.stderrText() };
}

// A group whose app /shop/db has contradictory constraints (a finding with a related location) and a
// lower-case operator (a safe fix), and whose app /shop/web repeats the same text elsewhere.
const GROUP = `{
  "id": "/shop",
  "apps": [
    {
      "id": "/shop/db",
      "instances": 2,
      "constraints": [
        ["rack", "IS", "rack-1"],
        ["rack", "CLUSTER", "rack-2"],
        ["hostname", "unique"]
      ]
    },
    {
      "id": "/shop/web",
      "constraints": [["hostname", "unique"]]
    }
  ]
}
`;

// biome-ignore lint/suspicious/noExplicitAny: parsed output, read field by field in the assertions
type Json = Record<string, any>;

describe("lint --format json", () => {
  it("has exactly the properties of ESLint's own LintResult, in ESLint's order", async () => {
    const eslint = new ESLint({
      cwd: tmpdir(),
      overrideConfigFile: true,
      overrideConfig: { rules: { "no-var": "error", "no-unused-vars": "warn" } },
    });
    const [theirs] = JSON.parse(
      JSON.stringify(await eslint.lintText("var a = 1;\n", { filePath: join(tmpdir(), "a.js") })),
    ) as Json[];
    const dir = tempDir({ "group.json": GROUP });
    const [ours] = JSON.parse((await run(["group.json", "--format", "json"], dir)).out) as Json[];
    expect(Object.keys(ours!)).toEqual(Object.keys(theirs!));
    // Messages: ESLint's fields (rules here have no message ids), then our owner and upstream.
    const theirMessage = Object.keys(theirs!.messages[0]).filter((k) => k !== "messageId");
    const fixed = ours!.messages.find((m: Json) => m.fix);
    expect(Object.keys(fixed)).toEqual([...theirMessage, "owner", "upstream"]);
    expect(ours).toMatchObject({
      filePath: join(dir, "group.json"),
      suppressedMessages: [],
      errorCount: 3,
      fatalErrorCount: 0,
      warningCount: 0,
      fixableErrorCount: 2,
      fixableWarningCount: 0,
      source: GROUP,
      usedDeprecatedRules: [],
    });
    expect(ours!.messages.map((m: Json) => `${m.ruleId} ${m.owner}`)).toEqual([
      "conflicts/contradictory /shop/db",
      "validation/operator_case /shop/db",
      "validation/operator_case /shop/web",
    ]);
  });

  it("is rendered by ESLint's stylish formatter, loaded the way ESLint loads it", async () => {
    const dir = tempDir({ "group.json": GROUP });
    const results = JSON.parse((await run(["group.json", "--format", "json"], dir)).out);
    const stylish = await new ESLint({ cwd: ROOT }).loadFormatter("stylish");
    const text = stripVTControlCharacters(await stylish.format(results, { color: false }));
    expect(text.replaceAll(dir, "<dir>")).toMatchInlineSnapshot(`
      "
      <dir>/group.json
         9:9   error  "rack" cannot be both "rack-1" and "rack-2": no agent satisfies IS "rack-1" and CLUSTER "rack-2" together                                                                           conflicts/contradictory
        10:22  error  operator "unique" must be written UNIQUE: Marathon's validation accepts it, then creating the app fails with HTTP 500 (upstream: illegal constraint specification hostname,unique)  validation/operator_case
        15:36  error  operator "unique" must be written UNIQUE: Marathon's validation accepts it, then creating the app fails with HTTP 500 (upstream: illegal constraint specification hostname,unique)  validation/operator_case

      ✖ 3 problems (3 errors, 0 warnings)
        2 errors and 0 warnings potentially fixable with the \`--fix\` option.
      "
    `);
  });

  it("gives a formatter that reads sources by filePath the fixed file after --fix", async () => {
    const dir = tempDir({ "group.json": GROUP });
    const r = await run(["group.json", "--fix", "--format", "json"], dir);
    const results = JSON.parse(r.out) as Json[];
    // As ESLint: after a fix the result carries `output`, not `source`; readers open the file.
    expect(results[0]).not.toHaveProperty("source");
    expect(results[0]!.output).toBe(readFileSync(join(dir, "group.json"), "utf8"));
    const friendly = await new ESLint({ cwd: ROOT }).loadFormatter("friendly");
    const text = stripVTControlCharacters(await friendly.format(results as never, { color: false }));
    expect(text).toContain('"rack" cannot be both "rack-1" and "rack-2"');
    // The code frame comes from the file on disk, which now has the fixed operator.
    expect(text).toContain('["rack", "CLUSTER", "rack-2"]');
    expect(text).toContain('["hostname", "UNIQUE"]');
    expect(text).toMatch(/1 error/);
  });

  it("marks a constraint text over the size limit as a fatal error", async () => {
    const dir = tempDir({ "big.txt": `hostname:LIKE:${"a".repeat(1024 * 1024)}` });
    const [result] = JSON.parse((await run(["big.txt", "--format", "json"], dir)).out) as Json[];
    expect(result).toMatchObject({ errorCount: 1, fatalErrorCount: 1 });
    expect(result!.messages[0]).toMatchObject({ ruleId: "syntax/limit_exceeded", severity: 2, fatal: true });
  });
});

describe("lint --format sarif", () => {
  async function sarif(argv: string[], cwd: string) {
    const r = await run([...argv, "--format", "sarif"], cwd);
    return JSON.parse(r.out) as Json;
  }

  it("passes the official SARIF 2.1.0 schema for every example, with and without an inventory", async () => {
    expect(sarifSchemaErrors(await sarif(["."], EXAMPLES))).toEqual([]);
    const withInventory = await sarif(["--inventory", "agents.inventory.yaml", "."], EXAMPLES);
    expect(withInventory.runs[0].results.length).toBeGreaterThan(15);
    expect(sarifSchemaErrors(withInventory)).toEqual([]);
  });

  it("fails the schema check when a log is broken, so the check is real", async () => {
    const log = await sarif(["."], EXAMPLES);
    log.runs[0].results[0].locations[0].physicalLocation.region = { endLine: 3 };
    delete log.version;
    expect(sarifSchemaErrors(log).length).toBeGreaterThanOrEqual(2);
  });

  it("describes each rule with a name, sentences, README help and its level", async () => {
    const log = await sarif(["--inventory", "agents.inventory.yaml", "."], EXAMPLES);
    const rules = log.runs[0].tool.driver.rules as Json[];
    expect(log.runs[0].tool.driver.informationUri).toBe(REPOSITORY_URL);
    const contradictory = rules.find((r) => r.id === "conflicts/contradictory")!;
    const info = RULE_INFO.find((r) => r.id === "conflicts/contradictory")!;
    expect(contradictory).toMatchObject({
      name: "ConflictsContradictory",
      shortDescription: {
        text: 'Constraints on the same field that no single agent can satisfy: two different required values (["rack","IS","a"] and ["rack","CLUSTER","b"]), a LIKE whose pattern does not match the value an IS or CLUSTER requires, or an UNLIKE that excludes it.',
      },
      helpUri: `${REPOSITORY_URL}#rules`,
      defaultConfiguration: { level: "error" },
    });
    expect(contradictory.help.markdown).toContain(info.description);
    expect(contradictory.help.text).not.toContain("`");
    for (const rule of rules) {
      expect(rule.name).toMatch(/^[A-Z][A-Za-z0-9]+$/);
      expect(rule.shortDescription.text).toMatch(/^[A-Z`"(].*[.!?]$/s);
      expect(rule.fullDescription.text.startsWith(rule.shortDescription.text)).toBe(true);
      expect(rule.help.text).toContain(rule.helpUri);
      expect(["error", "warning", "note"]).toContain(rule.defaultConfiguration.level);
    }
  });

  it("names the owner, shows related locations, and marks the run successful", async () => {
    const dir = tempDir({ "group.json": GROUP });
    const log = await sarif(["group.json"], dir);
    const run = log.runs[0];
    expect(run.invocations).toEqual([{ executionSuccessful: true }]);
    expect(run.originalUriBaseIds["%SRCROOT%"].uri).toMatch(/^file:\/\/.*\/$/);
    const [conflict] = run.results as Json[];
    expect(conflict!.locations[0].physicalLocation.artifactLocation).toEqual({
      uri: "group.json",
      uriBaseId: "%SRCROOT%",
    });
    // Snippets let a viewer without the file show the code: the flagged text and its whole line.
    expect(conflict!.locations[0].physicalLocation.region.snippet).toEqual({
      text: '["rack", "CLUSTER", "rack-2"]',
    });
    expect(conflict!.locations[0].physicalLocation.contextRegion).toMatchObject({
      startLine: 9,
      endLine: 9,
      snippet: { text: '        ["rack", "CLUSTER", "rack-2"],' },
    });
    expect(conflict!.locations[0].logicalLocations).toEqual([
      { name: "/shop/db", fullyQualifiedName: "/shop/db", kind: "object" },
    ]);
    expect(conflict!.relatedLocations).toEqual([
      {
        id: 1,
        physicalLocation: {
          artifactLocation: { uri: "group.json", uriBaseId: "%SRCROOT%" },
          region: {
            startLine: 8,
            startColumn: 9,
            endLine: 8,
            endColumn: 33,
            charOffset: GROUP.indexOf('["rack", "IS"'),
            charLength: 24,
          },
        },
        message: { text: 'IS "rack-1" requires "rack-1" here' },
      },
    ]);
  });

  it("keeps fingerprints when lines move and changes them when the owner or the text changes", async () => {
    const fingerprints = async (text: string) => {
      const dir = tempDir({ "group.json": text });
      const log = await sarif(["group.json"], dir);
      return (log.runs[0].results as Json[]).map((r) => Object.values(r.partialFingerprints)[0] as string);
    };
    const before = await fingerprints(GROUP);
    expect(new Set(before).size).toBe(3);
    const moved = GROUP.replace('"id": "/shop",', '"id": "/shop",\n  "labels": {},\n').replace(
      '["hostname", "unique"]\n',
      '[ "hostname",  "unique" ]\n',
    );
    expect(await fingerprints(moved)).toEqual(before);
    const renamed = await fingerprints(GROUP.replace("/shop/web", "/shop/www"));
    expect(renamed.slice(0, 2)).toEqual(before.slice(0, 2));
    expect(renamed[2]).not.toBe(before[2]);
  });

  it("links every rule to a README section that documents it", () => {
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    const section = (heading: RegExp) => {
      const start = readme.search(heading);
      expect(start).toBeGreaterThan(0);
      const rest = readme.slice(readme.indexOf("\n", start) + 1);
      const end = rest.search(/^#{1,3} /m);
      return end < 0 ? rest : rest.slice(0, end);
    };
    const rules = section(/^### Rules$/m);
    const diagnostics = section(/^## Diagnostics$/m);
    for (const r of RULE_INFO) {
      const uri = ruleHelpUri(r.id);
      if (uri.endsWith("#rules")) expect(rules, r.id).toContain(`\`${r.id}\``);
      else expect(diagnostics, r.id).toContain(`\`${r.id.split("/")[1]}\``);
    }
  });
});

describe("owners in the text and GitHub formats", () => {
  it("shows the app after the location in the text format", async () => {
    const dir = tempDir({ "group.json": GROUP });
    const { out } = await run(["group.json"], dir);
    expect(out).toContain(" --> group.json:9:9 (in /shop/db)");
    expect(out).toContain(" --> group.json:15:36 (in /shop/web)");
  });

  it("names the rule and the owner in the GitHub annotation title", async () => {
    const { out } = await run(["kubernetes-options.json", "--format", "github"], EXAMPLES);
    expect(out.split("\n")[0]).toMatch(
      /^::error file=kubernetes-options\.json,.*,title=sdk\/attribute-alternation in kubernetes\.control_plane_placement::/,
    );
  });
});

describe("lint --list-rules", () => {
  it("prints one aligned row per rule with severity, dialects, fix and a one-line summary", async () => {
    const { code, out } = await run(["--list-rules"], ROOT);
    expect(code).toBe(0);
    const lines = out.trimEnd().split("\n");
    expect(lines).toHaveLength(RULE_INFO.length + 1);
    expect(lines[0]).toMatch(/^rule +severity +dialects +fix +summary$/);
    const row = lines.find((l) => l.startsWith("regex/empty-pattern "))!;
    expect(row.split(/ {2,}/)).toEqual([
      "regex/empty-pattern",
      "error",
      "marathon,marathon-1.11",
      "-",
      `${firstSentence(RULE_INFO.find((r) => r.id === "regex/empty-pattern")!.description).replace(/`/g, "")}`,
    ]);
    expect(lines.find((l) => l.startsWith("inventory/capacity "))).toMatch(/\(needs --inventory\)$/);
  });

  it("prints JSON with --format json", async () => {
    const { out } = await run(["--list-rules", "--format", "json"], ROOT);
    const rules = JSON.parse(out) as Json[];
    expect(rules.map((r) => r.id).sort()).toEqual(RULE_INFO.map((r) => r.id).sort());
    expect(rules.find((r) => r.id === "regex/unescaped-dot")).toMatchObject({
      severity: "warning",
      dialects: ["marathon", "marathon-1.11", "dcos-sdk"],
      fixable: true,
      hasSuggestions: false,
      needsInventory: false,
      helpUri: `${REPOSITORY_URL}#rules`,
    });
  });

  it("refuses a format it cannot list in", async () => {
    await expect(run(["--list-rules", "--format", "sarif"], ROOT)).rejects.toThrow(/text, json/);
  });
});

describe("the config file's JSON Schema", () => {
  const Ajv = ajvModule.default;
  const shipped = JSON.parse(readFileSync(join(ROOT, "config.schema.json"), "utf8"));
  const validate = new Ajv({ allErrors: true }).compile(shipped);

  it("is generated from the rules (run `npm run schema` when this fails)", () => {
    expect(shipped).toEqual(configSchema(RULE_INFO));
    expect(Object.keys(shipped.properties.rules.properties).sort()).toEqual(
      RULE_INFO.map((r) => r.id).sort(),
    );
  });

  it("accepts a good config and rejects unknown keys, rules and levels", () => {
    const good = {
      $schema: "./node_modules/marathon-constraints/config.schema.json",
      dialect: "marathon-1.11",
      rules: { "regex/like-literal": "off", "validation/operator_case": "warning" },
    };
    expect(validate(good)).toBe(true);
    expect(validate({ rule: {} })).toBe(false);
    expect(validate({ rules: { "regex/like-literl": "off" } })).toBe(false);
    expect(validate({ rules: { "regex/like-literal": "warn" } })).toBe(false);
    expect(validate({ dialect: "marathon-1.12" })).toBe(false);
  });

  it("is accepted as $schema by lint, which rejects what the schema rejects", async () => {
    const config = {
      $schema: "./node_modules/marathon-constraints/config.schema.json",
      rules: { "regex/like-literal": "off" },
    };
    const dir = tempDir({
      ".marathon-constraints.json": JSON.stringify(config),
      "c.txt": '[["rack","LIKE","r1"]]',
    });
    expect(await run(["c.txt"], dir)).toMatchObject({ code: 0, out: "1 file checked: no problems\n" });
    writeFileSync(join(dir, ".marathon-constraints.json"), JSON.stringify({ rule: {} }));
    await expect(run(["c.txt"], dir)).rejects.toThrow(
      /unknown key "rule" \(expected \$schema, dialect, rules\)/,
    );
  });
});

describe("package metadata", () => {
  it("names the repository the outputs link to", () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
    expect(pkg.repository.url).toBe(`git+${REPOSITORY_URL}.git`);
    expect(pkg.homepage).toBe(`${REPOSITORY_URL}#readme`);
    expect(pkg.bugs.url).toBe(`${REPOSITORY_URL}/issues`);
  });
});
