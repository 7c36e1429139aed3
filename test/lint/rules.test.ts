import { describe, expect, it } from "vitest";
import type { Agent } from "../../src/agents/agent.js";
import { applyFixes } from "../../src/fixes.js";
import { lint } from "../../src/lint/lint.js";
import { RULE_INFO, RULES } from "../../src/lint/rules/index.js";
import type { LintDiagnostic, LintOptions } from "../../src/lint/types.js";

const AGENTS: readonly Agent[] = [
  {
    hostname: "10.0.0.1",
    region: "us-east",
    zone: "a",
    attributes: [
      { name: "rack", text: "r1" },
      { name: "level", scalar: 10 },
    ],
  },
  {
    hostname: "10.0.0.2",
    region: "us-east",
    zone: "b",
    attributes: [
      { name: "rack", text: "r2" },
      { name: "level", scalar: 20 },
    ],
  },
  { hostname: "10.0.0.3", region: "us-east", zone: "b", attributes: [{ name: "rack", text: "r2" }] },
];

interface Case {
  readonly name: string;
  readonly rule: string;
  /** Text on which the rule must fire. */
  readonly fires: string;
  /** Text on which it must stay silent. */
  readonly clean: string;
  /** The text after applying the rule's fix (or first suggestion) until it stops firing. */
  readonly fixed?: string;
  readonly options?: LintOptions;
  readonly fileName?: string;
  readonly severity?: LintDiagnostic["severity"];
}

function findings(text: string, rule: string, options: LintOptions = {}, fileName?: string) {
  const doc = fileName ? { text, fileName } : { text };
  return lint(doc, options).diagnostics.filter((d) => d.ruleId === rule);
}

/** Applies one rule's fix (or, when it has none, its first suggestion) until it stops firing. */
function fixRule(text: string, rule: string, options: LintOptions = {}, fileName?: string): string {
  let current = text;
  for (let pass = 0; pass < 10; pass++) {
    const ds = findings(current, rule, options, fileName);
    const fixes = ds.map((d) => ({ fix: d.fix ?? d.suggestions?.[0] }));
    const next = applyFixes(
      current,
      fixes.filter((f) => f.fix !== undefined) as { fix: NonNullable<(typeof fixes)[0]["fix"]> }[],
    ).text;
    if (next === current) break;
    current = next;
  }
  return current;
}

const SDK: LintOptions = { dialect: "dcos-sdk" };
const INVENTORY: LintOptions = { agents: AGENTS };

