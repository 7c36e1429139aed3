// The input module: files, standard input, BOMs, invalid UTF-8, and messages that name the input.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readInputArg } from "../../src/cli/args.js";
import { decodeUtf8, readInput, withInput } from "../../src/cli/input.js";
import { CliError } from "../../src/cli/io.js";
import { fakeIO } from "../helpers/fake-io.js";

function dirWith(files: Record<string, string | Uint8Array>): string {
  const dir = mkdtempSync(join(tmpdir(), "mc-input-"));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}

describe("readInput", () => {
  it("reads a file relative to the working directory and names it as given", async () => {
    const dir = dirWith({ "a.json": "[]" });
    const r = await readInput("a.json", fakeIO({ cwd: dir }), "inventory");
    expect(r).toEqual({ text: "[]", name: "a.json", path: join(dir, "a.json"), bom: false });
  });

  it("reads standard input for -, in chunks, as <stdin>", async () => {
    const r = await readInput("-", fakeIO({ stdin: ["hostname:", "UNIQUE"] }));
    expect(r).toEqual({ text: "hostname:UNIQUE", name: "<stdin>", bom: false });
  });

  it("drops a UTF-8 byte order mark from files and standard input", async () => {
    const dir = dirWith({ "bom.json": "\ufeff[]" });
    expect((await readInput("bom.json", fakeIO({ cwd: dir }))).text).toBe("[]");
    const r = await readInput("-", fakeIO({ stdin: "\ufeffhostname:UNIQUE" }));
    expect(r).toMatchObject({ text: "hostname:UNIQUE", bom: true });
  });

  it("reads standard input only once per run", async () => {
    const io = fakeIO({ stdin: "x" });
    await readInput("-", io, "inventory");
    await expect(readInput("-", io, "workload")).rejects.toThrow(
      "cannot read workload from standard input: it was already read for another input",
    );
  });

  it("names the input and says why it cannot be read", async () => {
    const dir = dirWith({});
    mkdirSync(join(dir, "sub"));
    const io = fakeIO({ cwd: dir });
    await expect(readInput("missing.yaml", io, "inventory")).rejects.toThrow(
      new CliError("cannot read inventory missing.yaml: no such file or directory"),
    );
    await expect(readInput("sub", io, "workload")).rejects.toThrow(
      new CliError("cannot read workload sub: it is a directory"),
    );
  });

  it("records where the first byte that is not UTF-8 is", async () => {
    const bytes = Buffer.concat([Buffer.from("ok\nab"), Buffer.from([0xff]), Buffer.from("cd")]);
    const dir = dirWith({ "bad.json": bytes });
    const r = await readInput("bad.json", fakeIO({ cwd: dir }));
    expect(r.text).toBe("ok\nab\ufffdcd");
    expect(r.invalidUtf8).toEqual({ offset: 5, line: 2, column: 3 });
  });
});

describe("decodeUtf8", () => {
  it.each([
    ["an overlong encoding", [0xc0, 0xaf], 0],
    ["a truncated sequence", [0x61, 0xe2, 0x82], 1],
    ["an encoded surrogate", [0xed, 0xa0, 0x80], 0],
    ["a code point above U+10FFFF", [0xf4, 0x90, 0x80, 0x80], 0],
    ["a stray continuation byte", [0x61, 0x62, 0x80], 2],
  ])("finds %s", (_what, bytes, offset) => {
    expect(decodeUtf8(Uint8Array.from(bytes)).invalidUtf8?.offset).toBe(offset);
  });

  it("accepts every well-formed sequence length", () => {
    const text = "a\u00e9\u20ac\u{1f600}";
    expect(decodeUtf8(Buffer.from(text))).toEqual({ text, bom: false });
  });
});

describe("readInputArg", () => {
  it("takes literal text, @file and - for standard input", async () => {
    const dir = dirWith({ "c.txt": "\ufeffrack:GROUP_BY" });
    const io = fakeIO({ cwd: dir, stdin: "hostname:UNIQUE" });
    expect((await readInputArg("a:UNIQUE", io)).name).toBe("<text>");
    expect(await readInputArg("@c.txt", io)).toMatchObject({ text: "rack:GROUP_BY", name: "c.txt" });
    expect(await readInputArg("-", io)).toMatchObject({ text: "hostname:UNIQUE", name: "<stdin>" });
  });
});

describe("withInput", () => {
  it("turns a stack overflow into an error that names the input", () => {
    const overflow = (n: number): number => overflow(n + 1) + 1;
    expect(() => withInput("deep.json", () => overflow(0))).toThrow(
      /^cannot process deep\.json: it is nested too deeply or is too large \(Maximum call stack size exceeded\)$/,
    );
  });
});
