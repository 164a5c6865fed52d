// Shared fixtures for the smart-grid suites (cases, patrols, Open311): the demo district with its
// case catalogue and patrol checklist, photo uploads over multipart, and points inside a grid.
import crypto from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { type Client, type TestApp, startTestApp } from './helpers.ts';
import { seedSmartGrid } from '../src/modules/cases/seed.ts';

export const DISTRICT = 'chancheng';

export async function startSmartGrid(env: Record<string, string> = {}): Promise<TestApp> {
  const t = await startTestApp(env);
  await seedSmartGrid(t.db, DISTRICT);
  return t;
}

/** The smallest bytes each format's sniffer accepts, padded to a size. */
export function jpeg(size = 2048): Buffer {
  const b = Buffer.alloc(size, 0x20);
  b.set([0xff, 0xd8, 0xff, 0xe0], 0);
  return b;
}
export function png(size = 2048): Buffer {
  const b = Buffer.alloc(size, 0);
  b.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 0);
  return b;
}

export async function upload(t: TestApp, client: Client, bytes: Buffer, filename = 'photo.jpg', type = 'image/jpeg'): Promise<LightMyRequestResponse> {
  const boundary = `----linli${crypto.randomBytes(8).toString('hex')}`;
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`),
    bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return t.app.inject({
    method: 'POST',
    url: '/api/files',
    headers: { cookie: client.cookie ?? '', 'x-csrf-token': client.csrf ?? '', 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload,
  });
}

/** A point that the district's grid index places in this grid (near its centre). */
export async function pointInGrid(t: TestApp, gridId: string, nth = 0): Promise<{ lat: number; lon: number }> {
  const g = await t.db.q.selectFrom('grids').select(['lat', 'lon']).where('districtId', '=', DISTRICT).where('id', '=', gridId).executeTakeFirstOrThrow();
  const index = await t.ctx.areas.gridIndex(DISTRICT);
  let found = 0;
  for (let r = 0; r < 40; r++) {
    for (let k = 0; k < Math.max(1, r * 8); k++) {
      const angle = (2 * Math.PI * k) / Math.max(1, r * 8);
      const lat = g.lat + r * 0.00005 * Math.sin(angle);
      const lon = g.lon + r * 0.00005 * Math.cos(angle);
      if (index.locate(lat, lon) === gridId && found++ === nth) return { lat: Math.round(lat * 1e7) / 1e7, lon: Math.round(lon * 1e7) / 1e7 };
    }
  }
  throw new Error(`no point found in grid ${gridId}`);
}

/** The grid a user works in (from their role assignment). */
export async function gridOf(client: Client): Promise<string> {
  const me = (await client.json('/api/auth/me')).user;
  const grid = me.roles.find((r: { role: string; gridId: string | null }) => r.role === 'grid_worker');
  if (!grid) throw new Error('not a grid worker');
  return grid.gridId;
}

/** A type by its catalogue code. */
export async function typeId(t: TestApp, code: string): Promise<string> {
  const row = await t.db.q.selectFrom('caseTypes').select('id').where('districtId', '=', DISTRICT).where('code', '=', code).executeTakeFirstOrThrow();
  return row.id;
}

export async function orgByName(t: TestApp, name: string): Promise<{ id: string; code: string }> {
  return t.db.q.selectFrom('organisations').select(['id', 'code']).where('districtId', '=', DISTRICT).where('name', '=', name).executeTakeFirstOrThrow();
}

/** A new user with one role, logged in. */
export async function userWith(t: TestApp, admin: Client, username: string, grant: { role: string; areaId?: string; gridId?: string; orgId?: string }): Promise<Client> {
  const password = 'test-password-1234';
  const created = await admin.post('/api/admin/users', { username, displayName: username, password });
  if (created.statusCode !== 201) throw new Error(`create ${username}: ${created.body}`);
  const granted = await admin.post(`/api/admin/users/${created.json().id}/roles`, grant);
  if (granted.statusCode !== 201) throw new Error(`grant ${username}: ${granted.body}`);
  return t.login(username, password);
}

export async function count(t: TestApp, table: 'cases' | 'caseHistory' | 'files' | 'patrols' | 'patrolResults' | 'visits' | 'caseFollowers' | 'idempotencyKeys'): Promise<number> {
  const r = await t.db.q.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}
