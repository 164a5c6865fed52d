// Hostile text shown inert: HTML, script and SQL typed into free-text fields come back on screen as
// the very characters typed, never as markup that runs, on the pages that show them (a case, a
// shared item, a resident on the community desk) and in the map popups' escaping path.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { APIRequestContext, Page } from 'playwright-core';
import { DESKTOP, journey, login, watchErrors } from './harness.ts';

const HTML = `<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>`;
const SQL = `'); drop table persons; -- " or 1=1`;

async function post<T>(request: APIRequestContext, url: string, path: string, data: unknown): Promise<T> {
  const me = await (await request.get(`${url}/api/auth/me`)).json();
  const res = await request.post(`${url}${path}`, { data, headers: { 'x-csrf-token': me.csrfToken } });
  assert.ok(res.ok(), `${path}: ${res.status()} ${await res.text()}`);
  return (await res.json()) as T;
}

/** Nothing injected ran, and no element the payload describes exists in the page. */
async function assertInert(page: Page) {
  const state = await page.evaluate(() => ({
    pwned: (window as unknown as { __pwned?: number }).__pwned ?? null,
    injectedImages: document.querySelectorAll('img[src="x"]').length,
    injectedScripts: [...document.querySelectorAll('script')].filter((s) => s.textContent?.includes('__pwned')).length,
  }));
  assert.deepEqual(state, { pwned: null, injectedImages: 0, injectedScripts: 0 });
}

describe('hostile text in the browser', () => {
  const fx = journey();

  it('shows HTML, script and SQL typed into a case, a shared item and a resident as plain text', async () => {
    const url = fx.server.url;
    const db = fx.server.db.q;

    // A grid worker reports a case whose description is markup and SQL.
    const worker = await fx.browser.newContext({ viewport: DESKTOP });
    const wp = await worker.newPage();
    const workerErrors = watchErrors(wp);
    await login(wp, url, 'grid');
    const grid = await db.selectFrom('grids').select(['lat', 'lon']).where('name', '=', '塔坡社区第1网格').executeTakeFirstOrThrow();
    const types = (await (await wp.request.get(`${url}/api/case-types`)).json()).items as { id: string; leaf: boolean; active?: boolean }[];
    const type = types.find((t) => t.leaf && t.active !== false)!;
    const description = `${HTML} ${SQL}`;
    const kase = await post<{ id: string }>(wp.request, url, '/api/cases', { typeId: type.id, description, location: { lat: grid.lat, lon: grid.lon } });
    await wp.goto(`${url}/cases/${kase.id}`);
    await wp.getByTestId('case-description').waitFor();
    assert.equal((await wp.getByTestId('case-description').innerText()).trim(), description);
    await assertInert(wp);
    assert.deepEqual(workerErrors, []);

    // A resident lends an item titled with markup.
    const lender = await fx.browser.newContext({ viewport: DESKTOP });
    const lp = await lender.newPage();
    await login(lp, url, 'resident');
    const title = `<b onmouseover="window.__pwned=3">钻</b>${SQL}`.slice(0, 60);
    const item = await post<{ id: string }>(lp.request, url, '/api/share-items', { title, category: 'tools', description: HTML, condition: 'good', depositFen: 0, maxDays: 3, keptAt: 'home' });
    await lp.goto(`${url}/sharing/items/${item.id}`);
    await lp.getByTestId('item-title').waitFor();
    assert.equal((await lp.getByTestId('item-title').innerText()).trim(), title);
    assert.ok((await lp.locator('body').innerText()).includes(HTML), 'the description is shown as typed');
    await lp.getByTestId('item-title').hover();
    await assertInert(lp);

    // Community staff record a resident whose notes are markup; the desk lists them as text.
    const staff = await fx.browser.newContext({ viewport: DESKTOP });
    const sp = await staff.newPage();
    await login(sp, url, 'community');
    const building = await db
      .selectFrom('areas')
      .select(['id'])
      .where('level', '=', 'building')
      .where('path', 'like', (await db.selectFrom('areas').select('path').where('name', '=', '塔坡社区').executeTakeFirstOrThrow()).path + '%')
      .orderBy('path')
      .executeTakeFirstOrThrow();
    const name = '司徒<i>测试</i>';
    const person = await post<{ id: string }>(sp.request, url, '/api/persons', { name, gender: 'female', birthDate: '1950-03-04', buildingId: building.id, room: '1-101', notes: HTML });
    const fetched = await (await sp.request.get(`${url}/api/persons/${person.id}`)).json();
    assert.equal(fetched.notes, HTML, 'stored exactly as typed');
    await sp.goto(`${url}/community`);
    await sp.getByTestId('resident-row').first().waitFor();
    await sp.getByTestId('resident-search').locator('input').or(sp.locator('input[data-testid=resident-search]')).first().fill('司徒');
    await sp.keyboard.press('Enter');
    const row = sp.getByTestId('resident-row').filter({ hasText: name }).first();
    await row.waitFor({ timeout: 20_000 });
    assert.equal(await sp.locator('i', { hasText: '测试' }).count(), 0, 'no element made from the name');
    await assertInert(sp);

    // The SQL did nothing: the registry is still there and still answers.
    assert.ok(Number((await db.selectFrom('persons').select((e) => e.fn.countAll().as('n')).executeTakeFirstOrThrow()).n) > 0);
    await Promise.all([worker.close(), lender.close(), staff.close()]);
  });
});
