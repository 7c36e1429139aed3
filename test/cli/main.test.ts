// The dispatcher: help for a command, the colour decision, errors that reach the top level.
import { describe, expect, it } from "vitest";
import { useColor } from "../../src/cli/args.js";
import { COMMAND_NAMES, main } from "../../src/cli/main.js";
import { fakeIO } from "../helpers/fake-io.js";

async function run(argv: string[], options: Parameters<typeof fakeIO>[0] = {}) {
  const io = fakeIO(options);
  const code = await main(argv, io);
  return { code, out: io.stdoutText(), err: io.stderrText() };
}

describe("main", () => {
  it.each(COMMAND_NAMES)("prints the usage of %s for `help %s` and `%s --help`", async (name) => {
    const viaHelp = await run(["help", name]);
    const viaFlag = await run([name, "--help"]);
    expect(viaHelp.code).toBe(0);
    expect(viaHelp.out).toMatch(new RegExp(`^Usage: marathon-constraints ${name}\\b`));
    expect(viaFlag).toEqual(viaHelp);
  });

  it("rejects help for a command that does not exist", async () => {
    const r = await run(["help", "lnit"]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^marathon-constraints: unknown command "lnit"/);
  });

  it("prints the top-level help for `help`, and exits 2 with it when no command is given", async () => {
    expect((await run(["help"])).out).toMatch(/^marathon-constraints \S+\n/);
    expect((await run([])).code).toBe(2);
  });

  it("reports an input error with its file name and exit 2, without a hint to --help", async () => {
    const r = await run(["parse", "@no-such-file.txt"]);
    expect(r).toEqual({
      code: 2,
      out: "",
      err: "marathon-constraints parse: cannot read no-such-file.txt: no such file or directory\n",
    });
  });

  it("returns 141 when standard output was closed while the command ran", async () => {
    const io = fakeIO({ stdin: '[["hostname","UNIQUE"]]' });
    io.closeStdout();
    expect(await main(["parse", "-"], io)).toBe(141);
    expect(io.stderrText()).toBe("");
  });
});

describe("colour", () => {
  const decide = (env: Record<string, string>, isTTY: boolean, color?: boolean) =>
    useColor({ ...fakeIO({ env, isTTY }), ...(color === undefined ? {} : { color }) });

  it.each([
    [{}, true, undefined, true],
    [{}, false, undefined, false],
    [{ TERM: "dumb" }, true, undefined, false],
    [{ NO_COLOR: "1" }, true, undefined, false],
    [{ NO_COLOR: "" }, true, undefined, true],
    [{ FORCE_COLOR: "1" }, false, undefined, true],
    [{ FORCE_COLOR: "" }, false, undefined, true],
    [{ FORCE_COLOR: "0" }, true, undefined, false],
    [{ FORCE_COLOR: "false" }, true, undefined, false],
    [{ FORCE_COLOR: "1", NO_COLOR: "1" }, false, undefined, true],
    [{ NO_COLOR: "1" }, false, true, true],
    [{ FORCE_COLOR: "1" }, true, false, false],
  ])("env %o, terminal %s, flag %s: colour %s", (env, isTTY, flag, expected) => {
    expect(decide(env, isTTY, flag)).toBe(expected);
  });

  it("takes --color and --no-color anywhere on the command line, for every command", async () => {
    const bad = "[['hostname','UNIQUE']]";
    expect((await run(["parse", bad, "--color"])).out).toContain("\x1b[");
    expect((await run(["--color", "lint", "--text", bad])).out).toContain("\x1b[");
    expect((await run(["parse", bad, "--no-color"], { isTTY: true })).out).not.toContain("\x1b[");
    expect((await run(["parse", bad, "--color", "--no-color"])).out).not.toContain("\x1b[");
  });
});
