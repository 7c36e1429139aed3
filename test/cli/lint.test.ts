import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { formatUnifiedDiff } from "../../src/cli/format-diff.js";
import { UsageError } from "../../src/cli/io.js";
import { lintCommand } from "../../src/cli/lint.js";
import { main } from "../../src/cli/main.js";
import { fakeIO } from "../helpers/fake-io.js";
import { sarifSchemaErrors } from "../helpers/sarif.js";

function tempDir(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), "mc-lint-"));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, ".."), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

async function run(argv: string[], options: Parameters<typeof fakeIO>[0] = {}) {
  const io = fakeIO({ cwd: tempDir(), ...options });
  const code = await lintCommand(argv, io);
  return { code, out: io.stdoutText(), err: io.stderrText() };
}

const APP = `{
  "id": "/web",
  "instances": 2,
  "constraints": [["hostname", "unique"], ["rack", "LIKE", "rack-*"]]
}
`;

describe("marathon-constraints lint", () => {
  it("prints help", async () => {
    const r = await run(["--help"]);
    expect(r.code).toBe(0);
    expect(r.out).toContain("Usage: marathon-constraints lint");
  });

  it("exits 0 and says so when there is nothing to report", async () => {
    const r = await run(["--text", '[["hostname","UNIQUE"]]']);
    expect(r).toEqual({ code: 0, out: "1 file checked: no problems\n", err: "" });
  });

  it("renders code frames with rule ids and exits 1 on errors", async () => {
    const dir = tempDir({ "app.json": APP });
    const r = await run(["app.json"], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.out).toMatchInlineSnapshot(`
      "error[validation/operator_case]: operator "unique" must be written UNIQUE: Marathon's validation accepts it, then creating the app fails with HTTP 500
       --> app.json:4:32 (in /web)
        |
      4 |   "constraints": [["hostname", "unique"], ["rack", "LIKE", "rack-*"]]
        |                                ^^^^^^^^
        = upstream: illegal constraint specification hostname,unique
        = fix: write UNIQUE

      warning[regex/star-wildcard]: "-*" repeats "-" (zero or more times); it is not a wildcard: write ".*" for any characters, "rack-.*"
       --> app.json:4:65 (in /web)
        |
      4 |   "constraints": [["hostname", "unique"], ["rack", "LIKE", "rack-*"]]
        |                                                                 ^^
        = note: suggestion: write "rack-.*" (app.json:4:66)

      2 problems (1 error, 1 warning) in 1 file; 1 fixable with --fix
      "
    `);
  });

  it("colours the output only on a terminal without NO_COLOR", async () => {
    const text = '[["hostname","unique"]]';
    expect((await run(["--text", text], { isTTY: true })).out).toContain("\x1b[31m");
    expect((await run(["--text", text], { isTTY: true, env: { NO_COLOR: "1" } })).out).not.toContain("\x1b[");
    expect((await run(["--text", text])).out).not.toContain("\x1b[");
  });

  it("recurses into directories for json, yaml, yml and txt, skipping node_modules and dot-directories", async () => {
    const dir = tempDir({
      "a/app.json": APP,
      "a/b/svc.yml": "pods:\n  p:\n    placement: 'hostname:unique'\n",
      "c.txt": "hostname:UNIQUE",
      "README.txt": "These files hold the placement constraints of the shop.\n",
      "ci.yml": "jobs: [\n",
      "notes.md": "[[",
      "node_modules/x/app.json": APP,
      ".git/app.json": APP,
    });
    const r = await run([".", "--format", "json"], { cwd: dir });
    const files = JSON.parse(r.out) as { filePath: string; messages: unknown[] }[];
    expect(files.map((f) => relative(dir, f.filePath))).toEqual([
      join("a", "app.json"),
      join("a", "b", "svc.yml"),
      "c.txt",
      "ci.yml",
    ]);
    // YAML that is not a service spec is not reported on, even when it does not parse.
    expect(files[3]?.messages).toEqual([]);
  });

  it("reads standard input", async () => {
    const r = await run(["-", "--format", "json"], { stdin: '[["rack","MAX_PER","1"]]' });
    // ESLint's name for text that is not a file.
    expect(JSON.parse(r.out)[0]).toMatchObject({ filePath: "<text>", warningCount: 1 });
  });

  it("writes ESLint's JSON shape, fixes as one range", async () => {
    const dir = tempDir({ "app.json": APP });
    const r = await run(["app.json", "--format", "json"], { cwd: dir });
    const [file] = JSON.parse(r.out);
    expect(file).toMatchObject({
      filePath: join(dir, "app.json"),
      errorCount: 1,
      warningCount: 1,
      fixableErrorCount: 1,
    });
    const [first, second] = file.messages;
    expect(first).toEqual({
      ruleId: "validation/operator_case",
      severity: 2,
      message:
        'operator "unique" must be written UNIQUE: Marathon\'s validation accepts it, then creating the app fails with HTTP 500 (upstream: illegal constraint specification hostname,unique)',
      line: 4,
      column: 32,
      endLine: 4,
      endColumn: 40,
      fix: { range: [APP.indexOf('"unique"') + 1, APP.indexOf('"unique"') + 7], text: "UNIQUE" },
      owner: "/web",
      upstream: "illegal constraint specification hostname,unique",
    });
    expect(second).toMatchObject({ ruleId: "regex/star-wildcard", severity: 1 });
    // The suggestion inserts the missing "." before the star.
    expect(second.suggestions[0].fix).toEqual({
      range: [APP.indexOf("-*") + 1, APP.indexOf("-*") + 1],
      text: ".",
    });
  });

  it("merges a fix with several edits into one ESLint range", async () => {
    const text = '[["rack","MAX_PER","1"]]';
    const r = await run(["--text", text, "--format", "json"]);
    const { fix } = JSON.parse(r.out)[0].messages[0];
    expect(fix).toEqual({ range: [9, 22], text: '"UNIQUE"' });
    expect(text.slice(0, 9) + fix.text + text.slice(22)).toBe('[["rack","UNIQUE"]]');
  });

  it("writes GitHub workflow commands", async () => {
    const r = await run(["--text", '[["hostname","unique"],["rack","MAX_PER","1"]]', "--format", "github"]);
    expect(r.out.split("\n")).toEqual([
      '::error file=<text>,line=1,col=14,endLine=1,endColumn=22,title=validation/operator_case::operator "unique" must be written UNIQUE: Marathon\'s validation accepts it, then creating the app fails with HTTP 500 (upstream: illegal constraint specification hostname,unique)',
      '::warning file=<text>,line=1,col=42,endLine=1,endColumn=45,title=values/max-per-below-two::MAX_PER 1 allows one instance per "rack" value, which is UNIQUE: write UNIQUE',
      "",
    ]);
  });

  it("writes SARIF that the official 2.1.0 schema accepts", async () => {
    const dir = tempDir({ "app.json": APP });
    const r = await run(["app.json", "--format", "sarif"], { cwd: dir });
    const log = JSON.parse(r.out);
    expect(sarifSchemaErrors(log)).toEqual([]);
    const [result] = log.runs[0].results;
    expect(result.ruleId).toBe("validation/operator_case");
    expect(log.runs[0].tool.driver.rules[result.ruleIndex].id).toBe("validation/operator_case");
    expect(result.fixes[0].artifactChanges[0].replacements[0]).toEqual({
      deletedRegion: { charOffset: APP.indexOf('"unique"') + 1, charLength: 6 },
      insertedContent: { text: "UNIQUE" },
    });
  });

  it("--fix rewrites only the fixed bytes, atomically, keeping the file mode", async () => {
    const text =
      '{\r\n\t"id" :  "/web",\r\n\t"constraints":[ ["hostname","unique"] ,["rack","MAX_PER","1"], ],\r\n  "x": 1}';
    const dir = tempDir({ "app.json": text });
    const path = join(dir, "app.json");
    chmodSync(path, 0o640);
    const before = statSync(path);
    const r = await run(["app.json", "--fix"], { cwd: dir });
    expect(r.code).toBe(0);
    expect(readFileSync(path, "utf8")).toBe(
      '{\r\n\t"id" :  "/web",\r\n\t"constraints":[ ["hostname","UNIQUE"] ,["rack","UNIQUE"] ],\r\n  "x": 1}',
    );
    const after = statSync(path);
    expect(after.mode & 0o777).toBe(0o640);
    expect(after.ino).not.toBe(before.ino);
    expect(readdirSync(dir)).toEqual(["app.json"]);
    expect(r.out).toBe("fixed 3 problems in 1 file\n1 file checked: no problems\n");
  });

  it("--fix leaves files without fixes untouched", async () => {
    const dir = tempDir({ "ok.json": '{"id":"/a","constraints":[["hostname","UNIQUE"]]}' });
    const before = statSync(join(dir, "ok.json"));
    await run(["ok.json", "--fix"], { cwd: dir });
    expect(statSync(join(dir, "ok.json")).ino).toBe(before.ino);
  });

  it("--fix-dry-run prints a unified diff and changes nothing", async () => {
    const dir = tempDir({ "app.json": APP });
    const r = await run(["app.json", "--fix-dry-run"], { cwd: dir });
    expect(r.out).toMatchInlineSnapshot(`
      "--- app.json
      +++ app.json
      @@ -1,5 +1,5 @@
       {
         "id": "/web",
         "instances": 2,
      -  "constraints": [["hostname", "unique"], ["rack", "LIKE", "rack-*"]]
      +  "constraints": [["hostname", "UNIQUE"], ["rack", "LIKE", "rack-*"]]
       }
      "
    `);
    expect(readFileSync(join(dir, "app.json"), "utf8")).toBe(APP);
  });

  it("sets rule levels with --rule and rejects unknown rules and levels", async () => {
    const text = '[["rack","MAX_PER","1"],["hostname","unique"]]';
    const r = await run([
      "--text",
      text,
      "--rule",
      "validation/operator_case=off",
      "--rule",
      "values/max-per-below-two=error",
    ]);
    expect(r.code).toBe(1);
    expect(r.out).toContain("error[values/max-per-below-two]");
    expect(r.out).not.toContain("operator_case");
    await expect(run(["--text", text, "--rule", "nope=off"])).rejects.toThrow(UsageError);
    await expect(run(["--text", text, "--rule", "values/max-per-below-two=loud"])).rejects.toThrow(
      /must be one of/,
    );
  });

  it("reads .marathon-constraints.json from the nearest parent directory", async () => {
    const dir = tempDir({
      ".marathon-constraints.json": JSON.stringify({
        dialect: "marathon-1.11",
        rules: { "regex/star-wildcard": "off" },
      }),
      "sub/deeper/app.json": '{"id":"/a","constraints":[["@zone","GROUP_BY"],["rack","LIKE","r-*"]]}',
    });
    const r = await run(["app.json", "--format", "json"], { cwd: join(dir, "sub", "deeper") });
    const messages = JSON.parse(r.out)[0].messages;
    expect(messages.map((m: { ruleId: string; severity: number }) => [m.ruleId, m.severity])).toEqual([
      ["values/group-by-without-value", 2],
    ]);
  });

  it("rejects a broken config file with a usage error", async () => {
    const dir = tempDir({ ".marathon-constraints.json": "{ rules: }" });
    await expect(run(["--text", "[]"], { cwd: dir })).rejects.toThrow(/not valid JSON/);
  });

  it("fails on warnings above --max-warnings", async () => {
    const text = '[["rack","MAX_PER","1"]]';
    expect((await run(["--text", text])).code).toBe(0);
    const r = await run(["--text", text, "--max-warnings", "0"]);
    expect(r.code).toBe(1);
    expect(r.err).toContain("more than --max-warnings 0");
  });

  it("exits 2 with a clear message for a path that does not exist", async () => {
    const io = fakeIO({ cwd: tempDir() });
    expect(await main(["lint", "missing.json"], io)).toBe(2);
    expect(io.stderrText()).toBe(
      'marathon-constraints lint: No files matching the pattern "missing.json" were found (no such file or directory); --no-error-on-unmatched-pattern allows it\n',
    );
  });

  it("checks against an inventory", async () => {
    const dir = tempDir({
      "agents.yaml":
        "agents:\n  - { hostname: a1, attributes: 'rack:r1' }\n  - { hostname: a2, attributes: 'rack:r2' }\n",
      "app.json": '{"id":"/a","instances":3,"constraints":[["hostname","UNIQUE"],["rakc","UNLIKE","x"]]}',
    });
    const r = await run(["app.json", "--inventory", "agents.yaml", "--format", "json"], { cwd: dir });
    const ids = JSON.parse(r.out)[0].messages.map((m: { ruleId: string }) => m.ruleId);
    expect(ids).toEqual(["inventory/capacity", "inventory/unknown-field"]);
  });

  it("finds the planted mistakes in examples/lint, with and without the inventory", async () => {
    const examples = fileURLToPath(new URL("../../examples/lint/", import.meta.url));
    const summary = async (argv: string[]) => {
      const io = fakeIO({ cwd: examples });
      const code = await lintCommand([".", "--format", "json", ...argv], io);
      const files = JSON.parse(io.stdoutText()) as {
        filePath: string;
        messages: { ruleId: string; line: number; column: number }[];
      }[];
      return {
        code,
        files: Object.fromEntries(
          files.map((f) => [
            relative(examples, f.filePath),
            f.messages.map((m) => `${m.ruleId}@${m.line}:${m.column}`),
          ]),
        ),
      };
    };
    expect(await summary([])).toEqual({
      code: 1,
      files: {
        "agents.inventory.yaml": [],
        // Keeps Biome off the deliberately broken files; it is JSON without constraints.
        "biome.json": [],
        "constraints.txt": ["values/group-by-without-value@1:34"],
        "hello-service.yml": ["sdk/attribute-alternation@5:59", "syntax/placement-not-string@8:16"],
        "kubernetes-options.json": [
          "sdk/attribute-alternation@5:55",
          "sdk/is-scalar-number@6:81",
          "syntax/trailing_comma@6:90",
        ],
        "shop-group.json": [
          "values/swapped-field-value@7:23",
          "conflicts/contradictory@19:9",
          "conflicts/spread-on-pinned-field@20:9",
          "regex/like-literal@31:62",
        ],
        "web-app.json": [
          "validation/operator_case@7:18",
          "regex/star-wildcard@8:27",
          "regex/unescaped-dot@9:29",
          "values/group-by-without-value@10:15",
          "values/max-per-below-two@11:25",
          "syntax/trailing_comma@11:29",
        ],
      },
    });
    const withInventory = await summary(["--inventory", "agents.inventory.yaml"]);
    expect(withInventory.files["shop-group.json"]).toEqual([
      "inventory/unknown-field@7:24",
      "inventory/capacity@12:23",
      "inventory/unsatisfiable@18:9",
      "conflicts/contradictory@19:9",
      "conflicts/spread-on-pinned-field@20:9",
      "regex/like-literal@31:62",
    ]);
    expect(withInventory.files["hello-service.yml"]?.[0]).toBe("inventory/unknown-field@5:43");
  });

  it("refuses --fix for text that is not a file", async () => {
    await expect(run(["--text", "[]", "--fix"])).rejects.toThrow(/--fix-dry-run/);
  });
});

