// The JSON Schema of `.marathon-constraints.json`, generated from the rules so it cannot drift from
// them (config.schema.json in the package is this object; a test compares). Pure data.
import { DIALECTS } from "../ast.js";
import type { RuleInfo } from "../lint/types.js";
import { firstSentence, plainText, REPOSITORY_URL, ruleHelpUri } from "./rule-docs.js";

/** What a rule can be set to in the config file and with `--rule ID=LEVEL`. */
export const RULE_SETTINGS = ["off", "info", "warning", "error"] as const;

/** The config file's top-level keys. */
export const CONFIG_KEYS = ["$schema", "dialect", "rules"] as const;

/**
 * The JSON Schema (draft-07, which editors support widely) for the lint config file.
 * @example configSchema(RULE_INFO).properties.rules.properties["regex/like-literal"].default // "warning"
 */
export function configSchema(rules: readonly RuleInfo[]) {
  const sorted = [...rules].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return {
    $schema: "http://json-schema.org/draft-07/schema#",
    $comment: "Generated from the lint rules by `npm run schema`; edit src/cli/config-schema.ts instead.",
    title: "marathon-constraints lint configuration (.marathon-constraints.json)",
    description: `Read by \`marathon-constraints lint\` from the nearest .marathon-constraints.json upward from the working directory, or from --config FILE. ${REPOSITORY_URL}#linting`,
    type: "object",
    additionalProperties: false,
    properties: {
      $schema: {
        type: "string",
        description:
          "Where editors find this schema, e.g. ./node_modules/marathon-constraints/config.schema.json.",
      },
      dialect: {
        enum: [...DIALECTS],
        description:
          "Read every constraint as this dialect instead of the one its file implies (apps: marathon; package options and service YAML: dcos-sdk). --dialect overrides it.",
      },
      rules: {
        type: "object",
        description:
          "Rule settings by rule id: off turns a rule off; info, warning or error is the severity its findings get. --rule ID=LEVEL overrides them.",
        additionalProperties: false,
        properties: Object.fromEntries(
          sorted.map((r) => [
            r.id,
            {
              enum: [...RULE_SETTINGS],
              default: r.defaultSeverity,
              description: `${plainText(firstSentence(r.description))} Default: ${r.defaultSeverity}. ${ruleHelpUri(r.id)}`,
            },
          ]),
        ),
      },
    },
  };
}