const CASES: readonly Case[] = [
  {
    name: "lower-case app operator",
    rule: "validation/operator_case",
    fires: '[["hostname","unique"]]',
    clean: '[{"fieldName":"hostname","operator":"unique"}]',
    fixed: '[["hostname","UNIQUE"]]',
    severity: "error",
  },
  {
    name: "trailing comma",
    rule: "syntax/trailing_comma",
    fires: '[["hostname","UNIQUE"],]',
    clean: '[["hostname","UNIQUE"]]',
    fixed: '[["hostname","UNIQUE"]]',
  },
  {
    name: "number for a string",
    rule: "validation/number_for_string",
    fires: '[["rack","GROUP_BY",3]]',
    clean: '[["rack","GROUP_BY","3"]]',
    fixed: '[["rack","GROUP_BY","3"]]',
  },
  {
    name: "UNIQUE with an empty value",
    rule: "validation/unique_with_value",
    fires: '[["hostname","UNIQUE",""]]',
    clean: '[["hostname","UNIQUE"]]',
    fixed: '[["hostname","UNIQUE"]]',
  },
  {
    name: "misspelt operator",
    rule: "validation/unknown_operator",
    fires: '[["hostname","UNIQE"]]',
    clean: '[["hostname","UNIQUE"]]',
    fixed: '[["hostname","UNIQUE"]]',
  },
  {
    name: "duplicate constraint",
    rule: "validation/duplicate_constraint",
    fires: '[["a","UNIQUE"],["a","UNIQUE"]]',
    clean: '[["a","UNIQUE"],["b","UNIQUE"]]',
    severity: "warning",
  },
  {
    name: "invalid regex",
    rule: "validation/invalid_regex",
    fires: '[["rack","LIKE","rack-[1"]]',
    clean: '[["rack","LIKE","rack-[1-3]"]]',
  },
  {
    name: "glob star after a separator",
    rule: "regex/star-wildcard",
    fires: '[["rack","LIKE","rack-*"]]',
    clean: '[["rack","LIKE","rack-.*"]]',
    fixed: '[["rack","LIKE","rack-.*"]]',
    severity: "warning",
  },
  {
    name: "dangling star",
    rule: "regex/star-wildcard",
    fires: '[["rack","LIKE","*"]]',
    clean: '[["rack","LIKE","r[0-9]*"]]',
    fixed: '[["rack","LIKE",".*"]]',
  },
  {
    name: "address glob",
    rule: "regex/star-wildcard",
    fires: '[["hostname","LIKE","10.0.*"]]',
    clean: '[["hostname","LIKE","srv2.*"]]',
    fixed: '[["hostname","LIKE","10\\\\.0\\\\..*"]]',
  },
  {
    name: "unescaped dots in IP addresses",
    rule: "regex/unescaped-dot",
    fires: '[["hostname","LIKE","10.0.0.159|10.0.1.202"]]',
    clean: '[["hostname","LIKE","10\\\\.0\\\\.0\\\\.159|srv2.*"]]',
    fixed: '[["hostname","LIKE","10\\\\.0\\\\.0\\\\.159|10\\\\.0\\\\.1\\\\.202"]]',
  },
  {
    name: "unescaped dots in a host name",
    rule: "regex/unescaped-dot",
    fires: '[["hostname","LIKE","db1.example.com|db2.example.com"]]',
    clean: '[["hostname","LIKE","db[12]\\\\.example\\\\.com"]]',
    fixed: '[["hostname","LIKE","db1\\\\.example\\\\.com|db2\\\\.example\\\\.com"]]',
  },
  {
    name: "LIKE without regex syntax",
    rule: "regex/like-literal",
    fires: '[["rack","LIKE","rack-1"]]',
    clean: '[["rack","UNLIKE","rack-1"],["rack","LIKE","rack-[12]"]]',
    fixed: '[["rack","IS","rack-1"]]',
  },
  {
    name: "LIKE of a number becomes CLUSTER (IS would normalise it)",
    rule: "regex/like-literal",
    fires: '[["level","LIKE","10"]]',
    clean: '[["level","LIKE","10|20"]]',
    fixed: '[["level","CLUSTER","10"]]',
  },
  {
    name: "empty pattern",
    rule: "regex/empty-pattern",
    fires: '[["rack","LIKE",""]]',
    clean: '[["rack","LIKE","r.*"]]',
    severity: "error",
  },
  {
    name: "possessive quantifier",
    rule: "regex/java-only",
    fires: '[["rack","LIKE","r++"]]',
    clean: '[["rack","LIKE","r+"]]',
  },
  {
    name: "inline flags and \\Q quoting",
    rule: "regex/java-only",
    fires: '[["rack","LIKE","(?i)\\\\Qa.b\\\\E"]]',
    clean: '[["rack","LIKE","(?:a|b)"]]',
  },
  {
    name: "nested quantifiers",
    rule: "regex/catastrophic-backtracking",
    fires: '[["rack","LIKE","(a+)+b"]]',
    clean: '[["rack","LIKE","a+b"]]',
  },
  {
    name: "alternation on an SDK attribute",
    rule: "sdk/attribute-alternation",
    fires: '[["rack","LIKE","rack-1|rack-2"]]',
    clean: '[["hostname","LIKE","a|b"],["rack","LIKE","(rack-1|rack-2)"]]',
    fixed: '[["rack","LIKE","(rack-1|rack-2)"]]',
    options: SDK,
  },
  {
    name: "alternation in colon form",
    rule: "sdk/attribute-alternation",
    fires: "rack:LIKE:a|b",
    clean: "rack:LIKE:(a|b)",
    fixed: "rack:LIKE:(a|b)",
    options: SDK,
  },
  {
    name: "IS with a number on an SDK attribute",
    rule: "sdk/is-scalar-number",
    fires: '[["level","IS","10"]]',
    clean: '[["level","IS","10.000"],["hostname","IS","10"]]',
    fixed: '[["level","IS","10.000"]]',
    options: SDK,
  },
  {
    name: "GROUP_BY without a count",
    rule: "values/group-by-without-value",
    fires: '[["@zone","GROUP_BY"]]',
    clean: '[["@zone","GROUP_BY","2"]]',
    severity: "warning",
  },
  {
    name: "GROUP_BY without a count in Marathon 1.11",
    rule: "values/group-by-without-value",
    fires: '[["@zone","GROUP_BY","0"]]',
    clean: '[["@zone","GROUP_BY","3"]]',
    options: { dialect: "marathon-1.11" },
    severity: "error",
  },
  {
    name: "GROUP_BY count suggested from the inventory",
    rule: "values/group-by-without-value",
    fires: '[["@zone","GROUP_BY"]]',
    clean: '[["@zone","GROUP_BY","2"]]',
    fixed: '[["@zone","GROUP_BY", "2"]]',
    options: INVENTORY,
  },
  {
    name: "CLUSTER without a value",
    rule: "values/cluster-without-value",
    fires: '[["rack","CLUSTER"],["zone","CLUSTER",""]]',
    clean: '[["rack","CLUSTER","r1"]]',
  },
  {
    name: "MAX_PER 1",
    rule: "values/max-per-below-two",
    fires: '[["rack","MAX_PER","1"]]',
    clean: '[["rack","MAX_PER","2"]]',
    fixed: '[["rack","UNIQUE"]]',
  },
  {
    name: "MAX_PER 0 in a pod",
    rule: "values/max-per-below-two",
    fires: '[{"fieldName":"rack","operator":"MAX_PER","value":"0"}]',
    clean: '[{"fieldName":"rack","operator":"UNIQUE"}]',
    fixed: '[{"fieldName":"rack","operator":"UNIQUE"}]',
  },
  {
    name: "MAX_PER 1 in colon form",
    rule: "values/max-per-below-two",
    fires: "rack:MAX_PER:1",
    clean: "rack:MAX_PER:3",
    fixed: "rack:UNIQUE",
    options: SDK,
  },
  {
    name: "boolean field swapped with its attribute",
    rule: "values/swapped-field-value",
    fires: '[["true","CLUSTER","dns"]]',
    clean: '[["dns","CLUSTER","true"]]',
    fixed: '[["dns","CLUSTER","true"]]',
  },
  {
    name: "value swapped with its attribute name",
    rule: "values/swapped-field-value",
    fires: '[["rack-1","CLUSTER","rack"]]',
    clean: '[["rack","CLUSTER","rack-1"]]',
    fixed: '[["rack","CLUSTER","rack-1"]]',
  },
  {
    name: "two different required values",
    rule: "conflicts/contradictory",
    fires: '[["rack","IS","r1"],["rack","CLUSTER","r2"]]',
    clean: '[["rack","IS","1.0"],["rack","CLUSTER","1"]]',
  },
  {
    name: "LIKE that excludes the required value",
    rule: "conflicts/contradictory",
    fires: '[["rack","IS","r1"],["rack","LIKE","r[2-3]"]]',
    clean: '[["rack","IS","r1"],["rack","LIKE","r[1-3]"]]',
  },
  {
    name: "UNLIKE that excludes the required value",
    rule: "conflicts/contradictory",
    fires: '[["rack","CLUSTER","r1"],["rack","UNLIKE","r1|r2"]]',
    clean: '[["rack","CLUSTER","r1"],["rack","UNLIKE","r2"]]',
  },
  {
    name: "UNIQUE on a pinned host with several instances",
    rule: "conflicts/spread-on-pinned-field",
    fires: '{"id":"/a","instances":3,"constraints":[["hostname","CLUSTER","h1"],["hostname","UNIQUE"]]}',
    clean: '{"id":"/a","instances":1,"constraints":[["hostname","CLUSTER","h1"],["hostname","UNIQUE"]]}',
    fileName: "app.json",
    severity: "error",
  },
  {
    name: "a field no agent has",
    rule: "inventory/unknown-field",
    fires: '[["rakc","CLUSTER","r1"]]',
    clean: '[["rack","CLUSTER","r1"],["@zone","GROUP_BY","2"]]',
    fixed: '[["rack","CLUSTER","r1"]]',
    options: INVENTORY,
  },
  {
    name: "a value no agent has",
    rule: "inventory/unsatisfiable",
    fires: '[["rack","LIKE","r[3-4]"]]',
    clean: '[["rack","LIKE","r[1-2]"],["level","IS","10.0"]]',
    options: INVENTORY,
  },
  {
    name: "an SDK value written as Marathon renders it",
    rule: "inventory/unsatisfiable",
    fires: '[["level","IS","10"]]',
    clean: '[["level","IS","10.000"]]',
    options: { ...INVENTORY, dialect: "dcos-sdk" },
  },
  {
    name: "more instances than agents under UNIQUE",
    rule: "inventory/capacity",
    fires: '{"id":"/a","instances":4,"constraints":[["hostname","UNIQUE"]]}',
    clean: '{"id":"/a","instances":3,"constraints":[["hostname","UNIQUE"]]}',
    fileName: "app.json",
    options: INVENTORY,
  },
  {
    name: "GROUP_BY with more groups than values",
    rule: "inventory/capacity",
    fires: '{"id":"/a","instances":4,"constraints":[["@zone","GROUP_BY","3"]]}',
    clean: '{"id":"/a","instances":4,"constraints":[["@zone","GROUP_BY","2"]]}',
    fileName: "app.json",
    options: INVENTORY,
  },
  {
    name: "unquoted YAML placement",
    rule: "syntax/placement-not-string",
    fires: 'pods:\n  hello:\n    placement: [["hostname", "UNIQUE"]]\n',
    clean: 'pods:\n  hello:\n    placement: \'[["hostname", "UNIQUE"]]\'\n',
    fixed: 'pods:\n  hello:\n    placement: \'[["hostname", "UNIQUE"]]\'\n',
    fileName: "svc.yml",
  },
];

