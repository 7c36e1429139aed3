// What every output says about a lint rule, generated from its RuleInfo (the README paragraph): a
// display name, a one-sentence summary, plain and Markdown help, the README anchor. Pure strings.
import { DIALECTS } from "../ast.js";
import type { RuleInfo } from "../lint/types.js";

/** The repository (also package.json's `repository`, `homepage` and `bugs`; a test keeps them equal). */
export const REPOSITORY_URL = "https://github.com/marathon-constraints/marathon-constraints";

/**
 * The README section that documents a rule. Parser and validation codes (`syntax/trailing_comma`,
 * snake_case) are explained in the diagnostics table; every other rule has a row in the rules table.
 */
export function ruleHelpUri(id: string): string {
  return `${REPOSITORY_URL}#${/^(syntax|validation)\/[a-z0-9_]+$/.test(id) ? "diagnostics" : "rules"}`;
}

/** A rule id as one Pascal-case word, the "friendly name" SARIF viewers show: `RegexLikeLiteral`. */
export function ruleName(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w !== "")
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join("");
}

/** Markdown as plain text: code spans lose their backticks, nothing else in the paragraphs is markup. */
export function plainText(markdown: string): string {
  return markdown.replace(/`([^`]*)`/g, "$1");
}

// Abbreviations whose dot does not end a sentence.
const ABBREVIATION = /(?:^|[\s(])(?:e\.g|i\.e|vs|cf|etc)$/;

/**
 * The first sentence of a paragraph: up to the first `.`, `!` or `?` that is followed by a space or
 * the end, outside code spans and parentheses, and not the dot of an abbreviation such as "e.g.".
 */
export function firstSentence(paragraph: string): string {
  let inCode = false;
  let depth = 0;
  for (let i = 0; i < paragraph.length; i++) {
    const c = paragraph[i]!;
    if (c === "`") inCode = !inCode;
    else if (inCode) continue;
    else if (c === "(") depth++;
    else if (c === ")") depth = Math.max(0, depth - 1);
    else if (depth === 0 && (c === "." || c === "!" || c === "?")) {
      const next = paragraph[i + 1];
      if ((next === undefined || /\s/.test(next)) && !ABBREVIATION.test(paragraph.slice(0, i))) {
        return paragraph.slice(0, i + 1);
      }
    }
  }
  const whole = paragraph.trimEnd();
  return /[.!?]$/.test(whole) ? whole : `${whole}.`;
}

/** The dialects a rule runs in, as a reader wants them: `all`, or the list. */
export function dialectsText(rule: RuleInfo): string {
  return DIALECTS.every((d) => rule.dialects.includes(d)) ? "all" : rule.dialects.join(", ");
}

/** What the rule's findings carry: a safe fix, suggestions only, or nothing. */
export function fixText(rule: RuleInfo): string {
  return rule.fix === "safe" ? "safe fix (--fix)" : rule.fix === "suggestion" ? "suggestions" : "none";
}

/** The documentation of a rule id that RULE_INFO does not know (a parser code added without docs). */
export function undocumentedRule(id: string): RuleInfo {
  return {
    id,
    defaultSeverity: "error",
    dialects: DIALECTS,
    description: `The parser or validator reports \`${id}\`; see the diagnostics table in the README.`,
  };
}

/** A rule's help as SARIF wants it: the README paragraph, the rule's facts, and where to read more. */
export function ruleHelp(rule: RuleInfo): { readonly text: string; readonly markdown: string } {
  const facts = [
    `Default severity: ${rule.defaultSeverity}.`,
    `Dialects: ${dialectsText(rule)}.`,
    `Fix: ${fixText(rule)}.`,
    ...(rule.needsInventory ? ["Runs only with an agent inventory (--inventory)."] : []),
  ];
  const uri = ruleHelpUri(rule.id);
  return {
    text: `${plainText(rule.description)}\n\n${facts.join(" ")}\n\nSee ${uri}`,
    markdown: `${rule.description}\n\n${facts.map((f) => f.replace(/--[a-z-]+/g, "`$&`")).join(" ")}\n\n[Documentation of \`${rule.id}\`](${uri})`,
  };
}
