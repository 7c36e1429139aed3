// The eval command driven through a fake CliIO: request lines in, result lines out, exit codes.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { evalCommand, type LineBatch, lineBatches, MAX_LINE_LENGTH } from "../../src/cli/eval.js";
import { UsageError } from "../../src/cli/io.js";
import { type FakeIOOptions, fakeIO as makeFakeIO } from "../helpers/fake-io.js";

function fakeIO(stdin: FakeIOOptions["stdin"] = "", cwd = "/") {
  const io = makeFakeIO({ stdin, cwd });
  const { out, err } = io;
  return {
    io,
    out,
    err,
    results: () =>
      out
        .join("")
        .trimEnd()
        .split("\n")
        .map((l) => JSON.parse(l)),
  };
}

const host = (hostname: string, attributes: object[] = []) => ({ hostname, attributes });
const line = (o: object) => JSON.stringify(o);

describe("eval command", () => {
  it("prints help and exits 0", async () => {
    const f = fakeIO();
    expect(await evalCommand(["--help"], f.io)).toBe(0);
    expect(f.out.join("")).toContain("Usage: marathon-constraints eval");
  });

  it("answers each request on its own line, in order", async () => {
    const unique = '[["hostname","UNIQUE"]]';
    const stdin = [
      line({ constraints: unique, agent: host("a"), placed: [host("b")] }),
      line({ constraints: unique, agent: host("a"), placed: [host("a")] }),
    ].join("\n");
    const f = fakeIO(stdin);
    expect(await evalCommand([], f.io)).toBe(0);
    const [first, second] = f.results();
    expect(first.accepted).toBe(true);
    expect(second).toEqual({
      accepted: false,
      verdicts: [
        {
          constraint: { field: "hostname", operator: "UNIQUE" },
          accepted: false,
          kind: "value_used",
          value: "a",
          count: 1,
          limit: 1,
          reason: "hostname:UNIQUE rejects a: value already used by 1 instance",
        },
      ],
    });
  });

  it("skips blank lines and keeps going after a bad line, exiting 1", async () => {
    const ok = line({
      constraints: [["rack", "LIKE", "r[12]"]],
      agent: host("a", [{ name: "rack", text: "r1" }]),
    });
    const f = fakeIO(`${ok}\n\n{not json\n   \n${ok}\n`);
    expect(await evalCommand(["-"], f.io)).toBe(1);
    const results = f.results();
    expect(results).toHaveLength(3);
    expect(results[0].accepted).toBe(true);
    expect(results[1].error.diagnostics[0]).toMatchObject({ line: 3, severity: "error", column: 2 });
    expect(results[2].accepted).toBe(true);
  });

  it("rejects a malformed member even where a later duplicate key replaces it, as JSON.parse does", async () => {
    const request = '{"agent":tru,"constraints":"hostname:UNIQUE","agent":{"hostname":"a"}}';
    const f = fakeIO(`${request}\n${request}\n`);
    expect(await evalCommand([], f.io)).toBe(1);
    for (const result of f.results()) {
      const [d] = result.error.diagnostics;
      expect(request.slice(d.span.start, d.span.end)).toBe("tru");
    }
  });

  it("reports invalid constraints with the request's line number", async () => {
    const f = fakeIO(`\n${line({ constraints: '[["rack","MAX_PER","two"]]', agent: host("a") })}`);
    expect(await evalCommand([], f.io)).toBe(1);
    const [result] = f.results();
    expect(result.error.diagnostics[0]).toMatchObject({
      line: 2,
      code: "max_per_not_integer",
      severity: "error",
    });
  });

  it("reports a malformed agent, located in the request line", async () => {
    const request = line({ constraints: "[]", agent: { hostname: 3, attributes: [{ name: "x", text: 1 }] } });
    const f = fakeIO(request);
    expect(await evalCommand([], f.io)).toBe(1);
    const diagnostics = f.results()[0].error.diagnostics;
    expect(diagnostics.map((d: { code: string }) => d.code)).toEqual(["invalid_agent", "invalid_attribute"]);
    expect(diagnostics[0].message).toContain("agent.hostname");
    const at = (d: { span: { start: number; end: number } }) => request.slice(d.span.start, d.span.end);
    expect(diagnostics.map(at)).toEqual(["3", "1"]);
    expect(diagnostics[0].column).toBe(request.indexOf(":3") + 2);
  });

  it("locates constraint errors inside the request line, for text and array constraints", async () => {
    const asText = line({ constraints: '[["rack","MAX_PER","two"]]', agent: host("a") });
    const asArray = line({ constraints: [["rack", "MAX_PER", "two"]], agent: host("a") });
    const f = fakeIO(`${asText}\n${asArray}`);
    expect(await evalCommand([], f.io)).toBe(1);
    const [first, second] = f.results();
    const d1 = first.error.diagnostics[0];
    const d2 = second.error.diagnostics[0];
    expect(asText.slice(d1.span.start, d1.span.end)).toBe('\\"two\\"');
    expect(asArray.slice(d2.span.start, d2.span.end)).toBe('"two"');
    expect(d2).toMatchObject({ line: 2, code: "max_per_not_integer" });
  });

  it("reports malformed request fields", async () => {
    const f = fakeIO(line({ dialect: "mesos", constraints: 5, agent: host("a"), placed: {}, instances: -1 }));
    expect(await evalCommand([], f.io)).toBe(1);
    const codes = f.results()[0].error.diagnostics.map((d: { code: string }) => d.code);
    expect(codes).toEqual(["invalid_request", "invalid_request", "invalid_request", "invalid_request"]);
  });

  it("uses instances for marathon-1.11 GROUP_BY and the request's dialect over --dialect", async () => {
    const rack = (r: string) => host(`h-${r}`, [{ name: "rack", text: r }]);
    const request = {
      constraints: '[["rack","GROUP_BY","2"]]',
      agent: rack("a"),
      placed: [rack("a"), rack("a")],
      instances: 5,
    };
    const f = fakeIO([line(request), line({ ...request, dialect: "marathon" })].join("\n"));
    expect(await evalCommand(["--dialect", "marathon-1.11"], f.io)).toBe(0);
    const [share, legacy] = f.results();
    expect(share.accepted).toBe(true);
    expect(legacy.accepted).toBe(false);
    expect(legacy.verdicts[0].kind).toBe("groups_incomplete");
  });

  it("evaluates dcos-sdk colon-form constraints", async () => {
    const f = fakeIO(
      line({
        dialect: "dcos-sdk",
        constraints: "rack:MAX_PER:2",
        agent: host("a", [{ name: "rack", text: "x" }]),
        placed: [host("b", [{ name: "rack", text: "x" }]), host("c", [{ name: "rack", text: "x" }])],
      }),
    );
    expect(await evalCommand([], f.io)).toBe(0);
    const [r] = f.results();
    expect(r.accepted).toBe(false);
    expect(r.verdicts[0]).toMatchObject({ kind: "limit_reached", value: "rack:x", count: 2, limit: 2 });
  });

  it("reads requests from a file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mc-eval-"));
    writeFileSync(join(dir, "requests.jsonl"), `${line({ constraints: [], agent: host("a") })}\n`);
    const f = fakeIO("", dir);
    expect(await evalCommand(["requests.jsonl"], f.io)).toBe(0);
    expect(f.results()).toEqual([{ accepted: true, verdicts: [] }]);
  });

  it("names an unreadable file, and turns extra arguments and unknown options into usage errors", async () => {
    await expect(evalCommand(["/nonexistent/requests.jsonl"], fakeIO().io)).rejects.toThrow(
      "cannot read requests /nonexistent/requests.jsonl: no such file or directory",
    );
    await expect(evalCommand(["a", "b"], fakeIO().io)).rejects.toThrow(UsageError);
    await expect(evalCommand(["--bogus"], fakeIO().io)).rejects.toThrow(UsageError);
    await expect(evalCommand(["--dialect", "mesos"], fakeIO().io)).rejects.toThrow(UsageError);
  });
});

