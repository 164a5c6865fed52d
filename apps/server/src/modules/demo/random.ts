// Seeded randomness for the demo district: named, independent streams so a community's residents
// come out the same whether it is generated first, last or alone.

/**
 * sfc32 (Chris Doty-Humphrey's Small Fast Counting generator): 128 bits of state, so streams
 * seeded differently do not overlap the way single-word generators (mulberry32) can, which
 * matters because uuids are drawn from many streams and must not collide.
 */
export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number, ...labels: (string | number)[]) {
    const [a, b, c, d] = mixSeed(`${seed >>> 0}\u0000${labels.join('\u0000')}`);
    this.a = a;
    this.b = b;
    this.c = c;
    this.d = d;
    // The first outputs of sfc32 still echo the seed; discard them.
    for (let i = 0; i < 15; i++) this.nextUint32();
  }

  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Uniform in [min, max). */
  range(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  /** Integer uniform in [min, max], both ends included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** Standard normal, by Box-Muller. */
  normal(mean = 0, sd = 1): number {
    const u = 1 - this.next();
    const v = this.next();
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [items[i], items[j]] = [items[j]!, items[i]!];
    }
    return items;
  }

  /** An RFC 9562 version-4 uuid whose 122 random bits come from this stream. */
  uuid(): string {
    const w0 = this.nextUint32();
    const w1 = (this.nextUint32() & 0xffff0fff) | 0x00004000;
    const w2 = (this.nextUint32() & 0x3fffffff) | 0x80000000;
    const w3 = this.nextUint32();
    return (
      HEX[w0 >>> 24]! + HEX[(w0 >>> 16) & 255]! + HEX[(w0 >>> 8) & 255]! + HEX[w0 & 255]! + '-' +
      HEX[(w1 >>> 24) & 255]! + HEX[(w1 >>> 16) & 255]! + '-' + HEX[(w1 >>> 8) & 255]! + HEX[w1 & 255]! + '-' +
      HEX[(w2 >>> 24) & 255]! + HEX[(w2 >>> 16) & 255]! + '-' + HEX[(w2 >>> 8) & 255]! + HEX[w2 & 255]! +
      HEX[w3 >>> 24]! + HEX[(w3 >>> 16) & 255]! + HEX[(w3 >>> 8) & 255]! + HEX[w3 & 255]!
    );
  }
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** Draws from a fixed discrete distribution in O(log n). */
export class Weighted<T> {
  private readonly cumulative: number[] = [];
  private readonly items: T[] = [];

  constructor(entries: readonly (readonly [T, number])[]) {
    let sum = 0;
    for (const [item, weight] of entries) {
      if (weight <= 0) continue;
      sum += weight;
      this.items.push(item);
      this.cumulative.push(sum);
    }
    for (let i = 0; i < this.cumulative.length; i++) this.cumulative[i]! /= sum;
  }

  draw(random: Random): T {
    const x = random.next();
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cumulative[mid]! > x) hi = mid;
      else lo = mid + 1;
    }
    return this.items[lo]!;
  }
}

/**
 * Split `total` into integers proportional to `weights`, each at least `min`, summing exactly to
 * total (largest remainder), so street and district totals come out as published.
 */
export function apportion(total: number, weights: readonly number[], min = 0): number[] {
  const base = weights.map(() => min);
  const rest = total - min * weights.length;
  if (rest < 0) throw new Error(`cannot give ${weights.length} parts at least ${min} from ${total}`);
  const sum = weights.reduce((s, w) => s + w, 0);
  const exact = weights.map((w) => (rest * w) / sum);
  const counts = exact.map((e, i) => base[i]! + Math.floor(e));
  let left = total - counts.reduce((s, c) => s + c, 0);
  const order = exact.map((e, i) => [e - Math.floor(e), i] as const).sort((x, y) => y[0] - x[0] || x[1] - y[1]);
  for (let k = 0; left > 0; k++, left--) counts[order[k % order.length]![1]]! += 1;
  return counts;
}

/** cyrb128: a string hash spreading a seed and labels over four 32-bit words. */
function mixSeed(text: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}
