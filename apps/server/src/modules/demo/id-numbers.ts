// Resident identity numbers (GB 11643) for demo people: Foshan birthplace codes, the real birth
// date, a sequence whose parity gives the gender, and the check character. Unique by construction.
import { idNumberCheckChar } from '@linli/contracts';
import { Weighted, type Random } from './random.ts';

/**
 * Where a Chancheng resident's number was first issued. Before the 2002 merger the old city was
 * 佛山市城区 (440602) and 石湾区 (440603); younger residents carry 禅城 (440604). Neighbouring
 * Foshan districts account for people who moved in.
 */
const BORN_BEFORE_2003 = new Weighted<string>([
  ['440602', 40],
  ['440603', 20],
  ['440604', 12],
  ['440605', 12],
  ['440606', 8],
  ['440607', 5],
  ['440608', 3],
]);
const BORN_SINCE_2003 = new Weighted<string>([
  ['440604', 78],
  ['440605', 11],
  ['440606', 6],
  ['440607', 3],
  ['440608', 2],
]);
const ALL_CODES = ['440602', '440603', '440604', '440605', '440606', '440607', '440608'];

/** 193 is coprime with 500, so stepping by it visits every sequence number once. */
const STEP = 193;
const SLOTS = 500;

export class IdNumberRegistry {
  /** (area code, birth date, gender) -> how many numbers have been issued. */
  private readonly issued = new Map<string, number>();

  /**
   * A new number for someone born on `birthDate` ('YYYY-MM-DD'). Each (area, date, gender) has 500
   * sequence numbers, visited in a scrambled order so neighbours in the registry do not look alike.
   */
  issue(random: Random, birthDate: string, gender: 'male' | 'female'): string {
    const compact = birthDate.slice(0, 4) + birthDate.slice(5, 7) + birthDate.slice(8, 10);
    const preferred = (Number(compact.slice(0, 4)) < 2003 ? BORN_BEFORE_2003 : BORN_SINCE_2003).draw(random);
    for (const area of [preferred, ...ALL_CODES]) {
      const key = area + compact + gender;
      const n = this.issued.get(key) ?? 0;
      if (n >= SLOTS) continue;
      this.issued.set(key, n + 1);
      const slot = (hashSlot(key) + n * STEP) % SLOTS;
      const sequence = String(slot * 2 + (gender === 'male' ? 1 : 0)).padStart(3, '0');
      const first17 = area + compact + sequence;
      return first17 + idNumberCheckChar(first17);
    }
    throw new Error(`no identity numbers left for ${birthDate}`);
  }
}

function hashSlot(key: string): number {
  let h = 2166136261;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 16777619);
  return (h >>> 0) % SLOTS;
}
