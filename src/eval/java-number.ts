// Java's Double.valueOf as dcos-commons' exact matchers use it. Pure function over strings; no
// formatting (agents/render.ts owns that) and no integers (dialects/java-int.ts owns those).

const DECIMAL = /^[+-]?(?:NaN|Infinity|(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?[fFdD]?)$/;
const HEX = /^([+-]?)0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?[pP]([+-]?[0-9]+)[fFdD]?$/;

/** Java `String.trim`: strips every char up to U+0020 at both ends. */
function javaTrim(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && text.charCodeAt(start) <= 32) start++;
  while (end > start && text.charCodeAt(end - 1) <= 32) end--;
  return text.slice(start, end);
}

/**
 * Reads `text` as Java `Double.valueOf` does (trimmed; sign; NaN/Infinity; decimal with exponent;
 * hexadecimal `0x1.8p1`; an `f`/`d` suffix); `undefined` where Java throws NumberFormatException.
 * Hexadecimal mantissas longer than 13 digits may lose their last bit (no agent value looks like that).
 */
export function parseJavaDouble(text: string): number | undefined {
  const s = javaTrim(text);
  if (s.length === 0) return undefined;
  if (DECIMAL.test(s)) {
    const last = s.charCodeAt(s.length - 1);
    // f, F, d, D are type suffixes Java ignores for Double.valueOf.
    const body = last === 102 || last === 70 || last === 100 || last === 68 ? s.slice(0, -1) : s;
    if (body.endsWith("NaN")) return Number.NaN;
    if (body.endsWith("Infinity")) return body.startsWith("-") ? -Infinity : Infinity;
    return Number(body);
  }
  const hex = HEX.exec(s);
  if (hex === null) return undefined;
  const intPart = hex[2] ?? "";
  const fracPart = hex[3] ?? "";
  if (intPart.length === 0 && fracPart.length === 0) return undefined;
  let mantissa = 0;
  for (const c of intPart + fracPart) mantissa = mantissa * 16 + Number.parseInt(c, 16);
  const value = mantissa * 2 ** (Number(hex[4]) - 4 * fracPart.length);
  return hex[1] === "-" ? -value : value;
}
