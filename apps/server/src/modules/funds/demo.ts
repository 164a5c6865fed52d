// Demo mutual-aid funds: one per community, matched 1:2 by the district charity up to 200,000
// yuan a year; half a year of donations to Tapo's fund (and a few elsewhere) by the same rules as
// live ones; Tapo's committee (the street, the grid worker, the family centre's social
// worker); one application paid out, one waiting for its second approval, one for review.
import crypto from 'node:crypto';
import { type Insertable, sql } from 'kysely';
import { chinaToday } from '@linli/contracts';
import type { DemoExtra } from '../demo/extras.ts';
import { DEFAULT_SEED } from '../demo/seed.ts';
import { Random } from '../demo/random.ts';
import { FundBooks, matchFor, periodOf } from './books.ts';
import type { FundDonationsTable, FundJournalEntriesTable, FundJournalLinesTable } from './tables.ts';
import './tables.ts';

const daysBefore = (today: string, n: number) => new Date(Date.parse(`${today}T00:00:00Z`) - n * 86400_000).toISOString().slice(0, 10);
const DONORS = [
  ['person', '何志强'],
  ['person', '梁桂英'],
  ['organisation', '塔坡街坊商会'],
  ['person', '陈伯'],
  ['organisation', '佛山市禅城区祖庙商会'],
  ['person', '黄玉珍'],
  ['organisation', '禅城区启创社会工作服务中心'],
  ['person', '冯国华'],
] as const;

