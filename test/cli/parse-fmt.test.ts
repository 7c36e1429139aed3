import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { fakeIO } from "../helpers/fake-io.js";

async function run(argv: string[], stdin?: string) {
  const io = fakeIO(stdin === undefined ? {} : { stdin });
  const code = await main(argv, io);
  return { code, out: io.stdoutText(), err: io.stderrText() };
}

describe("marathon-constraints parse", () => {
  it("prints the constraints of valid text and exits 0", async () => {
    const r = await run(["parse", '[["hostname","LIKE","10.0.0.159|10.0.1.202|10.0.3.3"]]']);
    expect(r.code).toBe(0);
    expect(r.out).toMatchInlineSnapshot(`
      "valid (marathon, app form): 1 constraint
        hostname  LIKE  "10.0.0.159|10.0.1.202|10.0.3.3"
      "
    `);
  });

  it("renders every problem as a code frame and exits 1", async () => {
    const r = await run(["parse", "[['hostname','UNIQUE'],]"]);
    expect(r.code).toBe(1);
    expect(r.out).toMatchInlineSnapshot(`
      "error[single_quotes]: single quotes are not JSON quotes; use straight double quotes: "hostname"
       --> <text>:1:3
        |
      1 | [['hostname','UNIQUE'],]
        |   ^^^^^^^^^^
        = fix: use straight double quotes

      error[single_quotes]: single quotes are not JSON quotes; use straight double quotes: "UNIQUE"
       --> <text>:1:14
        |
      1 | [['hostname','UNIQUE'],]
        |              ^^^^^^^^
        = fix: use straight double quotes

      error[trailing_comma]: trailing comma before ']': JSON does not allow it, and Marathon and 'dcos package install' reject the document
       --> <text>:1:23
        |
      1 | [['hostname','UNIQUE'],]
        |                       ^
        = fix: remove the trailing comma

      invalid (marathon): 3 errors
      "
    `);
  });

  it("answers in JSON with 1-based positions", async () => {
    const r = await run(["parse", "--format", "json", "--dialect", "dcos-sdk", "rack:MAX_PER:0"]);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.out);
    expect(out.form).toBe("colon");
    expect(out.diagnostics[0]).toMatchObject({
      code: "max_per_below_one",
      line: 1,
      column: 14,
      upstream: "max cannot be less than 1: 0",
    });
  });

  it("reads @file and standard input", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mc-"));
    writeFileSync(join(dir, "c.txt"), "hostname:UNIQUE");
    expect((await run(["parse", `@${join(dir, "c.txt")}`])).code).toBe(0);
    expect((await run(["parse", "-"], '[["rack","GROUP_BY","3"]]')).out).toContain("GROUP_BY");
  });

  it("exits 2 with a clear message on usage errors and unreadable files", async () => {
    expect((await run(["parse"])).code).toBe(2);
    expect((await run(["parse", "--dialect", "mesos", "x:UNIQUE"])).err).toContain('unknown dialect "mesos"');
    const missing = await run(["parse", "@/nonexistent/file.json"]);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain("cannot read /nonexistent/file.json");
    expect(missing.err).not.toContain("    at ");
    expect((await run(["frobnicate"])).code).toBe(2);
  });
});

describe("marathon-constraints fmt", () => {
  it.each([
    ["app", "hostname:UNIQUE,rack:GROUP_BY:3", '[["hostname","UNIQUE"],["rack","GROUP_BY","3"]]'],
    ["pod", "rack:MAX_PER:3", '[{"fieldName":"rack","operator":"MAX_PER","value":"3"}]'],
    ["colon", '[["rack","LIKE","a:b,c"]]', "rack:LIKE:a\\:b\\,c"],
    ["flat", '[["hostname","UNIQUE"]]', '["hostname","UNIQUE"]'],
  ])("converts to the %s form", async (to, input, output) => {
    const r = await run(["fmt", "--to", to, input]);
    expect(r.code).toBe(0);
    expect(r.out).toBe(`${output}\n`);
  });

  it("refuses what a form cannot hold", async () => {
    const r = await run(["fmt", "--to", "flat", "a:UNIQUE,b:UNIQUE"]);
    expect(r.code).toBe(1);
    expect(r.err).toContain("exactly one constraint");
  });
});

describe("the built binary", () => {
  const bin = new URL("../../dist/bin/marathon-constraints.mjs", import.meta.url).pathname;
  it.skipIf(!existsSync(bin))("runs --help and parse end to end", async () => {
    const exec = promisify(execFile);
    const help = await exec(process.execPath, [bin, "--help"]);
    expect(help.stdout).toContain("Usage: marathon-constraints <command>");
    const parsed = await exec(process.execPath, [bin, "parse", "hostname:UNIQUE"]);
    expect(parsed.stdout).toContain("hostname  UNIQUE");
  });
});
