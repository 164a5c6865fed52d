// Cases from report to close: the state machine (every allowed and forbidden transition, by
// role), dispatch rules, due times, escalation, scope, duplicates, ratings, statistics, live
// updates, bad input and idempotent submission.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { CaseAction, CaseStatus } from '@linli/contracts';
import { CaseAction as CaseActions, CaseStatus as CaseStatuses } from '@linli/contracts';
import { TEST_DB, type Client, type TestApp, expectProblem } from './helpers.ts';
import { DISTRICT, count, gridOf, jpeg, orgByName, pointInGrid, png, startSmartGrid, typeId, upload, userWith } from './smart-grid.ts';
import { TRANSITIONS, allowedActions, transitionFor, type Party } from '../src/modules/cases/state-machine.ts';

/** The state machine as the issue describes it, written out independently of the code. */
const EXPECTED: Record<string, { from: CaseStatus[]; to: CaseStatus; by: Party[] }> = {
  file: { from: ['reported'], to: 'filed', by: ['dispatcher'] },
  reject: { from: ['reported', 'filed'], to: 'rejected', by: ['dispatcher'] },
  merge: { from: ['reported', 'filed'], to: 'merged', by: ['dispatcher'] },
  dispatch: { from: ['filed'], to: 'dispatched', by: ['dispatcher'] },
  reassign: { from: ['dispatched', 'accepted', 'in_progress'], to: 'dispatched', by: ['dispatcher'] },
  accept: { from: ['dispatched'], to: 'accepted', by: ['department'] },
  return: { from: ['dispatched', 'accepted'], to: 'filed', by: ['department'] },
  start: { from: ['accepted'], to: 'in_progress', by: ['department'] },
  handle: { from: ['in_progress'], to: 'handled', by: ['department'] },
  verify_pass: { from: ['handled'], to: 'closed', by: ['grid_worker', 'reporter'] },
  verify_fail: { from: ['handled'], to: 'in_progress', by: ['grid_worker', 'reporter'] },
  reopen: { from: ['closed'], to: 'in_progress', by: ['grid_worker', 'reporter', 'dispatcher'] },
};

describe('case state machine (table)', () => {
  it('matches the written-down table for every status and action', () => {
    for (const status of CaseStatuses.options) {
      for (const action of CaseActions.options) {
        const t = transitionFor(action, status);
        const e = EXPECTED[action]!;
        if (e.from.includes(status)) {
          assert.ok(t, `${action} from ${status} should be allowed`);
          assert.equal(t.to, e.to);
          assert.deepEqual([...t.by].sort(), [...e.by].sort(), `${action} by`);
        } else assert.equal(t, undefined, `${action} from ${status} should be refused`);
      }
    }
    assert.equal(TRANSITIONS.length, Object.keys(EXPECTED).length);
  });

  it('offers each party exactly its actions', () => {
    for (const status of CaseStatuses.options) {
      for (const party of ['dispatcher', 'department', 'grid_worker', 'reporter'] as Party[]) {
        const expected = CaseActions.options.filter((a) => EXPECTED[a]!.from.includes(status) && EXPECTED[a]!.by.includes(party));
        assert.deepEqual(allowedActions(status, new Set([party])).sort(), expected.sort(), `${party} in ${status}`);
      }
      assert.deepEqual(allowedActions(status, new Set()), []);
    }
  });
});

