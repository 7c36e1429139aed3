// The README is part of the contract: every diagnostic code, lint rule and command it promises exists,
// and everything that exists is documented.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { HELP } from "../src/cli/main.js";
import { RULE_INFO } from "../src/lint/rules/index.js";

const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
const diagnosticsSource = readFileSync(new URL("../src/diagnostics.ts", import.meta.url), "utf8");
const union = diagnosticsSource.slice(
  diagnosticsSource.indexOf("export type DiagnosticCode"),
  diagnosticsSource.indexOf(";", diagnosticsSource.indexOf("export type DiagnosticCode")),
);
const codes = [...union.matchAll(/\| "([a-z_]+)"/g)].map((m) => m[1]!);

describe("README", () => {
  it("finds the diagnostic codes in src/diagnostics.ts", () => {
    expect(codes.length).toBeGreaterThan(30);
  });

  it.each(codes)("documents the diagnostic code %s", (code) => {
    expect(readme).toContain(`\`${code}\``);
  });

  it.each(
    RULE_INFO.filter((r) => !r.id.startsWith("syntax/") && !r.id.startsWith("validation/")).map((r) => r.id),
  )("documents the lint rule %s", (id) => {
    expect(readme).toContain(`\`${id}\``);
  });

  it.each([...HELP.matchAll(/^ {2}([a-z]+) {2,}/gm)].map((m) => m[1]!))(
    "documents the command %s",
    (command) => {
      expect(readme).toMatch(new RegExp(`marathon-constraints ${command}\\b|\`${command} `));
    },
  );
});

describe("README dependency list", () => {
  const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
    dependencies: Record<string, string>;
    devDependencies: Record<string, string>;
  };
  const start = readme.indexOf("\n### Dependencies\n");
  const body = readme.slice(readme.indexOf("\n", start + 1) + 1);
  const next = body.search(/^#{1,3} /m);
  const section = next < 0 ? body : body.slice(0, next);

  it.each([...Object.keys(pkg.dependencies), ...Object.keys(pkg.devDependencies)])(
    "says why %s was chosen",
    (name) => {
      expect(start).toBeGreaterThan(0);
      expect(section).toContain(`\`${name}\``);
    },
  );
});
