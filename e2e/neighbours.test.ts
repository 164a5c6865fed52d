// Neighbours in the shared hut: a resident lends a drill, a neighbour borrows it and brings it back;
// a party member claims and fulfils a micro-wish on a phone-sized screen and sees it confirmed.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { DESKTOP, journey, login, PHONE, screenshot, watchErrors } from './harness.ts';

async function noSideways(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 1, `the page scrolls sideways by ${overflow}px`);
}

describe('neighbours sharing in the browser', () => {
  const fx = journey();

  it('lets a resident lend a drill that a neighbour borrows and returns', async () => {
    const lenderCtx = await fx.browser.newContext({ viewport: DESKTOP });
    const lender = await lenderCtx.newPage();
    const lenderErrors = watchErrors(lender);
    await login(lender, fx.server.url, 'resident');
    await lender.goto(`${fx.server.url}/sharing`);
    await lender.getByTestId('sharing-page').waitFor();
    assert.match(await lender.getByTestId('hut-theme').innerText(), /本月主题/);
    await lender.getByTestId('lend-item').click();
    await lender.getByTestId('lend-form').waitFor();
    await lender.getByTestId('item-title-input').fill('博世电钻（带钻头）');
    await lender.locator('[data-testid=item-deposit] input, input[data-testid=item-deposit]').first().fill('100');
    await lender.getByTestId('lend-form-submit').click();
    await lender.getByTestId('item-page').waitFor();
    const itemId = lender.url().split('/').pop()!;
    assert.equal(await lender.getByTestId('item-title').innerText(), '博世电钻（带钻头）');
    await screenshot(lender, 'sharing-item-lent');

    // The neighbour finds it near home and reserves today and tomorrow.
    const borrowerCtx = await fx.browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true });
    const borrower = await borrowerCtx.newPage();
    const borrowerErrors = watchErrors(borrower);
    await login(borrower, fx.server.url, 'neighbour');
    await borrower.goto(`${fx.server.url}/sharing`);
    await borrower.locator('input[type=search], [data-testid=item-search] input').first().fill('博世电钻');
    await borrower.keyboard.press('Enter');
    const row = borrower.locator(`[data-testid=item-row][data-item-id="${itemId}"]`);
    await row.waitFor();
    await noSideways(borrower);
    await screenshot(borrower, 'sharing-items-phone');
    await row.click();
    await borrower.getByTestId('reserve-form').waitFor();
    await borrower.getByTestId('reserve-submit').click();
    await borrower.getByTestId('loan-page').waitFor();
    await borrower.waitForSelector('[data-testid=loan-page][data-status=held]');
    const loanUrl = borrower.url();

    // The lender hands it over: the deposit is taken.
    await lender.goto(`${fx.server.url}/sharing?tab=loans`);
    await lender.getByTestId('loan-row').filter({ hasText: '博世电钻' }).first().click();
    await lender.getByTestId('loan-pick-up').click();
    await lender.waitForSelector('[data-testid=loan-page][data-status=picked_up]');
    assert.match(await lender.getByTestId('loan-page').innerText(), /已收押金 ¥100\.00/);

    // Back again: the lender takes it back in good condition and the deposit is refunded.
    await borrower.goto(loanUrl);
    await borrower.waitForSelector('[data-testid=loan-page][data-status=picked_up]');
    await lender.getByTestId('return-note').fill('完好归还');
    await lender.getByTestId('loan-return').click();
    await lender.waitForSelector('[data-testid=loan-page][data-status=returned]');
    await borrower.reload();
    await borrower.waitForSelector('[data-testid=loan-page][data-status=returned]');
    assert.match(await borrower.getByTestId('loan-page').innerText(), /退还 ¥100\.00/);
    await noSideways(borrower);
    await screenshot(borrower, 'sharing-loan-returned-phone');
    assert.deepEqual(lenderErrors, []);
    assert.deepEqual(borrowerErrors, []);
    await lenderCtx.close();
    await borrowerCtx.close();
  });

  it('has a party member claim and fulfil a micro-wish on a phone', async () => {
    // Community staff publish the wish of an elder.
    const staffCtx = await fx.browser.newContext({ viewport: DESKTOP });
    const staff = await staffCtx.newPage();
    const staffErrors = watchErrors(staff);
    await login(staff, fx.server.url, 'community');
    await staff.goto(`${fx.server.url}/sharing?tab=wishes`);
    await staff.getByTestId('publish-wish').click();
    await staff.getByTestId('wish-form').waitFor();
    await staff.getByTestId('person-picker').click();
    await staff.locator('.ant-select-item-option').first().click();
    await staff.getByTestId('wish-title').fill('想要一台收音机听粤剧');
    await staff.getByTestId('wish-story').fill('独居，眼睛不好，喜欢听粤剧');
    await staff.getByTestId('wish-form-submit').click();
    await staff.getByTestId('wish-page').waitFor();
    const wishId = staff.url().split('/').pop()!;

    // The party member, on a phone, claims it from the wall.
    const phoneCtx = await fx.browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true });
    const phone = await phoneCtx.newPage();
    const errors = watchErrors(phone);
    await login(phone, fx.server.url, 'volunteer');
    await phone.goto(`${fx.server.url}/sharing?tab=wishes`);
    const card = phone.locator(`[data-testid=wish-card][data-wish-id="${wishId}"]`);
    await card.waitFor();
    const before = await card.innerText();
    assert.ok(!/1[3-9]\d{9}/.test(before), 'no phone number on the wall');
    await noSideways(phone);
    await screenshot(phone, 'sharing-wish-wall-phone');
    await card.getByTestId('wish-claim').click();
    await phone.waitForURL(`**/sharing/wishes/${wishId}`);
    await phone.waitForSelector('[data-testid=wish-page][data-status=claimed]');
    await phone.getByTestId('wish-contact').waitFor();

    // Fulfilled with what was done and how long it took.
    await phone.getByTestId('fulfil-note').fill('买了一台收音机送到家，调好了粤剧频道');
    await phone.locator('[data-testid=fulfil-minutes] input, input[data-testid=fulfil-minutes]').first().fill('45');
    await phone.getByTestId('fulfil-submit').click();
    await phone.waitForSelector('[data-testid=wish-page][data-status=fulfilled]');
    await phone.getByTestId('wish-evidence').waitFor();
    await noSideways(phone);
    await screenshot(phone, 'sharing-wish-fulfilled-phone');

    // Staff confirm; the party member sees it come true, and the contact is closed again.
    await staff.reload();
    await staff.getByTestId('wish-confirm').click();
    await staff.waitForSelector('[data-testid=wish-page][data-status=confirmed]');
    await phone.reload();
    await phone.waitForSelector('[data-testid=wish-page][data-status=confirmed]');
    assert.equal(await phone.getByTestId('wish-contact').count(), 0);
    assert.deepEqual(errors, []);
    assert.deepEqual(staffErrors, []);
    await phoneCtx.close();
    await staffCtx.close();
  });

  it('has community staff open a second hut on a phone and name its keeper, who then sets the theme', async () => {
    const ctx = await fx.browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true });
    const staff = await ctx.newPage();
    const errors = watchErrors(staff);
    await login(staff, fx.server.url, 'community');
    await staff.goto(`${fx.server.url}/sharing`);
    await staff.getByTestId('huts-manage').click();
    await staff.getByTestId('huts-manager').waitFor();
    const before = await staff.getByTestId('hut-row').count();
    await staff.getByTestId('hut-add').click();
    await staff.getByTestId('hut-form').waitFor();
    await staff.getByTestId('hut-name-input').fill('塔坡长者共享小屋');
    await staff.getByTestId('hut-address-input').fill('塔坡街12号首层');
    await staff.getByTestId('hut-hours-input').fill('周一至周五 9:00-17:00');
    await staff.locator('[data-testid=hut-keepers-input] input').fill('volunteer');
    await staff.keyboard.press('Enter');
    await staff.getByTestId('hut-form-submit').click();
    const row = staff.getByTestId('hut-row').filter({ hasText: '塔坡长者共享小屋' });
    await row.waitFor();
    assert.equal(await staff.getByTestId('hut-row').count(), before + 1);
    assert.match(await row.getByTestId('hut-keepers').innerText(), /屋长/);
    await noSideways(staff);
    await screenshot(staff, 'sharing-huts-manager-phone');

    // A change of hours is saved and shown.
    await row.getByTestId('hut-edit').click();
    await staff.getByTestId('hut-hours-input').fill('每天 8:30-18:00');
    await staff.getByTestId('hut-form-submit').click();
    await staff.getByTestId('hut-row').filter({ hasText: '每天 8:30-18:00' }).waitFor();
    assert.deepEqual(errors, []);

    // The keeper named here may set the new hut's theme (through the API, as the keeper).
    const keeper = await fx.browser.newContext({ viewport: DESKTOP });
    const kp = await keeper.newPage();
    await login(kp, fx.server.url, 'volunteer');
    const me = await (await kp.request.get(`${fx.server.url}/api/auth/me`)).json();
    const huts = (await (await kp.request.get(`${fx.server.url}/api/huts`)).json()).items as { id: string; name: string; isKeeper: boolean }[];
    const hut = huts.find((h) => h.name === '塔坡长者共享小屋');
    assert.ok(hut?.isKeeper, `the named keeper keeps the new hut: ${JSON.stringify(huts.filter((h) => h.isKeeper || h.name.startsWith('塔坡')))}`);
    const month = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7);
    const set = await kp.request.put(`${fx.server.url}/api/huts/${hut.id}/theme`, { data: { month, theme: '长者手机课' }, headers: { 'x-csrf-token': me.csrfToken } });
    assert.equal(set.status(), 200, await set.text());
    await keeper.close();
    await ctx.close();
  });
});
