// Smart-grid settings in the browser: the district official adds a case type with a department and
// a 4-working-hour limit, routes it to another department in one street by a dispatch rule, and
// marks the next working day a holiday; the administrator issues an Open311 key and revokes it.
// Then a case of that type in that street, reported and dispatched through the API, goes to the
// rule's department and is due 4 working hours later with the holiday skipped. On a phone the
// catalogue page never scrolls sideways, in elder mode too.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { APIRequestContext, Locator, Page } from 'playwright-core';
import { DESKTOP, journey, login, PHONE, screenshot, watchErrors } from './harness.ts';

/** Pick an option in an antd Select, typing to search first. */
async function choose(page: Page, testId: string, option: string, search = option, within: Page | Locator = page) {
  await within.getByTestId(testId).click();
  await page.keyboard.type(search);
  const item = page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: option }).first();
  await item.waitFor({ timeout: 10_000 });
  await item.click();
}

/** Pick a node in an antd TreeSelect, typing to search first. */
async function chooseInTree(page: Page, testId: string, option: string, search = option) {
  await page.getByTestId(testId).click();
  await page.keyboard.type(search);
  const item = page.locator('.ant-select-dropdown:visible .ant-select-tree-title').filter({ hasText: option }).first();
  await item.waitFor({ timeout: 10_000 });
  await item.click();
}

async function noSidewaysScroll(page: Page, where: string) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `${where} scrolls sideways by ${overflow}px`);
}

async function apiJson<T>(request: APIRequestContext, base: string, method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const me = (await (await request.get(`${base}/api/auth/me`)).json()) as { csrfToken: string };
  const res = method === 'GET' ? await request.get(`${base}${path}`) : await request.post(`${base}${path}`, { data: body ?? {}, headers: { 'x-csrf-token': me.csrfToken } });
  return { status: res.status(), body: (await res.json()) as T };
}

interface CalendarYear {
  year: number;
  source: string;
  days: { day: string; kind: 'holiday' | 'workday'; name: string }[];
}

/** The district's local date (UTC+8) of an instant, and its time of day. */
function local(iso: string): { day: string; time: string } {
  const s = new Date(new Date(iso).getTime() + 8 * 3_600_000).toISOString();
  return { day: s.slice(0, 10), time: s.slice(11, 16) };
}

function nextDay(day: string): string {
  return new Date(new Date(`${day}T00:00:00Z`).getTime() + 86_400_000).toISOString().slice(0, 10);
}

/** Whether a day is worked, by the year's rules as the API gives them (weekends off unless made up). */
function worked(day: string, rules: Map<string, 'holiday' | 'workday'>): boolean {
  const kind = rules.get(day);
  if (kind) return kind === 'workday';
  const dow = new Date(`${day}T00:00:00Z`).getUTCDay();
  return dow !== 0 && dow !== 6;
}

