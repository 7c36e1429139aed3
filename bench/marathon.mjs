// Baseline 1: Marathon's constraint check (Constraints.scala + ResourceMatcher.meetsAllConstraints),
// transcribed operation for operation so its cost shape is Marathon's. Bench-only; never used by src/.

/**
 * @typedef {import("../dist/index.js").Agent} Agent
 * @typedef {{ field: string, operator: string, value?: string }} MarathonConstraint
 * @typedef {{ id: string, instances: number, lastConfigChangeVersion: number,
 *   constraints: readonly MarathonConstraint[] }} RunSpec
 * @typedef {{ host: string, region: string | undefined, zone: string | undefined,
 *   attributes: Agent["attributes"] }} AgentInfo
 * @typedef {{ instanceId: string, runSpec: RunSpec, runSpecVersion: number, agentInfo: AgentInfo }} Instance
 */

const INT_MAX = 2147483647;
const MESOS_SCALAR = /^([0-9]+(?:\.[0-9]+)?)$/;

/** Java `Integer.parseInt` for the values a benchmark uses; throws like Java on anything else. */
function javaToInt(s) {
  if (!/^[+-]?[0-9]+$/.test(s)) throw new Error(`NumberFormatException: For input string: "${s}"`);
  const n = Number(s);
  if (n > INT_MAX || n < -INT_MAX - 1) throw new Error(`NumberFormatException: For input string: "${s}"`);
  return n;
}

/** Marathon's lenient GROUP_BY count reader: `inf`, an int, or the default. */
function getIntValue(s, fallback) {
  if (s === "inf") return INT_MAX;
  try {
    return javaToInt(s);
  } catch {
    return fallback;
  }
}

/**
 * Builds Marathon's attribute-to-string function over the library's exact DecimalFormat("0.###") port,
 * so both sides render scalars identically.
 * @param {(x: number) => string} formatScalar
 */
