// A grid worker on a phone: goes offline, files two reports with photos, comes back online, and
// each report exists exactly once on the server; a resend with the same Idempotency-Key answers
// the same case. The app also opens offline (service worker).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { journey, login, PHONE, screenshot, watchErrors } from './harness.ts';
import { photo, pickType } from './smart-grid.ts';


describe('grid worker on a phone', () => {
  const fx = journey();

  it('files two reports with photos while offline; each exists exactly once once back online', async () => {
    const db = fx.server.db;
    const grid = await db.q.selectFrom('grids').select(['id', 'lat', 'lon']).where('name', '=', '塔坡社区第1网格').executeTakeFirstOrThrow();
    const context = await fx.browser.newContext({ viewport: PHONE, geolocation: { latitude: grid.lat, longitude: grid.lon, accuracy: 12 }, permissions: ['geolocation'], serviceWorkers: 'allow' });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await login(page, fx.server.url, 'grid');
    await page.goto(`${fx.server.url}/grid`);
    await page.getByTestId('grid-home').waitFor();
    // The service worker takes over; from the next load on it serves the shell.
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
    await page.reload();
    await page.getByTestId('grid-home').waitFor();
    assert.ok(await page.evaluate(() => !!navigator.serviceWorker.controller), 'the service worker controls the page');

    // Open the report form once online, so the catalogue is kept on the phone.
    await page.getByTestId('grid-tile-report').click();
    await page.getByTestId('report-form').waitFor();
    await page.getByTestId('type-picker').waitFor();

    await context.setOffline(true);
    await page.getByTestId('offline-banner').waitFor();
    const marker = `E2E离线${Date.now()}`;
    for (const n of [1, 2]) {
      await pickType(page, '占道');
      await page.getByTestId('report-description').fill(`${marker} 第${n}件：路口占道摆卖`);
      const location = page.getByTestId('location-value');
      if (!(await location.getAttribute('data-lat'))) await page.getByTestId('locate-gps').click();
      await page.locator('[data-testid=location-value][data-source=gps]').waitFor();
      await page.getByTestId('photo-input').setInputFiles({ name: `photo-${n}.png`, mimeType: 'image/png', buffer: photo(40 * n, 120, 200 - 40 * n) });
      await page.getByTestId('photo-thumb').first().waitFor();
      await page.getByTestId('report-submit').click();
      await page.locator('[data-testid=report-done][data-state=queued]').waitFor();
      await page.getByTestId('report-another').click();
      await page.getByTestId('report-form').waitFor();
    }
    const items = page.locator('[data-testid=outbox-item][data-kind=case]');
    assert.equal(await items.count(), 2);
    assert.equal(await page.locator('[data-testid=outbox-item][data-state=queued]').count(), 2);
    await screenshot(page, 'grid-offline-queued');
    const before = await db.q.selectFrom('cases').select('id').where('description', 'like', `${marker}%`).execute();
    assert.equal(before.length, 0, 'nothing reached the server while offline');

    // The app opens offline too: a fresh tab on the grid home, served by the service worker.
    const second = await context.newPage();
    await second.goto(`${fx.server.url}/grid`);
    await second.getByTestId('grid-home').waitFor();
    await second.getByTestId('offline-banner').waitFor();
    await second.close();

    await context.setOffline(false);
    await page.locator('[data-testid=outbox-item][data-kind=case][data-state=sent]').nth(1).waitFor({ timeout: 30_000 });
    await screenshot(page, 'grid-online-sent');

    const rows = await db.q.selectFrom('cases').select(['id', 'description', 'source', 'gridId']).where('description', 'like', `${marker}%`).orderBy('description').execute();
    assert.deepEqual(
      rows.map((r) => r.description),
      [`${marker} 第1件：路口占道摆卖`, `${marker} 第2件：路口占道摆卖`],
      'each report exists exactly once',
    );
    for (const r of rows) {
      assert.equal(r.source, 'grid_worker');
      assert.equal(r.gridId, grid.id);
      const photos = await db.q.selectFrom('files').select('id').where('ownerType', '=', 'case').where('ownerId', '=', r.id).execute();
      assert.equal(photos.length, 1, 'the photo came along');
    }

    // A resend of a queued submission with its key (as after a lost answer) replays the same case.
    const first = items.first();
    const key = (await first.getAttribute('data-key'))!;
    const resultId = await first.getAttribute('data-result-id');
    const replay = await page.evaluate(async (k) => {
      const item = await new Promise<{ body: Record<string, unknown>; photos: Record<string, { fileId: string }[]> }>((resolve, reject) => {
        const open = indexedDB.open('linli-field');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const get = open.result.transaction('outbox').objectStore('outbox').get(k);
          get.onsuccess = () => resolve(get.result);
          get.onerror = () => reject(get.error);
        };
      });
      const me = await (await fetch('/api/auth/me')).json();
      const res = await fetch('/api/cases', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken, 'idempotency-key': k },
        body: JSON.stringify({ ...item.body, photos: item.photos.photos!.map((p) => p.fileId) }),
      });
      return { status: res.status, id: (await res.json()).id as string };
    }, key);
    assert.equal(replay.status, 201);
    assert.equal(replay.id, resultId, 'the same case answers the retry');
    const after = await db.q.selectFrom('cases').select('id').where('description', 'like', `${marker}%`).execute();
    assert.equal(after.length, 2, 'still exactly two cases');

    // The worker's list shows them, flagged by status.
    await page.goto(`${fx.server.url}/grid/cases`);
    await page.getByTestId('grid-cases-tab-mine').click();
    await page.locator('[data-testid=case-row]').filter({ hasText: marker }).nth(1).waitFor();
    await screenshot(page, 'grid-my-cases');
    assert.deepEqual(errors, []);
    await context.close();
  });
});
