// The arithmetic of homeowners' votes (Civil Code art. 278, SPC interpretation art. 8-9) and the
// state-machine tables, checked without a database: exact fractions at 2/3, 3/4 and 1/2, the
// head count, and a property test against a brute-force count in plain integers.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { OwnersMatter, TopicAction, TopicStage } from '@linli/contracts';
import { Fraction, cm2ToM2, m2ToCm2 } from '../src/modules/deliberation/fraction.ts';
import { groupElectorate, tallyOwners } from '../src/modules/deliberation/art278.ts';
import { BALLOT_TRANSITIONS, TOPIC_TRANSITIONS, topicActions, topicTransition, type Party } from '../src/modules/deliberation/state-machines.ts';
import { canonicalJson } from '../src/modules/deliberation/results.ts';

const electors = (...areas: number[]) => areas.map((a, i) => ({ key: `e${i}`, areaCm2: BigInt(a) }));
const votes = (...choices: (string | undefined)[]) => new Map(choices.flatMap((c, i) => (c ? [[`e${i}`, c] as [string, string]] : [])));

describe('exact fractions', () => {
  it('reduces, compares and prints exactly', () => {
    assert.equal(new Fraction(6n, 9n).toString(), '2/3');
    assert.ok(new Fraction(2n, 3n).equals(Fraction.parse('4/6')));
    assert.ok(new Fraction(666_666_667n, 1_000_000_000n).gt(new Fraction(2n, 3n)));
    assert.ok(!new Fraction(666_666_666n, 1_000_000_000n).gte(new Fraction(2n, 3n)));
    assert.equal(new Fraction(2n, 3n).percent(2), '66.67');
    assert.equal(new Fraction(1n, 8n).percent(2), '12.50');
    assert.throws(() => new Fraction(1n, 0n));
  });

  it('converts square metres to square centimetres and back without loss', () => {
    assert.equal(m2ToCm2('87.35'), 873_500n);
    assert.equal(m2ToCm2('0.01'), 100n);
    assert.equal(cm2ToM2(873_500n), '87.35');
    assert.equal(cm2ToM2(m2ToCm2('100')), '100.00');
    assert.equal(cm2ToM2(m2ToCm2('0.1') + m2ToCm2('0.2')), '0.30');
  });

  it('writes canonical JSON with sorted keys at every level', () => {
    assert.equal(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: 2 }], c: null } }), '{"a":{"c":null,"d":[2,{"y":2,"z":1}]},"b":1}');
  });
});

