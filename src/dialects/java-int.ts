// Java's Integer.parseInt, exactly: optional sign, Unicode decimal digits (Character.digit), 32 bits.
// Marathon and the DC/OS SDK read GROUP_BY and MAX_PER values with it.

const ND = /^\p{Nd}$/u;

/** The value of one Unicode decimal digit, as Character.digit(c, 10) gives it. */
function digitValue(cp: number): number {
  // Decimal digits come in runs of ten consecutive code points, 0 to 9.
  let steps = 0;
  while (steps < 10 && ND.test(String.fromCodePoint(cp - steps - 1))) steps++;
  // Adjacent runs (mathematical digits) are whole runs of ten, so the position modulo ten is the value.
  let runStart = cp - steps;
  while (ND.test(String.fromCodePoint(runStart - 1))) runStart--;
  return (cp - runStart) % 10;
}

/** Parses like Java's `Integer.parseInt(s)`; `undefined` where Java throws NumberFormatException. */
export function parseJavaInt(s: string): number | undefined {
  let i = 0;
  let negative = false;
  if (s.length === 0) return undefined;
  if (s[0] === "+" || s[0] === "-") {
    negative = s[0] === "-";
    i = 1;
    if (s.length === 1) return undefined;
  }
  let value = 0;
  // Java walks UTF-16 units: a digit outside the BMP (a surrogate pair) is not a digit to it.
  for (; i < s.length; i++) {
    const unit = s.charCodeAt(i);
    let d: number;
    if (unit >= 0x30 && unit <= 0x39) d = unit - 0x30;
    else if ((unit < 0xd800 || unit > 0xdfff) && ND.test(s[i]!)) d = digitValue(unit);
    else return undefined;
    value = value * 10 + d;
    if (value > 2147483648) return undefined;
  }
  if (negative) return value === 0 ? 0 : -value;
  return value > 2147483647 ? undefined : value;
}

/** Marathon's lenient GROUP_BY reader: `inf` is the largest int, anything unparseable is 0. */
export function parseGroupByCount(value: string | undefined): number {
  if (value === undefined) return 0;
  if (value === "inf") return 2147483647;
  return parseJavaInt(value) ?? 0;
}
