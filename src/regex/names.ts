// Java's Unicode character names for \N{name}: Character.codePointOf over the table generated from JDK 17
// (unicode-names.generated.ts), decoded on first use. Pure lookups; knows nothing about regex syntax.
import { has, type Ranges, tableSet } from "./charset.js";
import {
  NAME_ENTRIES,
  NAME_LITERALS,
  NAME_SYMBOLS,
  NAME_UPPER,
  NAME_WORDS,
} from "./unicode-names.generated.js";
import { SETS } from "./unicode-tables.generated.js";

let byName: Map<string, number> | undefined;
/** Explicit name by code point. */
let explicit: Map<number, string> | undefined;
let upperMap: Map<number, string> | undefined;

/** Decodes the table (see the generated file's header for the format). */
function decode(): Map<string, number> {
  const value = new Int8Array(128).fill(-1);
  for (let i = 0; i < NAME_SYMBOLS.length; i++) value[NAME_SYMBOLS.charCodeAt(i)] = i;
  const words = NAME_WORDS.split(" ");
  const literals = NAME_LITERALS.split(" ");
  const text = NAME_ENTRIES;
  let pos = 0;
  const num = (): number => {
    let v = 0;
    for (;;) {
      const d = value[text.charCodeAt(pos++)]!;
      if (d < 46) return v * 46 + d;
      v = v * 46 + (d - 46);
    }
  };
  const map = new Map<string, number>();
  const cps = new Map<number, string>();
  let cp = -1;
  let lit = 0;
  let prev: string[] = [];
  while (pos < text.length) {
    cp += num();
    const h = value[text.charCodeAt(pos++)]!;
    const shared = h === 90 ? num() : Math.floor(h / 10);
    const added = h === 90 ? num() : h % 10;
    const name = prev.slice(0, shared);
    for (let k = 0; k < added; k++) {
      const r = num();
      if (r === 0) name.push(literals[lit++]!);
      else if (r === 1) name.push(`${words[num()]!}-${cp.toString(16).toUpperCase()}`);
      else name.push(words[r - 2]!);
    }
    const joined = name.join(" ");
    map.set(joined, cp);
    cps.set(cp, joined);
    prev = name;
  }
  explicit = cps;
  return map;
}

/** Java's `name.trim().toUpperCase(Locale.ROOT)`, or undefined when the result cannot be a character name. */
function normalise(name: string): string | undefined {
  let start = 0;
  let end = name.length;
  while (start < end && name.charCodeAt(start) <= 0x20) start++;
  while (end > start && name.charCodeAt(end - 1) <= 0x20) end--;
  let out = "";
  for (let i = start; i < end; ) {
    const c = name.codePointAt(i)!;
    i += c > 0xffff ? 2 : 1;
    if (c < 0x80) out += c >= 0x61 && c <= 0x7a ? String.fromCharCode(c - 0x20) : String.fromCharCode(c);
    else {
      // Names are ASCII: a character beyond it can only match through an upper case made of ASCII (ß -> SS).
      if (!upperMap) {
        upperMap = new Map();
        for (const pair of NAME_UPPER.split(",")) {
          const [hex, up] = pair.split(":");
          upperMap.set(Number.parseInt(hex!, 16), up!);
        }
      }
      const up = upperMap.get(c);
      if (up === undefined) return undefined;
      out += up;
    }
  }
  return out;
}

const unassigned = (): Ranges => tableSet("prop:Cn")!;

/** Blocks as sorted, disjoint ranges: [start, end] pairs and their names. */
let blockStarts: number[] | undefined;
let blockEnds: number[] = [];
let blockNames: string[] = [];

/** The block (Character.UnicodeBlock, as "CJK UNIFIED IDEOGRAPHS") of a code point, if any. */
function blockOf(cp: number): string | undefined {
  if (!blockStarts) {
    const rows: [number, number, string][] = [];
    for (const key of Object.keys(SETS)) {
      if (!key.startsWith("blk:") || key.includes("|")) continue;
      const r = tableSet(key)!;
      for (let i = 0; i < r.length; i += 2) rows.push([r[i]!, r[i + 1]!, key.slice(4).replaceAll("_", " ")]);
    }
    rows.sort((a, b) => a[0] - b[0]);
    blockStarts = rows.map((r) => r[0]);
    blockEnds = rows.map((r) => r[1]);
    blockNames = rows.map((r) => r[2]);
  }
  let lo = 0;
  let hi = blockStarts.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (cp < blockStarts[mid]!) hi = mid - 1;
    else if (cp > blockEnds[mid]!) lo = mid + 1;
    else return blockNames[mid];
  }
  return undefined;
}

/**
 * Java's `Character.getName(cp)`: the explicit Unicode name, "<BLOCK> <HEX>" for other defined code points, or
 * undefined for unassigned ones.
 * @example characterName(0x1f600) // "GRINNING FACE"
 */
export function characterName(cp: number): string | undefined {
  byName ??= decode();
  const name = explicit!.get(cp);
  if (name !== undefined) return name;
  if (cp < 0 || cp > 0x10ffff || has(unassigned(), cp)) return undefined;
  const block = blockOf(cp);
  return block === undefined ? undefined : `${block} ${cp.toString(16).toUpperCase()}`;
}

/**
 * The code point Java's `Character.codePointOf(name)` gives (as `\N{name}` uses it), or undefined where Java
 * throws: an explicit Unicode name, or "<BLOCK> <HEX>" for a defined character that has none, case-insensitive.
 * @example codePointOf("latin small letter a") // 0x61
 */
export function codePointOf(name: string): number | undefined {
  const upper = normalise(name);
  if (upper === undefined) return undefined;
  byName ??= decode();
  const hit = byName.get(upper);
  if (hit !== undefined) return hit;
  const sp = upper.lastIndexOf(" ");
  const hex = upper.slice(sp + 1);
  if (sp < 0 || !/^[1-9A-F][0-9A-F]{0,5}$/.test(hex)) return undefined;
  const cp = Number.parseInt(hex, 16);
  if (cp > 0x10ffff || explicit!.has(cp) || has(unassigned(), cp)) return undefined;
  return blockOf(cp) === upper.slice(0, sp) ? cp : undefined;
}
