// The built CLI as a real process: eval as a co-process, a closed output pipe, an old Node.
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { describe, expect, it } from "vitest";
import { BIN, REPO, runCli } from "../helpers/cli-process.js";

/** Reads a child's stdout line by line, on demand. */
function lineReader(stream: NodeJS.ReadableStream) {
  let buffered = "";
  const waiting: ((line: string) => void)[] = [];
  stream.setEncoding("utf8");
  stream.on("data", (chunk: string) => {
    buffered += chunk;
    for (let nl = buffered.indexOf("\n"); nl >= 0 && waiting.length > 0; nl = buffered.indexOf("\n")) {
      const line = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
      waiting.shift()!(line);
    }
  });
  return {
    next: () =>
      new Promise<string>((ok) => {
        const nl = buffered.indexOf("\n");
        if (nl >= 0) {
          const line = buffered.slice(0, nl);
          buffered = buffered.slice(nl + 1);
          ok(line);
        } else waiting.push(ok);
      }),
  };
}

const request = (hostname: string, placed: string[]) =>
  JSON.stringify({
    constraints: "hostname:UNIQUE",
    agent: { hostname },
    placed: placed.map((h) => ({ hostname: h })),
  });

describe("eval as a co-process", () => {
  it("answers each line before the next is written, survives bad and deep lines, and exits when input ends", async () => {
    const child = spawn(process.execPath, [BIN, "eval", "--dialect", "dcos-sdk"], {
      stdio: ["pipe", "pipe", "pipe"],
    });
    const lines = lineReader(child.stdout);
    const ask = async (line: string) => {
      child.stdin.write(`${line}\n`);
      return JSON.parse(await lines.next());
    };
    expect((await ask(request("a", ["b"]))).accepted).toBe(true);
    expect((await ask(request("a", ["a"]))).accepted).toBe(false);
    expect((await ask("{not json")).error.diagnostics[0]).toMatchObject({ line: 3, code: "unquoted_string" });
    const deep = `{"constraints":${"[".repeat(3000)}${"]".repeat(3000)},"agent":{"hostname":"a"}}`;
    const answer = await ask(deep);
    expect(answer.error.diagnostics[0].line).toBe(4);
    expect((await ask(request("c", []))).accepted).toBe(true);
    child.stdin.end();
    const code = await new Promise<number | null>((ok) => child.once("exit", ok));
    expect(code).toBe(1);
  });
});

describe("a closed output pipe", () => {
  it("ends the command quietly with exit code 141 (128 + SIGPIPE)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mc-epipe-"));
    const file = join(dir, "requests.jsonl");
    writeFileSync(file, `${Array.from({ length: 20000 }, (_, i) => request(`h${i}`, ["x"])).join("\n")}\n`);
    const child = spawn(process.execPath, [BIN, "eval", file], { stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (c: string) => {
      stderr += c;
    });
    // Like `head -1`: read the first answer, then close the pipe.
    await new Promise<void>((ok) => child.stdout.once("data", () => ok()));
    child.stdout.destroy();
    const code = await new Promise<number | null>((ok) => child.once("exit", ok));
    expect(stderr).toBe("");
    expect(code).toBe(141);
  });
});

/** A Node older than 22 on this machine (the system one, typically), if any. */
function oldNode(): { path: string; version: string } | undefined {
  const candidates = new Set([
    ...(process.env.PATH ?? "").split(delimiter).map((d) => join(d, "node")),
    "/usr/bin/node",
    "/usr/local/bin/node",
  ]);
  for (const path of candidates) {
    if (!existsSync(path)) continue;
    try {
      const version = execFileSync(path, ["--version"], { encoding: "utf8" }).trim();
      if (Number.parseInt(version.slice(1), 10) < 22) return { path, version };
    } catch {
      // Not runnable: try the next.
    }
  }
  return undefined;
}

const old = oldNode();

describe("an old Node", () => {
  it.skipIf(old === undefined)(
    old
      ? `gets one sentence and exit 2 from the CLI, and an error from import (${old.version})`
      : "is tested where one is installed: none older than 22 on PATH, /usr/bin or /usr/local/bin, so skipped",
    () => {
      const node = old!.path;
      for (const args of [["--version"], ["parse", "hostname:UNIQUE"], ["lint", "--help"]]) {
        const r = runCli(args, { node });
        expect(r).toMatchObject({
          status: 2,
          stdout: "",
          stderr: `marathon-constraints needs Node 22 or newer; this is ${old!.version}\n`,
        });
      }
      const imported = execFileSync(
        node,
        [
          "--input-type=module",
          "-e",
          `import(${JSON.stringify(join(REPO, "dist/index.js"))}).then(() => console.log("loaded"), (e) => console.log(e.message))`,
        ],
        { encoding: "utf8" },
      );
      expect(imported).toBe(`marathon-constraints needs Node 22 or newer; this is ${old!.version}\n`);
    },
  );
});
