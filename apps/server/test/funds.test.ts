// Community mutual-aid funds: donations with the charity's 1:2 match up to the cap, a double-entry
// ledger that balances after every operation (concurrent donations and approvals included), two
// different approvers who are neither the applicant nor of their household, the public report that
// names nobody in need, scope, and bad input refused with nothing written.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { chinaToday } from '@linli/contracts';
import { TEST_DB, type TestApp, type Client, expectProblem, startTestApp } from './helpers.ts';

describe(`funds (${TEST_DB})`, () => {
  let t: TestApp;
  let admin: Client;
  let community: Client;
  let tapo: { id: string; name: string };
  let fund: any;
  let receipt = 0;
  const today = chinaToday();
  const nextReceipt = () => `T-${Date.now().toString(36)}-${++receipt}`;

  /** The ledger as the database holds it: every entry balances, and the books agree with the figures. */
  async function assertBalanced(fundId = fund.id) {
    const ledger = await community.json(`/api/funds/${fundId}/ledger`);
    assert.equal(ledger.totalDebitFen, ledger.totalCreditFen, 'debits equal credits');
    assert.equal(ledger.unbalancedEntries, 0);
    assert.equal(ledger.balanced, true);
    const { rows } = await sql<{ n: number }>`select count(*) as n from (select entry_id from fund_journal_lines group by entry_id having sum(debit_fen) <> sum(credit_fen) or count(*) < 2) x`.execute(t.db.q);
    assert.equal(Number(rows[0]!.n), 0, 'no unbalanced entry anywhere');
    const f = await community.json(`/api/funds/${fundId}`);
    const b = f.balances;
    assert.equal(b.cashFen - b.payableFen, b.donatedFen + b.matchedFen - b.grantedFen, 'cash less promises = income less grants');
    assert.ok(b.availableFen >= 0, 'never promised more than it holds');
    assert.ok(b.cashFen >= 0);
    return f;
  }

  async function counts() {
    const n = async (table: 'fund_donations' | 'fund_journal_entries' | 'fund_applications' | 'fund_application_approvals') =>
      Number((await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(t.db.q)).rows[0]!.n);
    return { donations: await n('fund_donations'), entries: await n('fund_journal_entries'), applications: await n('fund_applications'), approvals: await n('fund_application_approvals') };
  }

  /** Set the fund's cap so that exactly `left` fen of match remain in this period. */
  async function leaveMatch(left: number, extra: Record<string, unknown> = {}) {
    const f = await community.json(`/api/funds/${fund.id}`);
    const res = await admin.patch(`/api/funds/${fund.id}`, { matchNum: 2, matchDen: 1, capPeriod: 'year', ...extra, matchCapFen: f.matchUsedFen + left });
    assert.equal(res.statusCode, 200, res.body);
    return res.json();
  }

  const donate = (who: Client, amountFen: unknown, more: Record<string, unknown> = {}) =>
    who.post(`/api/funds/${fund.id}/donations`, { donorKind: 'person', donorName: '陈伯', amountFen, donatedOn: today, receiptNo: nextReceipt(), ...more });

  /** Residents of Tapo with no application in progress. */
  async function residents(n: number, skip: string[] = []) {
    const page = await community.json('/api/persons?pageSize=200&status=active');
    const busy = new Set((await sql<{ pid: string }>`select person_id as pid from fund_applications where status in ('submitted','reviewed','approved')`.execute(t.db.q)).rows.map((r) => r.pid));
    const free = page.items.filter((p: { id: string }) => !busy.has(p.id) && !skip.includes(p.id));
    assert.ok(free.length >= n, 'enough residents in the test community');
    return free.slice(0, n) as { id: string; name: string; householdId: string }[];
  }

  async function reviewed(personId: string, recommendedFen: number, requestedFen = recommendedFen) {
    const created = await community.post(`/api/funds/${fund.id}/applications`, { personId, category: 'illness', reason: '突发重病，医疗费用负担重', requestedFen });
    assert.equal(created.statusCode, 201, created.body);
    const app = created.json();
    const res = await community.post(`/api/fund-applications/${app.id}/review`, { decision: 'forward', recommendedFen, note: '情况属实' });
    assert.equal(res.statusCode, 200, res.body);
    return res.json();
  }

  before(async () => {
    t = await startTestApp();
    admin = await t.login('admin');
    community = await t.login('community');
    [tapo] = (await community.json('/api/areas/root')).items;
    const existing = (await community.json('/api/funds')).items.find((f: { communityId: string }) => f.communityId === tapo.id);
    fund = existing ?? (await admin.post('/api/funds', { communityId: tapo.id, matchCapFen: 50_000_000 })).json();
    assert.ok(fund?.id, 'Tapo has a fund');
    for (const username of ['grid', 'street', 'provider']) {
      const res = await community.post(`/api/funds/${fund.id}/committee`, { username, role: 'member' });
      assert.equal(res.statusCode, 200, res.body);
    }
  });
  after(() => t.close());

  it('records a donation with the district charity\'s 1:2 match, and the ledger balances', async () => {
    await leaveMatch(10_000_000);
    const before = (await community.json(`/api/funds/${fund.id}`)).balances;
    const res = await donate(community, 100_000, { donorName: '何志强', receiptNo: 'LS-2026-0001' });
    assert.equal(res.statusCode, 201, res.body);
    assert.equal(res.json().amountFen, 100_000);
    assert.equal(res.json().matchedFen, 200_000, 'the charity adds twice the donation');
    const f = await assertBalanced();
    assert.equal(f.balances.donatedFen - before.donatedFen, 100_000);
    assert.equal(f.balances.matchedFen - before.matchedFen, 200_000);
    assert.equal(f.balances.cashFen - before.cashFen, 300_000);
    const ledger = await community.json(`/api/funds/${fund.id}/ledger`);
    const [match, gift] = ledger.entries;
    assert.equal(match.kind, 'match');
    assert.deepEqual(match.lines, [{ account: 'cash', debitFen: 200_000, creditFen: 0 }, { account: 'charity_match', debitFen: 0, creditFen: 200_000 }]);
    assert.equal(gift.kind, 'donation');
  });

  it('matches at a configured ratio, rounding down to the fen', async () => {
    await leaveMatch(10_000_000, { matchNum: 1, matchDen: 3 });
    const res = await donate(community, 1_000, { donorKind: 'organisation', donorName: '塔坡街坊商会' });
    assert.equal(res.statusCode, 201, res.body);
    assert.equal(res.json().matchedFen, 333);
    await leaveMatch(10_000_000);
    await assertBalanced();
  });

  it('stops matching at the cap for the period', async () => {
    await leaveMatch(30_000);
    const a = (await donate(community, 10_000)).json();
    const b = (await donate(community, 10_000)).json();
    const c = (await donate(community, 5_000)).json();
    assert.deepEqual([a.matchedFen, b.matchedFen, c.matchedFen], [20_000, 10_000, 0]);
    const f = await assertBalanced();
    assert.equal(f.matchUsedFen, f.matchCapFen, 'the cap is used up, not exceeded');
  });

  it('keeps the ledger balanced and the cap unbroken under concurrent donations', async () => {
    await leaveMatch(50_000);
    const start = await counts();
    const results = await Promise.all(Array.from({ length: 12 }, () => donate(community, 10_000)));
    for (const r of results) assert.equal(r.statusCode, 201, r.body);
    const matched = results.reduce((n, r) => n + r.json().matchedFen, 0);
    assert.equal(matched, 50_000, 'exactly the cap was matched');
    const f = await assertBalanced();
    assert.equal(f.matchUsedFen, f.matchCapFen);
    assert.equal((await counts()).donations - start.donations, 12);
  });

  it('refuses negative, zero and fractional-fen amounts, a future date and a reused receipt, writing nothing', async () => {
    await leaveMatch(10_000_000);
    const start = await counts();
    for (const amountFen of [-100, 0, 12.5, '100', 1e13]) {
      const body = expectProblem(await donate(community, amountFen), 400, 'validation.failed');
      assert.ok(body.fields.some((f: { path: string }) => f.path === 'body.amountFen'), JSON.stringify(body));
    }
    const future = new Date(Date.parse(`${today}T00:00:00Z`) + 86400_000).toISOString().slice(0, 10);
    const body = expectProblem(await donate(community, 100, { donatedOn: future }), 400);
    assert.equal(body.fields[0].path, 'donatedOn');
    expectProblem(await donate(community, 100, { receiptNo: 'LS-2026-0001' }), 409, 'donation.duplicate_receipt');
    assert.deepEqual(await counts(), start);
    await assertBalanced();
  });

  it('takes an application through review, two different approvers and payment', async () => {
    await donate(community, 500_000);
    const resident = await t.login('resident');
    const created = await resident.post(`/api/funds/${fund.id}/applications`, { category: 'hardship', reason: '独居长者，房屋漏水维修费用', requestedFen: 300_000 });
    assert.equal(created.statusCode, 201, created.body);
    const app = created.json();
    assert.equal(app.status, 'submitted');
    expectProblem(await (await t.login('grid')).post(`/api/fund-applications/${app.id}/review`, { decision: 'forward', recommendedFen: 200_000 }), 403, 'application.review_forbidden');
    expectProblem(await community.post(`/api/fund-applications/${app.id}/review`, { decision: 'forward', recommendedFen: 400_000 }), 400);
    const rev = await community.post(`/api/fund-applications/${app.id}/review`, { decision: 'forward', recommendedFen: 200_000, note: '入户核实' });
    assert.equal(rev.json().status, 'reviewed');

    const before = (await community.json(`/api/funds/${fund.id}`)).balances;
    const grid = await t.login('grid');
    const first = await grid.post(`/api/fund-applications/${app.id}/decision`, { decision: 'approve', note: '同意' });
    assert.equal(first.statusCode, 200, first.body);
    assert.equal(first.json().status, 'reviewed', 'one approval is not enough');
    expectProblem(await grid.post(`/api/fund-applications/${app.id}/decision`, { decision: 'approve' }), 409, 'application.already_decided_by_you');
    expectProblem(await (await t.login('community2')).post(`/api/fund-applications/${app.id}/decision`, { decision: 'approve' }), 404);
    expectProblem(await community.post(`/api/fund-applications/${app.id}/decision`, { decision: 'approve' }), 403, 'application.not_committee');
    assert.equal((await community.json(`/api/funds/${fund.id}`)).balances.grantedFen, before.grantedFen, 'nothing granted yet');

    const second = await (await t.login('street')).post(`/api/fund-applications/${app.id}/decision`, { decision: 'approve' });
    assert.equal(second.statusCode, 200, second.body);
    assert.equal(second.json().status, 'approved');
    assert.equal(second.json().decisions.length, 2);
    let f = await assertBalanced();
    assert.equal(f.balances.grantedFen - before.grantedFen, 200_000);
    assert.equal(f.balances.payableFen - before.payableFen, 200_000);
    assert.equal(f.balances.availableFen, before.availableFen - 200_000);

    const paid = await community.post(`/api/fund-applications/${app.id}/disburse`, { paidOn: today, method: 'bank_transfer', reference: 'BANK-001' });
    assert.equal(paid.statusCode, 200, paid.body);
    assert.equal(paid.json().status, 'disbursed');
    f = await assertBalanced();
    assert.equal(f.balances.paidOutFen - before.paidOutFen, 200_000);
    assert.equal(f.balances.cashFen, before.cashFen - 200_000);

    const start = await counts();
    expectProblem(await (await t.login('provider')).post(`/api/fund-applications/${app.id}/decision`, { decision: 'approve' }), 409, 'application.closed');
    expectProblem(await community.post(`/api/fund-applications/${app.id}/disburse`, { paidOn: today, method: 'cash' }), 409, 'application.closed');
    assert.deepEqual(await counts(), start, 'nothing written for a closed application');
    const history = (await resident.json(`/api/fund-applications/${app.id}`)).history.map((h: { to: string }) => h.to);
    assert.deepEqual(history, ['submitted', 'reviewed', 'approved', 'disbursed']);
  });

  it('refuses approval by the applicant and by a member of the applicant\'s household', async () => {
    await donate(community, 500_000);
    // The applicant sits on the committee.
    const resident = await t.login('resident');
    assert.equal((await community.post(`/api/funds/${fund.id}/committee`, { username: 'resident' })).statusCode, 200);
    const me = (await resident.json('/api/auth/me')).user;
    const own = await reviewed(me.personId, 50_000);
    expectProblem(await resident.post(`/api/fund-applications/${own.id}/decision`, { decision: 'approve' }), 403, 'application.approver_is_applicant');
    assert.equal((await resident.json(`/api/fund-applications/${own.id}`)).my.decideBlockedReason, 'applicant');
    const committee = await community.delete(`/api/funds/${fund.id}/committee/${me.id}`);
    assert.equal(committee.statusCode, 200, committee.body);
    assert.ok(!committee.json().items.some((m: { userId: string }) => m.userId === me.id));

    // A household of two: one applies, the other has an account and sits on the committee.
    const households = (await community.json(`/api/households?areaId=${tapo.id}&pageSize=200`)).items.filter((h: { memberCount: number }) => h.memberCount >= 2);
    const busy = new Set((await sql<{ pid: string }>`select person_id as pid from fund_applications where status in ('submitted','reviewed','approved')`.execute(t.db.q)).rows.map((r) => r.pid));
    let pair: { id: string }[] | null = null;
    for (const h of households) {
      const members = (await community.json(`/api/households/${h.id}`)).members.filter((m: { status: string; id: string }) => m.status === 'active' && !busy.has(m.id));
      if (members.length >= 2) {
        pair = members;
        break;
      }
    }
    assert.ok(pair, 'a household of two in the test community');
    const relative = await admin.post('/api/admin/users', { username: `kin${Date.now() % 100000}`, displayName: '申请人家属', password: 'kin-password-1', personId: pair[1]!.id });
    assert.equal(relative.statusCode, 201, relative.body);
    assert.equal((await community.post(`/api/funds/${fund.id}/committee`, { username: relative.json().username })).statusCode, 200);
    const kin = await t.login(relative.json().username, 'kin-password-1');
    const theirs = await reviewed(pair[0]!.id, 50_000);
    const start = await counts();
    expectProblem(await kin.post(`/api/fund-applications/${theirs.id}/decision`, { decision: 'approve' }), 403, 'application.approver_in_household');
    expectProblem(await kin.post(`/api/fund-applications/${theirs.id}/decision`, { decision: 'reject' }), 403, 'application.approver_in_household');
    assert.deepEqual(await counts(), start, 'a refused decision writes nothing');

    // Others on the committee still decide it.
    await (await t.login('grid')).post(`/api/fund-applications/${theirs.id}/decision`, { decision: 'approve' });
    const done = await (await t.login('provider')).post(`/api/fund-applications/${theirs.id}/decision`, { decision: 'approve' });
    assert.equal(done.json().status, 'approved');
    await assertBalanced();
  });

  it('keeps the ledger balanced under concurrent approvals and donations, never granting more than it holds', async () => {
    const f0 = await assertBalanced();
    const people = await residents(4);
    // Each grant needs a little over a third of what is available: at most two can be paid for.
    const each = Math.floor(f0.balances.availableFen / 3) + 1;
    const apps = [];
    for (const p of people) apps.push(await reviewed(p.id, each));
    const grid = await t.login('grid');
    const street = await t.login('street');
    for (const a of apps) assert.equal((await grid.post(`/api/fund-applications/${a.id}/decision`, { decision: 'approve' })).statusCode, 200);
    await leaveMatch(0);
    const results = await Promise.all([
      ...apps.map((a) => street.post(`/api/fund-applications/${a.id}/decision`, { decision: 'approve' })),
      donate(community, 1_000),
      donate(community, 2_000),
    ]);
    const approvals = results.slice(0, apps.length);
    const approved = approvals.filter((r) => r.statusCode === 200 && r.json().status === 'approved');
    for (const r of approvals.filter((x) => x.statusCode !== 200)) expectProblem(r, 409, 'fund.insufficient_balance');
    assert.ok(approved.length >= 2 && approved.length <= 3, `${approved.length} approved`);
    const f = await assertBalanced();
    assert.equal(f.balances.grantedFen - f0.balances.grantedFen, approved.length * each);
    assert.ok(f.balances.availableFen >= 0);
    // A refused second approval left the application waiting, with its first approval only.
    const waiting = await Promise.all(apps.map((a) => community.json(`/api/fund-applications/${a.id}`)));
    assert.equal(waiting.filter((a) => a.status === 'reviewed' && a.approvals === 1).length, apps.length - approved.length);
    await leaveMatch(10_000_000);
  });

  it('publishes a monthly report to the community\'s residents that names no applicant', async () => {
    const resident = await t.login('resident');
    const report = await resident.json(`/api/funds/${fund.id}/report`);
    const month = report.months.find((m: { month: string }) => m.month === today.slice(0, 7));
    assert.ok(month, 'this month is in the report');
    assert.ok(month.donatedFen >= 100_000 && month.matchedFen >= 200_000);
    assert.equal(month.balanceFen, report.totals.cashFen, 'the latest month closes on the cash balance');
    assert.ok(report.donors.some((d: { donorName: string; amountFen: number; matchedFen: number }) => d.donorName === '何志强' && d.amountFen === 100_000 && d.matchedFen === 200_000));
    assert.ok(report.aid.length >= 1);
    const text = JSON.stringify(report);
    const names = (await sql<{ name: string; id: string; number: string }>`select p.name, p.id, a.number from fund_applications a join persons p on p.id = a.person_id`.execute(t.db.q)).rows;
    for (const n of names) {
      assert.ok(!text.includes(n.id) && !text.includes(n.number), 'no applicant id or application number in the report');
      assert.ok(!text.includes(`"${n.name}"`), `applicant ${n.name} is not named`);
    }
    expectProblem(await resident.get(`/api/funds/${fund.id}/ledger`), 403, 'fund.ledger_forbidden');
    const mine = await resident.json(`/api/funds/${fund.id}/applications`);
    const me = (await resident.json('/api/auth/me')).user;
    for (const a of mine.items) assert.equal((await resident.json(`/api/fund-applications/${a.id}`)).personId, me.personId, 'a resident sees only their own applications');
  });

  it('keeps each fund to its community: other communities and roles get 404', async () => {
    const other = await t.login('community2');
    expectProblem(await other.get(`/api/funds/${fund.id}`), 404, 'fund.not_found');
    expectProblem(await other.get(`/api/funds/${fund.id}/report`), 404);
    expectProblem(await donate(other, 1_000), 404);
    for (const who of ['department', 'volunteer', 'hotline']) expectProblem(await (await t.login(who)).get(`/api/funds/${fund.id}`), 404);
    const grid = await t.login('grid');
    assert.equal((await grid.get(`/api/funds/${fund.id}/report`)).statusCode, 200);
    expectProblem(await donate(grid, 1_000), 403, 'fund.donation_forbidden');
    const apps = (await community.json(`/api/funds/${fund.id}/applications?pageSize=1`)).items;
    expectProblem(await other.get(`/api/fund-applications/${apps[0].id}`), 404, 'application.not_found');
    expectProblem(await community.patch(`/api/funds/${fund.id}`, { matchNum: 5 }), 403, 'fund.manage_forbidden');
    expectProblem(await admin.post('/api/funds', { communityId: tapo.id, matchCapFen: 1 }), 409, 'fund.exists');
    const official = await t.login('official');
    const all = (await official.json('/api/funds')).items;
    assert.ok(all.length > 100, 'a fund for every community');
    const listed = all.find((f: { id: string }) => f.id === fund.id);
    const single = await official.json(`/api/funds/${fund.id}`);
    assert.deepEqual([listed.balances, listed.matchUsedFen], [single.balances, single.matchUsedFen], 'the list\'s figures are the fund\'s');
  });

  it('refuses an unbalanced journal entry in the database itself', async () => {
    const entryId = '00000000-0000-4000-8000-000000000001';
    const d = (await t.db.q.selectFrom('districts').select('id').executeTakeFirstOrThrow()).id;
    await assert.rejects(
      t.db.tx(async (q) => {
        await q.insertInto('fundJournalEntries').values({ districtId: d, id: entryId, fundId: fund.id, kind: 'donation', refId: entryId, entryDate: today, memo: 'x', createdBy: null }).execute();
        await q.insertInto('fundJournalLines').values([
          { districtId: d, entryId, lineNo: 1, fundId: fund.id, account: 'cash', debitFen: 100, creditFen: 0 },
          { districtId: d, entryId, lineNo: 2, fundId: fund.id, account: 'donations_received', debitFen: 0, creditFen: 99 },
        ]).execute();
      }),
      /does not balance/,
    );
    await assert.rejects(sql`update fund_journal_lines set debit_fen = debit_fen + 1`.execute(t.db.q), /append-only/);
    await assertBalanced();
  });
});
