// JDK 17's binary-to-decimal digit generation (jdk.internal.math.FloatingDecimal), reproduced from its
// documented behaviour: the digits, the decimal exponent and the two flags that DecimalFormat reads.
// Formatting (DecimalFormat "0.###", %.3f) lives in render.ts. Must not print or throw on finite input.

/**
 * The digits the JDK produced for one positive finite double. Reused between calls (not reentrant):
 * read it before the next call to `javaDigits`.
 */
export interface JavaDigits {
  /** Decimal digits 0-9 (not characters); only the first `count` are meaningful. */
  readonly digits: Uint8Array;
  count: number;
  /** The value is 0.d1d2d3... × 10^exponent. */
  exponent: number;
  /** The last digit was rounded up (the exact value lies below the digits). */
  roundedUp: boolean;
  /** The digits are the exact value of the double. */
  exact: boolean;
}

const result: JavaDigits = {
  digits: new Uint8Array(32),
  count: 0,
  exponent: 0,
  roundedUp: false,
  exact: false,
};

const float = new Float64Array(1);
const words = new Uint32Array(float.buffer);
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const HI = LITTLE_ENDIAN ? 1 : 0;
const LO = LITTLE_ENDIAN ? 0 : 1;
const TWO_32 = 4294967296;
const TWO_52 = 4503599627370496;

// The JDK keeps exact powers of five for int (5^0..5^13) and long (5^0..5^26) arithmetic, and an upper
// bound of their bit lengths, ceil(log2(5^i)), for i < 27; beyond that it estimates 3 bits per power.
const INT_POW5: readonly number[] = Array.from({ length: 14 }, (_, i) => 5 ** i);
const LONG_POW5: readonly bigint[] = Array.from({ length: 27 }, (_, i) => 5n ** BigInt(i));
const POW5_BITS: readonly number[] = Array.from({ length: 27 }, (_, i) => Math.ceil(i * Math.log2(5)));

// The JDK uses the int/long shortcut only for binary exponents in this window.
const MAX_SMALL_BIN_EXP = 62;
const MIN_SMALL_BIN_EXP = -21;

const toInt64 = (v: bigint): bigint => BigInt.asIntN(64, v);

function pow5Bits(i: number): number {
  return i < POW5_BITS.length ? POW5_BITS[i]! : i * 3;
}

function trailingZeros32(v: number): number {
  return 31 - Math.clz32(v & -v);
}

/**
 * Fills the shared `JavaDigits` with the digits `FloatingDecimal.getBinaryToASCIIConverter(x, compatible)`
 * yields for a positive, finite, non-zero `x`. `compatible` is true for DecimalFormat and
 * Double.toString, false for String.format's %f (which always asks for at least two digits).
 */
export function javaDigits(x: number, compatible: boolean): JavaDigits {
  float[0] = x;
  const hi = words[HI]!;
  const lo = words[LO]!;
  let binExp = (hi >>> 20) & 0x7ff;
  let fractBits: number;
  let significantBits: number;
  if (binExp === 0) {
    // Subnormal: normalise so the leading one sits where the hidden bit would.
    const high = hi & 0xfffff;
    const leadingZeros = high !== 0 ? Math.clz32(high) : 32 + Math.clz32(lo);
    const shift = leadingZeros - 11;
    fractBits = (high * TWO_32 + lo) * 2 ** shift;
    binExp = 1 - shift;
    significantBits = 64 - leadingZeros;
  } else {
    fractBits = ((hi & 0xfffff) | 0x100000) * TWO_32 + lo;
    significantBits = 53;
  }
  binExp -= 1023;
  generate(x, binExp, fractBits, significantBits, compatible);
  return result;
}