describe('smart-grid settings in the browser', () => {
  const fx = journey();

  it('an official sets up a type, a rule and a holiday; an admin issues and revokes an Open311 key; the case is dispatched by them', async () => {
    const url = fx.server.url;
    const db = fx.server.db.q;
    const stamp = String(Date.now()).slice(-7);
    const street = await db.selectFrom('areas').select(['id', 'name', 'path']).where('level', '=', 'street').orderBy('code').executeTakeFirstOrThrow();
    const grid = await db.selectFrom('grids').select(['lat', 'lon']).where('areaPath', 'like', `${street.path}%`).orderBy('code').executeTakeFirstOrThrow();
    const [deptA, deptB] = await db.selectFrom('organisations').select(['id', 'code', 'name']).where('kind', '=', 'department').orderBy('code').limit(2).execute();
    assert.ok(deptA && deptB, 'the demo district has two departments');
    const parent = await db.selectFrom('caseTypes').select(['id', 'code', 'name']).where('level', '=', 1).where('active', '=', true).orderBy('sort').executeTakeFirstOrThrow();
    const code = `E2E_SGS_${stamp}`;
    const name = `井盖松动E2E${stamp}`;

    const desk = await fx.browser.newContext({ viewport: DESKTOP });
    const page = await desk.newPage();
    const errors = watchErrors(page);
    await login(page, url, 'official');
    await page.getByTestId('nav-smart-grid-settings').click();
    await page.waitForURL((u) => u.pathname === '/smart-grid/settings');
    await page.getByTestId('type-tree').waitFor();
    assert.equal(await page.getByTestId('sgs-tab-keys').count(), 0, 'officials do not see Open311 keys');

    // 1. The catalogue: find the parent, add a type under it.
    await page.getByTestId('type-tree-search').fill(parent.name);
    await page.locator(`[data-testid=type-node][data-code="${parent.code}"]`).click();
    await page.locator(`[data-testid=type-editor][data-code="${parent.code}"]`).waitFor();
    await page.getByTestId('type-add-child').click();
    const createForm = page.getByTestId('type-create-form');
    await createForm.waitFor();
    // A code already taken is refused by the server and shown on the code field.
    await page.getByTestId('type-code').fill(parent.code);
    await page.getByTestId('type-new-name').fill(name);
    await page.getByTestId('type-create-submit').click();
    const codeError = createForm.locator('.ant-form-item').filter({ has: page.getByTestId('type-code') }).locator('.ant-form-item-explain-error');
    await codeError.waitFor({ timeout: 10_000 });
    assert.match(await codeError.innerText(), /编码已被/);
    await page.getByTestId('type-code').fill(code);
    await choose(page, 'type-department', deptA.name, deptA.name, createForm);
    await createForm.getByTestId('type-limit-value').fill('4');
    assert.match(await createForm.getByTestId('type-limit-unit').innerText(), /工作小时/);
    await page.getByTestId('type-create-submit').click();
    await createForm.waitFor({ state: 'hidden', timeout: 10_000 });
    await page.locator(`[data-testid=type-editor][data-code="${code}"]`).waitFor();
    assert.match(await page.getByTestId('type-limit-text').innerText(), /4 工作小时/);
    // Edit it: offer it through Open311, add keywords.
    await page.getByTestId('type-open311').click();
    await page.getByTestId('type-keywords').fill('井盖 松动');
    await page.getByTestId('type-save').click();
    await page.locator(`[data-testid=type-node][data-code="${code}"] .ant-tag`).filter({ hasText: 'Open311' }).waitFor();
    await screenshot(page, 'sgs-case-types');
    const types = await apiJson<{ items: { id: string; code: string; parentId: string; defaultOrgCode: string; limitValue: number; limitUnit: string; open311: boolean; keywords: string; leaf: boolean }[] }>(page.request, url, 'GET', '/api/case-types');
    const created = types.body.items.find((x) => x.code === code);
    assert.ok(created, 'the new type is in the catalogue');
    assert.deepEqual(
      { parentId: created.parentId, defaultOrgCode: created.defaultOrgCode, limitValue: created.limitValue, limitUnit: created.limitUnit, open311: created.open311, keywords: created.keywords, leaf: created.leaf },
      { parentId: parent.id, defaultOrgCode: deptA.code, limitValue: 4, limitUnit: 'hours', open311: true, keywords: '井盖 松动', leaf: true },
    );

    // 2. A dispatch rule: this type in this street goes to department B.
    await page.getByTestId('sgs-tab-rules').click();
    await page.getByTestId('rules-tab').waitFor();
    await page.getByTestId('rule-add').click();
    await page.getByTestId('rule-form').waitFor();
    await chooseInTree(page, 'rule-type', code, name);
    await chooseInTree(page, 'rule-area', street.name);
    await choose(page, 'rule-department', deptB.name);
    await page.getByTestId('rule-note').fill('E2E：井盖归属');
    await page.getByTestId('rule-submit').click();
    await page.getByTestId('rule-form').waitFor({ state: 'hidden', timeout: 10_000 });
    await page.locator(`[data-testid=rule-row][data-type-id="${created.id}"][data-area-id="${street.id}"][data-org-id="${deptB.id}"]`).waitFor();
    await chooseInTree(page, 'rule-filter-type', code, name);
    await page.locator('[data-testid=rule-count][data-count="1"]').waitFor();
    await page.keyboard.press('Escape');
    await page.locator('.ant-select-dropdown:visible').waitFor({ state: 'hidden' });
    await screenshot(page, 'sgs-dispatch-rules');

    // 3. The calendar: the first working day from today becomes a holiday.
    const today = local(new Date().toISOString()).day;
    const rulesOf = async (year: string) => {
      const y = await apiJson<CalendarYear>(page.request, url, 'GET', `/api/calendar/${year}`);
      return y.body;
    };
    const rules = new Map<string, 'holiday' | 'workday'>();
    for (const y of new Set([today.slice(0, 4), String(Number(today.slice(0, 4)) + 1)])) for (const d of (await rulesOf(y)).days) rules.set(d.day, d.kind);
    let holiday = today;
    while (!worked(holiday, rules)) holiday = nextDay(holiday);
    const before = await rulesOf(holiday.slice(0, 4));
    await page.getByTestId('sgs-tab-calendar').click();
    await page.getByTestId('calendar-tab').waitFor();
    await page.locator(`td:has([data-testid=calendar-day][data-day="${holiday}"])`).first().click();
    await page.getByTestId('day-kind-holiday').click();
    await page.getByTestId('day-name').fill('E2E休息日');
    await page.getByTestId('day-ok').click();
    await page.locator(`[data-testid=calendar-day][data-day="${holiday}"][data-kind=holiday]`).waitFor();
    await page.locator(`[data-testid=calendar-special-day][data-day="${holiday}"]`).waitFor();
    await page.getByTestId('calendar-save').click();
    await page.locator('[data-testid=calendar-tab][data-dirty=false][data-source=district]').waitFor({ timeout: 10_000 });
    await screenshot(page, 'sgs-calendar');
    const after = await rulesOf(holiday.slice(0, 4));
    assert.equal(after.source, 'district');
    assert.deepEqual(after.days.find((d) => d.day === holiday), { day: holiday, kind: 'holiday', name: 'E2E休息日' });
    assert.equal(after.days.length, before.days.length + 1, 'the year keeps its other days');
    rules.set(holiday, 'holiday');

    // 4. Open311 keys belong to the district administrator: issue one, see it once, revoke it.
    const adminContext = await fx.browser.newContext({ viewport: DESKTOP });
    const admin = await adminContext.newPage();
    const adminErrors = watchErrors(admin);
    await login(admin, url, 'admin');
    await admin.goto(`${url}/smart-grid/settings?tab=keys`);
    await admin.getByTestId('keys-tab').waitFor();
    await admin.getByTestId('key-create').click();
    await admin.getByTestId('key-name').fill(`市12345平台E2E${stamp}`);
    await admin.getByTestId('key-create-submit').click();
    const secret = (await admin.getByTestId('key-secret').innerText()).trim();
    assert.ok(secret.length >= 20, 'the key is shown');
    // Let the dialog finish zooming in before the picture is taken.
    await admin.waitForFunction(() => {
      const dialog = document.querySelector('[data-testid=key-secret]')?.closest('.ant-modal');
      return !!dialog && !/zoom|motion/.test(dialog.className) && getComputedStyle(dialog).opacity === '1';
    });
    await screenshot(admin, 'sgs-open311-key-once');
    await admin.getByTestId('key-secret-done').click();
    await admin.getByTestId('key-secret-modal').waitFor({ state: 'hidden' });
    assert.equal(await admin.getByTestId('key-secret').count(), 0, 'the key is not shown again');
    const row = admin.locator('[data-testid=key-row]').filter({ hasText: `市12345平台E2E${stamp}` });
    const prefix = (await row.getAttribute('data-prefix'))!;
    assert.ok(secret.startsWith(prefix), 'the list keeps only the prefix of the key shown');
    // A live key gets past the key check (the request then lacks a service code: 400, not 403).
    const open311 = (key: string) => admin.request.post(`${url}/open311/v2/requests.json`, { form: { api_key: key } });
    assert.equal((await open311(secret)).status(), 400);
    await row.getByTestId('key-revoke').click();
    await admin.getByTestId('key-revoke-ok').click();
    await row.locator('[data-testid=key-status][data-status=revoked]').waitFor({ timeout: 10_000 });
    const keys = await apiJson<{ items: { prefix: string; revokedAt: string | null }[] }>(admin.request, url, 'GET', '/api/open311/keys');
    assert.ok(keys.body.items.find((k) => k.prefix === prefix)?.revokedAt, 'the key is revoked');
    assert.equal((await open311(secret)).status(), 403, 'a revoked key is refused');
    await screenshot(admin, 'sgs-open311-keys');

    // 5. Through the API: a case of the type in the street goes to department B by the rule, due
    // 4 working hours after dispatch, counted from the first working day after the holiday (the
    // holiday is today or the first working day ahead, so dispatch falls before or on it): office
    // hours are 08:30-12:00 and 14:00-17:30, so the 4 hours end at 14:30.
    const reported = await apiJson<{ id: string }>(page.request, url, 'POST', '/api/cases', { typeId: created.id, description: 'E2E 井盖松动，行人易绊倒', location: { lat: grid.lat, lon: grid.lon } });
    assert.equal(reported.status, 201, JSON.stringify(reported.body));
    const filed = await apiJson<{ status: string }>(page.request, url, 'POST', `/api/cases/${reported.body.id}/transition`, { action: 'file' });
    assert.equal(filed.body.status, 'filed', JSON.stringify(filed.body));
    const dispatched = await apiJson<{ status: string; org: { id: string; name: string } | null; dueAt: string | null; limit: { value: number; unit: string } | null }>(
      page.request,
      url,
      'POST',
      `/api/cases/${reported.body.id}/transition`,
      { action: 'dispatch' },
    );
    assert.equal(dispatched.status, 200, JSON.stringify(dispatched.body));
    assert.equal(dispatched.body.status, 'dispatched');
    assert.equal(dispatched.body.org?.id, deptB.id, 'dispatched by the rule, not to the type\'s default department');
    assert.deepEqual(dispatched.body.limit, { value: 4, unit: 'hours' });
    let dueDay = nextDay(holiday);
    while (!worked(dueDay, rules)) dueDay = nextDay(dueDay);
    assert.deepEqual(local(dispatched.body.dueAt!), { day: dueDay, time: '14:30' }, `due 3.5 h of the morning and 0.5 h after lunch on ${dueDay}, the holiday ${holiday} skipped`);

    // 6. On a phone, in elder mode too: the catalogue and the editor never scroll sideways.
    const phone = await fx.browser.newContext({ viewport: PHONE });
    const mobile = await phone.newPage();
    const mobileErrors = watchErrors(mobile);
    await login(mobile, url, 'official');
    await mobile.goto(`${url}/smart-grid/settings`);
    await mobile.getByTestId('type-tree').waitFor();
    await noSidewaysScroll(mobile, 'the catalogue');
    await mobile.getByTestId('type-tree-search').fill(name);
    await mobile.locator(`[data-testid=type-node][data-code="${code}"]`).click();
    await mobile.locator(`[data-testid=type-drawer] [data-testid=type-editor][data-code="${code}"]`).waitFor();
    // The drawer has slid up over the tree.
    await mobile.waitForFunction(() => (document.querySelector('[data-testid=type-drawer] [data-testid=type-editor]')?.getBoundingClientRect().top ?? 999) < 200);
    await noSidewaysScroll(mobile, 'the type editor');
    await screenshot(mobile, 'sgs-phone-type-editor');
    await mobile.keyboard.press('Escape');
    await mobile.getByTestId('type-editor').waitFor({ state: 'hidden' });
    await mobile.getByTestId('elder-toggle').click();
    await mobile.waitForFunction(() => document.documentElement.hasAttribute('data-elder'));
    await mobile.getByTestId('type-tree-search').fill('');
    await noSidewaysScroll(mobile, 'the catalogue in elder mode');
    await screenshot(mobile, 'sgs-phone-catalogue-elder');
    for (const tab of ['rules', 'calendar'] as const) {
      await mobile.goto(`${url}/smart-grid/settings?tab=${tab}`);
      await mobile.getByTestId(`${tab}-tab`).waitFor();
      await noSidewaysScroll(mobile, `the ${tab} tab`);
    }
    await screenshot(mobile, 'sgs-phone-calendar-elder');
    // English on request.
    await mobile.getByTestId('lang-switch').click();
    await mobile.waitForFunction(() => document.documentElement.lang === 'en');
    assert.match(await mobile.getByTestId('sgs-tab-calendar').innerText(), /Working calendar/);
    await noSidewaysScroll(mobile, 'the calendar in English');
    await screenshot(mobile, 'sgs-phone-calendar-en');

    assert.deepEqual([...errors, ...adminErrors, ...mobileErrors], []);
    await desk.close();
    await adminContext.close();
    await phone.close();
  });
});