describe('art. 278 thresholds', () => {
  it('meets the quorum at exactly 2/3 of area and heads, and not one square centimetre less', () => {
    const at = tallyOwners('other', electors(100, 100, 100), votes('yes', 'yes'));
    assert.equal(at.quorum.area.value.toString(), '2/3');
    assert.equal(at.quorum.heads.value.toString(), '2/3');
    assert.equal(at.quorum.met, true);
    const below = tallyOwners('other', electors(100, 100, 101), votes('yes', 'yes'));
    assert.equal(below.quorum.heads.met, true);
    assert.equal(below.quorum.area.met, false);
    assert.equal(below.outcome, 'quorum_not_met');
  });

  it('approves items (6)-(8) at exactly 3/4 of the participating area and heads', () => {
    for (const matter of ['raise_maintenance_fund', 'alter_or_rebuild', 'change_common_use'] as const) {
      const at = tallyOwners(matter, electors(1, 1, 1, 1), votes('yes', 'yes', 'yes', 'no'));
      assert.equal(at.major, true);
      assert.equal(at.approval.area.value.toString(), '3/4');
      assert.equal(at.outcome, 'approved');
      const below = tallyOwners(matter, electors(1, 1, 1, 1), votes('yes', 'yes', 'yes', 'abstain').set('e2', 'no'));
      assert.equal(below.outcome, 'not_approved');
    }
  });

  it('needs more than 1/2 for every other item: exactly half is not enough', () => {
    for (const matter of OwnersMatter.options.filter((m) => !['raise_maintenance_fund', 'alter_or_rebuild', 'change_common_use'].includes(m))) {
      const half = tallyOwners(matter, electors(1, 1, 1, 1), votes('yes', 'yes', 'no', 'no'));
      assert.equal(half.approval.area.value.toString(), '1/2');
      assert.equal(half.approval.area.met, false, matter);
      assert.equal(half.outcome, 'not_approved');
      assert.equal(tallyOwners(matter, electors(1, 1, 1, 1), votes('yes', 'yes', 'yes', 'no')).outcome, 'approved');
    }
  });

  it('counts abstentions as taking part but not as agreeing', () => {
    const t = tallyOwners('alter_or_rebuild', electors(1, 1, 1), votes('yes', 'yes', 'abstain'));
    assert.equal(t.participatingHeads, 3);
    assert.equal(t.approval.heads.value.toString(), '2/3');
    assert.equal(t.outcome, 'not_approved');
  });

  it('refuses an approval nobody took part in (0/0)', () => {
    const t = tallyOwners('other', electors(1, 1), votes());
    assert.equal(t.approval.met, false);
    assert.equal(t.outcome, 'quorum_not_met');
  });

  it('agrees with a brute-force count in plain integers for any electorate and votes', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ area: fc.integer({ min: 1, max: 2_000_000 }), vote: fc.constantFrom(undefined, 'yes', 'no', 'abstain') }), { minLength: 1, maxLength: 30 }),
        fc.constantFrom(...OwnersMatter.options),
        (rows, matter) => {
          const t = tallyOwners(matter, electors(...rows.map((r) => r.area)), votes(...rows.map((r) => r.vote)));
          const total = rows.reduce((s, r) => s + r.area, 0);
          const part = rows.filter((r) => r.vote);
          const partArea = part.reduce((s, r) => s + r.area, 0);
          const yes = part.filter((r) => r.vote === 'yes');
          const yesArea = yes.reduce((s, r) => s + r.area, 0);
          // Cross-multiplied, in integers: partArea/total >= 2/3 <=> 3*partArea >= 2*total.
          const quorum = 3 * partArea >= 2 * total && 3 * part.length >= 2 * rows.length;
          const major = ['raise_maintenance_fund', 'alter_or_rebuild', 'change_common_use'].includes(matter);
          const approve = part.length > 0 && (major ? 4 * yesArea >= 3 * partArea && 4 * yes.length >= 3 * part.length : 2 * yesArea > partArea && 2 * yes.length > part.length);
          assert.equal(t.quorum.met, quorum);
          assert.equal(t.outcome, !quorum ? 'quorum_not_met' : approve ? 'approved' : 'not_approved');
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('head count (SPC interpretation art. 9)', () => {
  const unit = (id: string, areaCm2: bigint, owners: string[] | 'developer') => ({
    id, label: id, areaCm2, ownerType: owners === 'developer' ? ('developer' as const) : ('persons' as const), developerName: owners === 'developer' ? '开发商' : null,
    owners: owners === 'developer' ? [] : owners.map((p) => ({ personId: p, name: p })),
  });

  it('counts one per unit, one per buyer of several units, one for the developer, one per co-owned unit', () => {
    const heads = groupElectorate([
      unit('101', 800_000n, ['p']),
      unit('102', 900_000n, ['r']),
      unit('201', 605_000n, ['r']),
      unit('202', 702_500n, ['q', 'p']),
      unit('301', 1_000_000n, 'developer'),
      unit('302', 1_000_000n, 'developer'),
    ]);
    assert.equal(heads.length, 4);
    const byLabel = new Map(heads.map((h) => [h.unitLabels.join(','), h]));
    assert.equal(byLabel.get('102,201')!.areaCm2, 1_505_000n);
    assert.equal(byLabel.get('301,302')!.kind, 'developer');
    assert.deepEqual(byLabel.get('202')!.personIds, ['p', 'q']);
    assert.equal(heads.reduce((s, h) => s + h.areaCm2, 0n), 5_007_500n);
  });
});

describe('state machines (tables)', () => {
  const EXPECTED: Record<string, { from: string[]; to: string; by: Party[] }> = {
    open_discussion: { from: ['raised'], to: 'discussing', by: ['manager'] },
    schedule_meeting: { from: ['raised', 'discussing'], to: 'meeting_scheduled', by: ['manager'] },
    start_voting: { from: ['discussing', 'meeting_scheduled'], to: 'voting', by: ['manager'] },
    decide: { from: ['discussing', 'meeting_scheduled', 'voting'], to: 'decided', by: ['manager'] },
    start_work: { from: ['decided'], to: 'being_carried_out', by: ['manager'] },
    finish: { from: ['being_carried_out'], to: 'done', by: ['manager'] },
    withdraw: { from: ['raised', 'discussing'], to: 'withdrawn', by: ['manager', 'raiser'] },
  };

  it('allows exactly the written-down topic transitions, by exactly these parties', () => {
    for (const stage of TopicStage.options) {
      for (const action of TopicAction.options) {
        const t = topicTransition(action, stage);
        const e = EXPECTED[action]!;
        if (e.from.includes(stage)) {
          assert.ok(t, `${action} from ${stage}`);
          assert.equal(t.to, e.to);
          assert.deepEqual([...t.by].sort(), [...e.by].sort());
        } else assert.equal(t, undefined, `${action} from ${stage} must be refused`);
      }
      for (const party of ['manager', 'raiser'] as Party[]) {
        const expected = TopicAction.options.filter((a) => EXPECTED[a]!.from.includes(stage) && EXPECTED[a]!.by.includes(party));
        assert.deepEqual(topicActions(stage, new Set([party])).sort(), expected.sort());
      }
    }
    assert.equal(TOPIC_TRANSITIONS.length, Object.keys(EXPECTED).length);
  });

  it('lets the clock open and close ballots, and staff close or cancel them', () => {
    assert.deepEqual(
      BALLOT_TRANSITIONS.map((t) => `${t.action}:${t.from.join('|')}->${t.to} by ${[...t.by].sort().join('|')}`),
      ['open:scheduled->open by system', 'close:open->closed by manager|system', 'cancel:scheduled|open->cancelled by manager'],
    );
  });
});
