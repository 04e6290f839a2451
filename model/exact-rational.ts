/**
 * An exact rational number: a reduced fraction of two bigints with a positive
 * denominator. The origin equations are checked with these rather than with
 * floating point, so that "is a fixed point" and "grows every step" are
 * decided exactly instead of within a tolerance that could hide the answer.
 */
export interface Rational {
  readonly num: bigint;
  readonly den: bigint;
}

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

/** Builds `num/den` in lowest terms; a zero denominator is a programming error. */
export function rational(num: bigint | number, den: bigint | number = 1n): Rational {
  let n = BigInt(num);
  let d = BigInt(den);
  if (d === 0n) throw new RangeError('rational: zero denominator');
  if (d < 0n) [n, d] = [-n, -d];
  const g = gcd(n, d) || 1n;
  return { num: n / g, den: d / g };
}

export const ZERO: Rational = rational(0n);
export const ONE: Rational = rational(1n);

export function add(a: Rational, b: Rational): Rational {
  return rational(a.num * b.den + b.num * a.den, a.den * b.den);
}

export function sub(a: Rational, b: Rational): Rational {
  return rational(a.num * b.den - b.num * a.den, a.den * b.den);
}

export function mul(a: Rational, b: Rational): Rational {
  return rational(a.num * b.num, a.den * b.den);
}

export function div(a: Rational, b: Rational): Rational {
  if (b.num === 0n) throw new RangeError('rational: division by zero');
  return rational(a.num * b.den, a.den * b.num);
}

/** Returns -1, 0 or 1 as `a` is below, equal to or above `b`. */
export function compare(a: Rational, b: Rational): -1 | 0 | 1 {
  const left = a.num * b.den;
  const right = b.num * a.den;
  return left < right ? -1 : left > right ? 1 : 0;
}

export function equals(a: Rational, b: Rational): boolean {
  return a.num === b.num && a.den === b.den;
}

/** `base` raised to a whole, non-negative power, by repeated squaring. */
export function pow(base: Rational, exponent: number): Rational {
  if (!Number.isSafeInteger(exponent) || exponent < 0) throw new RangeError('rational: exponent must be a whole number ≥ 0');
  const e = BigInt(exponent);
  return { num: base.num ** e, den: base.den ** e };
}

/** The largest integer not above `a`. */
export function floor(a: Rational): bigint {
  const q = a.num / a.den;
  return a.num < 0n && q * a.den !== a.num ? q - 1n : q;
}

/** A nearest double, for printing only; never used in a comparison. */
export function toNumber(a: Rational): number {
  return Number(a.num) / Number(a.den);
}
