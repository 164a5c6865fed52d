// The production path: on an empty database, the CLI creates the first district admin, who can
// log in; no demo accounts exist there.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/config.ts';
import { Database } from '../src/platform/db/database.ts';
import { buildApp } from '../src/app.ts';
import { TEST_DB, Client, expectProblem, scratchPostgres } from './helpers.ts';

const root = path.resolve(new URL('../../..', import.meta.url).pathname);

describe(`operator CLI (${TEST_DB})`, () => {
  let env: Record<string, string>;
  let cleanup: () => Promise<void>;
  before(async () => {
    if (TEST_DB === 'postgres') {
      const scratch = await scratchPostgres('linli_test_cli');
      env = { DATABASE_URL: scratch.url };
      cleanup = scratch.drop;
    } else {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'linli-cli-'));
      env = { LINLI_DATA_DIR: dir };
      cleanup = async () => fs.rmSync(dir, { recursive: true, force: true });
    }
  });
  after(() => cleanup());

  const cli = (...args: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', 'apps/server/src/cli.ts', ...args], {
      cwd: root,
      env: { ...process.env, ...env, LINLI_ADMIN_PASSWORD: 'first-admin-password' },
      encoding: 'utf8',
    });

  it('creates the first admin, refuses a duplicate, and the admin logs in with no demo accounts present', async () => {
    const made = cli('create-admin', '--username', 'chen.admin', '--name', '陈管理员');
    assert.equal(made.status, 0, made.stderr);
    assert.match(made.stdout, /created district admin chen\.admin/);
    const again = cli('create-admin', '--username', 'chen.admin');
    assert.notEqual(again.status, 0);
    assert.match(again.stderr, /exists/);
    const bad = cli('create-admin', '--username', 'x');
    assert.notEqual(bad.status, 0);

    const config = loadConfig({ ...env, LINLI_LOG_LEVEL: 'silent' } as NodeJS.ProcessEnv);
    assert.equal(config.demo, TEST_DB === 'pglite', 'demo seeding defaults on only for the embedded database');
    const db = await Database.open(config.database);
    const { app } = await buildApp({ config, db, logger: false });
    try {
      const client = new Client(app);
      const res = await client.post('/api/auth/login', { username: 'chen.admin', password: 'first-admin-password' });
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual(res.json().user.roles.map((r: { role: string }) => r.role), ['district_admin']);
      expectProblem(await new Client(app).post('/api/auth/login', { username: 'admin', password: 'linli-demo' }), 401);
      const users = (await client.json('/api/admin/users')).items;
      assert.deepEqual(users.map((u: { username: string }) => u.username), ['chen.admin']);
    } finally {
      await app.close();
      await db.close();
    }
  });
});
