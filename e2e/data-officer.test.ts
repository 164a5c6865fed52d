// A community data officer: imports a CSV with some bad rows (watches the progress bar, then reads
// and downloads the error report), then issues a proof whose QR code, read from the screen, opens
// the public verification page in a fresh browser and verifies there.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { PNG } from 'pngjs';
import jsQRImport from 'jsqr';
import { idNumberCheckChar } from '@linli/contracts';
import { DESKTOP, PHONE, type Server, launchBrowser, login, screenshot, startServer, watchErrors } from './harness.ts';

async function csrf(page: Page, base: string): Promise<string> {
  return (await (await page.request.get(`${base}/api/auth/me`)).json()).csrfToken;
}

function residentsCsv(rows: number, badIds: number[], badPhones: number[]): string {
  const lines = ['编号,姓名,性别,出生日期,身份证号,手机'];
  for (let i = 0; i < rows; i++) {
    const k = i % 2100;
    const birth = `19${40 + (k % 50)}${String((k % 12) + 1).padStart(2, '0')}${String((k % 28) + 1).padStart(2, '0')}`;
    const first17 = `440103${birth}${String(Math.floor(i / 2100)).padStart(3, '0')}`;
    const id = badIds.includes(i) ? '440604199913320000' : first17 + idNumberCheckChar(first17);
    lines.push(`E${i},居民${i},,,${id},${badPhones.includes(i) ? '123' : ''}`);
  }
  return lines.join('\n');
}

// jsqr is CommonJS: at run time the import is the function; its types describe an ES default export.
const jsQR = ((jsQRImport as unknown as { default?: unknown }).default ?? jsQRImport) as unknown as typeof jsQRImport.default;

