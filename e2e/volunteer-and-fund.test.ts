// A volunteer and a fund in the browser: community staff record a donation and the resident sees it
// with the charity's 2x match in the community's public report; staff record an activity and a
// micro-wish in the hours ledger, and the volunteer's printable certificate shows both. The
// resident and the volunteer use a phone-sized screen in elder mode.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { DESKTOP, journey, login, PHONE, screenshot, watchErrors } from './harness.ts';

/** Pick an option in an antd Select, typing to search first when asked. */
async function choose(page: Page, testId: string, option: string | RegExp, search?: string) {
  await page.getByTestId(testId).click();
  if (search) await page.keyboard.type(search);
  const item = page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: option }).first();
  await item.waitFor({ timeout: 10_000 });
  await item.click();
}

async function elderMode(page: Page) {
  await page.getByTestId('elder-toggle').click();
  await page.waitForFunction(() => document.documentElement.hasAttribute('data-elder'));
}

async function noSidewaysScroll(page: Page, where: string) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `${where} scrolls sideways by ${overflow}px`);
}

describe('volunteer and mutual-aid fund in the browser', () => {
  const fx = journey();

  it('shows a donation with its 2x match in the community\'s public report', async () => {
    const staff = await fx.browser.newPage({ viewport: DESKTOP });
    const staffErrors = watchErrors(staff);
    await login(staff, fx.server.url, 'community');
    await staff.goto(`${fx.server.url}/funds`);
    await staff.getByTestId('fund-page').waitFor();
    assert.match(await staff.getByTestId('fund-name').innerText(), /塔坡社区/);
    await staff.getByRole('tab', { name: /捐赠/ }).click();
    await staff.getByTestId('donor-name').fill('浏览器测试捐赠人');
    await staff.getByTestId('donation-amount').locator('input').or(staff.locator('input[data-testid=donation-amount]')).first().fill('1000');
    await staff.getByTestId('receipt-no').fill('E2E-0001');
    await staff.getByTestId('donation-submit').click();
    await staff.getByText(/已登记，慈善会配捐 ¥2,000.00/).waitFor();
    await screenshot(staff, 'fund-donation');

    const resident = await fx.browser.newPage({ viewport: PHONE, isMobile: true, hasTouch: true });
    const residentErrors = watchErrors(resident);
    await login(resident, fx.server.url, 'resident');
    await elderMode(resident);
    await resident.goto(`${fx.server.url}/funds`);
    await resident.getByTestId('fund-report').waitFor();
    const donor = resident.getByTestId('report-donor').filter({ hasText: '浏览器测试捐赠人' });
    await donor.waitFor();
    assert.equal(await donor.getAttribute('data-amount'), '100000');
    assert.equal(await donor.getAttribute('data-matched'), '200000', 'the charity doubled it');
    assert.match(await donor.innerText(), /¥1,000\.00[\s\S]*¥2,000\.00/);
    const month = resident.getByTestId('report-month').first();
    assert.ok(Number(await month.getAttribute('data-matched')) >= 200_000);
    // The public report names nobody in need and offers residents no books or committee.
    assert.equal(await resident.getByRole('tab', { name: /账目|委员会/ }).count(), 0);
    await noSidewaysScroll(resident, 'the fund report');
    await screenshot(resident, 'fund-report-phone-elder');
    assert.deepEqual(staffErrors, []);
    assert.deepEqual(residentErrors, []);
  });

  it('prints a certificate showing hours from an activity and a micro-wish', async () => {
    const staff = await fx.browser.newPage({ viewport: DESKTOP });
    const errors = watchErrors(staff);
    await login(staff, fx.server.url, 'community');
    await staff.goto(`${fx.server.url}/volunteer-desk`);
    await staff.getByTestId('volunteer-desk').waitFor();
    const record = async (source: string, sourceId: string, minutes: string, description: string) => {
      await choose(staff, 'hours-volunteer', /^志愿者/, '志愿者');
      await choose(staff, 'hours-source', source);
      await staff.getByTestId('hours-source-id').fill(sourceId);
      const m = staff.getByTestId('hours-minutes').locator('input').or(staff.locator('input[data-testid=hours-minutes]')).first();
      await m.fill(minutes);
      await staff.getByTestId('hours-description').fill(description);
      await staff.getByTestId('hours-submit').click();
      await staff.getByTestId('recorded-entries').getByText(description).waitFor();
    };
    await record('活动', 'E2E-ACT-1', '120', '重阳节敬老活动（浏览器）');
    await record('微心愿', 'E2E-WISH-1', '45', '微心愿：为陈婆婆买老花镜（浏览器）');
    await screenshot(staff, 'desk-recorded');
    assert.deepEqual(errors, []);

    const volunteer = await fx.browser.newPage({ viewport: PHONE, isMobile: true, hasTouch: true });
    const vErrors = watchErrors(volunteer);
    await login(volunteer, fx.server.url, 'volunteer');
    await elderMode(volunteer);
    await volunteer.goto(`${fx.server.url}/volunteering`);
    await volunteer.getByTestId('volunteering-page').waitFor();
    assert.equal(await volunteer.getByTestId('approved-minutes').getAttribute('data-value'), '165');
    await noSidewaysScroll(volunteer, 'my volunteering');
    await screenshot(volunteer, 'my-volunteering-phone-elder');
    await volunteer.getByTestId('issue-certificate').click();
    await volunteer.getByTestId('certificate').waitFor();
    assert.equal(await volunteer.getByTestId('certificate-total').getAttribute('data-minutes'), '165');
    const sources = await volunteer.getByTestId('certificate-entry').evaluateAll((rows) => rows.map((r) => [r.getAttribute('data-source'), r.textContent]));
    assert.ok(sources.some(([s, text]) => s === 'activity' && text!.includes('重阳节敬老活动（浏览器）')), JSON.stringify(sources));
    assert.ok(sources.some(([s, text]) => s === 'wish' && text!.includes('为陈婆婆买老花镜')), JSON.stringify(sources));
    const bySource = await volunteer.getByTestId('certificate-sources').innerText();
    assert.match(bySource, /活动\s*2 小时/, bySource);
    assert.match(bySource, /微心愿\s*0\.8 小时/, bySource);
    assert.match(await volunteer.getByTestId('certificate-number').innerText(), /^ZY\d{10}$/);
    await noSidewaysScroll(volunteer, 'the certificate');
    await screenshot(volunteer, 'certificate-phone-elder');
    // The print layout hides the app's menus.
    await volunteer.emulateMedia({ media: 'print' });
    assert.equal(await volunteer.locator('.app-header').evaluate((e) => getComputedStyle(e).display), 'none');
    assert.deepEqual(vErrors, []);
  });
});
