// Lending between neighbours: the written-down state machine, cell by cell, in code and through
// HTTP; overlapping reservations impossible under parallel requests; deposits taken and settled;
// overdue loans and reminders; the waitlist and its promotion; extensions refused when a
// reservation follows; the hut keeper's check-in and check-out; bad input; scope by community.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { type LoanAction, type LoanParty, type LoanStatus, LoanStatus as LoanStatusEnum, LoanAction as LoanActionEnum, LoanParty as LoanPartyEnum, chinaToday } from '@linli/contracts';
import { LOAN_TRANSITIONS, FINAL, allowed, transition, addDays } from '../src/modules/sharing/lending.ts';
import { TEST_DB, type TestApp, type Client, expectProblem, startTestApp } from './helpers.ts';
import { png, upload } from './smart-grid.ts';

/** Log several demo users in at once, typed one Client per name. */
async function loginAll<const N extends readonly string[]>(t: TestApp, names: N): Promise<{ [K in keyof N]: Client }> {
  return (await Promise.all(names.map((u) => t.login(u)))) as { [K in keyof N]: Client };
}

const STATES = LoanStatusEnum.options;
const ACTIONS = LoanActionEnum.options;
const PARTIES = LoanPartyEnum.options;

describe('the lending state machine (table)', () => {
  it('allows exactly the written-down cells, for every state, action and party', () => {
    let cells = 0;
    for (const from of [null, ...STATES] as (LoanStatus | null)[]) {
      for (const action of ACTIONS) {
        for (const party of PARTIES) {
          const listed = LOAN_TRANSITIONS.some((t) => t.from === from && t.action === action && t.by.includes(party));
          assert.equal(allowed(from, action, [party]), listed, `${from} --${action}--> by ${party}`);
          cells++;
        }
      }
    }
    assert.equal(cells, (STATES.length + 1) * ACTIONS.length * PARTIES.length);
  });

  it('has one target per (state, action), no way out of a final state, and every state reachable', () => {
    const seen = new Set<string>();
    for (const t of LOAN_TRANSITIONS) {
      const key = `${t.from}:${t.action}`;
      assert.ok(!seen.has(key), `one row for ${key}`);
      seen.add(key);
    }
    for (const f of FINAL) assert.ok(!LOAN_TRANSITIONS.some((t) => t.from === f), `${f} is final`);
    const reach = new Set<string | null>([null]);
    for (let changed = true; changed; ) {
      changed = false;
      for (const t of LOAN_TRANSITIONS) if (reach.has(t.from) && !reach.has(t.to)) (reach.add(t.to), (changed = true));
    }
    for (const s of STATES) assert.ok(reach.has(s), `${s} is reachable`);
  });

  it('leaves the clock\'s moves to the system and hand-overs to whoever holds the item', () => {
    for (const a of ['promote', 'expire', 'mark_overdue'] as LoanAction[]) for (const t of LOAN_TRANSITIONS.filter((x) => x.action === a)) assert.deepEqual(t.by, ['system']);
    for (const t of LOAN_TRANSITIONS.filter((x) => x.action === 'pick_up' || x.action === 'return')) assert.deepEqual([...t.by].sort(), ['keeper', 'lender']);
    assert.equal(transition('picked_up', 'cancel'), undefined, 'a loan out cannot be cancelled, only returned');
    assert.ok(!allowed('held', 'pick_up', ['borrower']), 'a borrower cannot declare the hand-over alone');
  });
});

