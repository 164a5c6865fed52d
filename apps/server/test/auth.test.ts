// Sessions, CSRF, login rate limits, secure headers, health and the OpenAPI document.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_PASSWORD, TEST_DB, type TestApp, expectProblem, startTestApp } from './helpers.ts';

describe(`auth and platform (${TEST_DB})`, () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  it('answers health with the database kind and version', async () => {
    const res = await t.anonymous().get('/api/health');
    assert.equal(res.statusCode, 200);
    const body = res.json();
    assert.equal(body.status, 'ok');
    assert.equal(body.database, TEST_DB);
    assert.match(body.version, /^\d+\.\d+\.\d+/);
  });

  it('publishes an OpenAPI 3.1 document covering every API route', async () => {
    const doc = (await t.anonymous().get('/api/openapi.json')).json();
    assert.equal(doc.openapi, '3.1.0');
    for (const route of t.app.printRoutes({ commonPrefix: false }).split('\n')) void route;
    for (const p of ['/api/auth/login', '/api/persons', '/api/persons/{id}', '/api/areas/{id}', '/api/map/grids', '/api/admin/users', '/api/audit', '/api/health']) {
      assert.ok(doc.paths[p], `missing ${p}`);
    }
    const docs = await t.anonymous().get('/api/docs/');
    assert.equal(docs.statusCode, 200);
  });

  it('logs in with an httpOnly SameSite cookie and returns the user with a CSRF token', async () => {
    const client = t.anonymous();
    const res = await client.post('/api/auth/login', { username: 'official', password: DEMO_PASSWORD });
    assert.equal(res.statusCode, 200);
    const cookie = res.cookies.find((c) => c.name === 'linli_session')!;
    assert.equal(cookie.httpOnly, true);
    assert.equal(cookie.sameSite, 'Lax');
    const body = res.json();
    assert.equal(body.user.username, 'official');
    assert.ok(body.user.roles.some((r: { role: string }) => r.role === 'district_official'));
    assert.ok(body.csrfToken.length >= 32);
    const me = await client.get('/api/auth/me');
    assert.equal(me.json().user.id, body.user.id);
  });

  it('refuses wrong credentials with 401 and the same answer for unknown users', async () => {
    const wrong = expectProblem(await t.anonymous().post('/api/auth/login', { username: 'official', password: 'nope' }), 401, 'auth.invalid_credentials');
    const unknown = expectProblem(await t.anonymous().post('/api/auth/login', { username: 'nobody-here', password: 'nope' }), 401, 'auth.invalid_credentials');
    assert.equal(wrong.detail, unknown.detail);
  });

  it('rate-limits repeated failures for a username, even with the right password after', async () => {
    for (let i = 0; i < 5; i++) expectProblem(await t.anonymous().post('/api/auth/login', { username: 'volunteer', password: `bad-${i}` }), 401);
    const limited = await t.anonymous().post('/api/auth/login', { username: 'volunteer', password: DEMO_PASSWORD });
    expectProblem(limited, 429, 'auth.rate_limited');
    assert.ok(Number(limited.headers['retry-after']) > 0);
  });

  it('requires the CSRF token on state-changing requests that ride the cookie', async () => {
    const client = await t.login('community');
    const noToken = await client.request('PATCH', '/api/auth/me/preferences', { elderMode: true }, { 'x-csrf-token': '' });
    expectProblem(noToken, 403, 'csrf.invalid');
    const wrongToken = await client.request('PATCH', '/api/auth/me/preferences', { elderMode: true }, { 'x-csrf-token': 'x'.repeat(43) });
    expectProblem(wrongToken, 403, 'csrf.invalid');
    const ok = await client.patch('/api/auth/me/preferences', { elderMode: true, locale: 'en' });
    assert.equal(ok.statusCode, 200);
    assert.equal(ok.json().elderMode, true);
    assert.equal(ok.json().locale, 'en');
  });

  it('issues a new session id at login so a planted cookie is never promoted (fixation)', async () => {
    const client = t.anonymous();
    client.cookie = 'linli_session=planted-by-attacker';
    await client.post('/api/auth/login', { username: 'street', password: DEMO_PASSWORD });
    assert.notEqual(client.cookie, 'linli_session=planted-by-attacker');
    const attacker = t.anonymous();
    attacker.cookie = 'linli_session=planted-by-attacker';
    expectProblem(await attacker.get('/api/auth/me'), 401, 'auth.required');
  });

  it('ends the session on logout', async () => {
    const client = await t.login('street');
    const cookie = client.cookie;
    assert.equal((await client.post('/api/auth/logout')).statusCode, 200);
    const stale = t.anonymous();
    stale.cookie = cookie;
    expectProblem(await stale.get('/api/auth/me'), 401);
  });

  it('changes a password, ending every session, and the new one works', async () => {
    const a = await t.login('hotline');
    const b = await t.login('hotline');
    expectProblem(await a.post('/api/auth/password', { currentPassword: 'wrong-password', newPassword: 'a-new-password-1' }), 400, 'auth.wrong_password');
    expectProblem(await a.post('/api/auth/password', { currentPassword: DEMO_PASSWORD, newPassword: 'short' }), 400, 'validation.failed');
    assert.equal((await a.post('/api/auth/password', { currentPassword: DEMO_PASSWORD, newPassword: 'a-new-password-1' })).statusCode, 200);
    expectProblem(await b.get('/api/auth/me'), 401);
    await t.login('hotline', 'a-new-password-1');
  });

  it('makes a password reset by an administrator temporary: nothing but the change until the user picks their own', async () => {
    const admin = await t.login('admin');
    const before = await t.login('provider');
    const users = (await admin.json('/api/admin/users?q=provider')).items as { id: string; username: string }[];
    const provider = users.find((u) => u.username === 'provider')!;
    assert.equal((await admin.patch(`/api/admin/users/${provider.id}`, { password: 'temporary-pw-123' })).statusCode, 200);
    expectProblem(await before.get('/api/auth/me'), 401);

    const temp = await t.login('provider', 'temporary-pw-123');
    const me = await temp.json('/api/auth/me');
    assert.equal(me.user.mustChangePassword, true);
    expectProblem(await temp.get('/api/service-orders'), 403, 'auth.password_change_required');
    expectProblem(await temp.get('/api/notifications'), 403, 'auth.password_change_required');
    assert.equal((await temp.post('/api/auth/password', { currentPassword: 'temporary-pw-123', newPassword: 'my-own-password-9' })).statusCode, 200);

    const own = await t.login('provider', 'my-own-password-9');
    assert.equal((await own.json('/api/auth/me')).user.mustChangePassword, false);
    assert.equal((await own.get('/api/service-orders')).statusCode, 200);
    const audit = (await admin.json(`/api/audit?action=user.update`)).items as { entityId: string; details: { passwordReset?: boolean } }[];
    assert.ok(audit.some((a) => a.entityId === provider.id && a.details.passwordReset === true), 'the reset is in the audit log');
  });

  it('sends secure headers: CSP without inline scripts, no framing, no sniffing', async () => {
    const res = await t.anonymous().get('/api/health');
    const csp = String(res.headers['content-security-policy']);
    assert.match(csp, /default-src 'self'/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.doesNotMatch(csp, /script-src[^;]*unsafe-inline/);
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
    assert.ok(res.headers['x-frame-options']);
  });

  it('answers unknown API routes with problem+json and every route without a session with 401', async () => {
    expectProblem(await t.anonymous().get('/api/nothing-here'), 404, 'route.not_found');
    for (const url of ['/api/persons', '/api/areas/root', '/api/admin/users', '/api/audit', '/api/notifications', '/api/map/grids']) {
      expectProblem(await t.anonymous().get(url), 401, 'auth.required');
    }
  });
});
