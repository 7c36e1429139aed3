// Marathon fields -> what the target reads: Kubernetes label keys, Nomad `${...}` targets, and the value
// each agent would carry there (the first attribute of a name, rendered as Marathon renders it).
import { labelKey, labelValue, metaKey, type Named } from "./labels.js";
import type { ConvertTarget } from "./types.js";

export type FieldKind = "hostname" | "region" | "zone" | "attribute";

export function fieldKind(field: string): FieldKind {
  if (field === "hostname" || field === "@hostname") return "hostname";
  if (field === "@region") return "region";
  if (field === "@zone") return "zone";
  return "attribute";
}

export const HOSTNAME_LABEL = "kubernetes.io/hostname";
export const ZONE_LABEL = "topology.kubernetes.io/zone";
export const REGION_LABEL = "topology.kubernetes.io/region";
// biome-ignore lint/suspicious/noTemplateCurlyInString: Nomad's own interpolation syntax, written literally.
export const NOMAD_HOSTNAME = "${node.unique.name}";
/** Nomad has no fault domains: these meta keys carry Mesos's region and zone. */
const NOMAD_REGION_META = "fault_domain_region";
const NOMAD_ZONE_META = "fault_domain_zone";

/** Naming on one target, fixed for a whole conversion. */
export interface Naming {
  readonly target: ConvertTarget;
  /** Kubernetes label key prefix or Nomad meta key prefix for attributes (default ""). */
  readonly prefix: string;
  /** A label (meta key for Nomad) that carries Mesos host names, instead of the node's own name. */
  readonly hostnameLabel?: string;
}

/** One field as the target reads it. */
export interface FieldRef {
  readonly field: string;
  readonly kind: FieldKind;
  /** Kubernetes: the label key. Nomad: the `${...}` target. */
  readonly key: string;
  /** The meta key or label key this conversion writes on nodes (undefined: the target sets it itself). */
  readonly written?: string;
  /** The attribute name was not valid on the target and was renamed. */
  readonly renamed: boolean;
  /** True when the key is the node's own name (kubernetes.io/hostname, Nomad's node name): never absent. */
  readonly builtinHost: boolean;
}

export function fieldRef(field: string, naming: Naming): FieldRef {
  const kind = fieldKind(field);
  const k8s = naming.target === "kubernetes";
  const meta = (key: string): FieldRef => ({
    field,
    kind,
    key: `\${meta.${key}}`,
    written: key,
    renamed: false,
    builtinHost: false,
  });
  switch (kind) {
    case "hostname":
      if (naming.hostnameLabel !== undefined) {
        return k8s
          ? {
              field,
              kind,
              key: naming.hostnameLabel,
              written: naming.hostnameLabel,
              renamed: false,
              builtinHost: false,
            }
          : meta(naming.hostnameLabel);
      }
      return { field, kind, key: k8s ? HOSTNAME_LABEL : NOMAD_HOSTNAME, renamed: false, builtinHost: true };
    case "region":
      return k8s
        ? { field, kind, key: REGION_LABEL, written: REGION_LABEL, renamed: false, builtinHost: false }
        : meta(`${naming.prefix}${NOMAD_REGION_META}`);
    case "zone":
      return k8s
        ? { field, kind, key: ZONE_LABEL, written: ZONE_LABEL, renamed: false, builtinHost: false }
        : meta(`${naming.prefix}${NOMAD_ZONE_META}`);
    case "attribute": {
      const named = k8s ? labelKey(naming.prefix, field) : metaKey(naming.prefix, field);
      const key = k8s ? named.name : `\${meta.${named.name}}`;
      return { field, kind, key, written: named.name, renamed: named.renamed, builtinHost: false };
    }
  }
}

/** A value as the target stores it: Kubernetes renames invalid label values, Nomad keeps every string. */
export function targetValue(target: ConvertTarget, value: string): Named {
  return target === "kubernetes" ? labelValue(value) : { name: value, renamed: false };
}
