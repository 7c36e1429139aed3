// lint against real files: what --fix may and may not write, symbolic links in directory scans, and
// paths that match nothing.
import {
  chmodSync,
  chownSync,
  linkSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { fakeIO } from "../helpers/fake-io.js";

const BROKEN = '{"id":"/web","constraints":[["hostname","unique"]]}\n';
const FIXED = '{"id":"/web","constraints":[["hostname","UNIQUE"]]}\n';

function tempDir(files: Record<string, string | Uint8Array> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), "mc-lint-files-"));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, ".."), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

async function lint(dir: string, ...args: string[]) {
  const io = fakeIO({ cwd: dir });
  const code = await main(["lint", ...args], io);
  return { code, out: io.stdoutText(), err: io.stderrText() };
}

/** The files a JSON report covers, relative to `dir` (whether it names them relative or absolute). */
async function linted(dir: string, ...args: string[]): Promise<string[]> {
  const r = await lint(dir, "--format", "json", ...args);
  return (JSON.parse(r.out) as { filePath: string }[]).map((f) => relative(dir, resolve(dir, f.filePath)));
}

describe("lint --fix writes files safely", () => {
  it("fixes the target of a symbolic link and keeps the link", async () => {
    const dir = tempDir({ "real/app.json": BROKEN });
    symlinkSync("real/app.json", join(dir, "app.json"));
    const r = await lint(dir, "app.json", "--fix");
    expect(r).toMatchObject({ code: 0, err: "" });
    expect(lstatSync(join(dir, "app.json")).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, "real", "app.json"), "utf8")).toBe(FIXED);
  });

  it("refuses a hard-linked file, reports its problems as they are, and exits 2", async () => {
    const dir = tempDir({ "app.json": BROKEN });
    linkSync(join(dir, "app.json"), join(dir, "copy.json"));
    const r = await lint(dir, "app.json", "--fix");
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^marathon-constraints lint: cannot write app\.json: it has 2 hard links/);
    expect(r.out).toContain("error[validation/operator_case]");
    expect(readFileSync(join(dir, "copy.json"), "utf8")).toBe(BROKEN);
    expect(statSync(join(dir, "app.json")).nlink).toBe(2);
  });

  it("refuses a read-only file and fixes the other files", async () => {
    const dir = tempDir({ "ro.json": BROKEN, "rw.json": BROKEN });
    chmodSync(join(dir, "ro.json"), 0o444);
    const r = await lint(dir, "ro.json", "rw.json", "--fix");
    expect(r.code).toBe(2);
    expect(r.err).toBe(
      "marathon-constraints lint: cannot write ro.json: it is read-only (mode 0444); nothing was written\n",
    );
    expect(readFileSync(join(dir, "ro.json"), "utf8")).toBe(BROKEN);
    expect(readFileSync(join(dir, "rw.json"), "utf8")).toBe(FIXED);
    expect(readdirSync(dir).sort()).toEqual(["ro.json", "rw.json"]);
  });

  it.skipIf(process.getuid?.() !== 0)("keeps the owner of a fixed file (as root)", async () => {
    const dir = tempDir({ "app.json": BROKEN });
    chownSync(join(dir, "app.json"), 4321, 8765);
    expect((await lint(dir, "app.json", "--fix")).code).toBe(0);
    expect(statSync(join(dir, "app.json"))).toMatchObject({ uid: 4321, gid: 8765 });
  });

  it("keeps a byte order mark and every byte outside the fixes", async () => {
    const text = '\ufeff{\r\n  "id": "/w\u00e9b",\r\n  "constraints": [["hostname", "unique"]]\r\n}';
    const dir = tempDir({ "app.json": text });
    expect((await lint(dir, "app.json", "--fix")).code).toBe(0);
    expect(readFileSync(join(dir, "app.json"), "utf8")).toBe(text.replace('"unique"', '"UNIQUE"'));
  });

  it("refuses to rewrite a file that is not UTF-8, naming where, and leaves it byte for byte", async () => {
    const bytes = Buffer.concat([
      Buffer.from('{"id":"/w\n'),
      Buffer.from([0xe9]),
      Buffer.from(BROKEN.slice(9)),
    ]);
    const dir = tempDir({ "latin1.json": bytes });
    const r = await lint(dir, "latin1.json", "--fix");
    expect(r.code).toBe(2);
    expect(r.err).toBe(
      "marathon-constraints lint: cannot fix latin1.json: it is not UTF-8 (line 2, byte 1 of the line), and a rewrite would change bytes outside the fixes; nothing was written\n",
    );
    expect(readFileSync(join(dir, "latin1.json")).equals(bytes)).toBe(true);
  });

  it("leaves a file that is not UTF-8 alone when it needs no fix, and lints it", async () => {
    const bytes = Buffer.concat([
      Buffer.from('{"id":"/w'),
      Buffer.from([0xe9]),
      Buffer.from('","constraints":[]}'),
    ]);
    const dir = tempDir({ "latin1.json": bytes });
    expect(await lint(dir, "latin1.json", "--fix")).toMatchObject({ code: 0, err: "" });
  });
});

describe("lint directory scans", () => {
  it("follows symbolic links to files and directories, visiting each once, without looping", async () => {
    const dir = tempDir({
      "apps/a.json": BROKEN,
      "elsewhere/b.json": BROKEN,
      "elsewhere/sub/c.json": BROKEN,
    });
    symlinkSync(join(dir, "elsewhere", "b.json"), join(dir, "apps", "b-link.json"));
    symlinkSync(join(dir, "elsewhere", "sub"), join(dir, "apps", "sub-link"));
    symlinkSync("..", join(dir, "apps", "sub-link-loop"));
    symlinkSync("a.json", join(dir, "apps", "z-again.json"));
    symlinkSync("nowhere.json", join(dir, "apps", "dangling.json"));
    expect(await linted(dir, "apps")).toEqual([
      join("apps", "a.json"),
      join("apps", "b-link.json"),
      join("apps", "sub-link", "c.json"),
    ]);
  });

  it("exits 2 when a directory holds no file to lint, unless --no-error-on-unmatched-pattern", async () => {
    const dir = tempDir({ "docs/README.md": "# x" });
    const r = await lint(dir, "docs");
    expect(r).toEqual({
      code: 2,
      out: "",
      err: 'marathon-constraints lint: No files matching the pattern "docs" were found (a directory without *.json, *.yaml, *.yml or constraint *.txt files); --no-error-on-unmatched-pattern allows it\n',
    });
    expect(await lint(dir, "docs", "missing.json", "--no-error-on-unmatched-pattern")).toEqual({
      code: 0,
      out: "0 files checked: no problems\n",
      err: "",
    });
  });
});

describe("lint reads - for standard input", () => {
  it("takes the config from standard input with --config -", async () => {
    const io = fakeIO({ cwd: tempDir(), stdin: '\ufeff{"rules":{"validation/operator_case":"off"}}' });
    expect(await main(["lint", "--config", "-", "--text", '[["hostname","unique"]]'], io)).toBe(0);
  });
});
