// A community worker: sees only their community, adds a resident and sees the ID number masked.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { idNumberCheckChar } from '@linli/contracts';
import { DESKTOP, journey, login, screenshot, watchErrors } from './harness.ts';

describe('community worker in the browser', () => {
  const fx = journey();

  it('adds a resident and sees the ID number masked in the list', async () => {
    const page = await fx.browser.newPage({ viewport: DESKTOP });
    const errors = watchErrors(page);
    await login(page, fx.server.url, 'community');
    await page.goto(`${fx.server.url}/community`);
    await page.getByTestId('community-page').waitFor();
    assert.match(await page.getByTestId('community-name').innerText(), /塔坡社区/);
    await page.getByTestId('resident-row').first().waitFor();

    // A birthplace code (广州荔湾) and a room the demo district never issues, so nothing collides.
    const first17 = '44010319400506123';
    const idNumber = first17 + idNumberCheckChar(first17);
    await page.getByTestId('add-resident').click();
    const drawer = page.getByTestId('person-drawer');
    await drawer.waitFor();
    await page.getByTestId('person-name').fill('测试长者');
    await page.getByTestId('person-id-number').fill(idNumber);
    // The form fills gender and birth date from a valid ID number; set them anyway if it did not.
    const birth = page.locator('[data-testid=person-birth-date] input, input[data-testid=person-birth-date]').first();
    if (!(await birth.inputValue())) {
      await birth.click();
      await birth.fill('1940-05-06');
      await birth.press('Enter');
    }
    await drawer.getByText(/^男$|^Male$/).first().click();
    await page.getByTestId('person-phone').fill('13912345678');
    await page.locator('.ant-tree-select, [data-testid=building-picker]').first().click();
    await page.locator('.ant-select-tree-treenode:not(.ant-select-tree-treenode-disabled) .ant-select-tree-title').filter({ hasText: /栋|座|号楼|楼/ }).first().click();
    await page.getByTestId('person-room').fill('E2E-808');
    await page.getByTestId('person-submit').click();
    await drawer.waitFor({ state: 'hidden', timeout: 30_000 }).catch(async (err: unknown) => {
      throw new Error(`the drawer stayed open: ${await drawer.innerText().catch(() => '?')}`, { cause: err });
    });

    await page.getByTestId('resident-search').locator('input').or(page.locator('input[data-testid=resident-search]')).first().fill('测试长者');
    await page.keyboard.press('Enter');
    const row = page.getByTestId('resident-row').filter({ hasText: '测试长者' }).first();
    await row.waitFor({ timeout: 10_000 });
    const masked = await row.getByTestId('masked-id').innerText();
    assert.equal(masked, `440***********${idNumber.slice(-4)}`);
    assert.ok(!(await page.content()).includes(idNumber), 'the full ID number is nowhere on the page');
    await screenshot(page, 'community-added');
    assert.deepEqual(errors, []);
  });
});