function generate(
  x: number,
  binExp: number,
  fractBits: number,
  significantBits: number,
  compatible: boolean,
): void {
  const fractLo = fractBits % TWO_32;
  const tailZeros =
    fractLo !== 0 ? trailingZeros32(fractLo) : 32 + trailingZeros32(Math.floor(fractBits / TWO_32));
  const fractBitCount = 53 - tailZeros;
  result.roundedUp = false;
  result.exact = false;
  const tinyBits = Math.max(0, fractBitCount - binExp - 1);
  if (
    binExp <= MAX_SMALL_BIN_EXP &&
    binExp >= MIN_SMALL_BIN_EXP &&
    tinyBits < LONG_POW5.length &&
    fractBitCount + POW5_BITS[tinyBits]! < 64 &&
    tinyBits === 0
  ) {
    // A whole number that fits in a long: the JDK prints its integer digits, dropping the low
    // decimal digits that lie below the precision of the double (with rounding).
    const insignificant =
      binExp > significantBits ? insignificantDigitsForPow2(binExp - significantBits - 1) : 0;
    integerDigits(x, insignificant);
    return;
  }

  let decExp = estimateDecimalExponent(fractBits, binExp);
  const b5 = Math.max(0, -decExp);
  let b2 = b5 + tinyBits + binExp;
  const s5 = Math.max(0, decExp);
  let s2 = s5 + tinyBits;
  const m5 = b5;
  let m2 = b2 - significantBits;
  const fb = fractBits / 2 ** tailZeros;
  b2 -= fractBitCount - 1;
  const common2 = Math.min(b2, s2);
  b2 -= common2;
  s2 -= common2;
  m2 -= common2;
  // At an exact power of two the next smaller double is only half as far away.
  if (fractBitCount === 1) m2 -= 1;
  if (m2 < 0) {
    b2 -= m2;
    s2 -= m2;
    m2 = 0;
  }
  const bBits = fractBitCount + b2 + pow5Bits(b5);
  const tenSBits = s2 + 1 + pow5Bits(s5 + 1);
  const digits = result.digits;
  let n = 0;
  let low: boolean;
  let high: boolean;
  let lowDigitDifference: number;

  if (bBits < 64 && tenSBits < 64) {
    if (bBits < 32 && tenSBits < 32) {
      // 32-bit path: Java int arithmetic, overflow included.
      let b = Math.imul(fb, INT_POW5[b5]!) << b2;
      const s = INT_POW5[s5]! << s2;
      let m = INT_POW5[m5]! << m2;
      const tens = Math.imul(s, 10);
      let q = (b / s) | 0;
      b = Math.imul(10, b % s);
      m = Math.imul(m, 10);
      low = b < m;
      high = ((b + m) | 0) > tens;
      if (q === 0 && !high) decExp--;
      else digits[n++] = q;
      if (!compatible || decExp < -3 || decExp >= 8) high = low = false;
      while (!low && !high) {
        q = (b / s) | 0;
        b = Math.imul(10, b % s);
        m = Math.imul(m, 10);
        if (m > 0) {
          low = b < m;
          high = ((b + m) | 0) > tens;
        } else {
          // The JDK treats an overflowed (non-positive) half-ulp as "stop here".
          low = high = true;
        }
        digits[n++] = q;
      }
      lowDigitDifference = ((b << 1) - tens) | 0;
      result.exact = b === 0;
    } else {
      // 64-bit path: Java long arithmetic, overflow included.
      let b = toInt64((BigInt(fb) * LONG_POW5[b5]!) << BigInt(b2));
      const s = toInt64(LONG_POW5[s5]! << BigInt(s2));
      let m = toInt64(LONG_POW5[m5]! << BigInt(m2));
      const tens = toInt64(s * 10n);
      let q = Number(b / s);
      b = toInt64(10n * (b % s));
      m = toInt64(m * 10n);
      low = b < m;
      high = toInt64(b + m) > tens;
      if (q === 0 && !high) decExp--;
      else digits[n++] = q;
      if (!compatible || decExp < -3 || decExp >= 8) high = low = false;
      while (!low && !high) {
        q = Number(b / s);
        b = toInt64(10n * (b % s));
        m = toInt64(m * 10n);
        if (m > 0n) {
          low = b < m;
          high = toInt64(b + m) > tens;
        } else {
          low = high = true;
        }
        digits[n++] = q;
      }
      const diff = toInt64(toInt64(b << 1n) - tens);
      lowDigitDifference = diff > 0n ? 1 : diff < 0n ? -1 : 0;
      result.exact = b === 0n;
    }
  } else {
    // Arbitrary precision. Unlike the int/long paths, "high" here includes equality.
    const s = (5n ** BigInt(s5)) << BigInt(s2);
    let b = (BigInt(fb) * 5n ** BigInt(b5)) << BigInt(b2);
    let m = 10n * ((5n ** BigInt(m5)) << BigInt(m2));
    const tens = 10n * s;
    let q = Number(b / s);
    b = 10n * (b % s);
    low = b < m;
    high = b + m >= tens;
    if (q === 0 && !high) decExp--;
    else digits[n++] = q;
    if (!compatible || decExp < -3 || decExp >= 8) high = low = false;
    while (!low && !high) {
      q = Number(b / s);
      b = 10n * (b % s);
      m *= 10n;
      low = b < m;
      high = b + m >= tens;
      digits[n++] = q;
    }
    if (high && low) {
      const diff = (b << 1n) - tens;
      lowDigitDifference = diff > 0n ? 1 : diff < 0n ? -1 : 0;
    } else {
      lowDigitDifference = 0;
    }
    result.exact = b === 0n;
  }
  result.exponent = decExp + 1;
  result.count = n;
  if (high) {
    if (low) {
      if (lowDigitDifference === 0) {
        if ((digits[n - 1]! & 1) !== 0) roundUp();
      } else if (lowDigitDifference > 0) {
        roundUp();
      }
    } else {
      roundUp();
    }
  }
}

