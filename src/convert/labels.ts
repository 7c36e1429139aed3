// Names on the target: Kubernetes label keys and values, Nomad meta keys, and the deterministic
// renaming of anything the target refuses. Pure string functions; the same input always gives the same name.

/** A label value Kubernetes accepts: empty, or up to 63 of `[A-Za-z0-9_.-]`, alphanumeric at both ends. */
export function isLabelValue(s: string): boolean {
  return s.length <= 63 && (s === "" || /^[A-Za-z0-9](?:[-A-Za-z0-9_.]*[A-Za-z0-9])?$/.test(s));
}

/** The name part of a label key: like a value, but never empty. */
function isLabelName(s: string): boolean {
  return s !== "" && isLabelValue(s);
}

/** A DNS subdomain (RFC 1123), as a label key prefix must be. */
function isDnsSubdomain(s: string): boolean {
  return s.length <= 253 && /^[a-z0-9](?:[-a-z0-9]*[a-z0-9])?(?:\.[a-z0-9](?:[-a-z0-9]*[a-z0-9])?)*$/.test(s);
}

/** A label key Kubernetes accepts: `name` or `prefix/name`. */
export function isLabelKey(s: string): boolean {
  const slash = s.indexOf("/");
  if (slash < 0) return isLabelName(s);
  return isDnsSubdomain(s.slice(0, slash)) && isLabelName(s.slice(slash + 1));
}

/** A Nomad meta key usable as `${meta.<key>}`: an HCL identifier (no dots, so client configs need no quotes). */
export function isMetaKey(s: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_-]*$/.test(s);
}

/**
 * FNV-1a (64-bit) of the UTF-16 code units, as 10 hex digits: a short, stable suffix that keeps renamed
 * values distinct (40 bits: a collision needs about a million distinct values of one attribute).
 */
export function shortHash(s: string): string {
  let h = 0xcbf29ce484222325n;
  for (let i = 0; i < s.length; i++) {
    h ^= BigInt(s.charCodeAt(i));
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return h.toString(16).padStart(16, "0").slice(0, 10);
}

/** Readable remains of `s` in `allowed` characters, at most `max` long, alphanumeric at both ends. */
function readable(s: string, max: number, allowed: RegExp): string {
  const kept = s.replace(allowed, "-").replace(/-{2,}/g, "-").slice(0, max);
  return kept.replace(/^[^A-Za-z0-9]+/, "").replace(/[^A-Za-z0-9]+$/, "");
}

/** What a name became on the target, and whether it had to change. */
export interface Named {
  readonly name: string;
  /** True when the original is not valid on the target and was renamed (`readable-hash`). */
  readonly renamed: boolean;
}

/**
 * A label value for `s`: `s` itself when valid, else its readable part plus a hash of the whole
 * (`[100-199]` → `100-199-<hash>`), so distinct values stay distinct.
 */
export function labelValue(s: string): Named {
  if (isLabelValue(s)) return { name: s, renamed: false };
  const part = readable(s, 52, /[^A-Za-z0-9_.]+/g);
  return { name: part === "" ? shortHash(s) : `${part}-${shortHash(s)}`, renamed: true };
}

/**
 * The label value that identifies an app: a Marathon id without its leading "/" when that is valid
 * (`/web` → `web`), else readable text plus a hash of the whole id (`/shop/api` → `shop-api-<hash>`).
 */
export function appLabelValue(id: string): string {
  if (id.startsWith("/") && isLabelValue(id.slice(1)) && id.length > 1) return id.slice(1);
  const part = readable(id, 52, /[^A-Za-z0-9_.]+/g);
  return part === "" ? shortHash(id) : `${part}-${shortHash(id)}`;
}

/** A label key `prefix + name` for an attribute, renamed like a value when invalid. */
export function labelKey(prefix: string, name: string): Named {
  if (isLabelKey(prefix + name) && !name.includes("/")) return { name: prefix + name, renamed: false };
  const room = 63 - (prefix.includes("/") ? 0 : prefix.length) - 11;
  const part = readable(name, room, /[^A-Za-z0-9_.]+/g);
  const renamed = `${prefix}${part === "" ? "a" : part}-${shortHash(name)}`;
  return { name: renamed, renamed: true };
}

/** A Nomad meta key `prefix + name`, renamed when it is not an identifier. */
export function metaKey(prefix: string, name: string): Named {
  if (isMetaKey(prefix + name)) return { name: prefix + name, renamed: false };
  const part = readable(name, 40, /[^A-Za-z0-9_]+/g).replace(/-/g, "_");
  const head = prefix === "" && !/^[A-Za-z_]/.test(part) ? "a_" : "";
  return { name: `${prefix}${head}${part}${part === "" ? "" : "_"}${shortHash(name)}`, renamed: true };
}

/** Why a label prefix is unusable, or undefined when `prefix + "a"` is a valid key. */
export function labelPrefixProblem(prefix: string): string | undefined {
  if (isLabelKey(`${prefix}a`) && !prefix.slice(prefix.indexOf("/") + 1).includes("/")) return undefined;
  return `"${prefix}" cannot start a Kubernetes label key: write a DNS subdomain and "/" (mesos.example.com/), or letters, digits, "-", "_", "." (mesos-)`;
}

/** Why a meta key prefix is unusable, or undefined when `prefix + "a"` is an identifier. */
export function metaPrefixProblem(prefix: string): string | undefined {
  if (isMetaKey(`${prefix}a`)) return undefined;
  return `"${prefix}" cannot start a Nomad meta key: use letters, digits, "_" and "-", starting with a letter or "_" (mesos_)`;
}
