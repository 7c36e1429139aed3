// The rule registry: every lint rule in the order they run, and rule lookup by id.
// Adding a rule means adding it to one of the family lists imported here.
import type { LintRule, RuleInfo } from "../types.js";
import { conflictRules } from "./conflicts.js";
import { inventoryRules } from "./inventory.js";
import { HOST_RULES, parserRules } from "./parser.js";
import { regexRules } from "./regex.js";
import { sdkRules } from "./sdk.js";
import { valueRules } from "./values.js";

/** Every rule that checks constraint sources, in the order they run. */
export const RULES: readonly LintRule[] = [
  ...parserRules,
  ...regexRules,
  ...sdkRules,
  ...valueRules,
  ...conflictRules,
  ...inventoryRules,
];

/** Every rule id a diagnostic can carry, with its documentation (host-document checks included). */
export const RULE_INFO: readonly RuleInfo[] = [...RULES, ...HOST_RULES];

const BY_ID = new Map(RULE_INFO.map((r) => [r.id, r]));

/** The documentation of a rule by id. */
export function ruleInfo(id: string): RuleInfo | undefined {
  return BY_ID.get(id);
}
