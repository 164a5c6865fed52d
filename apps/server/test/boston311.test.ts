// An outside check of the on-time statistics: Boston's 2015 311 cases (../shared/data/boston311-2015,
// skipped when absent) are imported with their own opened, target and closed times, each city
// department as a Linli department, and the on-time rate per department that Linli's statistics
// endpoint reports must equal the rate computed straight from the CSV rows.
//
// All 121,145 rows are imported (about 30 s on PGlite, 20 s on PostgreSQL); LINLI_BOSTON_SAMPLE=1
// takes a deterministic fifth (CASE_ENQUIRY_ID divisible by 5) for quick local runs. Both sides
// always use the same rows.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse';
import { TEST_DB, type Client, type TestApp } from './helpers.ts';
import { startSmartGrid } from './smart-grid.ts';
import { hashPassword } from '../src/platform/auth/index.ts';
import { type ImportRow, casesService } from '../src/modules/cases/service.ts';

const DATA = path.resolve(new URL('../../..', import.meta.url).pathname, '../shared/data/boston311-2015');
const FULL = process.env.LINLI_BOSTON_SAMPLE !== '1';
const absent = !fs.existsSync(DATA);

/** "01/05/2015 12:40:41 PM" in Boston's wall-clock time, read the same way on both sides. */
function bostonTime(s: string): Date | null {
  const m = /^(\d{2})\/(\d{2})\/(\d{4}) (\d{2}):(\d{2}):(\d{2}) (AM|PM)$/.exec(s.trim());
  if (!m) return null;
  const [, mo, d, y, h, mi, sec, ap] = m;
  const hour = (Number(h) % 12) + (ap === 'PM' ? 12 : 0);
  return new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d), hour, Number(mi), Number(sec)));
}

interface Row {
  id: string;
  department: string;
  type: string;
  status: 'Open' | 'Closed';
  opened: Date;
  target: Date | null;
  closed: Date | null;
  onTimeStatus: string;
  lat: number | null;
  lon: number | null;
  title: string;
}

async function readRows(): Promise<Row[]> {
  const rows: Row[] = [];
  for (const file of fs.readdirSync(DATA).filter((f) => f.endsWith('.csv')).sort()) {
    const parser = fs.createReadStream(path.join(DATA, file)).pipe(parse({ columns: true, skip_empty_lines: true, relax_column_count: true }));
    for await (const r of parser as AsyncIterable<Record<string, string>>) {
      const id = r.CASE_ENQUIRY_ID ?? '';
      if (!FULL && Number(id) % 5 !== 0) continue;
      const opened = bostonTime(r.OPEN_DT ?? '');
      if (!opened) continue;
      const lat = Number(r.LATITUDE);
      const lon = Number(r.LONGITUDE);
      rows.push({
        id,
        department: (r.Department ?? '').trim() || 'UNKNOWN',
        type: (r.TYPE ?? '').trim() || 'Unknown',
        status: r.CASE_STATUS === 'Closed' ? 'Closed' : 'Open',
        opened,
        target: bostonTime(r.TARGET_DT ?? ''),
        closed: bostonTime(r.CLOSED_DT ?? ''),
        onTimeStatus: r.OnTime_Status ?? '',
        lat: Number.isFinite(lat) && r.LATITUDE ? lat : null,
        lon: Number.isFinite(lon) && r.LONGITUDE ? lon : null,
        title: (r.CASE_TITLE ?? '').slice(0, 200),
      });
    }
  }
  return rows;
}

