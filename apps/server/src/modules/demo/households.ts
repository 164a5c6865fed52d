// Who lives together: household compositions and ages for an ageing Guangdong city, tuned so a
// district comes out near the published shape (about 20% aged 60+, 3% aged 80+, 17% minors).
import type { VulnerabilityTag } from '@linli/contracts';
import { Weighted, type Random } from './random.ts';

export type Relation = 'head' | 'spouse' | 'child' | 'parent' | 'grandchild';
export interface Member {
  relation: Relation;
  gender: 'male' | 'female';
  age: number;
  tags: VulnerabilityTag[];
}
export interface Composition {
  kind: HouseholdKind;
  members: Member[];
  lowIncome: boolean;
}

export type HouseholdKind =
  | 'elder_alone'
  | 'elder_couple'
  | 'single'
  | 'couple'
  | 'couple_child'
  | 'couple_two_children'
  | 'three_generations'
  | 'grandparents_grandchild'
  | 'single_parent';

const KINDS = new Weighted<HouseholdKind>([
  ['elder_alone', 5.5],
  ['elder_couple', 11.5],
  ['single', 17],
  ['couple', 12],
  ['couple_child', 21],
  ['couple_two_children', 9.5],
  ['three_generations', 16],
  ['grandparents_grandchild', 1.5],
  ['single_parent', 5],
]);

/** 低保 households are about 1.5% overall, concentrated among lone elders and single parents. */
const LOW_INCOME_RATE: Record<HouseholdKind, number> = {
  elder_alone: 0.05,
  elder_couple: 0.015,
  single: 0.012,
  couple: 0.006,
  couple_child: 0.008,
  couple_two_children: 0.012,
  three_generations: 0.01,
  grandparents_grandchild: 0.06,
  single_parent: 0.06,
};

/** Age 60 and over, with the thinning of a real cohort: about one elder in six is 80+. */
function elderAge(random: Random, min = 60): number {
  return Math.min(104, min + Math.floor(-Math.log(1 - random.next()) * 11));
}
function adultAge(random: Random, min: number, max: number): number {
  // Working-age Foshan skews young: migrants arrive in their twenties.
  const u = random.next();
  return Math.floor(min + (max - min + 1) * u ** 1.25);
}
const other = (g: 'male' | 'female') => (g === 'male' ? 'female' : 'male');
const spouseAge = (random: Random, headAge: number, headGender: 'male' | 'female') =>
  Math.min(104, Math.max(18, headAge + (headGender === 'male' ? -random.int(0, 5) : random.int(0, 5))));
const childAge = (random: Random, parentAge: number) => Math.max(0, Math.min(parentAge - 20, parentAge - random.int(24, 34)));

/** A random household, or one of the given kind (the demo resident's home is made this way). */
export function drawComposition(random: Random, kind: HouseholdKind = KINDS.draw(random)): Composition {
  const members: Member[] = [];
  const add = (relation: Relation, gender: 'male' | 'female', age: number) => {
    members.push({ relation, gender, age, tags: [] });
    return members[members.length - 1]!;
  };
  const maleHead = (p: number) => (random.chance(p) ? 'male' : 'female');

  switch (kind) {
    case 'elder_alone': {
      // Women outlive men: most elders living alone are widows.
      add('head', maleHead(0.35), elderAge(random, 62)).tags.push('living_alone');
      break;
    }
    case 'elder_couple': {
      const g = maleHead(0.85);
      const head = add('head', g, elderAge(random));
      const spouse = add('spouse', other(g), Math.max(58, spouseAge(random, head.age, g)));
      head.tags.push('empty_nest');
      if (spouse.age >= 60) spouse.tags.push('empty_nest');
      break;
    }
    case 'single':
      add('head', maleHead(0.56), adultAge(random, 18, 59));
      break;
    case 'couple': {
      const g = maleHead(0.75);
      const head = add('head', g, adultAge(random, 22, 59));
      add('spouse', other(g), spouseAge(random, head.age, g));
      break;
    }
    case 'couple_child':
    case 'couple_two_children': {
      const g = maleHead(0.75);
      const head = add('head', g, adultAge(random, 27, 60));
      add('spouse', other(g), spouseAge(random, head.age, g));
      const first = add('child', maleHead(0.52), childAge(random, head.age));
      if (kind === 'couple_two_children') add('child', maleHead(0.52), Math.max(0, first.age - random.int(1, 8)));
      break;
    }
    case 'three_generations': {
      const g = maleHead(0.8);
      const head = add('head', g, adultAge(random, 28, 55));
      add('spouse', other(g), spouseAge(random, head.age, g));
      const first = add('child', maleHead(0.52), childAge(random, head.age));
      const parentAge = Math.max(60, head.age + random.int(24, 34));
      if (random.chance(0.45)) {
        add('parent', 'male', Math.min(104, parentAge + random.int(0, 4)));
        add('parent', 'female', parentAge);
      } else {
        if (random.chance(0.3)) add('child', maleHead(0.52), Math.max(0, first.age - random.int(1, 8)));
        add('parent', maleHead(0.3), parentAge);
      }
      break;
    }
    case 'grandparents_grandchild': {
      // 留守: the parents work elsewhere; the grandparents bring up the child.
      const g = maleHead(0.8);
      const head = add('head', g, Math.min(80, elderAge(random, 56)));
      add('spouse', other(g), spouseAge(random, head.age, g));
      add('grandchild', maleHead(0.52), random.int(3, 15)).tags.push('left_behind_child');
      break;
    }
    case 'single_parent': {
      const head = add('head', maleHead(0.25), adultAge(random, 26, 55));
      add('child', maleHead(0.52), childAge(random, head.age));
      break;
    }
  }

  for (const m of members) tagPerson(random, m, members.length);
  const lowIncome = random.chance(LOW_INCOME_RATE[kind]);
  if (lowIncome) for (const m of members) m.tags.push('low_income');
  return { kind, members, lowIncome };
}

/** Individual tags, at rates near those of Guangdong's registries for an urban district. */
function tagPerson(random: Random, m: Member, householdSize: number): void {
  const disabledRate = m.age >= 80 ? 0.13 : m.age >= 60 ? 0.06 : 0.013;
  if (random.chance(disabledRate)) m.tags.push('disabled');
  const chronicRate = m.age >= 60 ? 0.2 : m.age >= 40 ? 0.05 : 0.004;
  if (random.chance(chronicRate)) m.tags.push('chronic_illness');
  if (m.gender === 'male' && m.age >= 40 && random.chance(0.03)) m.tags.push('veteran');
  // 特困: no one obliged to support them and no means: lone elders and lone disabled adults.
  if (householdSize === 1 && (m.age >= 60 || m.tags.includes('disabled')) && random.chance(0.035)) m.tags.push('special_hardship');
}
