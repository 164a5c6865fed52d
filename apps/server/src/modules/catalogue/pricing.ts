// Prices, subsidies and eligibility, as pure functions of an item and a resident's register
// record: age bands from the birth date on the day of service, the rest from the register's tags.
// Money stays in integer fen; a percentage subsidy rounds down to the fen.
import type { Eligibility, Quote, Subsidy, SubsidyGroup } from '@linli/contracts';

export interface Recipient {
  birthDate: string;
  tags: readonly string[];
}

/** Whole years of age on a local date (YYYY-MM-DD). */
export function ageOnDay(birthDate: string, day: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  let age = y - by;
  if (m < bm || (m === bm && d < bd)) age--;
  return age;
}

const TAG_GROUPS: Partial<Record<string, SubsidyGroup>> = {
  low_income: 'low_income',
  special_hardship: 'special_hardship',
  disabled: 'disabled',
  living_alone: 'living_alone',
};

/** The groups a resident belongs to on a day. */
export function groupsOf(person: Recipient, day: string): SubsidyGroup[] {
  const age = ageOnDay(person.birthDate, day);
  const groups: SubsidyGroup[] = [];
  if (age >= 60) groups.push('aged_60');
  if (age >= 80) groups.push('aged_80');
  if (age >= 90) groups.push('aged_90');
  for (const tag of person.tags) {
    const g = TAG_GROUPS[tag];
    if (g && !groups.includes(g)) groups.push(g);
  }
  return groups;
}

/** A subsidy's value per unit, in fen, never above the price. */
export function subsidyValue(s: Subsidy, priceFen: number): number {
  const v = s.amountFen !== undefined ? s.amountFen : Math.floor((priceFen * (s.percent ?? 0)) / 100);
  return Math.min(v, priceFen);
}

export function quote(item: { priceFen: number; subsidies: readonly Subsidy[] }, groups: readonly SubsidyGroup[], quantity: number): Quote {
  let best: { group: SubsidyGroup; value: number } | null = null;
  for (const s of item.subsidies) {
    if (!groups.includes(s.group)) continue;
    const value = subsidyValue(s, item.priceFen);
    if (value > 0 && (!best || value > best.value)) best = { group: s.group, value };
  }
  const perUnit = best?.value ?? 0;
  const totalFen = item.priceFen * quantity;
  const subsidyFen = perUnit * quantity;
  return { quantity, unitPriceFen: item.priceFen, subsidyPerUnitFen: perUnit, totalFen, subsidyFen, payFen: totalFen - subsidyFen, group: best?.group ?? null, groups: [...groups] };
}

export type IneligibleReason = `min_age:${number}` | `max_age:${number}` | `groups:${string}`;

/** Null when the resident may order the item, else why not (a stable code the UI translates). */
export function ineligibility(rule: Eligibility, person: Recipient, day: string, groups: readonly SubsidyGroup[]): IneligibleReason | null {
  const age = ageOnDay(person.birthDate, day);
  if (rule.minAge !== undefined && age < rule.minAge) return `min_age:${rule.minAge}`;
  if (rule.maxAge !== undefined && age > rule.maxAge) return `max_age:${rule.maxAge}`;
  if (rule.groups?.length && !rule.groups.some((g) => groups.includes(g))) return `groups:${rule.groups.join(',')}`;
  return null;
}
