// The district cloud platform in the browser: the demand heat map and the resource map are
// painted, drill-down works, a siting run shows its sites on the map, and a resident added through
// the API moves the dashboard's figure without a reload.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Locator, Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { DESKTOP, PHONE, type Server, launchBrowser, login, screenshot, startServer, watchErrors } from './harness.ts';

/**
 * Share of a map's pixels that are not its empty background (#eef2f6). Unlike paintedShare, a
 * choropleth whose largest class covers most of the map still counts as painted.
 */
async function paintedOverBackground(element: Locator): Promise<number> {
  const png = PNG.sync.read(await element.screenshot());
  let painted = 0;
  for (let i = 0; i < png.data.length; i += 4) {
    const d = Math.abs(png.data[i]! - 0xee) + Math.abs(png.data[i + 1]! - 0xf2) + Math.abs(png.data[i + 2]! - 0xf6);
    if (d > 12) painted++;
  }
  return painted / (png.width * png.height);
}

async function mapPainted(page: Page, testId: string, min: number) {
  const map = page.getByTestId(testId);
  await map.waitFor();
  await page.waitForFunction((id) => document.querySelector(`[data-testid=${id}]`)?.getAttribute('data-ready') !== 'false' && Number(document.querySelector(`[data-testid=${id}]`)?.getAttribute('data-features') ?? '1') > 0, testId, { timeout: 30_000 });
  await page.waitForTimeout(1500);
  const painted = await paintedOverBackground(map);
  assert.ok(painted > min, `${testId}: only ${(painted * 100).toFixed(1)}% painted`);
  return painted;
}

describe('district dashboard in the browser', () => {
  let server: Server;
  let browser: Browser;
  before(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('paints the demand map as streets and as hexagons, and drills down from the district to a street', async () => {
    const page = await browser.newPage({ viewport: DESKTOP });
    const errors = watchErrors(page);
    await login(page, server.url, 'official');
    await page.goto(`${server.url}/insight/demand`);
    await mapPainted(page, 'demand-map', 0.3);
    await screenshot(page, 'insight-demand-streets');
    const district = await page.getByTestId('demand-area-name').innerText();
    await page.getByTestId('demand-top-row').first().click();
    await page.waitForFunction((b) => document.querySelector('[data-testid=demand-area-name]')?.textContent !== b, district, { timeout: 15_000 });
    assert.match(await page.getByTestId('demand-area-name').innerText(), /街道|镇/);
    await mapPainted(page, 'demand-map', 0.2);
    await page.getByTestId('demand-mode').getByText('热力蜂窝').click();
    await page.waitForFunction(() => document.querySelector('[data-testid=demand-res]') !== null);
    await mapPainted(page, 'demand-map', 0.05);
    await screenshot(page, 'insight-demand-hexes');
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('paints the resource map with facilities, and shows a siting run\'s sites on it', async () => {
    const page = await browser.newPage({ viewport: DESKTOP });
    const errors = watchErrors(page);
    await login(page, server.url, 'official');
    await page.goto(`${server.url}/insight/resources`);
    const before = await mapPainted(page, 'resource-map', 0.1);
    await page.getByTestId('coverage-share').waitFor();
    await page.getByTestId('siting-run').click();
    const result = page.getByTestId('siting-result');
    await result.waitFor({ timeout: 60_000 });
    assert.equal(await result.getAttribute('data-chosen'), '3');
    await page.waitForFunction(() => document.querySelector('[data-testid=resource-map]')?.getAttribute('data-sites') === '6');
    await page.waitForTimeout(1200);
    // The chosen sites' markers and reach add colour to the map.
    const afterRun = await paintedOverBackground(page.getByTestId('resource-map'));
    assert.ok(afterRun >= before - 0.01, `painted ${afterRun} after the run, ${before} before`);
    await screenshot(page, 'insight-siting');
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('moves the dashboard figure when a resident is added through the API, without a reload', async () => {
    const page = await browser.newPage({ viewport: DESKTOP });
    const errors = watchErrors(page);
    await login(page, server.url, 'official');
    await page.goto(`${server.url}/insight`);
    const cell = page.getByTestId('insight-group-residents');
    await cell.waitFor();
    const before = Number(await cell.getAttribute('data-value'));
    assert.ok(before > 0);
    await page.evaluate(() => ((window as unknown as { __marker: number }).__marker = 1));

    // A community worker registers a resident in another browser context (through the API).
    const worker = await browser.newContext();
    const res = await worker.request.post(`${server.url}/api/auth/login`, { data: { username: 'community', password: 'linli-demo' } });
    const { csrfToken } = await res.json();
    const building = await server.db.q.selectFrom('areas').select('id').where('level', '=', 'building').where('path', 'like', '%').orderBy('code').executeTakeFirstOrThrow();
    const tapo = await server.db.q.selectFrom('areas').select('path').where('name', '=', '塔坡社区').executeTakeFirstOrThrow();
    const inTapo = await server.db.q.selectFrom('areas').select('id').where('level', '=', 'building').where('path', 'like', `${tapo.path}%`).executeTakeFirst();
    const created = await worker.request.post(`${server.url}/api/persons`, { headers: { 'x-csrf-token': csrfToken }, data: { name: '实时测试', gender: 'female', birthDate: '1938-08-08', buildingId: (inTapo ?? building).id, room: '8-808' } });
    assert.equal(created.status(), 201, await created.text());
    await page.waitForFunction((b) => Number(document.querySelector('[data-testid=insight-group-residents]')?.getAttribute('data-value')) === b + 1, before, { timeout: 10_000 });
    assert.equal(await page.evaluate(() => (window as unknown as { __marker?: number }).__marker), 1, 'the page was not reloaded');
    await screenshot(page, 'insight-dashboard');
    await worker.close();
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('works on a phone for a street official: their street, its communities side by side', async () => {
    const page = await browser.newPage({ viewport: PHONE });
    const errors = watchErrors(page);
    await login(page, server.url, 'street');
    await page.goto(`${server.url}/insight`);
    const dash = page.getByTestId('insight-dashboard');
    await dash.waitFor();
    assert.equal(await dash.getAttribute('data-area-level'), 'street');
    assert.ok((await page.getByTestId('insight-child').count()) > 0);
    await screenshot(page, 'insight-dashboard-phone');
    await page.goto(`${server.url}/insight/demand`);
    await mapPainted(page, 'demand-map', 0.2);
    await screenshot(page, 'insight-demand-phone');
    assert.deepEqual(errors, []);
    await page.close();
  });
});