describe(`cases (${TEST_DB})`, () => {
  let t: TestApp;
  let grid: Client;
  let community: Client;
  let community2: Client;
  let street: Client;
  let official: Client;
  let hotline: Client;
  let department: Client;
  let resident: Client;
  let admin: Client;
  let volunteer: Client;
  let dept2: Client;
  let gridId: string;
  let here: { lat: number; lon: number };
  let stallType: string;
  let chengguan: { id: string; code: string };
  let otherDept: { id: string; code: string };

  before(async () => {
    t = await startSmartGrid();
    [grid, community, community2, street, official, hotline, department, resident, admin, volunteer] = (await Promise.all(
      ['grid', 'community', 'community2', 'street', 'official', 'hotline', 'department', 'resident', 'admin', 'volunteer'].map((u) => t.login(u)),
    )) as Client[] as [Client, Client, Client, Client, Client, Client, Client, Client, Client, Client];
    gridId = await gridOf(grid);
    here = await pointInGrid(t, gridId);
    stallType = await typeId(t, 'CG0101');
    chengguan = await orgByName(t, '区城管局');
    otherDept = await orgByName(t, '区市场监管局');
    dept2 = await userWith(t, admin, 'scjg-staff', { role: 'department_staff', orgId: otherDept.id });
  });
  after(() => t.close());

  const report = async (who: Client, body: Record<string, unknown> = {}, headers?: Record<string, string>) => {
    const res = await who.post('/api/cases', { typeId: stallType, description: '商铺门口占道经营，影响通行', location: here, ...body }, headers);
    assert.equal(res.statusCode, 201, res.body);
    return res.json();
  };
  const act = (who: Client, id: string, action: CaseAction, extra: Record<string, unknown> = {}) => who.post(`/api/cases/${id}/transition`, { action, note: extra.note ?? '', ...extra });
  const ok = async (who: Client, id: string, action: CaseAction, extra: Record<string, unknown> = {}) => {
    const res = await act(who, id, action, extra);
    assert.equal(res.statusCode, 200, `${action}: ${res.body}`);
    return res.json();
  };

  it('seeds a catalogue of about 250 types in six groups, each leaf with a department and a time limit', async () => {
    const types = (await grid.json('/api/case-types')).items;
    const leaves = types.filter((x: { leaf: boolean }) => x.leaf);
    assert.ok(leaves.length >= 240 && leaves.length <= 280, `${leaves.length} leaves`);
    assert.equal(types.filter((x: { level: number }) => x.level === 1).length, 6);
    for (const leaf of leaves) {
      assert.ok(leaf.defaultOrgName, `${leaf.code} has a department`);
      assert.ok(leaf.limitValue && leaf.limitUnit, `${leaf.code} has a time limit`);
    }
    const stall = types.find((x: { code: string }) => x.code === 'CG0101');
    assert.equal(stall.defaultOrgName, '区城管局');
    assert.equal(stall.open311, true);
  });

  it('takes a grid worker\'s report with a photo, deriving grid, community and street from the point', async () => {
    const photo = (await upload(t, grid, jpeg())).json();
    const c = await report(grid, { photos: [photo.id], urgency: 'urgent', address: '福贤路12号' });
    assert.equal(c.status, 'reported');
    assert.equal(c.source, 'grid_worker');
    assert.equal(c.grid.id, gridId);
    assert.equal(c.community.name, '塔坡社区');
    assert.equal(c.street.name, '祖庙街道');
    assert.equal(c.type.path, '城市管理/市容环境 / 市容秩序 / 占道经营');
    assert.equal(c.photos.length, 1);
    assert.equal(c.photos[0].purpose, 'report');
    assert.equal(c.history.length, 1);
    assert.equal(c.history[0].action, 'report');
    assert.equal(c.following, true);
    assert.match(c.number, /^\d{12}$/);
    // The photo is served to those who see the case, and to nobody else.
    assert.equal((await community.get(photo.url)).statusCode, 200);
    assert.equal((await community.get(photo.url)).headers['content-type'], 'image/jpeg');
    expectProblem(await community2.get(photo.url), 404, 'file.not_found');
    // A used photo cannot be attached to a second case.
    expectProblem(await grid.post('/api/cases', { typeId: stallType, description: '再报一次', location: here, photos: [photo.id] }), 400, 'file.not_available');
  });

  it('runs the whole life: file, dispatch by rule, accept, start, handle with photo, verify, close, rate', async () => {
    const c = await report(resident, { description: '小区门口有人摆摊卖水果' });
    assert.equal(c.source, 'resident');
    expectProblem(await act(department, c.id, 'accept'), 404, 'case.not_found'); // not theirs yet
    const filed = await ok(community, c.id, 'file');
    assert.equal(filed.status, 'filed');
    const suggestion = await community.json(`/api/cases/${c.id}/dispatch-suggestion`);
    assert.deepEqual(suggestion, { org: { id: chengguan.id, name: '区城管局' }, by: 'type_default' });
    const dispatched = await ok(community, c.id, 'dispatch');
    assert.equal(dispatched.org.name, '区城管局');
    assert.ok(dispatched.dueAt);
    assert.equal(dispatched.overdue, false);
    const notes = await department.json('/api/notifications');
    assert.ok(JSON.stringify(notes).includes(c.number), 'the department is notified');
    assert.deepEqual((await department.json(`/api/cases/${c.id}`)).allowedActions.sort(), ['accept', 'return']);
    await ok(department, c.id, 'accept');
    await ok(department, c.id, 'start');
    expectProblem(await act(department, c.id, 'handle'), 400); // feedback required
    const after = (await upload(t, department, png())).json();
    const handled = await ok(department, c.id, 'handle', { note: '已劝离摊贩并清理现场', photos: [after.id] });
    assert.equal(handled.status, 'handled');
    assert.equal(handled.photos.filter((p: { purpose: string }) => p.purpose === 'handling').length, 1);
    const residentNotes = await resident.json('/api/notifications');
    assert.ok(JSON.stringify(residentNotes).includes('已处置'), 'the reporter hears it was handled');
    expectProblem(await act(department, c.id, 'verify_pass'), 403, 'case.transition_forbidden');
    const closed = await ok(grid, c.id, 'verify_pass');
    assert.equal(closed.status, 'closed');
    assert.equal(closed.canRate, false); // the grid worker is not the reporter
    const rated = await resident.post(`/api/cases/${c.id}/rate`, { score: 4, comment: '处理及时' });
    assert.equal(rated.statusCode, 200, rated.body);
    assert.equal(rated.json().rating.score, 4);
    expectProblem(await resident.post(`/api/cases/${c.id}/rate`, { score: 5 }), 409, 'case.already_rated');
    const history = (await official.json(`/api/cases/${c.id}`)).history;
    assert.deepEqual(history.map((h: { action: string }) => h.action), ['report', 'file', 'dispatch', 'accept', 'start', 'handle', 'verify_pass', 'rate']);
    for (const h of history) assert.ok(h.actorName && h.at);
    assert.equal(history[2].details.by, 'type_default');
  });

  it('lets a department return a case that is not theirs, with a reason, back to the dispatcher', async () => {
    const c = await report(grid);
    await ok(community, c.id, 'file');
    await ok(community, c.id, 'dispatch');
    expectProblem(await act(department, c.id, 'return'), 400);
    const back = await ok(department, c.id, 'return', { note: '属于市场监管职责' });
    assert.equal(back.status, 'filed');
    assert.equal(back.org, null);
    expectProblem(await department.get(`/api/cases/${c.id}`), 404);
    // Manual override to another department needs a reason.
    expectProblem(await act(community, c.id, 'dispatch', { orgId: otherDept.id }), 400);
    const redirected = await ok(community, c.id, 'dispatch', { orgId: otherDept.id, note: '部门退回，改派市场监管' });
    assert.equal(redirected.org.id, otherDept.id);
    assert.equal(redirected.history.at(-1).details.by, 'manual');
    assert.equal((await dept2.json(`/api/cases/${c.id}`)).status, 'dispatched');
  });

  it('sends a failed verification back to the department and reopens a closed case within 30 days only', async () => {
    const c = await report(grid);
    await ok(community, c.id, 'file');
    await ok(community, c.id, 'dispatch');
    await ok(department, c.id, 'accept');
    await ok(department, c.id, 'start');
    await ok(department, c.id, 'handle', { note: '已处理' });
    expectProblem(await act(grid, c.id, 'verify_fail'), 400);
    const failed = await ok(grid, c.id, 'verify_fail', { note: '摊贩仍在' });
    assert.equal(failed.status, 'in_progress');
    await ok(department, c.id, 'handle', { note: '再次清理，已安排巡查' });
    await ok(grid, c.id, 'verify_pass');
    const reopened = await ok(grid, c.id, 'reopen', { note: '又出现了' });
    assert.equal(reopened.status, 'in_progress');
    assert.equal(reopened.reopenCount, 1);
    assert.equal(reopened.org.id, chengguan.id);
    await ok(department, c.id, 'handle', { note: '第三次处理' });
    await ok(grid, c.id, 'verify_pass');
    await t.db.q.updateTable('cases').set({ closedAt: new Date(Date.now() - 31 * 86_400_000) }).where('id', '=', c.id).execute();
    expectProblem(await act(grid, c.id, 'reopen', { note: '还有' }), 409, 'case.reopen_expired');
    assert.ok(!(await grid.json(`/api/cases/${c.id}`)).allowedActions.includes('reopen'));
  });

  it('merges a duplicate into the earlier case and rejects what is not a case', async () => {
    const first = await report(grid, { description: '路口流动摊贩' });
    const second = await report(resident, { description: '路口有流动摊贩' });
    assert.ok(second.possibleDuplicates.length === 0, 'a resident sees only their own reports as duplicates');
    const dupes = await grid.json(`/api/cases/duplicates?typeId=${stallType}&lat=${here.lat}&lon=${here.lon}`);
    assert.ok(dupes.items.some((d: { id: string }) => d.id === first.id));
    assert.ok(dupes.items.every((d: { distanceM: number }) => d.distanceM <= 100));
    const merged = await ok(community, second.id, 'merge', { mergeInto: first.id });
    assert.equal(merged.status, 'merged');
    assert.equal(merged.mergedInto.id, first.id);
    expectProblem(await act(community, first.id, 'merge', { mergeInto: first.id }), 400);
    const third = await report(resident, { description: '咨询一下' });
    expectProblem(await act(community, third.id, 'reject'), 400);
    const rejected = await ok(community, third.id, 'reject', { note: '不属于网格事项，已电话解释' });
    assert.equal(rejected.status, 'rejected');
  });

  it('offers open cases of the same type within the configured distance as duplicates', async () => {
    const c = await report(grid, { description: '同一位置' });
    const next = await report(grid, { description: '同一位置再报' });
    assert.ok(next.possibleDuplicates.some((d: { id: string }) => d.id === c.id));
    const far = await pointInGrid(t, gridId, 400);
    const away = await grid.json(`/api/cases/duplicates?typeId=${stallType}&lat=${far.lat}&lon=${far.lon}&radius=1`);
    assert.ok(!away.items.some((d: { id: string }) => d.id === c.id));
    assert.equal((await admin.request('PATCH', '/api/cases/settings', { duplicateRadiusM: 5000 })).statusCode, 200);
    const wide = await grid.json(`/api/cases/duplicates?typeId=${stallType}&lat=${far.lat}&lon=${far.lon}`);
    assert.ok(wide.items.some((d: { id: string }) => d.id === c.id));
    await admin.request('PATCH', '/api/cases/settings', { duplicateRadiusM: 100 });
  });

  it('refuses every transition not in the table, by role (404 unseen, 409 wrong status, 403 wrong party)', async () => {
    const target = await report(resident, { description: '合并目标' });
    const subject = await report(resident, { description: '状态机测试' });
    const actors: Record<string, { client: Client; party: Party | null; sees: (orgId: string | null) => boolean }> = {
      grid: { client: grid, party: 'grid_worker', sees: () => true },
      community: { client: community, party: 'dispatcher', sees: () => true },
      street: { client: street, party: 'dispatcher', sees: () => true },
      official: { client: official, party: 'dispatcher', sees: () => true },
      hotline: { client: hotline, party: 'dispatcher', sees: () => true },
      department: { client: department, party: 'department', sees: (org) => org === chengguan.id },
      dept2: { client: dept2, party: null, sees: () => false },
      resident: { client: resident, party: 'reporter', sees: () => true },
      admin: { client: admin, party: null, sees: () => true },
      community2: { client: community2, party: null, sees: () => false },
      volunteer: { client: volunteer, party: null, sees: () => false },
    };
    const withOrg = (s: CaseStatus) => ['dispatched', 'accepted', 'in_progress', 'handled', 'closed'].includes(s);
    const failures: string[] = [];
    let tried = 0;
    for (const status of CaseStatuses.options) {
      for (const action of CaseActions.options) {
        for (const [name, a] of Object.entries(actors)) {
          const orgId = withOrg(status) ? chengguan.id : null;
          await t.db.q
            .updateTable('cases')
            .set({ status, orgId, closedAt: status === 'closed' ? new Date() : null, mergedInto: null, dueAt: null, dispatchedAt: orgId ? new Date() : null })
            .where('districtId', '=', DISTRICT)
            .where('id', '=', subject.id)
            .execute();
          const extra: Record<string, unknown> = { note: '测试原因' };
          if (action === 'merge') extra.mergeInto = target.id;
          if (action === 'reassign') extra.orgId = otherDept.id;
          const res = await act(a.client, subject.id, action, extra);
          tried++;
          const t0 = EXPECTED[action]!;
          const expected = !a.sees(orgId) ? 404 : !t0.from.includes(status) ? 409 : a.party && t0.by.includes(a.party) ? 200 : 403;
          if (res.statusCode !== expected) failures.push(`${name} ${action} from ${status}: expected ${expected}, got ${res.statusCode} ${res.body.slice(0, 120)}`);
          else if (expected === 200 && res.json().status !== t0.to) failures.push(`${name} ${action} from ${status}: landed in ${res.json().status}`);
          else if (expected !== 200) expectProblem(res, expected);
        }
      }
    }
    assert.equal(tried, 9 * 12 * Object.keys(actors).length);
    assert.deepEqual(failures, []);
  });

  it('dispatches by rule: case type x area -> department, the most specific area winning', async () => {
    const tapo = (await community.json('/api/areas/root')).items[0];
    const zumiao = (await street.json('/api/areas/root')).items[0];
    const rule = await admin.post('/api/dispatch-rules', { caseTypeId: stallType, areaId: zumiao.id, orgId: otherDept.id, note: '祖庙街道占道经营由市场监管牵头（演示）' });
    assert.equal(rule.statusCode, 201, rule.body);
    const c1 = await report(grid);
    await ok(community, c1.id, 'file');
    assert.equal((await ok(community, c1.id, 'dispatch')).org.id, otherDept.id);
    // A community rule on the parent type beats the street rule on the type.
    const parent = await typeId(t, 'CG01');
    const rule2 = await admin.post('/api/dispatch-rules', { caseTypeId: parent, areaId: tapo.id, orgId: chengguan.id });
    assert.equal(rule2.statusCode, 201, rule2.body);
    const c2 = await report(grid);
    await ok(community, c2.id, 'file');
    const d2 = await ok(community, c2.id, 'dispatch');
    assert.equal(d2.org.id, chengguan.id);
    assert.equal(d2.history.at(-1).details.by, 'rule');
    expectProblem(await admin.post('/api/dispatch-rules', { caseTypeId: parent, areaId: tapo.id, orgId: otherDept.id }), 409);
    expectProblem(await community.post('/api/dispatch-rules', { caseTypeId: parent, orgId: otherDept.id }), 403);
    for (const r of (await admin.json('/api/dispatch-rules')).items) assert.equal((await admin.delete(`/api/dispatch-rules/${r.id}`)).statusCode, 200);
    // With neither rule nor default department, the dispatcher must choose.
    const misc = await typeId(t, 'FW1401');
    await admin.patch(`/api/case-types/${misc}`, { defaultOrgCode: null });
    const c3 = await report(grid, { typeId: misc, description: '意见建议' });
    await ok(community, c3.id, 'file');
    expectProblem(await act(community, c3.id, 'dispatch'), 422, 'case.no_department');
    assert.equal((await ok(community, c3.id, 'dispatch', { orgId: chengguan.id, note: '指定城管' })).org.id, chengguan.id);
  });

  it('computes due times on the working calendar and flags due-soon and overdue cases', async () => {
    const c = await report(grid);
    await ok(community, c.id, 'file');
    const d = await ok(community, c.id, 'dispatch');
    const dispatchedAt = new Date(d.history.at(-1).at);
    const { casesService } = await import('../src/modules/cases/service.ts');
    const cal = await casesService(t.ctx).calendar.forDistrict(DISTRICT);
    assert.equal(d.dueAt, cal.addWorkingDays(dispatchedAt, 1).toISOString());
    assert.deepEqual(d.limit, { value: 1, unit: 'days' });
    // Move the clock: nearly due, then past due.
    const set = (dueAt: Date, dispatched: Date) => t.db.q.updateTable('cases').set({ dueAt, dispatchedAt: dispatched }).where('id', '=', c.id).execute();
    await set(new Date(Date.now() + 3600_000), new Date(Date.now() - 23 * 3600_000));
    let now = await department.json(`/api/cases/${c.id}`);
    assert.equal(now.dueSoon, true);
    assert.equal(now.overdue, false);
    assert.ok((await department.json('/api/cases?dueSoon=true')).items.some((x: { id: string }) => x.id === c.id));
    await set(new Date(Date.now() - 60_000), new Date(Date.now() - 25 * 3600_000));
    now = await department.json(`/api/cases/${c.id}`);
    assert.equal(now.overdue, true);
    const overdue = await official.json('/api/cases?overdue=true&pageSize=500');
    assert.ok(overdue.items.some((x: { id: string }) => x.id === c.id));
    assert.ok(overdue.items.every((x: { overdue: boolean }) => x.overdue));
    const map = await official.json('/api/cases/map');
    assert.equal(map.features.find((f: { id: string }) => f.id === c.id).properties.overdue, true);
    // Handled late counts against the department's on-time rate.
    await ok(department, c.id, 'accept');
    await ok(department, c.id, 'start');
    await ok(department, c.id, 'handle', { note: '迟了' });
    await ok(grid, c.id, 'verify_pass');
    const stats = await official.json('/api/cases/stats/on-time?groupBy=department');
    const cg = stats.items.find((x: { id: string }) => x.id === chengguan.id);
    assert.ok(cg.finished >= 1 && cg.onTime < cg.finished);
    assert.equal(cg.rate, cg.onTime / cg.finished);
    const byType = await official.json('/api/cases/stats/on-time?groupBy=type');
    assert.ok(byType.items.some((x: { key: string }) => x.key === 'CG0101'));
    // A department sees only its own statistics.
    const own = await department.json('/api/cases/stats/on-time');
    assert.deepEqual(own.items.map((x: { id: string }) => x.id), [chengguan.id]);
  });

  it('escalates (吹哨) from the grid to the street and on to the district, notifying supervisors', async () => {
    const c = await report(grid);
    expectProblem(await community2.post(`/api/cases/${c.id}/escalate`, { level: 'street', note: '越权' }), 404);
    expectProblem(await department.post(`/api/cases/${c.id}/escalate`, { level: 'street', note: '看不到' }), 404);
    expectProblem(await resident.post(`/api/cases/${c.id}/escalate`, { level: 'street', note: '不是我的' }), 404);
    const up = await grid.post(`/api/cases/${c.id}/escalate`, { level: 'street', note: '多次劝离无效，需街道协调执法' });
    assert.equal(up.statusCode, 200, up.body);
    assert.equal(up.json().escalationLevel, 'street');
    assert.ok(JSON.stringify(await street.json('/api/notifications')).includes(c.number), 'the street is notified');
    expectProblem(await grid.post(`/api/cases/${c.id}/escalate`, { level: 'street', note: '再次' }), 409, 'case.already_escalated');
    const further = await street.post(`/api/cases/${c.id}/escalate`, { level: 'district', note: '涉及多个部门' });
    assert.equal(further.statusCode, 200, further.body);
    assert.ok(JSON.stringify(await official.json('/api/notifications')).includes(c.number), 'the district is notified');
    assert.ok((await official.json('/api/cases?escalated=true&pageSize=500')).items.some((x: { id: string }) => x.id === c.id));
    // The district reassigns what the grid could not get done.
    await ok(official, c.id, 'file');
    await ok(official, c.id, 'dispatch');
    const moved = await ok(official, c.id, 'reassign', { orgId: otherDept.id, note: '区级协调改派' });
    assert.equal(moved.org.id, otherDept.id);
    assert.deepEqual(moved.history.filter((h: { action: string }) => h.action === 'escalate').map((h: { details: { level: string } }) => h.details.level), ['street', 'district']);
  });

  it('keeps each role to its scope: department its cases, grid worker its grid, community its community', async () => {
    const mineRow = await t.db.q.selectFrom('grids').select('areaPath').where('districtId', '=', DISTRICT).where('id', '=', gridId).executeTakeFirstOrThrow();
    const otherGrid = await t.db.q.selectFrom('grids').select(['id']).where('districtId', '=', DISTRICT).where('areaPath', '!=', mineRow.areaPath).orderBy('code').limit(1).executeTakeFirstOrThrow();
    const far = await pointInGrid(t, otherGrid.id);
    const elsewhere = await report(official, { description: '别处的占道', location: far });
    const mine = await report(grid, { description: '本网格的占道' });
    const ids = async (c: Client) => new Set((await c.json('/api/cases?pageSize=500')).items.map((x: { id: string }) => x.id));
    const g = await ids(grid);
    assert.ok(g.has(mine.id) && !g.has(elsewhere.id));
    for (const x of (await grid.json('/api/cases?pageSize=500')).items) assert.ok(x.grid.id === gridId || x.source === 'grid_worker');
    const cm = await ids(community);
    assert.ok(cm.has(mine.id) && !cm.has(elsewhere.id));
    for (const x of (await community.json('/api/cases?pageSize=500')).items) assert.equal(x.community.name, '塔坡社区');
    const cm2 = await ids(community2);
    assert.ok(!cm2.has(mine.id));
    expectProblem(await community2.get(`/api/cases/${mine.id}`), 404, 'case.not_found');
    assert.ok((await ids(official)).has(elsewhere.id));
    const dep = (await department.json('/api/cases?pageSize=500')).items;
    assert.ok(dep.length > 0);
    for (const x of dep) assert.equal(x.org.id, chengguan.id);
    expectProblem(await department.get(`/api/cases/${elsewhere.id}`), 404);
    const res = (await resident.json('/api/cases?pageSize=500')).items;
    for (const x of res) assert.equal((await resident.json(`/api/cases/${x.id}`)).reporter.name, (await resident.json('/api/auth/me')).user.displayName);
    expectProblem(await resident.get(`/api/cases/${mine.id}`), 404);
  });

  it('records a hotline caller and masks the phone, unmasking only with an audited reason', async () => {
    const c = await report(hotline, { caller: { name: '李先生', phone: '13800138000' }, description: '来电反映：楼下夜市占道' });
    assert.equal(c.source, 'hotline');
    assert.deepEqual(c.caller, { name: '李先生', phone: '138****8000' });
    expectProblem(await hotline.post('/api/cases', { typeId: stallType, description: '没有来电人', location: here }), 403, 'case.caller_required');
    expectProblem(await grid.post('/api/cases', { typeId: stallType, description: '代人报', location: here, caller: { name: '张三', phone: '13800138001' } }), 403, 'case.caller_forbidden');
    const revealed = await hotline.post(`/api/cases/${c.id}/reveal-caller`, { reason: '回访来电人' });
    assert.equal(revealed.json().phone, '13800138000');
    const audit = (await admin.json(`/api/audit?action=case.reveal_caller&entityId=${c.id}`)).items;
    assert.equal(audit.length, 1);
    expectProblem(await resident.post(`/api/cases/${c.id}/reveal-caller`, { reason: '想看' }), 404);
  });

  it('publishes case.updated after commit, to the area and to the department', async () => {
    const seen: { type: string; audience: unknown; data: { id: string; status: string } }[] = [];
    const off = t.ctx.events.subscribe((e) => {
      if (e.type === 'case.updated') seen.push(e as never);
    });
    const c = await report(grid);
    await ok(community, c.id, 'file');
    await ok(community, c.id, 'dispatch');
    // A refused transition publishes nothing.
    await act(grid, c.id, 'accept');
    off();
    const mine = seen.filter((e) => e.data.id === c.id);
    assert.deepEqual(mine.filter((e) => 'areaPath' in (e.audience as object)).map((e) => e.data.status), ['reported', 'filed', 'dispatched']);
    assert.ok(mine.some((e) => 'userIds' in (e.audience as object) && e.data.status === 'dispatched'));
  });

  it('refuses bad input with 4xx problem+json and writes nothing', async () => {
    const before = { cases: await count(t, 'cases'), history: await count(t, 'caseHistory'), files: await count(t, 'files') };
    const missing = expectProblem(await grid.post('/api/cases', { typeId: stallType, description: '没有位置' }), 400, 'validation.failed');
    assert.ok(missing.fields.some((f: { path: string }) => f.path === 'body.location'));
    const outside = expectProblem(await grid.post('/api/cases', { typeId: stallType, description: '在广州', location: { lat: 23.129, lon: 113.264 } }), 422, 'case.location_outside_district');
    assert.equal(outside.fields[0].path, 'location');
    const unknown = expectProblem(await grid.post('/api/cases', { typeId: '00000000-0000-4000-8000-000000000000', description: '未知类型', location: here }), 400, 'case.unknown_type');
    assert.equal(unknown.fields[0].path, 'typeId');
    expectProblem(await grid.post('/api/cases', { typeId: await typeId(t, 'CG01'), description: '选了大类', location: here }), 400, 'case.type_not_leaf');
    expectProblem(await upload(t, grid, jpeg(20 * 1024 * 1024)), 413);
    // A large but allowed photo passes (the 1 MB JSON body limit does not apply to uploads).
    const big = await upload(t, grid, jpeg(6 * 1024 * 1024));
    assert.equal(big.statusCode, 201, big.body);
    await t.db.q.deleteFrom('files').where('id', '=', big.json().id).execute();
    const notImage = expectProblem(await upload(t, grid, Buffer.from('%PDF-1.7 this is not an image'), 'x.jpg', 'image/jpeg'), 415, 'file.unsupported_type');
    assert.equal(notImage.fields[0].path, 'file');
    expectProblem(await grid.request('POST', '/api/files', { file: 'x' }), 415);
    // A photo id that does not exist rolls back the whole report.
    expectProblem(await grid.post('/api/cases', { typeId: stallType, description: '照片不存在', location: here, photos: ['00000000-0000-4000-8000-000000000001'] }), 400, 'file.not_available');
    expectProblem(await grid.post('/api/cases', { typeId: stallType, description: 'x'.repeat(5000), location: here }), 400);
    expectProblem(await grid.get('/api/cases/not-a-uuid'), 400);
    expectProblem(await grid.post('/api/cases/00000000-0000-4000-8000-000000000002/transition', { action: 'file' }), 404);
    expectProblem(await grid.post(`/api/cases/00000000-0000-4000-8000-000000000002/transition`, { action: 'fly' }), 400);
    assert.deepEqual({ cases: await count(t, 'cases'), history: await count(t, 'caseHistory'), files: await count(t, 'files') }, before);
  });

  it('applies a retried submission with the same Idempotency-Key once', async () => {
    const before = await count(t, 'cases');
    const body = { typeId: stallType, description: '离线时拍下的占道经营', location: here };
    const headers = { 'idempotency-key': 'phone-queue-0001' };
    const [a, b] = await Promise.all([grid.post('/api/cases', body, headers), grid.post('/api/cases', body, headers)]);
    const c = await grid.post('/api/cases', body, headers);
    const okRes = [a, b, c].filter((r) => r.statusCode === 201);
    assert.ok(okRes.length >= 2, `${a.statusCode} ${b.statusCode} ${c.statusCode}`);
    assert.equal(new Set(okRes.map((r) => r.json().id)).size, 1);
    assert.equal(await count(t, 'cases'), before + 1);
    expectProblem(await grid.post('/api/cases', { ...body, description: '另一件事' }, headers), 422, 'idempotency.key_reused');
  });

  it('lets the district maintain the catalogue and keeps others out', async () => {
    const id = await typeId(t, 'SS0101');
    const res = await admin.patch(`/api/case-types/${id}`, { limitValue: 8, limitUnit: 'hours' });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual([res.json().limitValue, res.json().limitUnit], [8, 'hours']);
    expectProblem(await admin.patch(`/api/case-types/${id}`, { limitUnit: null }), 400);
    expectProblem(await admin.patch(`/api/case-types/${id}`, { defaultOrgCode: 'nope' }), 400);
    expectProblem(await grid.patch(`/api/case-types/${id}`, { open311: false }), 403);
    const created = await admin.post('/api/case-types', { parentId: await typeId(t, 'SS01'), code: 'SS0199', name: '共享单车停放点损坏', defaultOrgCode: chengguan.code, limitValue: 3, limitUnit: 'days' });
    assert.equal(created.statusCode, 201, created.body);
    assert.equal(created.json().level, 3);
    assert.equal(created.json().category, 'facilities');
    expectProblem(await admin.post('/api/case-types', { parentId: created.json().id, code: 'SS019901', name: '第四层' }), 400);
  });
});
