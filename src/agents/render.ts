// Attribute -> the string constraints compare, per dialect: Marathon's value rendering (Java
// DecimalFormat "0.###") and dcos-commons' `name:value` keys (String.format "%.3f"). Pure, no I/O.
import type { Dialect } from "../ast.js";
import type { Attribute } from "./agent.js";
import { type JavaDigits, javaDigits } from "./java-digits.js";

/**
 * The string a constraint compares for this attribute: the value alone for Marathon, `name:value` for
 * the DC/OS SDK.
 * @example renderAttribute({ name: "level", scalar: 10 }, "dcos-sdk") // "level:10.000"
 */
export function renderAttribute(attribute: Attribute, dialect: Dialect): string {
  if (dialect === "dcos-sdk") return `${attribute.name}:${renderSdkValue(attribute)}`;
  return renderMarathonValue(attribute);
}

/** The value part of an attribute as Marathon renders it (no name). */
export function renderMarathonValue(attribute: Attribute): string {
  if ("text" in attribute) return attribute.text;
  if ("scalar" in attribute) return renderScalarMarathon(attribute.scalar);
  if ("ranges" in attribute) return `[${joinRanges(sortedRanges(attribute.ranges))}]`;
  return `{${sortedItems(attribute.set).join(",")}}`;
}

/** The value part of an attribute as dcos-commons renders it (no name; stored order). */
export function renderSdkValue(attribute: Attribute): string {
  if ("text" in attribute) return attribute.text;
  if ("scalar" in attribute) return renderScalarSdk(attribute.scalar);
  if ("ranges" in attribute) return `[${joinRanges(attribute.ranges)}]`;
  return `{${attribute.set.join(",")}}`;
}

type Ranges = readonly (readonly [number, number])[];

function joinRanges(ranges: Ranges): string {
  let out = "";
  for (let i = 0; i < ranges.length; i++) {
    const r = ranges[i]!;
    out += i === 0 ? `${r[0]}-${r[1]}` : `,${r[0]}-${r[1]}`;
  }
  return out;
}

function sortedRanges(ranges: Ranges): Ranges {
  for (let i = 1; i < ranges.length; i++) {
    // Array.prototype.sort is stable, as Scala's sortBy is: equal begins keep their order.
    if (ranges[i]![0] < ranges[i - 1]![0]) return [...ranges].sort((a, b) => a[0] - b[0]);
  }
  return ranges;
}

function sortedItems(items: readonly string[]): readonly string[] {
  for (let i = 1; i < items.length; i++) {
    // The default sort compares UTF-16 code units, which is Java's String.compareTo order.
    if (items[i]! < items[i - 1]!) return [...items].sort();
  }
  return items;
}

const TWO_32 = 4294967296;
const TWO_53 = 9007199254740992;

/**
 * A scalar as Marathon renders it: Java `new DecimalFormat("0.###").format(x)` on JDK 17 (HALF_EVEN,
 * `.` separator, no grouping, no exponent; a negative value that rounds to zero keeps its sign).
 * @example renderScalarMarathon(2.0005) // "2.001"
 */
export function renderScalarMarathon(x: number): string {
  if (Number.isNaN(x)) return "NaN";
  const negative = x < 0 || Object.is(x, -0);
  const sign = negative ? "-" : "";
  const abs = negative ? -x : x;
  if (abs === Number.POSITIVE_INFINITY) return `${sign}∞`;
  if (abs < TWO_53 && Number.isInteger(abs)) return sign + String(abs);
  const shortest = shortestWithFewDecimals(abs);
  if (shortest !== undefined) return sign + shortest;
  return sign + decimalFormat(javaDigits(abs, true));
}

/**
 * A scalar as the DC/OS SDK renders it: Java `String.format(Locale.ROOT, "%.3f", x)` on JDK 17, which
 * rounds HALF_UP on the JDK's shortest-ish decimal digits (not on the exact binary value).
 * @example renderScalarSdk(1.0005) // "1.001"
 */