describe("formatUnifiedDiff", () => {
  const lines = (n: number) => Array.from({ length: n }, (_, i) => `line ${i + 1}\n`).join("");

  it("is empty for equal texts", () => {
    expect(formatUnifiedDiff("f", "a\n", "a\n")).toBe("");
  });

  it("writes separate hunks for distant changes, with three lines of context", () => {
    const before = lines(20);
    const after = before.replace("line 2\n", "line two\n").replace("line 18\n", "line eighteen\n");
    expect(formatUnifiedDiff("f.json", before, after)).toBe(
      [
        "--- f.json",
        "+++ f.json",
        "@@ -1,5 +1,5 @@",
        " line 1",
        "-line 2",
        "+line two",
        " line 3",
        " line 4",
        " line 5",
        "@@ -15,6 +15,6 @@",
        " line 15",
        " line 16",
        " line 17",
        "-line 18",
        "+line eighteen",
        " line 19",
        " line 20",
        "",
      ].join("\n"),
    );
  });

  it("marks a missing final line break", () => {
    expect(formatUnifiedDiff("f", "a,", "a")).toBe(
      "--- f\n+++ f\n@@ -1 +1 @@\n-a,\n\\ No newline at end of file\n+a\n\\ No newline at end of file\n",
    );
  });

  it("handles insertions and deletions of whole lines", () => {
    expect(formatUnifiedDiff("f", "a\nb\nc\n", "a\nc\nd\n")).toBe(
      "--- f\n+++ f\n@@ -1,3 +1,3 @@\n a\n-b\n c\n+d\n",
    );
  });
});
