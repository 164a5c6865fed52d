// Exact rational numbers over BigInt: outcomes of votes are decided on exact fractions, never on
// floating point ("2/3 of the area" must be met by 2/3 exactly, not by 0.6666666).
export class Fraction {
  readonly num: bigint;
  readonly den: bigint;

  constructor(num: bigint | number, den: bigint | number = 1n) {
    let n = BigInt(num);
    let d = BigInt(den);
    if (d === 0n) throw new RangeError('a fraction cannot have a zero denominator');
    if (d < 0n) {
      n = -n;
      d = -d;
    }
    const g = gcd(n < 0n ? -n : n, d);
    this.num = g > 1n ? n / g : n;
    this.den = g > 1n ? d / g : d;
  }

  /** "2/3" or "5". */
  static parse(text: string): Fraction {
    const m = /^(-?\d+)(?:\/(\d+))?$/.exec(text.trim());
    if (!m) throw new RangeError(`not a fraction: ${text}`);
    return new Fraction(BigInt(m[1]!), BigInt(m[2] ?? '1'));
  }

  add(o: Fraction): Fraction {
    return new Fraction(this.num * o.den + o.num * this.den, this.den * o.den);
  }

  compare(o: Fraction): -1 | 0 | 1 {
    const l = this.num * o.den;
    const r = o.num * this.den;
    return l < r ? -1 : l > r ? 1 : 0;
  }
  gte(o: Fraction): boolean {
    return this.compare(o) >= 0;
  }
  gt(o: Fraction): boolean {
    return this.compare(o) > 0;
  }
  equals(o: Fraction): boolean {
    return this.compare(o) === 0;
  }

  toString(): string {
    return this.den === 1n ? `${this.num}` : `${this.num}/${this.den}`;
  }

  /** A percentage for display, rounded half up to `digits` decimals (the decision never uses it). */
  percent(digits = 2): string {
    const scale = 10n ** BigInt(digits);
    const scaled = this.num * 100n * scale;
    const negative = scaled < 0n;
    const abs = negative ? -scaled : scaled;
    const q = (abs * 2n + this.den) / (2n * this.den);
    const whole = q / scale;
    const frac = (q % scale).toString().padStart(digits, '0');
    return `${negative && q !== 0n ? '-' : ''}${whole}${digits ? `.${frac}` : ''}`;
  }
}

function gcd(a: bigint, b: bigint): bigint {
  while (b) [a, b] = [b, a % b];
  return a || 1n;
}

/** "87.35" m2 -> 873500 cm2, exactly (at most four decimals are meaningful). */
export function m2ToCm2(text: string): bigint {
  const m = /^(\d+)(?:\.(\d{1,4}))?$/.exec(text.trim());
  if (!m) throw new RangeError(`not an area in m2: ${text}`);
  return BigInt(m[1]!) * 10_000n + BigInt((m[2] ?? '').padEnd(4, '0'));
}

/** 873500 cm2 -> "87.35"; always at least two decimals, more only when the area has them. */
export function cm2ToM2(cm2: bigint | number): string {
  const v = BigInt(cm2);
  const whole = v / 10_000n;
  let frac = (v % 10_000n).toString().padStart(4, '0');
  while (frac.length > 2 && frac.endsWith('0')) frac = frac.slice(0, -1);
  return `${whole}.${frac}`;
}
