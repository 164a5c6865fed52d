// Account administration: users, role grants on areas/grids/organisations, revocation, audit search.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { TEST_DB, type TestApp, type Client, expectProblem, startTestApp } from './helpers.ts';

describe(`accounts (${TEST_DB})`, () => {
  let t: TestApp;
  let admin: Client;
  before(async () => {
    t = await startTestApp();
    admin = await t.login('admin');
  });
  after(() => t.close());

  async function community(name: string) {
    const root = (await admin.json('/api/areas/root')).items[0];
    for (const street of (await admin.json(`/api/areas/${root.id}`)).children) {
      const found = (await admin.json(`/api/areas/${street.id}`)).children.find((c: { name: string }) => c.name === name);
      if (found) return { community: found, street };
    }
    throw new Error(`no community ${name}`);
  }

  it('lets a district admin create a user, grant community staff and revoke it', async () => {
    const { community: tapo } = await community('塔坡社区');
    const created = await admin.post('/api/admin/users', { username: 'new.worker', displayName: '新社工', password: 'long-enough-pw' });
    assert.equal(created.statusCode, 201);
    const user = created.json();
    const grant = await admin.post(`/api/admin/users/${user.id}/roles`, { role: 'community_staff', areaId: tapo.id });
    assert.equal(grant.statusCode, 201);
    assert.equal(grant.json().scopeName, '塔坡社区');

    const worker = await t.login('new.worker', 'long-enough-pw');
    const inbox = await worker.json('/api/notifications');
    assert.equal(inbox.unread, 1);
    assert.equal(inbox.items[0].kind, 'role.granted');
    assert.match(inbox.items[0].title, /塔坡社区/);
    assert.equal((await worker.post(`/api/notifications/${inbox.items[0].id}/read`)).statusCode, 200);
    assert.equal((await worker.json('/api/notifications')).unread, 0);
    const roots = (await worker.json('/api/areas/root')).items;
    assert.deepEqual(roots.map((r: { id: string }) => r.id), [tapo.id]);

    assert.equal((await admin.delete(`/api/admin/users/${user.id}/roles/${grant.json().id}`)).statusCode, 200);
    expectProblem(await worker.get('/api/areas/root'), 403, 'areas.forbidden');

    const audit = (await admin.json(`/api/audit?entityType=user&entityId=${user.id}`)).items.map((a: { action: string }) => a.action);
    assert.deepEqual(new Set(audit), new Set(['user.create', 'user.grant_role', 'user.revoke_role', 'auth.login']));
  });

  it('checks that a role is granted on the right kind of scope', async () => {
    const { community: tapo, street } = await community('塔坡社区');
    const user = (await admin.post('/api/admin/users', { username: 'scope.check', displayName: '测试', password: 'long-enough-pw' })).json();
    const a = expectProblem(await admin.post(`/api/admin/users/${user.id}/roles`, { role: 'street_official', areaId: tapo.id }), 400);
    assert.equal(a.fields[0].path, 'areaId');
    const b = expectProblem(await admin.post(`/api/admin/users/${user.id}/roles`, { role: 'community_staff' }), 400);
    assert.equal(b.fields[0].path, 'areaId');
    const c = expectProblem(await admin.post(`/api/admin/users/${user.id}/roles`, { role: 'grid_worker', gridId: street.id }), 400);
    assert.equal(c.fields[0].path, 'gridId');
    const orgs = (await admin.json('/api/organisations?kind=provider')).items;
    const d = expectProblem(await admin.post(`/api/admin/users/${user.id}/roles`, { role: 'department_staff', orgId: orgs[0].id }), 400);
    assert.equal(d.fields[0].path, 'orgId');
    expectProblem(await admin.post(`/api/admin/users/${user.id}/roles`, { role: 'resident' }), 422, 'user.no_person');
    expectProblem(await admin.post(`/api/admin/users/${user.id}/roles`, { role: 'emperor' }), 400, 'validation.failed');
    assert.equal((await admin.post(`/api/admin/users/${user.id}/roles`, { role: 'street_official', areaId: street.id })).statusCode, 201);
  });

  it('refuses duplicate usernames and weak passwords', async () => {
    expectProblem(await admin.post('/api/admin/users', { username: 'official', displayName: 'x', password: 'long-enough-pw' }), 409, 'user.username_taken');
    const weak = expectProblem(await admin.post('/api/admin/users', { username: 'weak.one', displayName: 'x', password: 'short' }), 400);
    assert.equal(weak.fields[0].path, 'body.password');
  });

  it('disabling a user ends their sessions and blocks login', async () => {
    const user = (await admin.post('/api/admin/users', { username: 'to.disable', displayName: '停用', password: 'long-enough-pw' })).json();
    const session = await t.login('to.disable', 'long-enough-pw');
    assert.equal((await admin.patch(`/api/admin/users/${user.id}`, { status: 'disabled' })).statusCode, 200);
    expectProblem(await session.get('/api/auth/me'), 401);
    expectProblem(await t.anonymous().post('/api/auth/login', { username: 'to.disable', password: 'long-enough-pw' }), 401);
  });

  it('keeps account administration and the audit log to district admins', async () => {
    for (const who of ['official', 'street', 'community', 'grid', 'resident']) {
      const c = await t.login(who);
      expectProblem(await c.get('/api/admin/users'), 403, 'accounts.forbidden');
      expectProblem(await c.post('/api/admin/users', { username: `x.${who}`, displayName: 'x', password: 'long-enough-pw' }), 403);
      expectProblem(await c.get('/api/audit'), 403, 'audit.forbidden');
    }
  });

  it('searches the audit log by action and date range', async () => {
    const since = new Date(Date.now() - 60_000).toISOString();
    const res = await admin.json(`/api/audit?action=auth.login&from=${encodeURIComponent(since)}&pageSize=5`);
    assert.ok(res.total >= 1);
    assert.ok(res.items.length <= 5);
    assert.ok(res.items.every((a: { action: string }) => a.action === 'auth.login'));
    expectProblem(await admin.get('/api/audit?from=yesterday'), 400, 'validation.failed');
  });
});