/** Adds one to the last digit; a carry out of all nines becomes a single leading 1 (without the flag). */
function roundUp(): void {
  const digits = result.digits;
  let i = result.count - 1;
  let q = digits[i]!;
  if (q === 9) {
    while (q === 9 && i > 0) {
      digits[i] = 0;
      q = digits[--i]!;
    }
    if (q === 9) {
      result.exponent += 1;
      digits[0] = 1;
      return;
    }
  }
  digits[i] = q + 1;
  result.roundedUp = true;
}

function estimateDecimalExponent(fractBits: number, binExp: number): number {
  // The JDK's tangent-line estimate of log10, floored; one too high is corrected by the first digit step.
  const d2 = 1 + (fractBits % TWO_52) / TWO_52;
  const d = (d2 - 1.5) * 0.289529654 + 0.176091259 + binExp * 0.301029995663981;
  return Math.floor(d) | 0;
}

function insignificantDigitsForPow2(p2: number): number {
  if (p2 <= 1 || p2 >= 64) return 0;
  let v = 1n << BigInt(p2);
  let i = 0;
  while (v >= 10n) {
    v /= 10n;
    i++;
  }
  return i;
}

function integerDigits(x: number, insignificant: number): void {
  const digits = result.digits;
  let exponent = insignificant;
  let text: string;
  if (insignificant === 0 && x <= Number.MAX_SAFE_INTEGER) {
    text = String(x);
  } else {
    let v = BigInt(x);
    if (insignificant !== 0) {
      const pow10 = 10n ** BigInt(insignificant);
      const residue = v % pow10;
      v /= pow10;
      if (residue >= pow10 >> 1n) v += 1n;
    }
    text = v.toString();
  }
  let end = text.length;
  while (end > 1 && text.charCodeAt(end - 1) === 48) end--;
  exponent += text.length;
  for (let i = 0; i < end; i++) digits[i] = text.charCodeAt(i) - 48;
  result.count = end;
  result.exponent = exponent;
}