export function marathonChecker(formatScalar) {
  /** @param {Agent["attributes"][number]} a */
  function getValueString(a) {
    if ("scalar" in a) return formatScalar(a.scalar);
    if ("text" in a) return a.text;
    if ("ranges" in a) {
      const s = [...a.ranges]
        .sort((x, y) => x[0] - y[0])
        .map((r) => `${r[0]}-${r[1]}`)
        .join(",");
      return `[${s}]`;
    }
    const items = [...a.set].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
    return `{${items.join(",")}}`;
  }

  // Field readers are (offer reader, placed-instance reader) pairs, as in readerForField.
  const hostnameReader = [(offer) => offer.hostname, (placed) => placed.agentInfo.host];
  const regionReader = [(offer) => offer.region, (placed) => placed.agentInfo.region];
  const zoneReader = [(offer) => offer.zone, (placed) => placed.agentInfo.zone];
  function attributeReader(field) {
    return [
      (offer) => {
        const a = offer.attributes.find((x) => x.name === field);
        return a === undefined ? undefined : getValueString(a);
      },
      (placed) => {
        const a = placed.agentInfo.attributes.find((x) => x.name === field);
        return a === undefined ? undefined : getValueString(a);
      },
    ];
  }
  function readerForField(field) {
    switch (field) {
      case "hostname":
      case "@hostname":
        return hostnameReader;
      case "@region":
        return regionReader;
      case "@zone":
        return zoneReader;
      default:
        return attributeReader(field);
    }
  }

  /** Scala's `groupBy(f).map { case (k, v) => k -> v.size }`: a bucket list per key, then sizes. */
  function groupSizes(all, f) {
    const buckets = new Map();
    for (const p of all) {
      const k = f(p);
      const b = buckets.get(k);
      if (b === undefined) buckets.set(k, [p]);
      else b.push(p);
    }
    const sizes = new Map();
    for (const [k, v] of buckets) sizes.set(k, v.length);
    return sizes;
  }

  /**
   * One constraint against one offer, given the filtered placed instances (Constraints.meetsConstraint).
   * @param {readonly Instance[]} all
   * @param {Agent} offer
   * @param {MarathonConstraint} constraint
   * @param {boolean} legacy GROUP_BY as released through 1.10.26; false: master's (1.11) algorithm
   */
  function meetsConstraint(all, offer, constraint, legacy) {
    const constraintValue = constraint.value ?? "";
    const [offerReader, placedValue] = readerForField(constraint.field);
    const offerValue = offerReader(offer);
    if (offerValue === undefined) return constraint.operator === "UNLIKE";
    switch (constraint.operator) {
      case "LIKE":
        // String.matches compiles the pattern on every call.
        return constraintValue !== "" && new RegExp(`^(?:${constraintValue})$`).test(offerValue);
      case "UNLIKE":
        return constraintValue !== "" && !new RegExp(`^(?:${constraintValue})$`).test(offerValue);
      case "UNIQUE":
        return all.every((p) => placedValue(p) !== offerValue);
      case "GROUP_BY":
        return legacy
          ? checkGroupByLegacy(all, constraintValue, offerValue, placedValue)
          : checkGroupBy(all, constraintValue, offerValue, placedValue);
      case "MAX_PER": {
        const maxCount = javaToInt(constraintValue);
        const grouped = groupSizes(all, placedValue);
        for (const [k, n] of grouped) if (k === offerValue) return n < maxCount;
        return true;
      }
      case "CLUSTER":
        if (constraintValue === "") return all.length === 0 || placedValue(all[0]) === offerValue;
        return offerValue === constraintValue;
      case "IS": {
        const m = MESOS_SCALAR.exec(constraintValue);
        return offerValue === (m === null ? constraintValue : formatScalar(Number(m[1])));
      }
      default:
        throw new Error(`unknown operator ${constraint.operator}`);
    }
  }

  function checkGroupByLegacy(all, constraintValue, offerValue, placedValue) {
    const minimum = Math.max(0, getIntValue(constraintValue, 0));
    const grouped = groupSizes(all, placedValue);
    let minCount = 0;
    let first = true;
    for (const n of grouped.values()) {
      minCount = first ? n : Math.min(minCount, n);
      first = false;
    }
    for (const [k, n] of grouped) {
      if (k === offerValue) return grouped.size >= minimum && n === minCount;
    }
    return true;
  }

  function checkGroupBy(all, constraintValue, offerValue, placedValue) {
    const desiredInstanceCount = all.length > 0 ? all[0].runSpec.instances : 1;
    const desiredGroupCount = Math.max(0, getIntValue(constraintValue, 0));
    const current = groupSizes(all, placedValue);
    if (desiredGroupCount === 0) throw new Error("ArithmeticException: / by zero");
    const per = Math.trunc(desiredInstanceCount / desiredGroupCount);
    const remainder = desiredInstanceCount % desiredGroupCount;
    let consumed = 0;
    for (const n of current.values()) consumed += Math.max(0, n - per);
    for (const [k, n] of current) {
      if (k !== undefined && k === offerValue) return n < per || (n === per && remainder - consumed > 0);
    }
    return current.size < desiredGroupCount;
  }

  /**
   * ResourceMatcher's `meetsAllConstraints`: filter the run spec's known instances by configuration
   * version once, then evaluate every constraint (no short circuit: Marathon collects all failures).
   * @param {readonly Instance[]} knownInstances
   * @param {Agent} offer
   * @param {RunSpec} runSpec
   * @param {boolean} legacy
   */
  function meetsAllConstraints(knownInstances, offer, runSpec, legacy) {
    const instances = knownInstances.filter((i) => i.runSpecVersion >= runSpec.lastConfigChangeVersion);
    const bad = runSpec.constraints.filter((c) => !meetsConstraint(instances, offer, c, legacy));
    return bad.length === 0;
  }

  return { meetsAllConstraints, meetsConstraint, getValueString };
}

let nextInstance = 0;

/**
 * An instance record as Marathon keeps one per launched task: its own copy of the agent info it was
 * launched with (hostname, fault domain, attributes).
 * @param {RunSpec} runSpec
 * @param {Agent} agent
 * @returns {Instance}
 */
export function launchedInstance(runSpec, agent) {
  nextInstance++;
  return {
    instanceId: `${runSpec.id}.instance-${nextInstance}`,
    runSpec,
    runSpecVersion: runSpec.lastConfigChangeVersion,
    agentInfo: {
      host: agent.hostname,
      region: agent.region,
      zone: agent.zone,
      attributes: agent.attributes.slice(),
    },
  };
}

/**
 * A run spec for the baseline from `[field, op, value?]` tuples.
 * @param {string} id
 * @param {readonly (readonly string[])[]} tuples
 * @param {number} instances
 * @returns {RunSpec}
 */
export function runSpec(id, tuples, instances) {
  return {
    id,
    instances,
    lastConfigChangeVersion: 1,
    constraints: tuples.map(([field, operator, value]) =>
      value === undefined ? { field, operator } : { field, operator, value },
    ),
  };
}
