// Street micro-services in the browser: on a phone in elder mode a resident orders a lunch delivery
// from their canteen; the canteen's staff confirm, deliver and check out; the resident's page
// follows without a reload and they rate it. A hotline operator finds an elder who has no phone
// and books a home visit for them, recorded as a hotline order with the caller.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { DESKTOP, PHONE, type Server, launchBrowser, login, screenshot, startServer, watchErrors } from './harness.ts';

/** Click a state-machine action on the order page and confirm its dialog (with a note if given). */
async function act(page: Page, action: string, note?: string) {
  await page.getByTestId(`action-${action}`).click();
  await page.getByTestId('transition-submit').waitFor();
  if (note) await page.getByTestId('transition-note').fill(note);
  await page.getByTestId('transition-submit').click();
  await page.getByTestId('transition-submit').waitFor({ state: 'hidden' });
}

async function statusOf(page: Page) {
  return page.getByTestId('order-detail').getAttribute('data-status');
}

describe('resident orders and the hotline, in the browser', () => {
  let server: Server;
  let browser: Browser;
  before(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('an elder orders a meal delivery on a phone in elder mode; the canteen delivers it; the elder rates it', async () => {
    const page = await browser.newPage({ viewport: PHONE });
    const errors = watchErrors(page);
    await login(page, server.url, 'resident');
    await page.getByTestId('elder-toggle').click();
    await page.waitForFunction(() => document.querySelector('[data-testid=elder-toggle]')?.getAttribute('aria-pressed') === 'true');
    await page.getByTestId('tile-services').click();
    await page.getByTestId('services-browse').waitFor();
    const lunch = page.getByTestId('service-item').filter({ hasText: '长者午餐（送餐上门）' }).first();
    await lunch.waitFor();
    const price = Number(await lunch.getByTestId('price-line').getAttribute('data-pay'));
    assert.ok(price > 0 && price < 1500, `the elder's subsidy shows in the price (${price} fen of 1500)`);
    await screenshot(page, 'services-browse-elder');
    await lunch.getByTestId('service-order').click();

    await page.getByTestId('order-page').waitFor();
    const option = page.getByTestId('menu-option').first();
    await option.waitFor();
    const box = (await option.boundingBox())!;
    assert.ok(box.height >= 64 && box.width >= 320, `big choices in elder mode (${box.width}x${box.height})`);
    assert.ok(box.x >= 0 && box.x + box.width <= PHONE.width, 'fits a phone');
    await option.click();
    assert.equal(await option.getAttribute('aria-pressed'), 'true');
    await page.getByTestId('order-notes').fill('少盐，软一点');
    await screenshot(page, 'services-order-meal-elder');
    await page.getByTestId('order-submit').click();
    await page.getByTestId('order-detail').waitFor();
    // A canteen's meals are its own capacity: the system accepts and assigns at once.
    assert.equal(await statusOf(page), 'assigned');
    const orderId = (await page.getByTestId('order-detail').getAttribute('data-order-id'))!;
    assert.match(await page.getByTestId('order-facts').innerText(), /送餐上门/);
    await page.evaluate(() => ((window as unknown as { __unreloaded: boolean }).__unreloaded = true));

    // The canteen's staff see it in their work orders and take it through to delivery.
    const staff = await browser.newPage({ viewport: PHONE });
    const staffErrors = watchErrors(staff);
    await login(staff, server.url, 'provider');
    await staff.goto(`${server.url}/services/provider`);
    await staff.locator(`[data-testid=order-row][data-order-id="${orderId}"]`).waitFor();
    await screenshot(staff, 'services-provider-queue');
    await staff.locator(`[data-testid=order-row][data-order-id="${orderId}"]`).click();
    await staff.getByTestId('order-detail').waitFor();
    await act(staff, 'confirm');
    await staff.waitForFunction(() => document.querySelector('[data-testid=order-detail]')?.getAttribute('data-status') === 'confirmed');
    await act(staff, 'check_in');
    await staff.waitForFunction(() => document.querySelector('[data-testid=order-detail]')?.getAttribute('data-status') === 'in_service');
    await act(staff, 'complete', '已送达，饭菜温热，长者精神好');
    await staff.waitForFunction(() => document.querySelector('[data-testid=order-detail]')?.getAttribute('data-status') === 'completed');

    // The elder's page follows live and asks for a rating.
    await page.getByTestId('rate-form').waitFor({ timeout: 15_000 });
    assert.equal(await page.evaluate(() => (window as unknown as { __unreloaded?: boolean }).__unreloaded), true, 'no reload');
    await page.getByTestId('rate-stars').locator('li').nth(4).click();
    await page.getByTestId('rate-comment').fill('饭菜软烂，送得准时');
    await screenshot(page, 'services-rate-elder');
    await page.getByTestId('rate-submit').click();
    await page.waitForFunction(() => document.querySelector('[data-testid=order-detail]')?.getAttribute('data-status') === 'rated');
    await page.getByTestId('order-rating').waitFor();
    const timeline = await page.getByTestId('order-timeline').innerText();
    for (const step of ['下单', '派单', '确认接单', '到达签到', '完成签退', '评价']) assert.ok(timeline.includes(step), `history shows ${step}`);
    assert.deepEqual(errors, []);
    assert.deepEqual(staffErrors, []);
  });

  it('a hotline operator books a home visit for an elder who has no phone', async () => {
    const page = await browser.newPage({ viewport: DESKTOP });
    const errors = watchErrors(page);
    await login(page, server.url, 'hotline');
    // An elder over 80 with no phone on record, as the register has them.
    const elder = await page.evaluate(async () => {
      const r = await fetch('/api/persons?ageMin=80&pageSize=200');
      const { items } = (await r.json()) as { items: { id: string; name: string; phone: string | null }[] };
      return items.find((p) => p.phone === null)!;
    });
    assert.ok(elder, 'the register has elders without a phone');
    await page.goto(`${server.url}/services/hotline`);
    await page.getByTestId('hotline-search').locator('input').fill(elder.name);
    await page.keyboard.press('Enter');
    const row = page.locator(`[data-testid=hotline-person][data-person-id="${elder.id}"]`);
    await row.waitFor();
    await row.getByTestId('no-phone').waitFor();
    await screenshot(page, 'services-hotline-search');
    await row.click();
    await page.getByTestId('hotline-chosen').waitFor();
    const visit = page.getByTestId('service-item').filter({ hasText: '居家陪伴聊天' }).first();
    await visit.getByTestId('service-order').click();
    await page.getByTestId('order-page').waitFor();
    assert.match(await page.getByTestId('order-recipient').innerText(), new RegExp(elder.name));
    const slot = page.locator('[data-testid=slot-option]:not([disabled])').first();
    await slot.click();
    await page.getByTestId('caller-form').waitFor();
    await page.getByTestId('caller-name').fill('黄姨');
    await page.getByTestId('caller-relation').fill('邻居');
    await page.getByTestId('order-notes').fill('长者没有手机，请直接上门，邻居黄姨可协助开门');
    await page.getByTestId('order-submit').click();
    await page.getByTestId('order-detail').waitFor();
    assert.equal(await statusOf(page), 'placed');
    const facts = await page.getByTestId('order-facts').innerText();
    assert.match(facts, /热线代下单/);
    assert.match(facts, /黄姨（邻居）/);
    assert.match(facts, /无电话/);
    await screenshot(page, 'services-hotline-order');

    // The operator follows it among the orders they placed.
    const orderId = (await page.getByTestId('order-detail').getAttribute('data-order-id'))!;
    await page.goto(`${server.url}/services/orders`);
    await page.locator(`[data-testid=order-row][data-order-id="${orderId}"]`).waitFor();
    assert.deepEqual(errors, []);
  });
});
