// What every user has: Chinese by default with a switch to English, elder-friendly mode, and a
// layout that works on a phone-sized screen.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DESKTOP, journey, login, PHONE, screenshot, watchErrors } from './harness.ts';

describe('every user in the browser', () => {
  const fx = journey();

  it('speaks Chinese by default and switches to English and back, remembered after reload', async () => {
    const page = await fx.browser.newPage({ viewport: DESKTOP });
    await login(page, fx.server.url, 'official');
    assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
    await page.getByTestId('nav-home').waitFor();
    assert.match(await page.getByTestId('nav-home').innerText(), /首页/);
    await page.getByTestId('lang-switch').click();
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    assert.match(await page.getByTestId('nav-home').innerText(), /Home/);
    await page.reload();
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    await page.getByTestId('lang-switch').click();
    await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');
  });

  it('turns on elder-friendly mode: larger text, remembered after reload', async () => {
    const page = await fx.browser.newPage({ viewport: DESKTOP });
    await login(page, fx.server.url, 'resident');
    // Measured on a control every page has: the language switch in the header.
    const size = () => page.evaluate(() => parseFloat(getComputedStyle(document.querySelector('[data-testid=lang-switch]') as Element).fontSize));
    await page.getByTestId('lang-switch').waitFor();
    const normal = await size();
    await page.getByTestId('elder-toggle').click();
    await page.waitForFunction(() => document.documentElement.dataset.elder === 'true' || document.documentElement.hasAttribute('data-elder'));
    await page.waitForTimeout(300);
    const elder = await size();
    assert.ok(elder >= normal * 1.2, `elder text ${elder}px vs ${normal}px`);
    await page.reload();
    await page.waitForFunction(() => document.documentElement.hasAttribute('data-elder') && document.documentElement.dataset.elder !== 'false');
    await screenshot(page, 'resident-elder');
  });

  it('works on a phone-sized screen: no horizontal scroll, a menu button instead of the side menu', async () => {
    const page = await fx.browser.newPage({ viewport: PHONE, isMobile: true, hasTouch: true });
    const errors = watchErrors(page);
    await login(page, fx.server.url, 'community');
    for (const path of ['/', '/community', '/notifications', '/settings']) {
      await page.goto(`${fx.server.url}${path}`);
      await page.waitForLoadState('networkidle');
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 1, `${path} scrolls sideways by ${overflow}px`);
    }
    assert.equal(await page.getByTestId('side-menu').count(), 0);
    await page.getByTestId('menu-button').click();
    await page.getByTestId('drawer-menu').waitFor();
    await screenshot(page, 'phone-menu');
    assert.deepEqual(errors, []);
  });

  it('after an administrator resets a password, asks for a new one on a phone before anything else', async () => {
    const adminCtx = await fx.browser.newContext({ viewport: DESKTOP });
    const admin = await adminCtx.newPage();
    await login(admin, fx.server.url, 'admin');
    const me = await (await admin.request.get(`${fx.server.url}/api/auth/me`)).json();
    const users = (await (await admin.request.get(`${fx.server.url}/api/admin/users?q=neighbour`)).json()).items as { id: string; username: string }[];
    const target = users.find((u) => u.username === 'neighbour')!;
    const reset = await admin.request.patch(`${fx.server.url}/api/admin/users/${target.id}`, { data: { password: 'temporary-pw-456' }, headers: { 'x-csrf-token': me.csrfToken } });
    assert.equal(reset.status(), 200, await reset.text());

    const ctx = await fx.browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true });
    const page = await ctx.newPage();
    const errors = watchErrors(page);
    await login(page, fx.server.url, 'neighbour', 'temporary-pw-456');
    await page.getByTestId('new-password-page').waitFor();
    assert.equal(await page.getByTestId('nav-home').count(), 0, 'nothing else opens before the new password');
    await screenshot(page, 'new-password-phone');
    await page.getByTestId('np-current').fill('temporary-pw-456');
    await page.getByTestId('np-new').fill('neighbour-own-pw-1');
    await page.getByTestId('np-confirm').fill('neighbour-own-pw-1');
    await page.getByTestId('np-submit').click();
    await page.waitForURL((u) => u.pathname.startsWith('/login'));
    await login(page, fx.server.url, 'neighbour', 'neighbour-own-pw-1');
    await page.getByTestId('nav-home').or(page.getByTestId('menu-button')).or(page.getByTestId('drawer-menu')).first().waitFor();
    assert.equal(await page.getByTestId('new-password-page').count(), 0);
    assert.deepEqual(errors, []);
    await Promise.all([ctx.close(), adminCtx.close()]);
  });
});
