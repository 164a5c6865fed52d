// A case from the field to closing, in the browser: the grid worker reports it on a phone, the
// community files and dispatches it by rule, the command centre sees it change live, 区城管局
// accepts, starts and handles it with feedback and a photo, and the grid worker verifies it: closed.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { DESKTOP, journey, login, PHONE, screenshot, watchErrors } from './harness.ts';
import { photo, pickType } from './smart-grid.ts';

async function act(page: Page, number: string, action: string, note?: string, file?: Buffer) {
  const row = page.locator('[data-testid=case-row]').filter({ hasText: number }).first();
  await row.waitFor({ timeout: 15_000 });
  await row.getByTestId(`row-action-${action}`).click();
  const modal = page.locator('.ant-modal').filter({ has: page.getByTestId('transition-form') });
  await modal.waitFor();
  if (note) await page.getByTestId('transition-note').fill(note);
  if (file) {
    await page.getByTestId('handle-photo-input').setInputFiles({ name: 'done.png', mimeType: 'image/png', buffer: file });
    await page.getByTestId('photo-thumb').first().waitFor();
  }
  await page.getByTestId('transition-submit').click();
  await modal.waitFor({ state: 'hidden', timeout: 15_000 });
}

describe('department handles a case and the grid worker verifies it', () => {
  const fx = journey();

  it('goes reported -> filed -> dispatched -> accepted -> in progress -> handled -> closed', async () => {
    const url = fx.server.url;
    const grid = await fx.server.db.q.selectFrom('grids').select(['lat', 'lon']).where('name', '=', '塔坡社区第1网格').executeTakeFirstOrThrow();

    // The grid worker reports it on the phone.
    const phone = await fx.browser.newContext({ viewport: PHONE, geolocation: { latitude: grid.lat, longitude: grid.lon }, permissions: ['geolocation'] });
    const worker = await phone.newPage();
    const workerErrors = watchErrors(worker);
    await login(worker, url, 'grid');
    await worker.goto(`${url}/grid/report`);
    await pickType(worker, '占道经营');
    const description = `E2E部门办理${Date.now()} 菜市场门口占道经营`;
    await worker.getByTestId('report-description').fill(description);
    await worker.locator('[data-testid=location-value][data-source=gps]').waitFor();
    await worker.getByTestId('photo-input').setInputFiles({ name: 'before.png', mimeType: 'image/png', buffer: photo(200, 80, 40) });
    await worker.getByTestId('photo-thumb').first().waitFor();
    await worker.getByTestId('report-submit').click();
    const done = worker.locator('[data-testid=report-done][data-state=sent]');
    await done.waitFor({ timeout: 20_000 });
    const number = (await done.getAttribute('data-number'))!;
    assert.match(number, /^\d{12}$/);

    // The community files it and dispatches it to the department the rules pick.
    const desk = await fx.browser.newContext({ viewport: DESKTOP });
    const community = await desk.newPage();
    const communityErrors = watchErrors(community);
    await login(community, url, 'community');
    await community.goto(`${url}/cases/dispatch`);
    await act(community, number, 'file');
    await community.getByTestId('dispatch-tab-filed').click();
    const row = community.locator('[data-testid=case-row]').filter({ hasText: number }).first();
    await row.waitFor();
    await row.getByTestId('row-action-dispatch').click();
    const suggestion = community.getByTestId('dispatch-suggestion');
    await suggestion.waitFor();
    assert.match(await suggestion.innerText(), /区城管局/);
    await community.getByTestId('transition-submit').click();
    await community.getByTestId('transition-form').waitFor({ state: 'hidden' });

    // The command centre, open in another tab, follows the case without a reload.
    const centre = await desk.newPage();
    const centreErrors = watchErrors(centre);
    await centre.goto(`${url}/cases/command`);
    await centre.locator('[data-testid=case-map][data-ready=true]').waitFor({ timeout: 20_000 });
    const handledBefore = Number(await centre.getByTestId('count-handled').getAttribute('data-count'));

    // 区城管局 accepts, starts and handles it with feedback and a photo.
    const office = await fx.browser.newContext({ viewport: DESKTOP });
    const dept = await office.newPage();
    const deptErrors = watchErrors(dept);
    await login(dept, url, 'department');
    await dept.goto(`${url}/cases/queue`);
    await act(dept, number, 'accept');
    await dept.getByTestId('queue-tab-accepted').click();
    await act(dept, number, 'start');
    await dept.getByTestId('queue-tab-in_progress').click();
    await act(dept, number, 'handle', '已清理占道摊位，现场恢复通行', photo(60, 180, 90));
    await dept.getByTestId('queue-tab-handled').click();
    await dept.locator('[data-testid=case-row]').filter({ hasText: number }).first().waitFor();
    await screenshot(dept, 'department-queue');

    await centre.waitForFunction((n) => Number(document.querySelector('[data-testid=count-handled]')?.getAttribute('data-count')) > n, handledBefore, { timeout: 15_000 });
    assert.ok(Number(await centre.getByTestId('live-updates').getAttribute('data-count')) > 0, 'the change arrived over the live stream');
    await screenshot(centre, 'command-centre');

    // The grid worker verifies it on site: passed, closed.
    await worker.goto(`${url}/grid/cases`);
    await worker.getByTestId('grid-cases-tab-verify').click();
    await worker.locator('[data-testid=case-row]').filter({ hasText: number }).first().click();
    await worker.getByTestId('case-page').waitFor();
    await worker.getByTestId('handling-photos').waitFor();
    await worker.getByTestId('action-verify_pass').click();
    await worker.getByTestId('transition-note').fill('现场核查，已恢复通行');
    await worker.getByTestId('transition-submit').click();
    await worker.locator('[data-testid=case-page][data-status=closed]').waitFor({ timeout: 15_000 });
    const actions = await worker.locator('[data-testid=timeline-entry]').evaluateAll((els) => els.map((e) => e.getAttribute('data-action')).reverse());
    assert.deepEqual(actions, ['report', 'file', 'dispatch', 'accept', 'start', 'handle', 'verify_pass']);
    await screenshot(worker, 'case-closed');

    const row2 = await fx.server.db.q.selectFrom('cases').select(['status', 'closedAt']).where('number', '=', number).executeTakeFirstOrThrow();
    assert.equal(row2.status, 'closed');
    assert.ok(row2.closedAt);
    assert.deepEqual([...workerErrors, ...communityErrors, ...centreErrors, ...deptErrors], []);
    await phone.close();
    await desk.close();
    await office.close();
  });
});
