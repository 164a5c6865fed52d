// Homeowners vote on installing a lift (加装电梯): on a phone in elder mode, the demo owner opens
// the ballot and votes; other owners vote from another phone and over the API; the building's
// result moves from "quorum not met" to "approved" on the first page as the votes arrive,
// without a reload.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { PHONE, type Server, launchBrowser, login, screenshot, startServer, watchErrors } from './harness.ts';

/** A logged-in API client speaking to the running server (cookie session + CSRF header). */
async function apiLogin(base: string, username: string) {
  const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'linli-demo' }) });
  if (res.status !== 200) return null;
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  const call = async (method: string, path: string, body?: unknown) => {
    const r = await fetch(`${base}${path}`, { method, headers: { cookie, 'x-csrf-token': csrfToken, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
    return { status: r.status, json: (await r.json()) as any };
  };
  return { get: (path: string) => call('GET', path), post: (path: string, body: unknown) => call('POST', path, body) };
}

const outcome = (page: Page) => page.getByTestId('owners-outcome').getAttribute('data-outcome');

describe('owners vote on a lift, on a phone in elder mode', () => {
  let server: Server;
  let browser: Browser;
  before(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('moves the building from "quorum not met" to "approved" as votes arrive, without reload', async () => {
    const page = await browser.newPage({ viewport: PHONE });
    const errors = watchErrors(page);
    await login(page, server.url, 'resident');
    await page.getByTestId('elder-toggle').click();
    await page.waitForFunction(() => document.querySelector('[data-testid=elder-toggle]')?.getAttribute('aria-pressed') === 'true');
    await page.getByTestId('bottom-deliberation').click();
    await page.getByTestId('deliberation-page').waitFor();
    await page.getByTestId('ballot-row').filter({ hasText: '电梯' }).first().click();
    await page.getByTestId('owners-panel').waitFor();
    assert.equal(await outcome(page), 'quorum_not_met');
    assert.equal(await page.getByTestId('secrecy-notice').getAttribute('data-secrecy'), 'open', 'the owner is told the ballot is open before voting');
    assert.equal(await page.getByTestId('quorum-heads').getAttribute('data-met'), 'false');
    // Elder mode: the options are one column of big buttons.
    const yes = page.getByTestId('vote-option-yes');
    const box = (await yes.boundingBox())!;
    assert.ok(box.height >= 70 && box.width >= 280, `big buttons in elder mode (${box.width}x${box.height})`);
    await page.getByTestId('owners-outcome').evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await screenshot(page, 'owners-vote-before');
    await yes.scrollIntoViewIfNeeded();

    // The demo owner votes on the page itself.
    await yes.click();
    await page.getByTestId('vote-submit').click();
    await page.getByTestId('my-vote').waitFor();
    assert.equal(await page.getByTestId('my-vote').getAttribute('data-choice'), 'yes');
    // Marks the document: it must survive everything below, so the page is never reloaded.
    await page.evaluate(() => ((window as unknown as { __unreloaded: boolean }).__unreloaded = true));
    const url = page.url();
    const ballotId = url.split('/').pop()!;

    // Another owner votes from their own phone.
    const other = await browser.newPage({ viewport: PHONE });
    await login(other, server.url, 'owner1');
    await other.goto(url);
    await other.getByTestId('vote-option-yes').click();
    await other.getByTestId('vote-submit').click();
    await other.getByTestId('my-vote').waitFor();
    const seenVoted = async () => Number((await page.getByTestId('turnout').innerText()).match(/\d+/)![0]);
    await page.waitForFunction(() => /已投 [3-9]|已投 1\d/.test(document.querySelector('[data-testid=turnout]')?.textContent ?? ''), undefined, { timeout: 10_000 });
    assert.ok((await seenVoted()) >= 3);

    // The rest of the owners vote over the API, one by one; the first page follows each vote.
    const outcomes: string[] = [(await outcome(page))!];
    for (let n = 2; n <= 30; n++) {
      const owner = await apiLogin(server.url, `owner${n}`);
      if (!owner) break;
      const before = (await owner.get(`/api/ballots/${ballotId}`)).json;
      if (!before.myElectors.length || before.myElectors.every((e: { choices: string[] | null }) => e.choices)) continue;
      const voted = await owner.post(`/api/ballots/${ballotId}/vote`, { choices: ['yes'] });
      assert.equal(voted.status, 200, JSON.stringify(voted.json));
      const expected = voted.json.owners.outcome as string;
      await page.waitForFunction((want) => document.querySelector('[data-testid=owners-outcome]')?.getAttribute('data-outcome') === want, expected, { timeout: 10_000 });
      outcomes.push(expected);
      if (expected === 'approved') break;
    }
    assert.equal(outcomes[0], 'quorum_not_met');
    assert.equal(outcomes.at(-1), 'approved', `outcomes seen: ${outcomes.join(' -> ')}`);
    assert.equal(await page.getByTestId('quorum-area').getAttribute('data-met'), 'true');
    assert.equal(await page.getByTestId('quorum-heads').getAttribute('data-met'), 'true');
    assert.equal(await page.getByTestId('approval-area').getAttribute('data-met'), 'true');
    assert.match(await page.getByTestId('owners-outcome').innerText(), /已达到通过条件/);
    assert.equal(await page.evaluate(() => (window as unknown as { __unreloaded?: boolean }).__unreloaded), true, 'the page was not reloaded');
    await page.getByTestId('owners-outcome').evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await screenshot(page, 'owners-vote-approved');
    assert.deepEqual(errors, []);
  });
});