describe("lint rules", () => {
  it.each(CASES)("$rule fires: $name", (c) => {
    const found = findings(c.fires, c.rule, c.options, c.fileName);
    expect(found.length).toBeGreaterThan(0);
    if (c.severity) expect(found[0]!.severity).toBe(c.severity);
  });

  it.each(CASES)("$rule stays silent: $name", (c) => {
    expect(findings(c.clean, c.rule, c.options, c.fileName)).toEqual([]);
  });

  it.each(CASES.filter((c) => c.fixed !== undefined))("$rule fix re-lints clean: $name", (c) => {
    const fixed = fixRule(c.fires, c.rule, c.options, c.fileName);
    expect(fixed).toBe(c.fixed);
    expect(findings(fixed, c.rule, c.options, c.fileName)).toEqual([]);
  });

  it("has a test case for every rule that checks constraint text", () => {
    const tested = new Set(CASES.map((c) => c.rule));
    const untested = RULES.map((r) => r.id).filter(
      (id) => !tested.has(id) && !id.startsWith("syntax/") && !id.startsWith("validation/"),
    );
    expect(untested).toEqual([]);
  });

  it("documents every rule with a paragraph and unique id", () => {
    const ids = RULE_INFO.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of RULE_INFO) expect(r.description.length).toBeGreaterThan(40);
  });

  it("marks safe fixes as fixes and behaviour changes as suggestions", () => {
    const [star] = findings('[["rack","LIKE","rack-*"]]', "regex/star-wildcard");
    expect(star?.fix).toBeUndefined();
    expect(star?.suggestions?.[0]?.description).toBe('write "rack-.*"');
    const [dot] = findings('[["hostname","LIKE","10.0.0.1"]]', "regex/unescaped-dot");
    expect(dot?.fix?.description).toBe("escape the dots");
  });

  it("lets the SDK's GROUP_BY name an attribute in any case", () => {
    const text = '{"id":"/a","instances":4,"constraints":[["RACK","GROUP_BY","3"]]}';
    const options = { ...INVENTORY, dialect: "dcos-sdk" as const };
    expect(findings(text, "inventory/unknown-field", options, "app.json")).toEqual([]);
    expect(findings(text, "inventory/capacity", options, "app.json")[0]?.message).toContain(
      "allows at most 2",
    );
  });

  it("does not run inventory rules without an inventory", () => {
    expect(findings('[["rakc","CLUSTER","r1"]]', "inventory/unknown-field")).toEqual([]);
  });

  it("names the closest attribute for an unknown field", () => {
    const [d] = findings('[["rakc","CLUSTER","r1"]]', "inventory/unknown-field", INVENTORY);
    expect(d?.message).toBe('no agent has "rakc"; did you mean "rack"?: every offer is declined');
  });

  it("lists the rendered values when no agent satisfies a constraint", () => {
    const [d] = findings('[["level","IS","10"]]', "inventory/unsatisfiable", {
      ...INVENTORY,
      dialect: "dcos-sdk",
    });
    expect(d?.message).toBe(
      'no agent satisfies IS "10" on "level"; the agents have "level:10.000", "level:20.000"',
    );
  });

  it("reports GROUP_BY capacity with the 1.11 per-group cap", () => {
    const text = '{"id":"/a","instances":6,"constraints":[["@zone","GROUP_BY","3"]]}';
    const [legacy] = findings(text, "inventory/capacity", INVENTORY, "app.json");
    const [current] = findings(
      text,
      "inventory/capacity",
      { ...INVENTORY, dialect: "marathon-1.11" },
      "app.json",
    );
    expect(legacy?.message).toContain("allows at most 2");
    expect(current?.message).toContain("allows at most 4");
  });

  it("warns on UNIQUE with a pinned field in bare constraint text", () => {
    const [d] = findings(
      '[["hostname","UNIQUE"],["hostname","IS","h1"]]',
      "conflicts/spread-on-pinned-field",
    );
    expect(d?.severity).toBe("warning");
  });
});
