// Imports through HTTP: CSV (UTF-8 and GBK) and XLSX uploads streamed to disk, mapping with value
// maps, dry runs, malformed and duplicate rows reported row by row (and as a CSV file) while good
// rows land, idempotent re-import, conflicting values from two sources reported and decided,
// all-or-nothing, cancel, the push endpoint with a per-source key, provenance (with other sources'
// differing values), case types written through the cases service, facilities and providers
// written through the catalogue service, the scheduled pull against a local HTTP server, and scope.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import iconv from 'iconv-lite';
import ExcelJS from 'exceljs';
import { importPuller } from '../src/modules/imports/puller.ts';
import { TEST_DB, type TestApp, type Client, expectProblem, makeIdNumber, startTestApp } from './helpers.ts';

async function upload(t: TestApp, c: Client, sourceId: string, name: string, data: Buffer) {
  const boundary = `----linli${crypto.randomBytes(8).toString('hex')}`;
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`),
    data,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return t.app.inject({ method: 'POST', url: `/api/imports/sources/${sourceId}/uploads`, payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, cookie: c.cookie!, 'x-csrf-token': c.csrf! } });
}

async function finished(c: Client, jobId: string) {
  for (let i = 0; i < 3000; i++) {
    const j = await c.json(`/api/imports/jobs/${jobId}`);
    if (j.status !== 'running') return j;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('import did not finish');
}

const MAPPING = {
  columns: { sourceKey: '编号', name: '姓名', gender: '性别', birthDate: '出生日期', idNumber: '身份证号', phone: '手机', building: '楼栋', room: '房号', tags: '标签' },
  valueMaps: { tags: { 独居: 'living_alone', 残疾: 'disabled', 低保: 'low_income' } },
  defaults: {},
};

describe(`imports (${TEST_DB})`, () => {
  let t: TestApp;
  let worker: Client;
  let admin: Client;
  let communityId: string;
  let building: { code: string; name: string };
  let source: { id: string };
  const countPersons = async () => Number((await t.db.q.selectFrom('persons').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const ids = Array.from({ length: 8 }, (_, i) => makeIdNumber(`19${50 + i}-0${(i % 9) + 1}-1${i}`, 400 + i * 2 + 1));

  /** Six good rows, then malformed ones, a duplicate and a quoted comma. */
  const csv = (phoneOfFirst = '13800000001') =>
    [
      '编号,姓名,性别,出生日期,身份证号,手机,楼栋,房号,标签',
      `MZ001,陈伯,男,${ids[0]!.slice(6, 10)}-${ids[0]!.slice(10, 12)}-${ids[0]!.slice(12, 14)},${ids[0]},${phoneOfFirst},${building.code},1-101,独居`,
      `MZ002,李婆,,,${ids[1]!.slice(0, 16)}${ids[1]!.slice(16)},13800000002,${building.code},1-102,独居、低保`,
      `MZ003,"黄,志明",男,${ids[2]!.slice(6, 10)}/${Number(ids[2]!.slice(10, 12))}/${Number(ids[2]!.slice(12, 14))},${ids[2]},,${building.code},1-103,`,
      `MZ004,吴姨,女,1962年3月4日,,139 0000 0004,${building.name},1-104,残疾`,
      `MZ005,周叔,男,19600101,,,${building.code},,`,
      `MZ006,郑婶,女,1958-08-08,,+8613900000006,,,`,
      `MZ007,坏身份证,男,1950-01-01,440604195001011234,,${building.code},2-201,`,
      `MZ008,坏日期,男,1950-13-45,,,${building.code},2-202,`,
      `MZ009,坏性别,未知,1950-01-01,,,${building.code},2-203,`,
      `MZ010,坏标签,男,1950-01-01,,,${building.code},2-204,喜欢跳舞`,
      `MZ011,坏电话,男,1950-01-01,,12345,${building.code},2-205,`,
      `MZ012,没楼,男,1950-01-01,,,不存在的楼,2-206,`,
      `MZ013,,男,1950-01-01,,,${building.code},2-207,`,
      `MZ001,陈伯重复,男,1950-01-01,,,${building.code},1-101,`,
    ].join('\r\n') + '\r\n';

  before(async () => {
    t = await startTestApp();
    worker = await t.login('community');
    admin = await t.login('admin');
    [{ id: communityId }] = (await worker.json('/api/areas/root')).items;
    const b = await t.db.q.selectFrom('areas').select(['code', 'name', 'path']).where('level', '=', 'building').where('path', 'like', `%${communityId}/%`).orderBy('code').limit(5).execute();
    const names = new Map<string, number>();
    for (const x of await t.db.q.selectFrom('areas').select('name').where('level', '=', 'building').where('path', 'like', `%${communityId}/%`).execute()) names.set(x.name, (names.get(x.name) ?? 0) + 1);
    // A building whose bare name is unique in the community, so row MZ004 can name it without a code.
    const unique = (await t.db.q.selectFrom('areas').select(['code', 'name']).where('level', '=', 'building').where('path', 'like', `%${communityId}/%`).execute()).find((x) => names.get(x.name) === 1);
    building = unique ?? b[0]!;
    const res = await worker.post('/api/imports/sources', { name: '区民政局救助系统', entity: 'residents', areaId: communityId });
    assert.equal(res.statusCode, 201, res.body);
    source = res.json();
  });
  after(() => t.close());

  let jobId: string;
  it('uploads a UTF-8 CSV and shows its columns and first rows for mapping', async () => {
    const res = await upload(t, worker, source.id, '救助对象.csv', Buffer.from(csv()));
    assert.equal(res.statusCode, 201, res.body);
    const job = res.json();
    jobId = job.id;
    assert.equal(job.status, 'uploaded');
    assert.equal(job.encoding, 'utf-8');
    assert.deepEqual(job.columns, ['编号', '姓名', '性别', '出生日期', '身份证号', '手机', '楼栋', '房号', '标签']);
    assert.equal(job.preview[2]['姓名'], '黄,志明');
  });

  it('refuses a mapping that misses a required field or names a missing column (400 naming the field)', async () => {
    let p = expectProblem(await worker.post(`/api/imports/jobs/${jobId}/start`, { mapping: { columns: { gender: '性别' } } }), 400, 'import.bad_mapping');
    assert.ok(p.fields.some((f: { path: string }) => f.path === 'mapping.columns.name'));
    p = expectProblem(await worker.post(`/api/imports/jobs/${jobId}/start`, { mapping: { columns: { name: '名字' } } }), 400, 'import.bad_mapping');
    assert.equal(p.fields[0].path, 'mapping.columns.name');
  });

  it('dry-runs: reports what would happen and writes nothing', async () => {
    const before = await countPersons();
    const started = await worker.post(`/api/imports/jobs/${jobId}/start`, { mapping: MAPPING, dryRun: true });
    assert.equal(started.statusCode, 200, started.body);
    const job = await finished(worker, jobId);
    assert.equal(job.status, 'done');
    assert.equal(job.createdRows, 6);
    assert.equal(job.errorRows, 8);
    assert.equal(await countPersons(), before);
  });

  it('imports the good rows, reports each bad row with its field, and offers the report as CSV', async () => {
    const before = await countPersons();
    await worker.post(`/api/imports/jobs/${jobId}/start`, { mapping: MAPPING });
    const job = await finished(worker, jobId);
    assert.equal(job.status, 'done', job.message);
    assert.equal(job.processedRows, 14);
    assert.equal(job.createdRows, 6);
    assert.equal(job.errorRows, 8);
    assert.equal(await countPersons(), before + 6);
    const errors = (await worker.json(`/api/imports/jobs/${jobId}/errors`)).items;
    const byRow = Object.fromEntries(errors.map((e: { rowNo: number; field: string }) => [e.rowNo, e.field]));
    assert.deepEqual(byRow, { 7: 'idNumber', 8: 'birthDate', 9: 'gender', 10: 'tags', 11: 'phone', 12: 'building', 13: 'name', 14: 'sourceKey' });
    assert.equal(errors.find((e: { rowNo: number }) => e.rowNo === 14).raw['姓名'], '陈伯重复', 'the failed row is kept as it arrived');
    const report = await worker.get(`/api/imports/jobs/${jobId}/errors.csv`);
    assert.equal(report.statusCode, 200);
    assert.match(String(report.headers['content-type']), /text\/csv/);
    assert.ok(report.body.startsWith('\uFEFFrow,source_id,field,problem,编号,姓名'));
    assert.equal(report.body.trim().split('\r\n').length, 9);
    assert.match(report.body, /12,MZ012,building,.*不存在的楼/);
    // Derived from the ID number: 李婆's birth date and gender; 吴姨 found by building name; 郑婶 unhoused in the community.
    const li = (await worker.json(`/api/persons?q=${encodeURIComponent('李婆')}`)).items[0];
    assert.equal(li.birthDate, `${ids[1]!.slice(6, 10)}-${ids[1]!.slice(10, 12)}-${ids[1]!.slice(12, 14)}`);
    assert.deepEqual(li.tags.sort(), ['living_alone', 'low_income']);
    const wu = (await worker.json(`/api/persons?q=${encodeURIComponent('吴姨')}`)).items[0];
    assert.equal(wu.phone, '139****0004');
    assert.ok(wu.householdId);
    const zheng = (await worker.json(`/api/persons?q=${encodeURIComponent('郑婶')}`)).items[0];
    assert.equal(zheng.householdId, null);
    // Provenance: each field names the source and import it came from.
    const prov = await worker.json(`/api/imports/provenance/${li.id}`);
    assert.equal(prov.fields.find((f: { field: string }) => f.field === 'name').source, '区民政局救助系统');
    assert.equal(prov.fields.find((f: { field: string }) => f.field === 'name').jobId, jobId);
    assert.equal(prov.records[0].sourceKey, 'MZ002');
    const audit = (await admin.json(`/api/audit?entityType=import_job&entityId=${jobId}`)).items.map((a: { action: string }) => a.action);
    assert.ok(audit.includes('import.finish') && audit.includes('import.start'));
  });

  it('re-imports the same file without duplicating anyone, and applies a changed value from the same source', async () => {
    const before = await countPersons();
    const again = (await upload(t, worker, source.id, '救助对象.csv', Buffer.from(csv()))).json();
    assert.ok(again.mapping, 'the source remembers its mapping');
    await worker.post(`/api/imports/jobs/${again.id}/start`, { mapping: again.mapping });
    const job = await finished(worker, again.id);
    assert.equal(job.createdRows, 0);
    assert.equal(job.unchangedRows, 6);
    assert.equal(await countPersons(), before);
    const changed = (await upload(t, worker, source.id, '救助对象.csv', Buffer.from(csv('13800009999')))).json();
    await worker.post(`/api/imports/jobs/${changed.id}/start`, { mapping: MAPPING });
    const j2 = await finished(worker, changed.id);
    assert.equal(j2.updatedRows, 1);
    assert.equal(j2.createdRows, 0);
    assert.equal((await worker.json(`/api/persons?q=${encodeURIComponent('陈伯')}`)).items[0].phone, '138****9999');
  });

  it('reports a value another source disagrees on, keeps the current one, and lets staff decide', async () => {
    const police = (await worker.post('/api/imports/sources', { name: '公安户籍系统', entity: 'residents', areaId: communityId })).json();
    const file = ['户籍编号,姓名,身份证号,联系电话', `GA-1,陈伯,${ids[0]},13911112222`, `GA-2,李婆,${ids[1]},13800000002`].join('\n');
    const job = (await upload(t, worker, police.id, 'hj.csv', Buffer.from(file))).json();
    await worker.post(`/api/imports/jobs/${job.id}/start`, { mapping: { columns: { sourceKey: '户籍编号', name: '姓名', idNumber: '身份证号', phone: '联系电话' } } });
    const done = await finished(worker, job.id);
    assert.equal(done.matchedRows, 2);
    assert.equal(done.createdRows, 0);
    assert.equal(done.conflictRows, 1);
    const chen = (await worker.json(`/api/persons?q=${encodeURIComponent('陈伯')}`)).items[0];
    assert.equal(chen.phone, '138****9999', 'the current value stays until someone decides');
    const conflicts = (await worker.json('/api/imports/conflicts')).items;
    const c = conflicts.find((x: { targetId: string }) => x.targetId === chen.id);
    assert.equal(c.field, 'phone');
    assert.equal(c.currentSource, '区民政局救助系统');
    assert.equal(c.incomingSource, '公安户籍系统');
    assert.equal(c.incomingValue, '139****2222');
    const decided = await worker.post(`/api/imports/conflicts/${c.id}`, { decision: 'replace' });
    assert.equal(decided.statusCode, 200, decided.body);
    assert.equal((await worker.json(`/api/persons/${chen.id}`)).phone, '139****2222');
    const prov = await worker.json(`/api/imports/provenance/${chen.id}`);
    assert.equal(prov.fields.find((f: { field: string }) => f.field === 'phone').source, '公安户籍系统');
    assert.equal(prov.records.length, 2, 'both sources\' records are kept');
    const phoneField = prov.fields.find((f: { field: string }) => f.field === 'phone');
    assert.equal(phoneField.value, '139****2222', 'the current value is shown, masked');
    assert.equal(phoneField.jobId, job.id);
    assert.deepEqual(prov.conflicts.map((x: { field: string; source: string; value: string; status: string }) => [x.field, x.source, x.value, x.status]), [['phone', '公安户籍系统', '139****2222', 'replaced']]);
    const li = (await worker.json(`/api/persons?q=${encodeURIComponent('李婆')}`)).items[0];
    assert.deepEqual((await worker.json(`/api/imports/provenance/${li.id}`)).conflicts, [], 'sources that agree raise no conflict');
    expectProblem(await (await t.login('grid')).get(`/api/imports/provenance/${chen.id}`), 403, 'imports.forbidden');
    expectProblem(await worker.post(`/api/imports/conflicts/${c.id}`, { decision: 'keep' }), 409);
  });

  it('reads a GBK CSV, as Chinese Excel saves it', async () => {
    const gbk = iconv.encode(['编号,姓名,性别,出生日期,楼栋,房号', `G1,欧阳秀英,女,1948-02-02,${building.code},3-301`, `G2,司马国强,男,1951-11-11,${building.code},3-302`].join('\r\n'), 'gbk');
    assert.throws(() => new TextDecoder('utf-8', { fatal: true }).decode(gbk));
    const job = (await upload(t, worker, source.id, 'gbk.csv', gbk)).json();
    assert.equal(job.encoding, 'gbk');
    assert.equal(job.preview[0]['姓名'], '欧阳秀英');
    await worker.post(`/api/imports/jobs/${job.id}/start`, { mapping: { columns: { sourceKey: '编号', name: '姓名', gender: '性别', birthDate: '出生日期', building: '楼栋', room: '房号' } } });
    assert.equal((await finished(worker, job.id)).createdRows, 2);
    assert.equal((await worker.json(`/api/persons?q=${encodeURIComponent('司马国强')}`)).total, 1);
  });

  it('reads an XLSX workbook, dates as cells and all', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('名单');
    ws.addRow(['编号', '姓名', '性别', '出生日期', '楼栋', '房号']);
    ws.addRow(['X1', '麦笑芬', '女', new Date(Date.UTC(1955, 5, 6)), building.code, '4-401']);
    ws.addRow(['X2', '冼锦荣', '男', '1957/7/8', building.code, '4-402']);
    ws.addRow(['X3', '', '男', '1957/7/8', building.code, '4-403']);
    const data = Buffer.from(await wb.xlsx.writeBuffer());
    const job = (await upload(t, worker, source.id, '名单.xlsx', data)).json();
    assert.equal(job.format, 'xlsx');
    await worker.post(`/api/imports/jobs/${job.id}/start`, { mapping: { columns: { sourceKey: '编号', name: '姓名', gender: '性别', birthDate: '出生日期', building: '楼栋', room: '房号' } } });
    const done = await finished(worker, job.id);
    assert.equal(done.createdRows, 2);
    assert.equal(done.errorRows, 1);
    // The name is one the demo generator never draws, so the search finds only the imported row.
    const found = (await worker.json(`/api/persons?q=${encodeURIComponent('麦笑芬')}`)).items as { name: string; birthDate: string }[];
    assert.deepEqual(found.map((p) => [p.name, p.birthDate]), [['麦笑芬', '1955-06-06']]);
  });

  it('writes nothing when all-or-nothing was asked for and a row fails', async () => {
    const before = await countPersons();
    const file = ['编号,姓名,性别,出生日期', 'A1,好人一,男,1950-01-01', 'A2,好人二,女,1951-01-01', 'A3,坏人,男,不是日期'].join('\n');
    const job = (await upload(t, worker, source.id, 'aon.csv', Buffer.from(file))).json();
    await worker.post(`/api/imports/jobs/${job.id}/start`, { mapping: { columns: { sourceKey: '编号', name: '姓名', gender: '性别', birthDate: '出生日期' } }, allOrNothing: true });
    const done = await finished(worker, job.id);
    assert.equal(done.status, 'failed');
    assert.equal(done.errorRows, 1);
    assert.match(done.message, /nothing was written/);
    assert.equal(await countPersons(), before);
  });

  it('cancels a running import; rows already written stay, the rest are not read', async () => {
    const lines = ['编号,姓名,性别,出生日期'];
    for (let i = 0; i < 40_000; i++) lines.push(`C${i},批量${i},${i % 2 ? '男' : '女'},19${40 + (i % 50)}-0${(i % 9) + 1}-1${i % 9}`);
    const job = (await upload(t, worker, source.id, 'big.csv', Buffer.from(lines.join('\n')))).json();
    await worker.post(`/api/imports/jobs/${job.id}/start`, { mapping: { columns: { sourceKey: '编号', name: '姓名', gender: '性别', birthDate: '出生日期' } } });
    let seen = 0;
    for (let i = 0; i < 400 && seen === 0; i++) {
      seen = (await worker.json(`/api/imports/jobs/${job.id}`)).processedRows;
      if (!seen) await new Promise((r) => setTimeout(r, 10));
    }
    const cancelled = await worker.post(`/api/imports/jobs/${job.id}/cancel`, {});
    assert.equal(cancelled.statusCode, 200, cancelled.body);
    const done = await finished(worker, job.id);
    assert.equal(done.status, 'cancelled');
    assert.ok(done.processedRows < 40_000, `processed ${done.processedRows}`);
    assert.ok(done.progress <= 1);
  });

  it('accepts JSON pushed by a departmental system with its source key, and nothing without it', async () => {
    const key = (await worker.post(`/api/imports/sources/${source.id}/push-key`, {})).json();
    assert.match(key.key, /^lk_/);
    const body = { records: [{ 编号: 'P1', 姓名: '推送一', 性别: '女', 出生日期: '1949-09-09' }, { 编号: 'P2', 姓名: '推送二', 性别: '男', 出生日期: '无' }] };
    const anon = t.anonymous();
    expectProblem(await anon.post(`/api/imports/push/chancheng/${source.id}`, body), 401, 'imports.bad_push_key');
    expectProblem(await anon.post(`/api/imports/push/chancheng/${source.id}`, body, { 'x-source-key': 'lk_wrong' }), 401);
    const res = await anon.post(`/api/imports/push/chancheng/${source.id}`, body, { 'x-source-key': key.key });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().createdRows, 1);
    assert.equal(res.json().errors[0].field, 'birthDate');
    const again = await anon.post(`/api/imports/push/chancheng/${source.id}`, body, { 'x-source-key': key.key });
    assert.equal(again.json().createdRows, 0);
    assert.equal(again.json().unchangedRows, 1);
    expectProblem(await anon.post(`/api/imports/push/chancheng/${source.id}`, { records: [] }, { 'x-source-key': key.key }), 400);
  });

  it('imports case types through the cases service: bad rows reported row by row, re-import updates and never duplicates', async () => {
    const { id: districtAreaId } = await t.db.q.selectFrom('areas').select('id').where('level', '=', 'district').executeTakeFirstOrThrow();
    expectProblem(await worker.post('/api/imports/sources', { name: '城管事部件目录', entity: 'case_types', areaId: communityId }), 403, 'case.catalogue_forbidden');
    const p = expectProblem(await admin.post('/api/imports/sources', { name: '城管事部件目录', entity: 'case_types', areaId: communityId }), 400);
    assert.equal(p.fields[0].path, 'areaId');
    const res = await admin.post('/api/imports/sources', { name: '城管事部件目录', entity: 'case_types', areaId: districtAreaId });
    assert.equal(res.statusCode, 201, res.body);
    const catalogue = res.json();
    const mapping = { columns: { code: '编码', name: '名称', parentCode: '上级编码', category: '大类', limitValue: '时限', limitUnit: '单位', open311: '对外' }, valueMaps: { category: { 公共服务: 'public_services' } }, defaults: {} };
    const file = (lampName: string) =>
      [
        '编码,名称,上级编码,大类,时限,单位,对外',
        'IMP-ROOT,导入大类,,公共服务,,,',
        `IMP-A,${lampName},IMP-ROOT,,48,小时,是`,
        'IMP-B,井盖缺失,NOPE,,,,',
        'bad code!,坏编码,,公共服务,,,',
        'IMP-C,无单位,IMP-ROOT,,5,,',
        'IMP-D,,IMP-ROOT,,,,',
      ].join('\n');
    const types = () => t.db.q.selectFrom('caseTypes').select(['code', 'name', 'level', 'limitValue', 'limitUnit', 'open311']).where('code', 'like', 'IMP-%').orderBy('code').execute();
    const first = (await upload(t, admin, catalogue.id, '目录.csv', Buffer.from(file('路灯不亮')))).json();
    await admin.post(`/api/imports/jobs/${first.id}/start`, { mapping });
    const done = await finished(admin, first.id);
    assert.equal(done.status, 'done', done.message);
    assert.equal(done.createdRows, 2);
    assert.equal(done.errorRows, 4);
    const errors = (await admin.json(`/api/imports/jobs/${first.id}/errors`)).items;
    assert.deepEqual(Object.fromEntries(errors.map((e: { rowNo: number; field: string }) => [e.rowNo, e.field])), { 3: 'parentCode', 4: 'code', 5: 'limitUnit', 6: 'name' });
    assert.deepEqual(await types(), [
      { code: 'IMP-A', name: '路灯不亮', level: 2, limitValue: 48, limitUnit: 'hours', open311: true },
      { code: 'IMP-ROOT', name: '导入大类', level: 1, limitValue: null, limitUnit: null, open311: false },
    ]);
    const again = (await upload(t, admin, catalogue.id, '目录.csv', Buffer.from(file('路灯不亮（夜间）')))).json();
    assert.ok(again.mapping, 'the source remembers its mapping');
    await admin.post(`/api/imports/jobs/${again.id}/start`, { mapping: again.mapping });
    const second = await finished(admin, again.id);
    assert.deepEqual([second.createdRows, second.updatedRows, second.unchangedRows, second.errorRows], [0, 1, 1, 4]);
    assert.deepEqual((await types()).map((x) => x.name), ['路灯不亮（夜间）', '导入大类']);
    const audit = (await admin.json('/api/audit?entityType=case_type')).items.map((a: { action: string }) => a.action);
    assert.ok(audit.includes('case_type.create') && audit.includes('case_type.update'), 'written through the cases service, which audits');
  });

  it('imports facilities through the catalogue service: placed by their location, bad rows named by field, re-import updates and never duplicates', async () => {
    const streetUser = await t.login('street');
    const { areaId: streetId } = await t.db.q
      .selectFrom('roleAssignments as r').innerJoin('users as u', 'u.id', 'r.userId').select('r.areaId').where('u.username', '=', 'street').where('r.role', '=', 'street_official').executeTakeFirstOrThrow();
    const inStreet = await t.db.q.selectFrom('facilities').select(['lat', 'lon', 'communityId']).where('streetId', '=', streetId!).orderBy('id').executeTakeFirstOrThrow();
    const elsewhere = await t.db.q.selectFrom('facilities').select(['lat', 'lon']).where('streetId', '!=', streetId!).orderBy('id').executeTakeFirstOrThrow();
    const provider = await t.db.q.selectFrom('organisations').select(['id', 'code']).where('kind', '=', 'provider').orderBy('code').executeTakeFirstOrThrow();
    expectProblem(await worker.post('/api/imports/sources', { name: '民政设施台账', entity: 'facilities', areaId: streetId }), 400);
    expectProblem(await worker.post('/api/imports/sources', { name: '民政设施台账', entity: 'facilities', areaId: communityId }), 400);
    const res = await streetUser.post('/api/imports/sources', { name: '街道设施台账', entity: 'facilities', areaId: streetId });
    assert.equal(res.statusCode, 201, res.body);
    const src = res.json();
    const mapping = { columns: { sourceKey: '编号', name: '名称', kind: '类型', lat: '纬度', lon: '经度', openingHours: '开放时间', capacity: '床位', orgCode: '运营机构' }, valueMaps: {}, defaults: {} };
    const file = (hours: string) =>
      [
        '编号,名称,类型,纬度,经度,开放时间,床位,运营机构',
        `SS-1,导入长者饭堂,长者饭堂,${inStreet.lat},${inStreet.lon},${hours},,${provider.code}`,
        `SS-2,导入日间照料中心,日间照料中心,${inStreet.lat + 0.0001},${inStreet.lon},08:00-17:30,30,`,
        'SS-3,境外中心,长者饭堂,0,0,,,',
        `SS-4,别街中心,长者饭堂,${elsewhere.lat},${elsewhere.lon},,,`,
        `SS-5,无类中心,养猪场,${inStreet.lat},${inStreet.lon},,,`,
        `SS-6,坏坐标,长者饭堂,北纬23度,${inStreet.lon},,,`,
        `SS-7,无机构,长者饭堂,${inStreet.lat},${inStreet.lon},,,NOPE`,
        `SS-8,坏床位,日间照料中心,${inStreet.lat},${inStreet.lon},,-3,`,
      ].join('\n');
    const imported = () => t.db.q.selectFrom('facilities').select(['name', 'kind', 'streetId', 'communityId', 'openingHours', 'capacity', 'orgId']).where('name', 'like', '导入%').orderBy('name').execute();
    const first = (await upload(t, streetUser, src.id, '设施.csv', Buffer.from(file('10:30-13:00')))).json();
    await streetUser.post(`/api/imports/jobs/${first.id}/start`, { mapping });
    const done = await finished(streetUser, first.id);
    assert.equal(done.status, 'done', done.message);
    assert.deepEqual([done.createdRows, done.errorRows], [2, 6]);
    const errors = (await streetUser.json(`/api/imports/jobs/${first.id}/errors`)).items;
    assert.deepEqual(Object.fromEntries(errors.map((e: { rowNo: number; field: string }) => [e.rowNo, e.field])), { 3: 'location', 4: 'location', 5: 'kind', 6: 'lat', 7: 'orgCode', 8: 'capacity' });
    assert.match(errors.find((e: { rowNo: number }) => e.rowNo === 3).message, /outside the district/);
    assert.match(errors.find((e: { rowNo: number }) => e.rowNo === 4).message, /outside this source's area/);
    const rows = await imported();
    assert.deepEqual(rows.map((f) => [f.name, f.kind, f.streetId, f.openingHours, f.capacity, f.orgId]), [
      ['导入日间照料中心', 'day_care_centre', streetId, '08:00-17:30', 30, null],
      ['导入长者饭堂', 'elder_canteen', streetId, '10:30-13:00', null, provider.id],
    ]);
    assert.ok(rows.every((f) => f.communityId), 'the community comes from the location');
    const again = (await upload(t, streetUser, src.id, '设施.csv', Buffer.from(file('10:30-13:30')))).json();
    await streetUser.post(`/api/imports/jobs/${again.id}/start`, { mapping: again.mapping });
    const second = await finished(streetUser, again.id);
    assert.deepEqual([second.createdRows, second.updatedRows, second.unchangedRows, second.errorRows], [0, 1, 1, 6]);
    assert.deepEqual((await imported()).map((f) => f.openingHours), ['08:00-17:30', '10:30-13:30']);
    const audit = (await admin.json('/api/audit?entityType=facility')).items.map((a: { action: string }) => a.action);
    assert.ok(audit.includes('facility.create') && audit.includes('facility.update'), 'written through the catalogue service, which audits');
    const listed = (await admin.json('/api/service-facilities')).items.map((f: { name: string }) => f.name);
    assert.ok(listed.includes('导入长者饭堂'), 'imported facilities appear in the catalogue');
  });

  it('imports providers through the catalogue service: matched by code, categories and coverage by name, re-import updates', async () => {
    const { id: districtAreaId } = await t.db.q.selectFrom('areas').select('id').where('level', '=', 'district').executeTakeFirstOrThrow();
    expectProblem(await worker.post('/api/imports/sources', { name: '服务商名录', entity: 'providers', areaId: communityId }), 403, 'catalogue.forbidden');
    expectProblem(await admin.post('/api/imports/sources', { name: '服务商名录', entity: 'providers', areaId: communityId }), 400);
    const res = await admin.post('/api/imports/sources', { name: '服务商名录', entity: 'providers', areaId: districtAreaId });
    assert.equal(res.statusCode, 201, res.body);
    const src = res.json();
    const existing = await t.db.q.selectFrom('organisations').select(['id', 'code']).where('kind', '=', 'provider').orderBy('code').executeTakeFirstOrThrow();
    const department = await t.db.q.selectFrom('organisations').select('code').where('kind', '=', 'department').orderBy('code').executeTakeFirstOrThrow();
    const street = await t.db.q.selectFrom('areas').select(['id', 'name']).where('level', '=', 'street').orderBy('code').executeTakeFirstOrThrow();
    const mapping = { columns: { code: '机构编码', name: '机构名称', categories: '服务类别', coverage: '服务范围', dailyCapacity: '日接单量', phone: '电话', qualifications: '资质' }, valueMaps: {}, defaults: {} };
    const file = (capacity: number) =>
      [
        '机构编码,机构名称,服务类别,服务范围,日接单量,电话,资质',
        `IMP-P1,导入护理服务社,"HOME,助餐配餐",${street.name},${capacity},0757-8000001,护理员证、营业执照`,
        `${existing.code},已有服务商,,,,0757-8000002,`,
        'IMP-P2,类别不明,不存在的类别,,,,',
        'IMP-P3,范围不明,,不存在的街道,,,',
        `${department.code},部门冒充,,,,,`,
        'bad code!,坏编码,,,,,',
        'IMP-P4,坏接单量,,,很多,,',
      ].join('\n');
    const first = (await upload(t, admin, src.id, '服务商.csv', Buffer.from(file(15)))).json();
    await admin.post(`/api/imports/jobs/${first.id}/start`, { mapping });
    const done = await finished(admin, first.id);
    assert.equal(done.status, 'done', done.message);
    assert.deepEqual([done.createdRows, done.matchedRows, done.updatedRows, done.errorRows], [1, 1, 1, 5]);
    const errors = (await admin.json(`/api/imports/jobs/${first.id}/errors`)).items;
    assert.deepEqual(Object.fromEntries(errors.map((e: { rowNo: number; field: string }) => [e.rowNo, e.field])), { 3: 'categories', 4: 'coverage', 5: 'code', 6: 'code', 7: 'dailyCapacity' });
    const providers = (await admin.json('/api/service-providers')).items as { id: string; code: string; name: string; categories: { name: string }[]; coverage: { id: string }[]; dailyCapacity: number; qualifications: string[]; phone: string }[];
    const made = providers.find((p) => p.code === 'IMP-P1')!;
    assert.deepEqual([made.name, made.categories.map((c) => c.name).sort(), made.coverage.map((c) => c.id), made.dailyCapacity, made.qualifications, made.phone], ['导入护理服务社', ['助餐配餐', '居家照护'], [street.id], 15, ['护理员证', '营业执照'], '0757-8000001']);
    const matched = providers.find((p) => p.id === existing.id)!;
    assert.deepEqual([matched.name, matched.phone], ['已有服务商', '0757-8000002']);
    const again = (await upload(t, admin, src.id, '服务商.csv', Buffer.from(file(25)))).json();
    await admin.post(`/api/imports/jobs/${again.id}/start`, { mapping: again.mapping });
    const second = await finished(admin, again.id);
    assert.deepEqual([second.createdRows, second.updatedRows, second.unchangedRows, second.errorRows], [0, 1, 1, 5], JSON.stringify((await admin.json(`/api/imports/jobs/${again.id}/errors`)).items));
    const after = (await admin.json('/api/service-providers')).items.filter((p: { code: string }) => p.code === 'IMP-P1');
    assert.deepEqual(after.map((p: { dailyCapacity: number }) => p.dailyCapacity), [25], 'updated, not duplicated');
    const audit = (await admin.json('/api/audit?entityType=organisation')).items.map((a: { action: string }) => a.action);
    assert.ok(audit.includes('provider.create') && audit.includes('provider.update'), 'written through the catalogue service, which audits');
  });

  it('pulls a source on its schedule from a departmental HTTP endpoint, one request at a time, idempotently', async () => {
    let hits = 0;
    let answer: 'records' | 'broken' = 'records';
    const records = [
      { 编号: 'PULL-1', 姓名: '拉取甲', 性别: '男', 出生日期: '1948-02-03' },
      { 编号: 'PULL-2', 姓名: '拉取乙', 性别: '女', 出生日期: '1951-07-08' },
      { 编号: 'PULL-3', 姓名: '', 性别: '女', 出生日期: '1951-07-08' },
    ];
    const server = http.createServer((req, res) => {
      hits++;
      // Slow enough that a second tick arrives while the first pull is still running.
      setTimeout(() => {
        if (answer === 'broken') res.writeHead(503).end('down');
        else res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(records));
      }, 300);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/export.json`;
      const mapping = { columns: { sourceKey: '编号', name: '姓名', gender: '性别', birthDate: '出生日期' }, valueMaps: {}, defaults: {} };
      expectProblem(await worker.post('/api/imports/sources', { name: '养老服务系统', entity: 'residents', areaId: communityId, mapping, pull: { url, everyMinutes: 60 } }), 403, 'imports.pull_forbidden');
      expectProblem(await admin.post('/api/imports/sources', { name: '养老服务系统', entity: 'residents', areaId: communityId, mapping, pull: { url: 'file:///etc/passwd', everyMinutes: 60 } }), 400);
      const res = await admin.post('/api/imports/sources', { name: '养老服务系统', entity: 'residents', areaId: communityId, mapping, pull: { url, everyMinutes: 60 } });
      assert.equal(res.statusCode, 201, res.body);
      const src = res.json();
      assert.deepEqual([src.pull.url, src.pull.everyMinutes, src.pull.lastPulledAt], [url, 60, null]);
      const puller = importPuller(t.ctx)!;
      const [a, b] = await Promise.all([puller.tick(), puller.tick()]);
      assert.equal(hits, 1, 'single-flight: one request while a pull is running');
      assert.equal(a + b, 1);
      const jobs = (await admin.json(`/api/imports/jobs?sourceId=${src.id}`)).items;
      assert.equal(jobs.length, 1);
      assert.deepEqual([jobs[0].status, jobs[0].createdRows, jobs[0].errorRows], ['done', 2, 1]);
      assert.match(jobs[0].fileName, /^pull /);
      const pulled = await t.db.q.selectFrom('persons').select('name').where('name', 'like', '拉取%').orderBy('name').execute();
      assert.deepEqual(pulled.map((p) => p.name), ['拉取乙', '拉取甲']);
      const after = (await admin.json('/api/imports/sources')).items.find((x: { id: string }) => x.id === src.id);
      assert.ok(after.pull.lastPulledAt);
      assert.match(after.pull.lastMessage, /done, 3 rows, 1 errors/);

      assert.equal(await puller.tick(), 0, 'not due again within its interval');
      assert.equal(hits, 1);
      const back = async () => t.db.q.updateTable('importSources').set({ pulledAt: new Date(Date.now() - 61 * 60_000) }).where('id', '=', src.id).execute();
      await back();
      assert.equal(await puller.tick(), 1, 'due again after its interval');
      const again = (await admin.json(`/api/imports/jobs?sourceId=${src.id}`)).items;
      assert.equal(again.length, 2);
      const latest = again.find((j: { id: string }) => j.id !== jobs[0].id);
      assert.deepEqual([latest.createdRows, latest.unchangedRows], [0, 2], 'a repeated pull changes nothing');
      assert.equal((await t.db.q.selectFrom('persons').select('id').where('name', 'like', '拉取%').execute()).length, 2, 'and duplicates no one');

      answer = 'broken';
      await back();
      await puller.tick();
      const broken = (await admin.json('/api/imports/sources')).items.find((x: { id: string }) => x.id === src.id);
      assert.match(broken.pull.lastMessage, /503/);
      assert.equal((await admin.json(`/api/imports/jobs?sourceId=${src.id}`)).items.length, 2, 'a failed fetch starts no job');
    } finally {
      await new Promise((r) => server.close(r));
    }
  });

  it('keeps sources and jobs to the importer\'s area', async () => {
    const other = await t.login('community2');
    expectProblem(await other.get(`/api/imports/jobs/${jobId}`), 404);
    assert.equal((await other.json('/api/imports/sources')).items.length, 0);
    const p = expectProblem(await other.post('/api/imports/sources', { name: '越权导入', entity: 'residents', areaId: communityId }), 400);
    assert.equal(p.fields[0].path, 'areaId');
    expectProblem(await (await t.login('resident')).get('/api/imports/sources'), 403, 'imports.forbidden');
    expectProblem(await (await t.login('grid')).get('/api/imports/jobs'), 403);
    const bad = expectProblem(await worker.post('/api/imports/sources', { name: 'x', entity: 'cats', areaId: communityId }), 400);
    assert.ok(bad.fields.some((f: { path: string }) => f.path === 'body.entity'));
    assert.ok((await admin.json('/api/imports/sources')).items.length >= 2);
  });
});
