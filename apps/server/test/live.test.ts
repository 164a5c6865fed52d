// Live updates over server-sent events: a notification reaches the user's open page at once, and
// registry changes reach only pages whose scope covers the changed area.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { TEST_DB, type TestApp, type Client, startTestApp } from './helpers.ts';

/** Opens /api/events with a session and collects events until the returned stop() is called. */
async function listen(base: string, client: Client) {
  const controller = new AbortController();
  const res = await fetch(`${base}/api/events`, { headers: { cookie: client.cookie! }, signal: controller.signal });
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /text\/event-stream/);
  const events: { type: string; data: unknown }[] = [];
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  void (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const type = /^event: (.+)$/m.exec(block)?.[1];
          const data = /^data: (.+)$/m.exec(block)?.[1];
          if (type && data) events.push({ type, data: JSON.parse(data) });
        }
      }
    } catch {
      /* aborted */
    }
  })();
  const waitFor = async (type: string, ms = 5000) => {
    const until = Date.now() + ms;
    while (Date.now() < until) {
      const hit = events.find((e) => e.type === type);
      if (hit) return hit;
      await new Promise((r) => setTimeout(r, 25));
    }
    return null;
  };
  return { events, waitFor, stop: () => controller.abort() };
}

describe(`live updates (${TEST_DB})`, () => {
  let t: TestApp;
  let base: string;
  before(async () => {
    t = await startTestApp();
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  });
  after(() => t.close());

  it('pushes a new notification to the user\'s open page', async () => {
    const admin = await t.login('admin');
    const volunteer = await t.login('volunteer');
    const stream = await listen(base, volunteer);
    await stream.waitFor('ready');
    const me = (await volunteer.json('/api/auth/me')).user;
    const orgs = (await admin.json('/api/organisations?kind=department')).items;
    assert.equal((await admin.post(`/api/admin/users/${me.id}/roles`, { role: 'department_staff', orgId: orgs[0].id })).statusCode, 201);
    const pushed = await stream.waitFor('notification');
    stream.stop();
    assert.ok(pushed, 'a notification event arrived');
    assert.equal((pushed.data as { kind: string }).kind, 'role.granted');
  });

  it('sends a registry change to pages that cover the area, not to another community', async () => {
    const worker = await t.login('community');
    const other = await t.login('community2');
    const official = await t.login('official');
    const resident = await t.login('resident');
    const [mine, theirs, district, home] = await Promise.all([listen(base, worker), listen(base, other), listen(base, official), listen(base, resident)]);
    await Promise.all([mine.waitFor('ready'), theirs.waitFor('ready'), district.waitFor('ready'), home.waitFor('ready')]);
    const me = (await resident.json('/api/auth/me')).user;
    // A change in the resident's own building reaches the resident too.
    const p = (await worker.json(`/api/persons/${me.personId}`));
    assert.equal((await worker.patch(`/api/persons/${p.id}`, { notes: '走访', version: p.version })).statusCode, 200);
    assert.ok(await mine.waitFor('person.changed'), 'the community sees its change');
    assert.ok(await district.waitFor('person.changed'), 'the district sees it');
    assert.ok(await home.waitFor('person.changed'), 'the resident living there sees it');
    assert.equal(await theirs.waitFor('person.changed', 800), null, 'another community does not');
    for (const s of [mine, theirs, district, home]) s.stop();
  });

  it('refuses the stream without a session', async () => {
    const res = await fetch(`${base}/api/events`);
    assert.equal(res.status, 401);
    assert.match(res.headers.get('content-type') ?? '', /problem\+json/);
  });
});
