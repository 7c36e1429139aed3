// The error texts Marathon and the DC/OS SDK give, so that users can search for what they saw.
// Facts about upstream behaviour; our own messages live beside the checks in validate.ts.

export const MARATHON = {
  arity: "Each constraint must have either 2 or 3 fields",
  illegal: "illegal constraint specification",
  operator: "operator must be one of the following UNIQUE, CLUSTER, GROUP_BY, LIKE, MAX_PER, UNLIKE or IS",
  podOperator: "error.unknown.enum.literal",
  missingField: "missing field for constraint declaration",
  uniqueValue: "UNIQUE does not accept a value",
  groupBy: "GROUP BY must define an integer value or else no value at all",
  maxPer: "MAX_PER requires an integer value",
  likeValue: "LIKE and UNLIKE require a non-empty, regular expression value",
  regex: "is not a valid regular expression",
  isCharset:
    "IS only supports Mesos text and float values (see http://mesos.apache.org/documentation/latest/attributes-resources/)",
} as const;

/** Java's List.toString of a row: `[a, b, c]`. */
function javaList(row: readonly string[]): string {
  return `[${row.join(", ")}]`;
}

export const SDK = {
  arity: (row: readonly string[]) =>
    `Invalid number of entries in rule. Expected 2 or 3, got ${row.length}: ${javaList(row)}`,
  operator: (op: string, row: readonly string[]) =>
    `Unsupported operator: '${op}' in constraint: ${javaList(row)} (expected one of: UNIQUE, CLUSTER, GROUP_BY, LIKE, UNLIKE, or MAX_PER)`,
  missingParameter: (op: string) => `Missing required parameter for operator '${op}'.`,
  integer: (op: string, param: string) =>
    `Unable to parse max parameter as integer for '${op}' operation: Optional[${param}]`,
  maxBelowOne: (n: number) => `max cannot be less than 1: ${n}`,
} as const;