describe(`Boston 311 on-time rates (${TEST_DB})`, { skip: absent ? `Boston 311 data not found at ${DATA}; skipping the external statistics check` : false }, () => {
  let t: TestApp;
  let official: Client;
  let rows: Row[];
  const district = 'boston';

  before(async () => {
    t = await startSmartGrid();
    rows = await readRows();
    const d = t.db.q;
    const rootId = crypto.randomUUID();
    await d.insertInto('districts').values({ id: district, name: 'Boston', nameEn: 'Boston', centerLat: 42.36, centerLon: -71.06 }).execute();
    await d.insertInto('areas').values({ districtId: district, id: rootId, parentId: null, level: 'district', kind: 'district', code: 'BOS', name: 'Boston', path: `${rootId}/` }).execute();
    const depts = [...new Set(rows.map((r) => r.department))].sort();
    const orgIds = new Map(depts.map((x) => [x, crypto.randomUUID()]));
    await d.insertInto('organisations').values(depts.map((code) => ({ districtId: district, id: orgIds.get(code)!, kind: 'department', code, name: `Boston ${code}` }))).execute();
    const types = [...new Set(rows.map((r) => r.type))].sort();
    const typeIds = new Map(types.map((x) => [x, crypto.randomUUID()]));
    for (let i = 0; i < types.length; i += 200) {
      await d
        .insertInto('caseTypes')
        .values(types.slice(i, i + 200).map((name, j) => ({ districtId: district, id: typeIds.get(name)!, parentId: null, code: `B${String(i + j + 1).padStart(4, '0')}`, name, level: 1, category: 'public_services', attributes: '[]' })))
        .execute();
    }
    const userId = crypto.randomUUID();
    await d.insertInto('users').values({ id: userId, districtId: district, username: 'boston-official', passwordHash: await hashPassword('boston-password-1'), displayName: 'Boston official' }).execute();
    await d.insertInto('roleAssignments').values({ districtId: district, id: crypto.randomUUID(), userId, role: 'district_official', areaId: rootId }).execute();

    const imported: ImportRow[] = rows.map((r) => ({
      typeId: typeIds.get(r.type)!,
      orgId: orgIds.get(r.department)!,
      status: r.status === 'Closed' ? 'closed' : 'in_progress',
      description: r.title || r.type,
      lat: r.lat,
      lon: r.lon,
      address: null,
      areaPath: `${rootId}/`,
      reportedAt: r.opened,
      dispatchedAt: r.opened,
      dueAt: r.target,
      handledAt: r.status === 'Closed' ? r.closed : null,
      closedAt: r.status === 'Closed' ? r.closed : null,
      external: { boston_case_id: r.id },
    }));
    const n = await casesService(t.ctx).importCases(district, imported, 'Boston 311 import');
    assert.equal(n, rows.length);
    official = await t.login('boston-official', 'boston-password-1');
  });
  after(() => t?.close());

  it('reports per department the on-time rate computed straight from the CSV', async () => {
    assert.ok(rows.length > (FULL ? 120_000 : 20_000), `${rows.length} rows read`);
    const expected = new Map<string, { finished: number; onTime: number; openOverdue: number }>();
    const now = Date.now();
    for (const r of rows) {
      const e = expected.get(r.department) ?? { finished: 0, onTime: 0, openOverdue: 0 };
      if (r.target && r.status === 'Closed' && r.closed) {
        e.finished++;
        if (r.closed.getTime() <= r.target.getTime()) e.onTime++;
      }
      if (r.target && r.status === 'Open' && r.target.getTime() < now) e.openOverdue++;
      expected.set(r.department, e);
    }
    const stats = await official.json('/api/cases/stats/on-time?groupBy=department');
    const got = new Map<string, { finished: number; onTime: number; rate: number | null; openOverdue: number }>(stats.items.map((x: { key: string }) => [x.key, x]));
    let compared = 0;
    for (const [dept, e] of expected) {
      if (!e.finished && !e.openOverdue) continue;
      const g = got.get(dept);
      assert.ok(g, `${dept} is reported`);
      assert.equal(g.finished, e.finished, `${dept} finished`);
      assert.equal(g.onTime, e.onTime, `${dept} on time`);
      assert.equal(g.rate, e.finished ? e.onTime / e.finished : null, `${dept} rate`);
      assert.equal(g.openOverdue, e.openOverdue, `${dept} open overdue`);
      compared++;
    }
    assert.ok(compared >= 8, `${compared} departments compared`);
    const pwd = got.get('PWDx')!;
    assert.ok(pwd.rate! > 0.5 && pwd.rate! < 1, `PWDx on-time rate ${pwd.rate}`);
  });

  it('agrees with Boston\'s own OnTime_Status wherever the CSV states it', () => {
    let checked = 0;
    for (const r of rows) {
      if (!r.target || r.status !== 'Closed' || !r.closed || !r.onTimeStatus) continue;
      assert.equal(r.closed.getTime() <= r.target.getTime() ? 'ONTIME' : 'OVERDUE', r.onTimeStatus, `case ${r.id}`);
      checked++;
    }
    assert.ok(checked > 10_000, `${checked} rows checked`);
  });
});
