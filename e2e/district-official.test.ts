// A district official: logs in, sees all 478 grids on the map with counts, and drills down.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DESKTOP, journey, login, paintedShare, screenshot, watchErrors } from './harness.ts';

describe('district official in the browser', () => {
  const fx = journey();

  it('sees the grid map with 478 grids and the district counts, then drills into a street', async () => {
    const page = await fx.browser.newPage({ viewport: DESKTOP });
    const errors = watchErrors(page);
    await login(page, fx.server.url, 'official');
    await page.goto(`${fx.server.url}/overview`);
    const count = page.getByTestId('grid-count').first();
    await count.waitFor();
    await page.waitForFunction(() => document.querySelector('[data-testid=grid-count]')?.getAttribute('data-count') === '478', null, { timeout: 20_000 });
    assert.match(await count.innerText(), /478/);
    // The map has painted the grid polygons: most of it is no longer the empty background.
    const map = page.getByTestId('map-container').first();
    await map.waitFor();
    await page.waitForTimeout(1500);
    const painted = await paintedShare(map);
    assert.ok(painted > 0.3, `only ${(painted * 100).toFixed(1)}% of the map is painted`);
    const panel = page.getByTestId('area-panel');
    await panel.waitFor();
    const residents = await page.getByTestId('area-stats-residents').innerText().catch(() => panel.innerText());
    assert.match(residents, /\d/);
    await screenshot(page, 'official-overview');
    // Drill down: the first street in the panel's list of children.
    const before = await page.getByTestId('area-name').innerText();
    await panel.getByRole('button').filter({ hasText: /街道|镇/ }).first().click().catch(async () => {
      await panel.locator('li, .item-list-row').filter({ hasText: /街道|镇/ }).first().click();
    });
    await page.waitForFunction((b) => document.querySelector('[data-testid=area-name]')?.textContent !== b, before, { timeout: 10_000 });
    assert.match(await page.getByTestId('area-name').innerText(), /街道|镇/);
    assert.deepEqual(errors, []);
  });
});