describe('data officer in the browser', () => {
  let server: Server;
  let browser: Browser;
  before(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('imports a CSV with bad rows: progress, then the error report', async () => {
    const page = await browser.newPage({ viewport: DESKTOP });
    const errors = watchErrors(page);
    await login(page, server.url, 'community');
    const me = await (await page.request.get(`${server.url}/api/auth/me`)).json();
    const areaId = me.user.roles[0].areaId;
    const created = await page.request.post(`${server.url}/api/imports/sources`, { data: { name: '区民政局救助系统', entity: 'residents', areaId }, headers: { 'x-csrf-token': await csrf(page, server.url) } });
    assert.equal(created.status(), 201, await created.text());

    await page.goto(`${server.url}/imports`);
    await page.getByTestId('imports-page').waitFor();
    await page.locator('.ant-upload-drag').waitFor();
    // Large enough that the bar is seen moving; three bad ID numbers and one bad phone.
    await page.locator('input[type=file]').setInputFiles({ name: '救助对象.csv', mimeType: 'text/csv', buffer: Buffer.from(residentsCsv(60_000, [3, 77, 50_000], [12])) });
    await page.getByTestId('mapping-form').waitFor({ timeout: 20_000 });
    await screenshot(page, 'imports-mapping');
    // Record every progress value the bar shows, however briefly, while the rows stream in.
    await page.evaluate(() => {
      const w = window as unknown as { seen: string[] };
      w.seen = [];
      new MutationObserver(() => {
        const bar = document.querySelector('[data-testid=import-job][data-status=running] [data-testid=import-progress]');
        const v = bar?.getAttribute('data-percent');
        if (v !== null && v !== undefined && w.seen[w.seen.length - 1] !== v) w.seen.push(v);
      }).observe(document.body, { subtree: true, childList: true, attributes: true });
    });
    await page.getByTestId('import-start').click();
    await screenshot(page, 'imports-running');

    await page.locator('[data-testid=import-job][data-status=done]').waitFor({ timeout: 120_000 });
    assert.equal(await page.getByTestId('import-progress').getAttribute('data-percent'), '100');
    const seen = await page.evaluate(() => (window as unknown as { seen: string[] }).seen);
    assert.ok(seen.length >= 1, 'the progress bar was shown while the import ran');
    console.log(`# progress shown while running: ${seen.join(' → ')} %`);
    assert.match(await page.getByTestId('count-created').innerText(), /59,?996/);
    const rows = page.getByTestId('error-row');
    await rows.first().waitFor();
    assert.equal(await rows.count(), 4);
    const text = await page.getByTestId('import-errors').innerText();
    assert.match(text, /身份证号|ID number/);
    assert.match(text, /手机|Mobile/);
    const href = await page.getByTestId('download-errors').getAttribute('href');
    const report = await page.request.get(`${server.url}${href}`);
    assert.equal(report.status(), 200);
    const csv = await report.text();
    assert.equal(csv.trim().split('\r\n').length, 5);
    assert.match(csv, /E77/);
    await screenshot(page, 'imports-done');
    const phone = await browser.newPage({ viewport: PHONE });
    await login(phone, server.url, 'community');
    await phone.goto(`${server.url}/imports`);
    await phone.locator('.ant-upload-drag').waitFor();
    await screenshot(phone, 'imports-phone');
    await phone.close();

    // A second system gives the last resident another name: the register keeps the first, and the
    // resident's page says where each value came from and what the other source said.
    const last = residentsCsv(60_000, [], []).split('\n')[60_000]!.split(',');
    const police = await page.request.post(`${server.url}/api/imports/sources`, { data: { name: '公安户籍系统', entity: 'residents', areaId }, headers: { 'x-csrf-token': await csrf(page, server.url) } });
    assert.equal(police.status(), 201, await police.text());
    const up = await page.request.post(`${server.url}/api/imports/sources/${(await police.json()).id}/uploads`, {
      multipart: { file: { name: 'hj.csv', mimeType: 'text/csv', buffer: Buffer.from(`户籍编号,姓名,身份证号\nGA-1,居民五万九,${last[4]}\n`) } },
      headers: { 'x-csrf-token': await csrf(page, server.url) },
    });
    assert.equal(up.status(), 201, await up.text());
    const second = (await up.json()).id as string;
    await page.request.post(`${server.url}/api/imports/jobs/${second}/start`, { data: { mapping: { columns: { sourceKey: '户籍编号', name: '姓名', idNumber: '身份证号' } } }, headers: { 'x-csrf-token': await csrf(page, server.url) } });
    for (let i = 0; i < 200 && (await (await page.request.get(`${server.url}/api/imports/jobs/${second}`)).json()).status === 'running'; i++) await page.waitForTimeout(100);
    const first = ((await (await page.request.get(`${server.url}/api/imports/jobs`)).json()).items as { id: string; fileName: string }[]).find((j) => j.fileName === '救助对象.csv')!;

    await page.goto(`${server.url}/community`);
    await page.getByTestId('community-page').waitFor();
    await page.getByTestId('resident-search').locator('input').or(page.locator('input[data-testid=resident-search]')).first().fill(last[1]!);
    await page.keyboard.press('Enter');
    const resident = page.getByTestId('resident-row').filter({ hasText: last[1]! }).first();
    await resident.waitFor({ timeout: 10_000 });
    await resident.getByText(last[1]!, { exact: true }).click();
    const provenance = page.getByTestId('person-provenance');
    await provenance.locator('[data-testid=provenance-row][data-field=name]').waitFor({ timeout: 10_000 });
    const nameRow = provenance.locator('[data-testid=provenance-row][data-field=name]');
    assert.equal(await nameRow.getAttribute('data-source'), '区民政局救助系统');
    assert.match(await nameRow.getByTestId('provenance-source').innerText(), new RegExp(first.id.slice(0, 8)));
    assert.match(await nameRow.getByTestId('provenance-conflict').innerText(), /公安户籍系统.*居民五万九/);
    assert.equal(await provenance.locator('[data-testid=provenance-row][data-field=notes]').getAttribute('data-source'), 'register');
    await screenshot(page, 'person-provenance');
    assert.deepEqual(errors, []);
  });

  it('issues a proof whose QR code verifies on the public verification page', async () => {
    const page = await browser.newPage({ viewport: DESKTOP, deviceScaleFactor: 2 });
    const errors = watchErrors(page);
    await login(page, server.url, 'community');
    await page.goto(`${server.url}/proofs`);
    await page.getByTestId('proof-issue').click();
    await page.getByTestId('proof-drawer').waitFor();
    await page.getByTestId('proof-subject').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').first().click();
    await page.getByTestId('proof-submit').click();
    const qr = page.getByTestId('proof-qr');
    await qr.waitFor();
    await page.waitForFunction(() => {
      const img = document.querySelector('[data-testid=proof-qr]') as HTMLImageElement | null;
      return !!img && img.complete && img.naturalWidth > 0;
    });
    await screenshot(page, 'proof-qr');
    // The dialog zooms in: read the code once it has settled (a few tries while it animates).
    let code: { data: string } | null = null;
    for (let i = 0; i < 20 && !code; i++) {
      await page.waitForTimeout(250);
      const png = PNG.sync.read(await qr.screenshot({ animations: 'disabled' }));
      code = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
    }
    assert.ok(code, 'the QR code on screen decodes');
    const link = await page.getByTestId('proof-verify-link').getAttribute('href');
    assert.equal(new URL(code.data).hash, new URL(link!, server.url).hash, 'the code carries the same proof as the dialog\'s link');
    assert.match(code.data, /\/verify#chancheng\./);

    // Someone else, not logged in, opens the scanned address.
    const stranger = await browser.newContext({ viewport: PHONE });
    const verifier = await stranger.newPage();
    const verifierErrors = watchErrors(verifier);
    await verifier.goto(code.data);
    const result = verifier.getByTestId('verify-result');
    await result.waitFor({ timeout: 20_000 });
    assert.equal(await result.getAttribute('data-verdict'), 'valid');
    for (const k of ['checkIssuerSig', 'checkInclusion', 'checkTreeHead', 'checkIssuerKnown', 'checkConsistency', 'checkRevocation']) {
      assert.equal(await verifier.getByTestId(`check-${k}`).getAttribute('data-ok'), 'true', k);
    }
    assert.match(await verifier.getByTestId('verify-issuer').innerText(), /塔坡社区/);
    assert.match(await verifier.getByTestId('verify-subject').innerText(), /\*/);
    await screenshot(verifier, 'verify-valid');

    // A tampered payload does not verify.
    const tampered = code.data.replace(/.{6}$/, (s) => (s[0] === 'A' ? 'B' : 'A') + s.slice(1));
    await verifier.goto('about:blank');
    await verifier.goto(tampered);
    await result.waitFor({ timeout: 20_000 });
    assert.notEqual(await result.getAttribute('data-verdict'), 'valid');
    await stranger.close();
    assert.deepEqual(errors, []);
    assert.deepEqual(verifierErrors, []);
  });
});