describe("eval --help example", () => {
  it("runs as documented", async () => {
    const help = fakeIO();
    await evalCommand(["--help"], help.io);
    const request = /echo '(.*)' \|/.exec(help.out.join(""))![1]!;
    const f = fakeIO(request);
    expect(await evalCommand(["--dialect", "dcos-sdk"], f.io)).toBe(0);
    expect(f.results()[0].accepted).toBe(false);
  });
});

describe("eval line splitting", () => {
  async function batches(chunks: (string | number[])[], maxLine?: number) {
    async function* source() {
      for (const c of chunks) yield typeof c === "string" ? Buffer.from(c) : Uint8Array.from(c);
    }
    const out: LineBatch[] = [];
    for await (const b of lineBatches(source(), maxLine)) out.push(b);
    return out;
  }

  it("yields one batch per chunk of complete lines, joining lines split across chunks", async () => {
    expect(await batches(["a\nb", "c\r\nd\n", "e"])).toEqual([
      { first: 1, lines: ["a"] },
      { first: 2, lines: ["bc", "d"] },
      { first: 4, lines: ["e"] },
    ]);
  });

  it("drops a BOM at the start of the stream and decodes characters split across chunks", async () => {
    const euro = [...Buffer.from("\u20ac")];
    expect(
      await batches([
        [0xef, 0xbb],
        [0xbf, 0x61, euro[0]!],
        [euro[1]!, euro[2]!, 0x0a],
      ]),
    ).toEqual([{ first: 1, lines: ["a\u20ac"] }]);
  });

  it("replaces a line longer than the limit by null, holding none of it, and goes on", async () => {
    expect(await batches(["ok\n12345", "6789", "0\nnext\n", "123456"], 5)).toEqual([
      { first: 1, lines: ["ok"] },
      { first: 2, lines: [null, "next"] },
      { first: 4, lines: [null] },
    ]);
  });

  it("accepts a BOM on the first request line and answers an over-long line with limit_exceeded", async () => {
    const ok = line({ constraints: "hostname:UNIQUE", agent: host("a") });
    const huge = `{"constraints":"${"x".repeat(MAX_LINE_LENGTH)}"}`;
    const f = fakeIO([`\ufeff${ok}\n`, huge.slice(0, 1000), `${huge.slice(1000)}\n${ok}\n`]);
    expect(await evalCommand([], f.io)).toBe(1);
    const [first, second, third] = f.results();
    expect(first.accepted).toBe(true);
    expect(second.error.diagnostics[0]).toMatchObject({ line: 2, code: "limit_exceeded" });
    expect(third.accepted).toBe(true);
  });

  it("stops reading once nobody reads the answers", async () => {
    const ok = `${line({ constraints: "hostname:UNIQUE", agent: host("a") })}\n`;
    const io = makeFakeIO({ stdin: [ok, ok, ok] });
    const write = io.stdout;
    let writes = 0;
    const closing = {
      ...io,
      stdout: (t: string) => {
        write(t);
        if (++writes === 1) io.closeStdout();
      },
    };
    await evalCommand([], closing);
    expect(io.out).toHaveLength(1);
  });
});