export function renderScalarSdk(x: number): string {
  if (Number.isNaN(x)) return "NaN";
  const negative = x < 0 || Object.is(x, -0);
  const sign = negative ? "-" : "";
  const abs = negative ? -x : x;
  if (abs === Number.POSITIVE_INFINITY) return `${sign}Infinity`;
  if (abs < TWO_53 && Number.isInteger(abs)) return `${sign}${abs}.000`;
  const shortest = shortestWithFewDecimals(abs);
  if (shortest !== undefined) return sign + padFraction(shortest);
  return sign + fixedThree(javaDigits(abs, false));
}

/**
 * The shortest decimal form of `abs` when it has at most three fraction digits and `abs` < 2^32.
 * There the JDK's digits can differ from the shortest form only beyond the third fraction digit, by
 * less than one ulp (< 5e-7), so both formats round them back to exactly this string.
 */
function shortestWithFewDecimals(abs: number): string | undefined {
  if (abs >= TWO_32 || abs < 0.001) return undefined;
  const s = String(abs);
  const dot = s.indexOf(".");
  if (dot < 0 || s.length - dot - 1 > 3) return undefined;
  return s;
}

function padFraction(s: string): string {
  const dot = s.indexOf(".");
  if (dot < 0) return `${s}.000`;
  const fraction = s.length - dot - 1;
  return fraction >= 3 ? s : s + "000".slice(fraction);
}

// java.text.DigitList's view of the digits: it re-reads them from FloatingDecimal's Java-format string
// ("1.0E-4", "1000.0"), so a padding zero can appear as a real digit; that matters in one case below.
const listDigits = new Uint8Array(40);

/** `DecimalFormat("0.###")` of a positive value given the JDK's digits for it. */
export function decimalFormat(d: JavaDigits): string {
  let decimalAt = loadDigitList(d);
  let count = listCount;
  const digits = listDigits;
  const maxFraction = 3;
  if (count > 0) {
    if (-decimalAt > maxFraction) {
      count = 0;
    } else if (-decimalAt === maxFraction) {
      // The first significant digit is the rounding digit: the JDK decides on the untrimmed digits,
      // so 0.0005 (digits "50") rounds down while 0.0009995 rounds up.
      if (shouldRoundUp(0, count, d)) {
        digits[0] = 1;
        count = 1;
        decimalAt++;
      } else {
        count = 0;
      }
    } else {
      while (count > 1 && digits[count - 1] === 0) count--;
      let keep = maxFraction + decimalAt;
      if (keep >= 0 && keep < count) {
        if (shouldRoundUp(keep, count, d)) {
          for (;;) {
            keep--;
            if (keep < 0) {
              digits[0] = 1;
              decimalAt++;
              keep = 0;
              break;
            }
            digits[keep]!++;
            if (digits[keep]! <= 9) break;
          }
          keep++;
        }
        count = keep;
        while (count > 1 && digits[count - 1] === 0) count--;
      }
    }
  }
  if (count === 0) return "0";
  let out = "";
  let index = 0;
  if (decimalAt > 0) {
    for (let i = 0; i < decimalAt; i++) out += index < count ? digits[index++] : "0";
  } else {
    out = "0";
  }
  if (index < count) {
    out += ".";
    for (let i = 0; i < maxFraction && index < count; i++) {
      out += i < -decimalAt ? "0" : digits[index++];
    }
  }
  return out;
}

// DigitList's parse state while it reads FloatingDecimal's string.
let listCount = 0;
let seenNonZero = false;
let pointAt = -1;
let zerosAfterPoint = 0;

function pushDigit(digit: number): void {
  if (!seenNonZero) {
    seenNonZero = digit !== 0;
    if (!seenNonZero && pointAt !== -1) zerosAfterPoint++;
  }
  if (seenNonZero) listDigits[listCount++] = digit;
}

