// Browser-test harness: a real Linli server on a free port (PGlite in memory, small demo district)
// and real Chromium driven by playwright-core.
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import { after, before } from 'node:test';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { loadConfig } from '../apps/server/src/config.ts';
import { Database } from '../apps/server/src/platform/db/database.ts';
import { migrate } from '../apps/server/src/platform/db/migrate.ts';
import { buildApp } from '../apps/server/src/app.ts';
import { seedDemoDistrict } from '../apps/server/src/modules/demo/extras.ts';

export const PHONE = { width: 375, height: 667 };
export const DESKTOP = { width: 1280, height: 800 };

export interface Server {
  url: string;
  db: Database;
  close(): Promise<void>;
}

export async function startServer(scale = Number(process.env.LINLI_E2E_SCALE ?? 0.003)): Promise<Server> {
  // The run's seeded snapshot when scripts/test.mjs prepared one; otherwise seed from scratch.
  const snapshot = process.env.LINLI_TEST_SNAPSHOT_PGLITE;
  const db = await Database.open({ kind: 'pglite', dir: null, loadDataDir: snapshot && fs.existsSync(snapshot) ? new Blob([fs.readFileSync(snapshot)]) : undefined });
  if (!snapshot) {
    await migrate(db);
    await seedDemoDistrict(db, { scale });
  }
  const config = loadConfig({ LINLI_LOG_LEVEL: 'silent', PORT: '0', LINLI_DATA_DIR: '/tmp/linli-e2e' } as NodeJS.ProcessEnv);
  const { app } = await buildApp({ config, db, logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    db,
    async close() {
      await app.close();
      await db.close();
    },
  };
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.LINLI_CHROMIUM ?? '/usr/bin/chromium',
    // The machine has no network beyond loopback: keep Chromium from reaching out at start.
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage', '--use-angle=swiftshader', '--enable-unsafe-swiftshader'],
  });
}

/** Collects page errors so a journey can assert the page never threw. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}

export async function login(page: Page, base: string, username: string, password = 'linli-demo') {
  await page.goto(`${base}/login`);
  await page.getByTestId('login-username').locator('input').or(page.locator('input[data-testid=login-username]')).first().fill(username);
  await page.getByTestId('login-password').locator('input').or(page.locator('input[data-testid=login-password]')).first().fill(password);
  await page.getByTestId('login-submit').click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
}

export async function screenshot(page: Page, name: string) {
  if (process.env.LINLI_E2E_SHOTS) await page.screenshot({ path: `${process.env.LINLI_E2E_SHOTS}/${name}.png`, fullPage: false });
}

/** Share of an element's pixels that differ from its most common colour (the background). */
export async function paintedShare(element: Locator): Promise<number> {
  const png = PNG.sync.read(await element.screenshot());
  const counts = new Map<number, number>();
  for (let i = 0; i < png.data.length; i += 4) {
    const key = (png.data[i]! << 16) | (png.data[i + 1]! << 8) | png.data[i + 2]!;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const background = Math.max(...counts.values());
  return 1 - background / (png.width * png.height);
}

/** A server and a browser for the journeys of one file, started before and closed after them. */
export function journey(): { server: Server; browser: Browser } {
  const fixture = {} as { server: Server; browser: Browser };
  before(async () => {
    [fixture.server, fixture.browser] = await Promise.all([startServer(), launchBrowser()]);
  });
  after(async () => {
    await fixture.browser?.close();
    await fixture.server?.close();
  });
  return fixture;
}
