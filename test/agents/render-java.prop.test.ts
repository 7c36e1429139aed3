// Differential test: our DecimalFormat("0.###") and %.3f against the JDK itself, on doubles chosen to
// hit ties (k/2^n, k + 0.0005), digit-generation corner cases and random bit patterns.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fc } from "@fast-check/vitest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { javaDigits } from "../../src/agents/java-digits.js";
import { decimalFormat, fixedThree, renderScalarMarathon, renderScalarSdk } from "../../src/agents/render.js";

const hasJava =
  spawnSync("java", ["-version"], { stdio: "ignore" }).status === 0 &&
  spawnSync("javac", ["-version"], { stdio: "ignore" }).status === 0;

const ORACLE = `
import java.io.*;
import java.text.*;
import java.util.*;
public class RenderOracle {
  public static void main(String[] args) throws IOException {
    DecimalFormat marathon = new DecimalFormat("0.###", DecimalFormatSymbols.getInstance(Locale.US));
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
    StringBuilder out = new StringBuilder();
    String line;
    while ((line = in.readLine()) != null) {
      if (line.isEmpty()) continue;
      double x = Double.longBitsToDouble(Long.parseUnsignedLong(line, 16));
      out.append(marathon.format(x)).append('\\t').append(String.format(Locale.ROOT, "%.3f", x)).append('\\n');
    }
    System.out.print(out);
  }
}
`;

function bitsOf(x: number): string {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  return view.getBigUint64(0).toString(16).padStart(16, "0");
}

/** Doubles that stress the formatters; every arbitrary here yields finite or special doubles. */
function interestingDoubles(): fc.Arbitrary<number> {
  const k = fc.integer({ min: -2_000_000, max: 2_000_000 });
  return fc.oneof(
    // Binary ties and near-ties: k / 2^n lands exactly on a decimal tie for n >= 4.
    fc.tuple(k, fc.integer({ min: 1, max: 20 })).map(([a, n]) => a / 2 ** n),
    // Decimal ties that are not exact in binary: k + m/1000 + 0.0005.
    fc.tuple(k, fc.integer({ min: 0, max: 999 })).map(([a, m]) => a + m / 1000 + 0.0005),
    // Four to seven decimal digits, as people write attributes.
    fc
      .tuple(fc.integer({ min: 0, max: 99_999_999 }), fc.integer({ min: 4, max: 7 }))
      .map(([a, d]) => a / 10 ** d),
    // Small magnitudes where the first significant digit is the rounding digit.
    fc.double({ min: 1e-5, max: 2e-3, noNaN: true }),
    // Large magnitudes up to 1e16, where few fraction bits remain.
    fc.double({ min: 1e9, max: 1e16, noNaN: true }),
    fc
      .tuple(fc.integer({ min: 0, max: 2 ** 30 }), fc.integer({ min: 1, max: 12 }))
      .map(([a, n]) => a * 2 ** 20 + 1 / 2 ** n),
    // Any double at all, including subnormals, zeros and infinities.
    fc.double(),
    fc.double({ min: 0, max: 1e-300, noNaN: true }),
  );
}

describe("renderScalarMarathon / renderScalarSdk against the JDK", () => {
  let dir = "";
  beforeAll(() => {
    if (!hasJava) return;
    dir = mkdtempSync(join(tmpdir(), "render-oracle-"));
    writeFileSync(join(dir, "RenderOracle.java"), ORACLE);
    const compiled = spawnSync("javac", ["-d", dir, join(dir, "RenderOracle.java")], { encoding: "utf8" });
    if (compiled.status !== 0) throw new Error(`javac failed: ${compiled.stderr}`);
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it.skipIf(!hasJava)(
    'matches JDK DecimalFormat("0.###") and String.format("%.3f") on 30000 generated doubles (skipped when java is absent)',
    () => {
      const seed = Date.now() ^ (Math.random() * 0x7fffffff);
      const xs = fc.sample(interestingDoubles(), { numRuns: 30_000, seed });
      const run = spawnSync("java", ["-cp", dir, "RenderOracle"], {
        input: `${xs.map(bitsOf).join("\n")}\n`,
        encoding: "utf8",
        maxBuffer: 64 * 1024 * 1024,
      });
      expect(run.status, run.stderr).toBe(0);
      const lines = run.stdout.split("\n");
      const mismatches: string[] = [];
      xs.forEach((x, i) => {
        const [marathon, sdk] = lines[i]!.split("\t");
        const ours = [renderScalarMarathon(x), renderScalarSdk(x)];
        if (ours[0] !== marathon || ours[1] !== sdk) {
          mismatches.push(`${x} (${bitsOf(x)}): java ${marathon} ${sdk}, ours ${ours[0]} ${ours[1]}`);
        }
      });
      expect(mismatches.slice(0, 20), `seed ${seed}`).toEqual([]);
    },
    120_000,
  );
});

describe("render fast paths", () => {
  it("agree with the full JDK digit algorithm", () => {
    fc.assert(
      fc.property(interestingDoubles(), (x) => {
        if (!Number.isFinite(x) || x === 0) return;
        const abs = Math.abs(x);
        const sign = x < 0 ? "-" : "";
        expect(renderScalarMarathon(x)).toBe(sign + decimalFormat(javaDigits(abs, true)));
        expect(renderScalarSdk(x)).toBe(sign + fixedThree(javaDigits(abs, false)));
      }),
      { numRuns: 5000 },
    );
  });
});
