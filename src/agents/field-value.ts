// The value a constraint field has on an agent, rendered as a dialect compares it: one definition for
// the simulator's spread tables, lint's inventory rules and `why`'s suggestions.
import type { Dialect, Operator } from "../ast.js";
import type { Agent } from "./agent.js";
import { renderMarathonValue, renderSdkValue } from "./render.js";

/**
 * The value `field` has on `agent`, or undefined when the agent lacks it. Marathon reads the first
 * attribute of that name (issue #4604); the SDK's GROUP_BY looks names up case-insensitively, its other
 * rules see every attribute.
 */
export function fieldValue(
  agent: Agent,
  field: string,
  dialect: Dialect = "marathon",
  operator?: Operator,
): string | undefined {
  if (field === "hostname" || field === "@hostname") return agent.hostname;
  if (field === "@zone") return agent.zone;
  if (field === "@region") return agent.region;
  const sdk = dialect === "dcos-sdk";
  const anyCase = sdk && operator === "GROUP_BY";
  const lower = field.toLowerCase();
  const attr = agent.attributes.find((a) => (anyCase ? a.name.toLowerCase() === lower : a.name === field));
  if (!attr) return undefined;
  return sdk ? renderSdkValue(attr) : renderMarathonValue(attr);
}