describe(`lending (${TEST_DB})`, () => {
  let t: TestApp;
  let lender: Client; // the demo resident, lending from home
  let neighbour: Client;
  let grid: Client; // a grid worker of Tapo borrowing for the grid office
  let staff: Client;
  let keeper: Client; // the Tapo hut's keeper
  let outsider: Client; // Lihao's staff
  let hut: { id: string };
  const today = chinaToday();
  const day = (n: number) => addDays(today, n);
  let seq = 0;

  async function listItem(by: Client, body: Record<string, unknown> = {}) {
    const res = await by.post('/api/share-items', { title: `测试物品${++seq}`, category: 'tools', depositFen: 0, maxDays: 7, ...body });
    assert.equal(res.statusCode, 201, res.body);
    return res.json();
  }
  async function reserve(by: Client, itemId: string, startsOn = today, endsOn = day(1), extra: Record<string, unknown> = {}) {
    return by.post('/api/loans', { itemId, startsOn, endsOn, ...extra });
  }
  async function reserved(by: Client, itemId: string, startsOn = today, endsOn = day(1)) {
    const res = await reserve(by, itemId, startsOn, endsOn);
    assert.equal(res.statusCode, 201, res.body);
    return res.json();
  }
  const ok = async (res: Promise<{ statusCode: number; body: string; json: () => any }>) => {
    const r = await res;
    assert.equal(r.statusCode, 200, r.body);
    return r.json();
  };
  const sweep = () => ok(staff.post('/api/sharing/sweep'));

  before(async () => {
    t = await startTestApp();
    [lender, neighbour, grid, staff, keeper, outsider] = await loginAll(t, ['resident', 'neighbour', 'grid', 'community', 'volunteer', 'community2']);
    const huts = (await staff.json('/api/huts')).items;
    hut = huts[0];
    assert.ok(hut, 'Tapo has a hut');
    assert.ok(huts.every((h: { communityName: string }) => h.communityName === '塔坡社区'), 'staff see their community\'s huts only');
  });
  after(() => t.close());

  /** A fresh loan in a given state, on a fresh item of the lender's kept at home. */
  async function loanIn(state: LoanStatus): Promise<{ id: string; itemId: string }> {
    const item = await listItem(lender);
    if (state === 'waitlisted') {
      await reserved(grid, item.id);
      const w = await reserve(neighbour, item.id, today, day(1), { waitlist: true });
      assert.equal(w.statusCode, 201, w.body);
      return { id: w.json().id, itemId: item.id };
    }
    const loan = await reserved(neighbour, item.id);
    if (state === 'held') return { id: loan.id, itemId: item.id };
    if (state === 'cancelled') return (await ok(neighbour.post(`/api/loans/${loan.id}/cancel`))), { id: loan.id, itemId: item.id };
    if (state === 'expired') {
      await sql`update loans set starts_on = ${day(-3)}, ends_on = ${day(-2)} where id = ${loan.id}`.execute(t.db.q);
      await sweep();
      return { id: loan.id, itemId: item.id };
    }
    await ok(lender.post(`/api/loans/${loan.id}/pick-up`));
    if (state === 'picked_up') return { id: loan.id, itemId: item.id };
    if (state === 'overdue') {
      await sql`update loans set starts_on = ${day(-4)}, ends_on = ${day(-2)} where id = ${loan.id}`.execute(t.db.q);
      await sweep();
      return { id: loan.id, itemId: item.id };
    }
    await ok(lender.post(`/api/loans/${loan.id}/return`, { condition: 'good' }));
    return { id: loan.id, itemId: item.id };
  }

  it('walks every cell of the table through HTTP: allowed moves succeed, others are refused with a reason', async () => {
    const http: { action: LoanAction; path: string; body: Record<string, unknown> }[] = [
      { action: 'cancel', path: 'cancel', body: {} },
      { action: 'pick_up', path: 'pick-up', body: {} },
      { action: 'extend', path: 'extend', body: { endsOn: day(3) } },
      { action: 'return', path: 'return', body: { condition: 'good' } },
    ];
    const who: [LoanParty, () => Client][] = [['borrower', () => neighbour], ['lender', () => lender], ['staff', () => staff]];
    let checked = 0;
    for (const state of STATES) {
      for (const h of http) {
        for (const [party, client] of who) {
          const loan = await loanIn(state);
          assert.equal((await neighbour.json(`/api/loans/${loan.id}`)).status, state);
          const res = await client().post(`/api/loans/${loan.id}/${h.path}`, h.body);
          const t1 = transition(state, h.action);
          if (allowed(state, h.action, [party])) {
            assert.equal(res.statusCode, 200, `${state} ${h.action} by ${party}: ${res.body}`);
            assert.equal(res.json().status, t1!.to);
          } else if (!t1) expectProblem(res, 409, 'loan.invalid_transition');
          else expectProblem(res, 403, `loan.${h.action}_forbidden`);
          checked++;
        }
      }
      // Nobody outside the loan learns it exists.
      const loan = await loanIn(state);
      for (const h of http) expectProblem(await outsider.post(`/api/loans/${loan.id}/${h.path}`, h.body), 404, 'loan.not_found');
    }
    assert.equal(checked, STATES.length * http.length * who.length);
  });

  it('offers each party exactly the actions the table gives them', async () => {
    const loan = await loanIn('held');
    assert.deepEqual((await neighbour.json(`/api/loans/${loan.id}`)).actions, ['cancel']);
    assert.deepEqual((await lender.json(`/api/loans/${loan.id}`)).actions.sort(), ['cancel', 'pick_up']);
    const out = await loanIn('picked_up');
    assert.deepEqual((await neighbour.json(`/api/loans/${out.id}`)).actions, ['extend']);
    assert.deepEqual((await lender.json(`/api/loans/${out.id}`)).actions, ['return']);
    const history = (await neighbour.json(`/api/loans/${out.id}`)).history;
    assert.deepEqual(history.map((h: { action: string }) => h.action), ['reserve', 'pick_up']);
  });

  it('never lets two reservations of one item overlap, whoever sends them in parallel', async () => {
    const drill = await listItem(lender, { title: '电钻', depositFen: 10000 });
    const clients = [neighbour, grid, staff, keeper, neighbour, grid, staff, keeper];
    const results = await Promise.all(clients.map((c, i) => reserve(c, drill.id, day(i % 3), day(2 + (i % 3)))));
    const won = results.filter((r) => r.statusCode === 201);
    assert.equal(won.length, 1, results.map((r) => `${r.statusCode}`).join(','));
    for (const r of results.filter((x) => x.statusCode !== 201)) expectProblem(r, 409, /^loan\.(dates_taken|already_reserved)$/);
    const { rows } = await sql<{ n: number }>`select count(*) as n from loans where item_id = ${drill.id} and status in ('held','picked_up','overdue')`.execute(t.db.q);
    assert.equal(Number(rows[0]!.n), 1);

    // Days that do not touch are all granted, also in parallel.
    const ladder = await listItem(lender, { title: '梯子' });
    const spread = await Promise.all([neighbour, grid, staff].map((c, i) => reserve(c, ladder.id, day(i * 3), day(i * 3 + 1))));
    assert.deepEqual(spread.map((r) => r.statusCode), [201, 201, 201]);
    assert.equal((await neighbour.json(`/api/share-items/${ladder.id}`)).booked.length, 3);
  });

  it('is backed by the database itself on PostgreSQL (an exclusion constraint)', { skip: TEST_DB !== 'postgres' }, async () => {
    const item = await listItem(lender);
    const loan = await reserved(neighbour, item.id, day(1), day(3));
    const { rows } = await sql<{ conname: string }>`select conname from pg_constraint where conname = 'loans_no_overlap'`.execute(t.db.q);
    assert.equal(rows.length, 1);
    await assert.rejects(
      sql`insert into loans (district_id, id, item_id, borrower_user_id, borrower_name, area_path, starts_on, ends_on, status)
          select district_id, gen_random_uuid(), item_id, borrower_user_id, borrower_name, area_path, ${day(3)}, ${day(4)}, 'held' from loans where id = ${loan.id}`.execute(t.db.q),
      (err: { code?: string }) => err.code === '23P01',
    );
  });

  it('takes the deposit at pick-up and settles it at return, keeping only what is explained', async () => {
    const item = await listItem(lender, { title: '投影仪', depositFen: 10000 });
    const loan = await reserved(neighbour, item.id);
    assert.equal(loan.depositFen, 10000);
    assert.equal(loan.depositHeldFen, 0, 'nothing is taken before the hand-over');
    const out = await ok(lender.post(`/api/loans/${loan.id}/pick-up`, { note: '配件齐全' }));
    assert.equal(out.depositHeldFen, 10000);
    assert.equal(out.status, 'picked_up');
    assert.equal(expectProblem(await lender.post(`/api/loans/${loan.id}/return`, { condition: 'fair', withheldFen: 20000, note: '?' }), 400).fields[0].path, 'withheldFen');
    const noNote = expectProblem(await lender.post(`/api/loans/${loan.id}/return`, { condition: 'fair', withheldFen: 3000 }), 400);
    assert.equal(noNote.fields[0].path, 'note');
    expectProblem(await lender.post(`/api/loans/${loan.id}/return`, { condition: 'fair', withheldFen: 10.5 }), 400);
    const back = await ok(lender.post(`/api/loans/${loan.id}/return`, { condition: 'fair', withheldFen: 3000, note: '遥控器丢失' }));
    assert.equal(back.status, 'returned');
    assert.equal(back.depositRefundedFen, 7000);
    assert.equal(back.depositWithheldFen, 3000);
    assert.equal(back.returnCondition, 'fair');
    assert.equal(back.conditionNote, '遥控器丢失');
    assert.equal((await lender.json(`/api/share-items/${item.id}`)).condition, 'fair', 'the item carries the condition it came back in');
    const inbox = (await neighbour.json('/api/notifications')).items;
    assert.ok(inbox.some((n: { title: string }) => n.title.includes('退还押金 70.00元')), 'the borrower hears what is refunded');
  });

  it('marks late loans overdue, reminds the borrower once a day and tells the lender', async () => {
    const item = await listItem(lender, { title: '吸尘器' });
    const loan = await reserved(neighbour, item.id);
    await ok(lender.post(`/api/loans/${loan.id}/pick-up`));
    await sql`update loans set starts_on = ${day(-5)}, ends_on = ${day(-1)} where id = ${loan.id}`.execute(t.db.q);
    const first = await sweep();
    assert.ok(first.overdue >= 1 && first.reminded >= 1);
    assert.equal((await neighbour.json(`/api/loans/${loan.id}`)).status, 'overdue');
    const reminders = async () => (await neighbour.json('/api/notifications?limit=200')).items.filter((n: { kind: string; link: string }) => n.kind === 'sharing.overdue' && n.link === `/sharing/loans/${loan.id}`).length;
    assert.equal(await reminders(), 1);
    assert.ok((await lender.json('/api/notifications')).items.some((n: { kind: string }) => n.kind === 'sharing.overdue'));
    await sweep();
    assert.equal(await reminders(), 1, 'not twice on one day');
    await sql`update loans set last_reminded_on = ${day(-1)} where id = ${loan.id}`.execute(t.db.q);
    await sweep();
    assert.equal(await reminders(), 2, 'again the next day');
    assert.deepEqual((await neighbour.json(`/api/loans/${loan.id}`)).actions, [], 'an overdue loan cannot be extended');
    const back = await ok(lender.post(`/api/loans/${loan.id}/return`, { condition: 'good' }));
    assert.equal(back.status, 'returned');
    expectProblem(await neighbour.post('/api/sharing/sweep'), 403);
  });

  it('queues neighbours on a waitlist and gives the first the days when they come free', async () => {
    const item = await listItem(lender, { title: '帐篷' });
    const first = await reserved(grid, item.id, day(1), day(3));
    const taken = expectProblem(await reserve(neighbour, item.id, day(2), day(4)), 409, 'loan.dates_taken');
    assert.equal(taken.fields[0].path, 'startsOn');
    const waiting = await reserve(neighbour, item.id, day(2), day(4), { waitlist: true });
    assert.equal(waiting.statusCode, 201, waiting.body);
    assert.equal(waiting.json().status, 'waitlisted');
    assert.equal(waiting.json().waitlistPosition, 1);
    const second = (await reserve(staff, item.id, day(2), day(2), { waitlist: true })).json();
    assert.equal(second.waitlistPosition, 2);
    expectProblem(await reserve(neighbour, item.id, day(3), day(3), { waitlist: true }), 409, 'loan.already_reserved');
    assert.equal((await lender.json(`/api/share-items/${item.id}`)).waitlisted, 2);

    await ok(grid.post(`/api/loans/${first.id}/cancel`));
    const promoted = await neighbour.json(`/api/loans/${waiting.json().id}`);
    assert.equal(promoted.status, 'held');
    assert.deepEqual(promoted.history.map((h: { action: string }) => h.action), ['wait', 'promote']);
    assert.equal((await staff.json(`/api/loans/${second.id}`)).status, 'waitlisted', 'the second still overlaps the first in line');
    assert.ok((await neighbour.json('/api/notifications')).items.some((n: { title: string }) => n.title.includes('轮到您了')));
  });

  it('refuses an extension when a reservation follows, and grants it when none does', async () => {
    const item = await listItem(lender, { title: '钓鱼竿', maxDays: 3 });
    const loan = await reserved(neighbour, item.id, today, day(1));
    await ok(lender.post(`/api/loans/${loan.id}/pick-up`));
    await reserved(grid, item.id, day(3), day(4));
    const blocked = expectProblem(await neighbour.post(`/api/loans/${loan.id}/extend`, { endsOn: day(3) }), 409, 'loan.extension_blocked');
    assert.equal(blocked.fields[0].path, 'endsOn');
    const longer = await ok(neighbour.post(`/api/loans/${loan.id}/extend`, { endsOn: day(2) }));
    assert.equal(longer.endsOn, day(2));
    assert.equal(longer.extensions, 1);
    assert.equal(expectProblem(await neighbour.post(`/api/loans/${loan.id}/extend`, { endsOn: day(1) }), 400).fields[0].path, 'endsOn');
    expectProblem(await lender.post(`/api/loans/${loan.id}/extend`, { endsOn: day(2) }), 403, 'loan.extend_forbidden');
    // A neighbour waiting for the days blocks an extension too.
    const other = await listItem(lender, { title: '高压锅' });
    const out = await reserved(neighbour, other.id, today, day(0));
    await ok(lender.post(`/api/loans/${out.id}/pick-up`));
    const waits = await reserve(grid, other.id, today, day(1), { waitlist: true });
    assert.equal(waits.json().status, 'waitlisted', waits.body);
    expectProblem(await neighbour.post(`/api/loans/${out.id}/extend`, { endsOn: day(1) }), 409, 'loan.extension_blocked');
  });

  it('has the hut keeper check items in and out; the owner of a hut item does not hand it over', async () => {
    const item = await listItem(lender, { title: '婴儿推车', keptAt: 'hut', hutId: hut.id, depositFen: 5000 });
    assert.equal(item.keptAt, 'hut');
    assert.equal(item.inHut, false, 'not on the shelf until the keeper checks it in');
    assert.ok((await keeper.json('/api/notifications')).items.some((n: { title: string }) => n.title.includes('婴儿推车')), 'the keeper is asked to check it in');
    const loan = await reserved(neighbour, item.id);
    expectProblem(await keeper.post(`/api/loans/${loan.id}/pick-up`), 409, 'item.not_in_hut');
    expectProblem(await neighbour.post(`/api/share-items/${item.id}/check-in`), 403, 'hut.not_keeper');
    assert.equal((await ok(keeper.post(`/api/share-items/${item.id}/check-in`))).inHut, true);
    expectProblem(await lender.post(`/api/loans/${loan.id}/pick-up`), 403, 'loan.pick_up_forbidden');
    const out = await ok(keeper.post(`/api/loans/${loan.id}/pick-up`));
    assert.equal(out.depositHeldFen, 5000);
    assert.equal((await keeper.json(`/api/share-items/${item.id}`)).inHut, false, 'checked out');
    assert.ok((await keeper.json('/api/loans?role=keeper')).items.some((l: { id: string }) => l.id === loan.id));
    await ok(staff.post(`/api/loans/${loan.id}/return`, { condition: 'good' }));
    assert.equal((await keeper.json(`/api/share-items/${item.id}`)).inHut, true, 'checked back in');
  });

  it('keeps an item\'s photo for those who may see the item', async () => {
    const photo = (await upload(t, lender, png(), 'drill.png', 'image/png')).json();
    const item = await listItem(lender, { title: '有照片的电钻', photoFileId: photo.id });
    assert.equal(item.photoUrl, `/api/files/${photo.id}`);
    assert.equal((await neighbour.get(item.photoUrl)).statusCode, 200);
    expectProblem(await outsider.get(item.photoUrl), 404);
    // A photo is used once: another item cannot take it over.
    assert.equal(expectProblem(await lender.post('/api/share-items', { title: '借用照片', category: 'tools', photoFileId: photo.id }), 400, 'file.not_available').fields[0].path, 'photoFileId');
  });

  it('refuses bad reservations with problem+json naming the field', async () => {
    const item = await listItem(lender, { maxDays: 3 });
    const backwards = expectProblem(await reserve(neighbour, item.id, day(3), day(1)), 400, 'loan.ends_before_start');
    assert.equal(backwards.fields[0].path, 'endsOn');
    const own = expectProblem(await reserve(lender, item.id), 400, 'loan.own_item');
    assert.equal(own.fields[0].path, 'itemId');
    assert.equal(expectProblem(await reserve(neighbour, item.id, day(-1), day(0)), 400).fields[0].path, 'startsOn');
    assert.equal(expectProblem(await reserve(neighbour, item.id, day(0), day(5)), 400, 'loan.too_long').fields[0].path, 'endsOn');
    assert.equal(expectProblem(await reserve(neighbour, item.id, 'tomorrow', day(1)), 400).fields[0].path, 'body.startsOn');
    expectProblem(await reserve(neighbour, '00000000-0000-4000-8000-000000000000'), 404, 'item.not_found');
    assert.equal(expectProblem(await lender.post('/api/share-items', { title: '', category: 'tools' }), 400).fields[0].path, 'body.title');
    assert.equal(expectProblem(await lender.post('/api/share-items', { title: 'x', category: 'tools', depositFen: -1 }), 400).fields[0].path, 'body.depositFen');
    assert.equal(expectProblem(await lender.post('/api/share-items', { title: 'x', category: 'tools', keptAt: 'hut' }), 400).fields[0].path, 'hutId');
    // A withdrawn item takes no reservations, and its holds end.
    const gone = await listItem(lender);
    const hold = await reserved(neighbour, gone.id, day(1), day(1));
    await ok(lender.patch(`/api/share-items/${gone.id}`, { status: 'withdrawn' }));
    assert.equal((await neighbour.json(`/api/loans/${hold.id}`)).status, 'cancelled');
    expectProblem(await reserve(neighbour, gone.id), 409, 'item.withdrawn');
  });

  it('keeps each community\'s items to itself, nearest first for residents', async () => {
    const item = await listItem(lender, { title: '塔坡专用电钻' });
    expectProblem(await outsider.get(`/api/share-items/${item.id}`), 404, 'item.not_found');
    expectProblem(await outsider.post('/api/loans', { itemId: item.id, startsOn: today, endsOn: today }), 404);
    const lihao = (await outsider.json('/api/share-items?pageSize=200')).items;
    assert.ok(lihao.length > 0 && lihao.every((i: { communityName: string }) => i.communityName === '丽豪社区'));
    const mine = (await neighbour.json('/api/share-items?pageSize=200')).items;
    assert.ok(mine.every((i: { communityName: string }) => i.communityName === '塔坡社区'));
    assert.ok(mine.some((i: { id: string }) => i.id === item.id));
    const distances = mine.map((i: { distanceM: number | null }) => i.distanceM).filter((d: number | null) => d !== null);
    assert.ok(distances.length > 0, 'distances from home');
    assert.deepEqual(distances, [...distances].sort((a: number, b: number) => a - b), 'nearest first');
    const near = (await neighbour.json(`/api/share-items?q=${encodeURIComponent('塔坡专用')}`)).items;
    assert.deepEqual(near.map((i: { id: string }) => i.id), [item.id]);
    expectProblem(await (await t.login('department')).get('/api/share-items'), 403, 'sharing.forbidden');
  });
});