/**
 * Fills `listDigits`/`listCount` as DigitList fills itself from `FloatingDecimal.toJavaFormatString()`
 * ("123.45", "0.00123", "1.0E-4"); returns DigitList's decimalAt.
 */
function loadDigitList(d: JavaDigits): number {
  const n = d.count;
  const e = d.exponent;
  const src = d.digits;
  listCount = 0;
  seenNonZero = false;
  pointAt = -1;
  zerosAfterPoint = 0;
  let exponent = 0;
  if (e > 0 && e < 8) {
    const whole = Math.min(n, e);
    for (let i = 0; i < whole; i++) pushDigit(src[i]!);
    if (whole < e) {
      for (let i = whole; i < e; i++) pushDigit(0);
      pointAt = listCount;
      pushDigit(0);
    } else {
      pointAt = listCount;
      if (whole < n) for (let i = whole; i < n; i++) pushDigit(src[i]!);
      else pushDigit(0);
    }
  } else if (e <= 0 && e > -3) {
    pushDigit(0);
    pointAt = listCount;
    for (let i = 0; i < -e; i++) pushDigit(0);
    for (let i = 0; i < n; i++) pushDigit(src[i]!);
  } else {
    pushDigit(src[0]!);
    pointAt = listCount;
    if (n > 1) for (let i = 1; i < n; i++) pushDigit(src[i]!);
    else pushDigit(0);
    exponent = e - 1;
  }
  let decimalAt = pointAt === -1 ? listCount : pointAt;
  if (seenNonZero) decimalAt += exponent - zerosAfterPoint;
  return decimalAt;
}

/** HALF_EVEN, aware of what FloatingDecimal already did to the last digit (DigitList's rule). */
function shouldRoundUp(keep: number, count: number, d: JavaDigits): boolean {
  const digit = listDigits[keep]!;
  if (digit > 5) return true;
  if (digit < 5) return false;
  if (keep === count - 1) {
    // The 5 is the last digit: it is a true tie only when the digits are exact.
    if (d.roundedUp) return false;
    if (!d.exact) return true;
    return keep > 0 && listDigits[keep - 1]! % 2 !== 0;
  }
  for (let i = keep + 1; i < count; i++) if (listDigits[i] !== 0) return true;
  return false;
}

/** `String.format("%.3f")` of a positive value given the JDK's (non-compatible) digits for it. */
export function fixedThree(d: JavaDigits): string {
  const digits = d.digits;
  const n = d.count;
  let exp = d.exponent;
  const precision = exp + 3;
  if (precision < n && precision >= 0) {
    if (precision === 0) {
      // Only the first digit decides: HALF_UP.
      if (digits[0]! >= 5) {
        digits[0] = 1;
        digits.fill(0, 1, n);
        exp++;
      } else {
        digits.fill(0, 0, n);
      }
    } else if (digits[precision]! >= 5) {
      let i = precision - 1;
      let q = digits[i]!;
      while (q === 9 && i > 0) q = digits[--i]!;
      if (q === 9) {
        digits[0] = 1;
        digits.fill(0, 1, n);
        exp++;
      } else {
        digits[i] = q + 1;
        digits.fill(0, i + 1, n);
      }
    } else {
      digits.fill(0, precision, n);
    }
  }
  let out = "";
  if (exp > 0) {
    for (let i = 0; i < exp; i++) out += i < n ? digits[i] : "0";
    out += ".";
    for (let i = exp; i < exp + 3; i++) out += i < n ? digits[i] : "0";
  } else {
    out = "0.";
    const zeros = Math.min(-exp, 3);
    for (let i = 0; i < zeros; i++) out += "0";
    const significant = Math.max(0, Math.min(n, 3 + exp));
    for (let i = 0; i < significant; i++) out += digits[i];
    for (let i = zeros + significant; i < 3; i++) out += "0";
  }
  return out;
}