export const fundsDemo: DemoExtra = {
  name: 'mutual-aid funds',
  async seed(db, districtId) {
    const q = db.q;
    if (await q.selectFrom('mutualAidFunds').select('id').where('districtId', '=', districtId).limit(1).executeTakeFirst()) return;
    const random = new Random(DEFAULT_SEED, 'funds');
    const today = chinaToday();
    const books = new FundBooks(db);
    const charity = await q.selectFrom('organisations').select('id').where('districtId', '=', districtId).where('kind', '=', 'charity').executeTakeFirst();
    const communities = await q.selectFrom('areas').select(['id', 'name', 'path']).where('districtId', '=', districtId).where('level', '=', 'community').orderBy('code').execute();
    const funds = communities.map((c) => ({
      districtId,
      id: random.uuid(),
      communityId: c.id,
      areaPath: c.path,
      name: `${c.name}乐善互助基金`,
      charityOrgId: charity?.id ?? null,
      matchNum: 2,
      matchDen: 1,
      matchCapFen: 20_000_000,
      capPeriod: 'year' as const,
    }));
    await q.insertInto('mutualAidFunds').values(funds).execute();
    const tapoIndex = Math.max(0, communities.findIndex((c) => c.name === '塔坡社区'));
    const tapo = funds[tapoIndex]!;

    // Donations and the charity's match, computed by the same rules as books.donate() (ratio,
    // rounding down, the period's cap) and written in batches.
    let receipt = 0;
    const donations: Insertable<FundDonationsTable>[] = [];
    const entries: Insertable<FundJournalEntriesTable>[] = [];
    const lines: Insertable<FundJournalLinesTable>[] = [];
    const used = new Map<string, number>();
    const post = (fundId: string, kind: 'donation' | 'match', refId: string, day: string, memo: string, debit: 'cash', credit: 'donations_received' | 'charity_match', fen: number) => {
      const entryId = crypto.randomUUID();
      entries.push({ districtId, id: entryId, fundId, kind, refId, entryDate: day, memo, createdBy: null });
      lines.push({ districtId, entryId, lineNo: 1, fundId, account: debit, debitFen: fen, creditFen: 0 }, { districtId, entryId, lineNo: 2, fundId, account: credit, debitFen: 0, creditFen: fen });
    };
    const donate = (fund: (typeof funds)[number], daysAgo: number) => {
      const [kind, name] = random.pick(DONORS);
      const amountFen = random.int(2, 50) * 10_000;
      const day = daysBefore(today, daysAgo);
      const period = periodOf(day, fund.capPeriod);
      const key = `${fund.id}:${period}`;
      const matched = Math.max(0, Math.min(matchFor(amountFen, fund.matchNum, fund.matchDen), fund.matchCapFen - (used.get(key) ?? 0)));
      used.set(key, (used.get(key) ?? 0) + matched);
      const id = random.uuid();
      const receiptNo = `DEMO-${String(++receipt).padStart(5, '0')}`;
      donations.push({ districtId, id, fundId: fund.id, donorKind: kind, donorName: name, anonymous: random.chance(0.2), amountFen, matchedFen: matched, matchPeriod: period, donatedOn: day, receiptNo, recordedBy: null });
      post(fund.id, 'donation', id, day, `捐赠 ${receiptNo}`, 'cash', 'donations_received', amountFen);
      if (matched > 0) post(fund.id, 'match', id, day, `慈善会配捐 ${receiptNo}`, 'cash', 'charity_match', matched);
    };
    for (let m = 0; m < 6; m++) for (let k = 0; k < random.int(1, 3); k++) donate(tapo, m * 30 + random.int(1, 28));
    for (const f of funds) if (f !== tapo && random.chance(0.15)) for (let k = 0; k < random.int(1, 3); k++) donate(f, random.int(1, 170));
    for (let i = 0; i < donations.length; i += 500) await q.insertInto('fundDonations').values(donations.slice(i, i + 500)).execute();
    for (let i = 0; i < entries.length; i += 500) await q.insertInto('fundJournalEntries').values(entries.slice(i, i + 500)).execute();
    for (let i = 0; i < lines.length; i += 500) await q.insertInto('fundJournalLines').values(lines.slice(i, i + 500)).execute();

    // Tapo's committee: the street's representative chairs; the grid worker and the family centre's social worker sit on it.
    const users = await q.selectFrom('users').select(['id', 'username']).where('districtId', '=', districtId).where('username', 'in', ['street', 'grid', 'provider', 'community']).execute();
    const user = (name: string) => users.find((u) => u.username === name)?.id;
    const committee = [['street', 'chair'], ['grid', 'member'], ['provider', 'member']] as const;
    for (const [name, role] of committee) if (user(name)) await q.insertInto('fundCommitteeMembers').values({ districtId, fundId: tapo.id, userId: user(name)!, role, addedBy: user('community') ?? null }).execute();
    const staff = user('community');
    if (!staff || !user('grid') || !user('provider')) return;

    // Three residents of Tapo in difficulty (none of them a demo account).
    const people = await q
      .selectFrom('persons as p')
      .select(['p.id', 'p.householdId'])
      .where('p.districtId', '=', districtId)
      .where('p.areaPath', 'like', `${tapo.areaPath}%`)
      .where('p.status', '=', 'active')
      .where(sql<boolean>`not exists (select 1 from users u where u.person_id = p.id)`)
      .orderBy(sql`case when 'low_income' = any(p.tags) or 'special_hardship' = any(p.tags) then 0 else 1 end`)
      .orderBy('p.id')
      .limit(3)
      .execute();
    const names = { street: '祖庙街道干部', grid: '塔坡社区网格员', provider: '社工', community: '塔坡社区工作人员' };
    const stories = [
      ['illness', '家中老人突发中风住院，自付医疗费用较高', 300_000, 'disbursed', 60],
      ['hardship', '独居长者房屋漏水，需维修屋顶', 150_000, 'reviewed', 6],
      ['education', '低保家庭子女升读高中，学杂费有困难', 200_000, 'submitted', 2],
    ] as const;
    for (const [i, p] of people.entries()) {
      const [category, reason, fen, status, ago] = stories[i]!;
      const id = random.uuid();
      const number = `HZ${daysBefore(today, ago).slice(0, 7).replace('-', '')}${String(90000 + i).padStart(5, '0')}`;
      const reviewed = status !== 'submitted';
      await q
        .insertInto('fundApplications')
        .values({ districtId, id, fundId: tapo.id, number, personId: p.id, householdId: p.householdId, category, reason, requestedFen: fen, recommendedFen: reviewed ? fen : null, status, submittedBy: staff, reviewedBy: reviewed ? staff : null, reviewedAt: reviewed ? new Date() : null })
        .execute();
      const steps: [string | null, string, string][] = [[null, 'submitted', names.community]];
      if (reviewed) steps.push(['submitted', 'reviewed', names.community]);
      if (reviewed) await q.insertInto('fundApplicationApprovals').values({ districtId, applicationId: id, approverId: user('grid')!, decision: 'approve', note: '入户核实属实' }).execute();
      if (status === 'disbursed') {
        await q.insertInto('fundApplicationApprovals').values({ districtId, applicationId: id, approverId: user('provider')!, decision: 'approve', note: '同意' }).execute();
        await books.post(districtId, tapo.id, 'grant', id, daysBefore(today, ago - 3), `互助 ${number}`, null, [['aid_granted', fen, 0], ['aid_payable', 0, fen]]);
        const disbursementId = crypto.randomUUID();
        await q.insertInto('fundDisbursements').values({ districtId, id: disbursementId, fundId: tapo.id, applicationId: id, amountFen: fen, paidOn: daysBefore(today, ago - 5), method: 'bank_transfer', reference: 'DEMO-PAY-1', recordedBy: staff }).execute();
        await books.post(districtId, tapo.id, 'disbursement', disbursementId, daysBefore(today, ago - 5), `支付 ${number}`, null, [['aid_payable', fen, 0], ['cash', 0, fen]]);
        steps.push(['reviewed', 'approved', names.provider], ['approved', 'disbursed', names.community]);
      }
      for (const [from, to, actorName] of steps) await q.insertInto('fundApplicationHistory').values({ districtId, applicationId: id, fromStatus: from, toStatus: to, actorName, actorId: null, note: '' }).execute();
    }
  },
};
