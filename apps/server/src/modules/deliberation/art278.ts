// Homeowners' votes under PRC Civil Code art. 278 and the Supreme People's Court interpretation on
// building distinct ownership (法释〔2009〕7号, art. 8-9), in exact rational arithmetic.
//
// - The electorate is the owners of the property units (专有部分) in the ballot's area.
// - Heads: one unit counts as one owner; a buyer owning several units counts as one; the
//   developer's unsold or undelivered units count as one (SPC interpretation art. 9). Co-owners
//   of one unit are one owner. Area: each unit's exclusive floor area as registered (art. 8).
// - Quorum (art. 278 para. 2): owners holding at least 2/3 of the exclusive area AND at least
//   2/3 of all owners take part.
// - Approval: items (6)-(8) need at least 3/4 of the participating area AND at least 3/4 of the
//   participating owners; every other item more than 1/2 of both. "以上" includes the figure
//   itself (Civil Code art. 1259); "过半数" does not.
import { MAJOR_MATTERS, type OwnersMatter, type OwnersOutcome } from '@linli/contracts';
import { Fraction } from './fraction.ts';

export const QUORUM = new Fraction(2n, 3n);
export const MAJOR_APPROVAL = new Fraction(3n, 4n);
export const ORDINARY_APPROVAL = new Fraction(1n, 2n);

export interface UnitForElectorate {
  id: string;
  label: string;
  areaCm2: bigint;
  ownerType: 'persons' | 'developer';
  developerName: string | null;
  owners: { personId: string; name: string }[];
}

export interface OwnerElector {
  key: string;
  kind: 'owners' | 'developer';
  personIds: string[];
  label: string;
  unitLabels: string[];
  areaCm2: bigint;
}

/** Group units into heads: same owner set (one buyer, or the same co-owners) = one head; the developer = one head. */
export function groupElectorate(units: readonly UnitForElectorate[]): OwnerElector[] {
  const byKey = new Map<string, OwnerElector>();
  for (const u of units) {
    let key: string;
    let base: Omit<OwnerElector, 'unitLabels' | 'areaCm2'>;
    if (u.ownerType === 'developer') {
      const name = u.developerName ?? '';
      key = `developer:${name}`;
      base = { key, kind: 'developer', personIds: [], label: name };
    } else {
      const owners = [...u.owners].sort((a, b) => (a.personId < b.personId ? -1 : 1));
      key = `owners:${owners.map((o) => o.personId).join('+')}`;
      base = { key, kind: 'owners', personIds: owners.map((o) => o.personId), label: owners.map((o) => o.name).join('、') };
    }
    const e = byKey.get(key) ?? { ...base, unitLabels: [], areaCm2: 0n };
    e.unitLabels.push(u.label);
    e.areaCm2 += u.areaCm2;
    byKey.set(key, e);
  }
  return [...byKey.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

export interface ThresholdCheck {
  value: Fraction;
  threshold: Fraction;
  rule: 'at_least' | 'more_than';
  met: boolean;
}

function check(num: bigint, den: bigint, threshold: Fraction, rule: 'at_least' | 'more_than'): ThresholdCheck {
  // Nobody taking part cannot approve anything: 0/0 is shown as 0 and never meets a threshold.
  if (den === 0n) return { value: new Fraction(0n), threshold, rule, met: false };
  const value = new Fraction(num, den);
  return { value, threshold, rule, met: rule === 'at_least' ? value.gte(threshold) : value.gt(threshold) };
}

export interface OwnersTally {
  major: boolean;
  totalAreaCm2: bigint;
  totalHeads: number;
  participatingAreaCm2: bigint;
  participatingHeads: number;
  yesAreaCm2: bigint;
  yesHeads: number;
  quorum: { area: ThresholdCheck; heads: ThresholdCheck; met: boolean };
  approval: { area: ThresholdCheck; heads: ThresholdCheck; met: boolean };
  outcome: OwnersOutcome;
}

export function isMajorMatter(matter: OwnersMatter): boolean {
  return MAJOR_MATTERS.includes(matter);
}

/** The tally of an owners' ballot; every elector with a vote (yes, no or abstain) takes part. */
export function tallyOwners(matter: OwnersMatter, electors: readonly { key: string; areaCm2: bigint }[], votes: ReadonlyMap<string, string>): OwnersTally {
  const major = isMajorMatter(matter);
  let totalAreaCm2 = 0n;
  let participatingAreaCm2 = 0n;
  let yesAreaCm2 = 0n;
  let participatingHeads = 0;
  let yesHeads = 0;
  for (const e of electors) {
    totalAreaCm2 += e.areaCm2;
    const choice = votes.get(e.key);
    if (choice === undefined) continue;
    participatingHeads++;
    participatingAreaCm2 += e.areaCm2;
    if (choice === 'yes') {
      yesHeads++;
      yesAreaCm2 += e.areaCm2;
    }
  }
  const totalHeads = electors.length;
  const qArea = check(participatingAreaCm2, totalAreaCm2, QUORUM, 'at_least');
  const qHeads = check(BigInt(participatingHeads), BigInt(totalHeads), QUORUM, 'at_least');
  const threshold = major ? MAJOR_APPROVAL : ORDINARY_APPROVAL;
  const rule = major ? 'at_least' : 'more_than';
  const aArea = check(yesAreaCm2, participatingAreaCm2, threshold, rule);
  const aHeads = check(BigInt(yesHeads), BigInt(participatingHeads), threshold, rule);
  const quorumMet = qArea.met && qHeads.met;
  const approvalMet = aArea.met && aHeads.met;
  return {
    major,
    totalAreaCm2,
    totalHeads,
    participatingAreaCm2,
    participatingHeads,
    yesAreaCm2,
    yesHeads,
    quorum: { area: qArea, heads: qHeads, met: quorumMet },
    approval: { area: aArea, heads: aHeads, met: approvalMet },
    outcome: !quorumMet ? 'quorum_not_met' : approvalMet ? 'approved' : 'not_approved',
  };
}
