// parseJavaDouble against known Double.valueOf results, and differentially against the JDK when present.
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fc } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { parseJavaDouble } from "../../src/eval/java-number.js";

const hasJava =
  spawnSync("java", ["-version"], { stdio: "ignore" }).status === 0 &&
  spawnSync("javac", ["-version"], { stdio: "ignore" }).status === 0;

describe("parseJavaDouble", () => {
  it.each([
    ["10", 10],
    ["1e1", 10],
    [" 10\t", 10],
    ["1.", 1],
    [".5", 0.5],
    ["+2", 2],
    ["-0", -0],
    ["1d", 1],
    ["1.5F", 1.5],
    ["0x1.8p1", 3],
    ["0X10P0", 16],
    ["-NaN", Number.NaN],
    ["Infinity", Number.POSITIVE_INFINITY],
    ["-Infinity", Number.NEGATIVE_INFINITY],
    ["100.00011", 100.00011],
  ])("reads %j as %d", (text, expected) => {
    expect(Object.is(parseJavaDouble(text), expected)).toBe(true);
  });

  it.each([
    "",
    " ",
    "1e",
    "e1",
    ".",
    "0x10",
    "Infinityf",
    "nan",
    "1_000",
    "١",
    "1 0",
    "--1",
    "0x.p1",
    "host1",
  ])("refuses %j", (text) => {
    expect(parseJavaDouble(text)).toBeUndefined();
  });

  it.skipIf(!hasJava)(
    "agrees with JDK Double.valueOf on 3000 generated strings (skipped when java is absent)",
    () => {
      const dir = mkdtempSync(join(tmpdir(), "mc-double-"));
      writeFileSync(
        join(dir, "D.java"),
        `import java.io.*;
public class D { public static void main(String[] a) throws IOException {
  BufferedReader r = new BufferedReader(new InputStreamReader(System.in, "UTF-8"));
  StringBuilder out = new StringBuilder(); String line;
  while ((line = r.readLine()) != null) {
    String s = line.replace("\\\\n", "\\n");
    try { out.append(Double.doubleToRawLongBits(Double.valueOf(s))).append('\\n'); }
    catch (NumberFormatException e) { out.append("ERR\\n"); }
  }
  System.out.print(out);
} }`,
      );
      expect(spawnSync("javac", ["-d", dir, join(dir, "D.java")]).status).toBe(0);
      const unit = fc.constantFrom(..."0123456789.eE+-xXpPfFdD aNInfinity\t".split(""));
      const opt = (a: fc.Arbitrary<string>) => fc.option(a, { nil: "" });
      const digits = fc.string({ unit: fc.constantFrom(..."0123456789"), maxLength: 4 });
      const hexDigits = fc.string({ unit: fc.constantFrom(..."09afAF"), maxLength: 3 });
      const sign = opt(fc.constantFrom("+", "-"));
      const suffix = opt(fc.constantFrom("f", "D", "x"));
      const decimal = fc
        .tuple(
          opt(fc.constantFrom(" ", "\t")),
          sign,
          digits,
          opt(fc.constant(".")),
          digits,
          opt(fc.tuple(fc.constantFrom("e", "E"), sign, digits).map((t) => t.join(""))),
          suffix,
        )
        .map((t) => t.join(""));
      const hex = fc
        .tuple(
          sign,
          fc.constantFrom("0x", "0X"),
          hexDigits,
          opt(fc.constant(".")),
          hexDigits,
          opt(fc.tuple(fc.constantFrom("p", "P"), sign, digits).map((t) => t.join(""))),
          suffix,
        )
        .map((t) => t.join(""));
      const special = fc
        .tuple(sign, fc.constantFrom("NaN", "Infinity", "Inf", "nan"), suffix)
        .map((t) => t.join(""));
      const arb = fc.oneof(fc.string({ unit, maxLength: 10 }), decimal, hex, special);
      const inputs = fc.sample(arb, { numRuns: 3000, seed: 42 });
      const run = spawnSync("java", ["-cp", dir, "D"], { input: `${inputs.join("\n")}\n`, encoding: "utf8" });
      const lines = run.stdout.trimEnd().split("\n");
      expect(lines).toHaveLength(inputs.length);
      // The generators must reach real numbers, not only garbage.
      expect(lines.filter((l) => l !== "ERR").length).toBeGreaterThan(600);
      const view = new DataView(new ArrayBuffer(8));
      const mismatches: string[] = [];
      inputs.forEach((s, i) => {
        const ours = parseJavaDouble(s);
        let mine = "ERR";
        if (ours !== undefined) {
          view.setFloat64(0, ours);
          mine = Number.isNaN(ours) ? "NaN" : view.getBigInt64(0).toString();
        }
        const theirs = lines[i]!;
        const javaIsNaN =
          theirs !== "ERR" && Number.isNaN(new Float64Array(new BigInt64Array([BigInt(theirs)]).buffer)[0]);
        if (javaIsNaN ? mine !== "NaN" : mine !== theirs)
          mismatches.push(`${JSON.stringify(s)}: java ${theirs}, ours ${mine}`);
      });
      expect(mismatches).toEqual([]);
    },
  );
});
