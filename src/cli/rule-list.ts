// `lint --list-rules`: every rule with its default severity, dialects, fix and one-line summary, as an
// aligned table or as JSON. Pure string building over RULE_INFO.
import type { RuleInfo } from "../lint/types.js";
import { dialectsText, firstSentence, plainText, ruleHelpUri } from "./rule-docs.js";

/** One rule as `--list-rules --format json` prints it. */
export interface RuleListEntry {
  readonly id: string;
  readonly severity: RuleInfo["defaultSeverity"];
  readonly dialects: readonly string[];
  /** Findings carry a safe fix that `--fix` applies (ESLint's `meta.fixable`). */
  readonly fixable: boolean;
  /** Findings carry suggestions, shown and never applied (ESLint's `meta.hasSuggestions`). */
  readonly hasSuggestions: boolean;
  /** Runs only with `--inventory`. */
  readonly needsInventory: boolean;
  /** The first sentence of the description, plain text. */
  readonly summary: string;
  readonly description: string;
  readonly helpUri: string;
}

export function ruleListEntry(rule: RuleInfo): RuleListEntry {
  return {
    id: rule.id,
    severity: rule.defaultSeverity,
    dialects: rule.dialects,
    fixable: rule.fix === "safe",
    hasSuggestions: rule.fix === "suggestion",
    needsInventory: rule.needsInventory === true,
    summary: plainText(firstSentence(rule.description)),
    description: rule.description,
    helpUri: ruleHelpUri(rule.id),
  };
}

/**
 * The rules as a table (`text`) or a JSON array (`json`), sorted by id.
 * @example formatRuleList(RULE_INFO, "text").split("\n")[0] // "rule  severity  dialects  fix  summary" (aligned)
 */
export function formatRuleList(rules: readonly RuleInfo[], format: "text" | "json"): string {
  const sorted = [...rules].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  if (format === "json") return `${JSON.stringify(sorted.map(ruleListEntry), null, 2)}\n`;
  const rows = sorted.map((r) => {
    const e = ruleListEntry(r);
    return [
      e.id,
      e.severity,
      dialectsText(r).replace(/, /g, ","),
      e.fixable ? "fix" : e.hasSuggestions ? "suggest" : "-",
      e.needsInventory ? `${e.summary} (needs --inventory)` : e.summary,
    ];
  });
  const header = ["rule", "severity", "dialects", "fix", "summary"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!)))
      .join("  ")
      .trimEnd();
  return `${[header, ...rows].map(line).join("\n")}\n`;
}
