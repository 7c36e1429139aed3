// The README's table of every operator x dialect -> target rule and fidelity is generated from what
// convert() does, so the documentation cannot drift from the code.
import { readFileSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { ConstraintTuple, Dialect } from "../../src/ast.js";
import { convert } from "../../src/convert/convert.js";
import type { AppConversion, ConvertTarget } from "../../src/convert/types.js";
import { constraintsFromTuples } from "../../src/syntax/parse.js";

const ROWS: readonly [ConstraintTuple, readonly Dialect[]][] = [
  [
    ["hostname", "UNIQUE"],
    ["marathon", "marathon-1.11", "dcos-sdk"],
  ],
  [
    ["rack", "UNIQUE"],
    ["marathon", "marathon-1.11", "dcos-sdk"],
  ],
  [["@region", "UNIQUE"], ["dcos-sdk"]],
  [
    ["rack", "MAX_PER", "1"],
    ["marathon", "marathon-1.11", "dcos-sdk"],
  ],
  [
    ["rack", "MAX_PER", "3"],
    ["marathon", "marathon-1.11", "dcos-sdk"],
  ],
  [
    ["rack", "CLUSTER"],
    ["marathon", "marathon-1.11"],
  ],
  [
    ["rack", "CLUSTER", "r1"],
    ["marathon", "marathon-1.11", "dcos-sdk"],
  ],
  [
    ["rack", "IS", "r1"],
    ["marathon", "marathon-1.11", "dcos-sdk"],
  ],
  [
    ["level", "IS", "10.0"],
    ["marathon", "marathon-1.11"],
  ],
  [["level", "IS", "10"], ["dcos-sdk"]],
  [
    ["hostname", "IS", "10.0.1.10"],
    ["marathon", "marathon-1.11", "dcos-sdk"],
  ],
  [["rack", "IS_NOT", "r1"], ["dcos-sdk"]],
  [["@zone", "IS_NOT", "z1"], ["dcos-sdk"]],
  [
    ["rack", "LIKE", "rack-[1-3]"],
    ["marathon", "marathon-1.11", "dcos-sdk"],
  ],
  [["rack", "LIKE", "rack-1|rack-2"], ["dcos-sdk"]],
  [
    ["rack", "LIKE", "rack-.*"],
    ["marathon", "marathon-1.11"],
  ],
  [["rack", "LIKE", "rack-.*"], ["dcos-sdk"]],
  [
    ["rack", "LIKE", ""],
    ["marathon", "marathon-1.11"],
  ],
  [
    ["rack", "UNLIKE", "rack-[1-3]"],
    ["marathon", "marathon-1.11", "dcos-sdk"],
  ],
  [
    ["rack", "UNLIKE", "rack-.*"],
    ["marathon", "marathon-1.11", "dcos-sdk"],
  ],
  [
    ["rack", "UNLIKE", ""],
    ["marathon", "marathon-1.11"],
  ],
  [
    ["@zone", "GROUP_BY", "3"],
    ["marathon", "marathon-1.11", "dcos-sdk"],
  ],
  [
    ["@zone", "GROUP_BY"],
    ["marathon", "dcos-sdk"],
  ],
  [["@zone", "GROUP_BY"], ["marathon-1.11"]],
];

// A "|" inside a table cell must be escaped, also inside code.
const code = (s: string) => `\`${s.replaceAll("|", "\\|")}\``;

function kubernetesRule(app: AppConversion): string {
  const spec = app.kubernetes!.spec;
  const parts: string[] = [];
  for (const [k, v] of Object.entries(spec.nodeSelector ?? {})) parts.push(`nodeSelector ${k}=${v}`);
  for (const t of spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution
    .nodeSelectorTerms ?? []) {
    for (const e of t.matchExpressions)
      parts.push(`${e.key} ${e.operator}${e.values ? ` [${e.values.join(", ")}]` : ""}`);
  }
  for (const t of spec.affinity?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? [])
    parts.push(`pod affinity on ${t.topologyKey}`);
  for (const t of spec.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []) {
    parts.push(`pod anti-affinity on ${t.topologyKey}`);
  }
  for (const s of spec.topologySpreadConstraints ?? []) {
    parts.push(
      `spread on ${s.topologyKey}, maxSkew ${s.maxSkew}${s.minDomains ? `, minDomains ${s.minDomains}` : ""}`,
    );
  }
  return parts.length === 0 ? "–" : parts.map(code).join(" + ");
}

function nomadRule(app: AppConversion): string {
  const p = app.nomad!;
  const parts = p.Constraints.map((c) =>
    c.Operand === "distinct_hosts"
      ? "distinct_hosts"
      : [c.LTarget, c.Operand, c.RTarget].filter((x) => x !== "").join(" "),
  );
  for (const s of p.Spreads) parts.push(`spread ${s.Attribute}`);
  return parts.length === 0 ? "–" : parts.map(code).join(" + ");
}

function conversion(t: ConstraintTuple, dialect: Dialect, to: ConvertTarget): AppConversion {
  const parsed = constraintsFromTuples([t], { dialect });
  if (!parsed.ok) throw new Error(`invalid row ${JSON.stringify(t)} in ${dialect}`);
  return convert([{ id: "/app", dialect, constraints: parsed.constraints }], { to }).apps[0]!;
}

function table(): string {
  let out =
    "| constraint | dialect | Kubernetes | fidelity | Nomad | fidelity |\n| --- | --- | --- | --- | --- | --- |\n";
  for (const [t, dialects] of ROWS) {
    const k = conversion(t, dialects[0]!, "kubernetes");
    const n = conversion(t, dialects[0]!, "nomad");
    for (const d of dialects.slice(1)) {
      // Dialects share a row only when they convert to the same rules with the same fidelity.
      const dk = conversion(t, d, "kubernetes");
      const dn = conversion(t, d, "nomad");
      expect([kubernetesRule(dk), dk.constraints[0]!.fidelity], `${d} ${t.join(":")}`).toEqual([
        kubernetesRule(k),
        k.constraints[0]!.fidelity,
      ]);
      expect([nomadRule(dn), dn.constraints[0]!.fidelity], `${d} ${t.join(":")}`).toEqual([
        nomadRule(n),
        n.constraints[0]!.fidelity,
      ]);
    }
    const label = t.length === 2 ? `${t[0]}:${t[1]}` : `${t[0]}:${t[1]}:${t[2]}`;
    const names = dialects.length === 3 ? "all" : dialects.join(", ");
    out += `| ${code(label)} | ${names} | ${kubernetesRule(k)} | ${k.constraints[0]!.fidelity} | ${nomadRule(n)} | ${n.constraints[0]!.fidelity} |\n`;
  }
  return out;
}

describe("README fidelity table", () => {
  it("lists what convert does for every operator and dialect", () => {
    const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
    const expected = table();
    if (process.env.UPDATE_README_TABLE) writeFileSync(process.env.UPDATE_README_TABLE, expected);
    expect(readme).toContain(expected);
  });
});
