// Counting a ballot, as pure functions of its roll and votes: tallies per option, the owners'
// panel (art278.ts), and the frozen result record with its canonical JSON and SHA-256 digest.
import crypto from 'node:crypto';
import type { OwnersMatter, OwnersPanel, Threshold } from '@linli/contracts';
import { type ThresholdCheck, tallyOwners } from './art278.ts';
import { Fraction, cm2ToM2 } from './fraction.ts';

export interface ElectorLike {
  electorKey: string;
  label: string;
  areaCm2: number | null;
}
export interface VoteLike {
  electorKey: string;
  choices: string[];
  method: string;
}

/** JSON with object keys sorted at every level and no spacing: the text the digest is taken of. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export const sha256 = (text: string) => crypto.createHash('sha256').update(text, 'utf8').digest('hex');

function threshold(c: ThresholdCheck): Threshold {
  return { value: { num: c.value.num.toString(), den: c.value.den.toString(), percent: c.value.percent(2) }, threshold: c.threshold.toString(), rule: c.rule, met: c.met };
}

/** An exact ratio of two counts for display ("7/9", 77.78 %); 0/0 stays 0/0. */
function ratio(num: bigint, den: bigint) {
  if (den === 0n) return { num: '0', den: '0', percent: '0.00' };
  return { num: num.toString(), den: den.toString(), percent: new Fraction(num, den).percent(2) };
}

/** The owners' panel; while results are hidden only the quorum (which is turnout) is shown. */
export function ownersPanel(matter: OwnersMatter, electors: readonly ElectorLike[], votes: readonly VoteLike[], visible: boolean): OwnersPanel {
  const choice = new Map(votes.map((v) => [v.electorKey, v.choices[0]!]));
  const t = tallyOwners(matter, electors.map((e) => ({ key: e.electorKey, areaCm2: BigInt(e.areaCm2 ?? 0) })), choice);
  return {
    matter,
    major: t.major,
    totalAreaM2: cm2ToM2(t.totalAreaCm2),
    totalHeads: t.totalHeads,
    participatingAreaM2: cm2ToM2(t.participatingAreaCm2),
    participatingHeads: t.participatingHeads,
    quorum: { area: threshold(t.quorum.area), heads: threshold(t.quorum.heads), met: t.quorum.met },
    approval: visible ? { yesAreaM2: cm2ToM2(t.yesAreaCm2), yesHeads: t.yesHeads, area: threshold(t.approval.area), heads: threshold(t.approval.heads), met: t.approval.met } : null,
    outcome: visible ? t.outcome : t.quorum.met ? null : 'quorum_not_met',
  };
}

export function tallies(b: { kind: string; options: { id: string }[] }, electors: readonly ElectorLike[], votes: readonly VoteLike[]) {
  const area = new Map(electors.map((e) => [e.electorKey, BigInt(e.areaCm2 ?? 0)]));
  return b.options.map((o) => {
    const mine = votes.filter((v) => v.choices.includes(o.id));
    return {
      optionId: o.id,
      votes: mine.length,
      areaM2: b.kind === 'owners' ? cm2ToM2(mine.reduce((s, v) => s + (area.get(v.electorKey) ?? 0n), 0n)) : null,
    };
  });
}

export interface BallotForResult {
  id: string;
  title: string;
  kind: string;
  matter: string | null;
  areaId: string;
  areaName: string;
  opensAt: Date;
  closesAt: Date;
  closedAt: Date;
  secrecy: string;
  options: { id: string; label: string }[];
  maxChoices: number;
}

/** The frozen record: what was asked, of whom, the counts, the exact fractions and the decision. */
export function resultRecord(b: BallotForResult, electors: readonly ElectorLike[], votes: readonly VoteLike[]): Record<string, unknown> {
  const counted = tallies(b, electors, votes);
  const labels = new Map(electors.map((e) => [e.electorKey, e.label]));
  const record: Record<string, unknown> = {
    ballot: { id: b.id, title: b.title, kind: b.kind, matter: b.matter, areaId: b.areaId, areaName: b.areaName, opensAt: b.opensAt.toISOString(), closesAt: b.closesAt.toISOString(), closedAt: b.closedAt.toISOString(), secrecy: b.secrecy, maxChoices: b.maxChoices },
    options: b.options,
    turnout: { eligible: electors.length, voted: votes.length, fraction: ratio(BigInt(votes.length), BigInt(electors.length)) },
    tallies: counted,
    // Secret ballots publish who took part, never how; open ballots publish each elector's vote.
    voters: b.secrecy === 'open' ? votes.map((v) => ({ key: v.electorKey, label: labels.get(v.electorKey) ?? '', choices: v.choices, method: v.method })) : votes.map((v) => v.electorKey),
  };
  if (b.kind === 'owners') {
    const panel = ownersPanel(b.matter as OwnersMatter, electors, votes, true);
    record.owners = panel;
    record.decision = panel.outcome;
  } else if (b.kind === 'yes_no') {
    const yes = counted.find((t) => t.optionId === 'yes')!.votes;
    // Ordinary community ballots: more than half of those taking part (abstentions included) say yes.
    record.decision = votes.length > 0 && new Fraction(BigInt(yes), BigInt(votes.length)).gt(new Fraction(1n, 2n)) ? 'approved' : 'not_approved';
  } else {
    const top = Math.max(0, ...counted.map((t) => t.votes));
    record.decision = { leading: top === 0 ? [] : counted.filter((t) => t.votes === top).map((t) => t.optionId) };
  }
  return record;
}

/** The record, its canonical text and digest, ready to freeze. */
export function sealResult(b: BallotForResult, electors: readonly ElectorLike[], votes: readonly VoteLike[]) {
  const result = resultRecord(b, electors, votes);
  const canonical = canonicalJson(result);
  return { result, canonical, digest: sha256(canonical) };
}
