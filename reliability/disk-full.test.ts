// Fault: photo storage runs out of space. The upload answers 507 problem+json with a clear
// message, leaves no partial file and no file row, and a case whose photo could not be stored is
// not made (no case row, no history); once space is back the same report goes through. The disk
// is a real tiny filesystem (a 512 KB tmpfs) where the machine allows mounting one, so the error
// is the kernel's own ENOSPC; elsewhere the configured quota (LINLI_FILES_MAX_BYTES) stands in.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { Session, caseFixture, health, log, query, seededScratch, startServer, type Answer } from './harness.ts';

/** The smallest bytes the photo sniffer takes as a JPEG, padded to a size. */
function jpeg(size: number, fill = 0x20): Buffer {
  const b = Buffer.alloc(size, fill);
  b.set([0xff, 0xd8, 0xff, 0xe0], 0);
  return b;
}

/** Fill a filesystem to the last byte; returns the filler's path. */
function fillUp(dir: string): string {
  const filler = path.join(dir, 'filler');
  const fd = fs.openSync(filler, 'w');
  const chunk = Buffer.alloc(4096, 1);
  try {
    for (;;) fs.writeSync(fd, chunk);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
  } finally {
    fs.closeSync(fd);
  }
  return filler;
}

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

function expectStorageFull(a: Answer) {
  assert.equal(a.status, 507, JSON.stringify(a.body));
  assert.match(a.headers.get('content-type') ?? '', /^application\/problem\+json/);
  assert.equal(a.body.code, 'file.storage_full');
  assert.equal(a.body.status, 507);
  assert.match(a.body.detail, /storage is full/);
}

describe('photo storage out of space', () => {
  const cleanup: (() => Promise<unknown>)[] = [];
  after(async () => {
    for (const f of cleanup.reverse()) await f().catch(() => {});
  });

  it('answers 507 problem+json, keeps no partial photo and makes no half case; works again once space is back', { timeout: 5 * 60_000 }, async () => {
    const db = await seededScratch('linli_rel_disk');
    cleanup.push(db.drop);
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'linli-rel-disk-'));
    cleanup.push(async () => fs.rmSync(dataDir, { recursive: true, force: true }));
    const filesDir = path.join(dataDir, 'files');
    fs.mkdirSync(filesDir);
    const mounted = process.env.LINLI_REL_NO_MOUNT !== '1' && spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=512k', 'tmpfs', filesDir]).status === 0;
    if (mounted) cleanup.push(async () => spawnSync('umount', [filesDir]));
    const mode = mounted ? 'a 512 KB tmpfs (the kernel says ENOSPC)' : 'no mount allowed here: the 512 KB quota LINLI_FILES_MAX_BYTES';
    log(`photo storage: ${mode}`);
    const server = await startServer({ DATABASE_URL: db.url, LINLI_DATA_DIR: dataDir, ...(mounted ? {} : { LINLI_FILES_MAX_BYTES: 512 * 1024 }) });
    cleanup.push(() => server.kill('SIGKILL'));
    const { session, typeId, location } = await caseFixture(server.base, db.url);
    const counts = async () => (await query<{ cases: number; history: number; files: number }>(db.url, `select (select count(*) from cases)::int as cases, (select count(*) from case_history)::int as history, (select count(*) from files)::int as files`))[0]!;

    // The first photo of a report fits.
    const first = await session.upload(jpeg(40 * 1024));
    assert.equal(first.status, 201, JSON.stringify(first.body));

    // Then the disk fills up (another tenant, logs, whatever): the second photo has no room.
    let filler: string | null = null;
    if (mounted) filler = fillUp(filesDir);
    const before = await counts();
    const onDisk = filesUnder(filesDir).length;
    const second = await session.upload(jpeg(mounted ? 100 * 1024 : 600 * 1024, 0x21));
    expectStorageFull(second);
    log(`upload on a full disk: ${second.status} ${second.body.code}: ${second.body.detail}`);
    assert.deepEqual(await counts(), before, 'no file row for the photo that was not stored');
    assert.equal(filesUnder(filesDir).length, onDisk, 'no partial file left behind');
    assert.deepEqual(filesUnder(filesDir).filter((f) => f.endsWith('.part')), []);

    // A client that sends the report anyway, naming a photo that was never stored, makes no case.
    const description = 'reliability report with a photo the full disk refused';
    const half = await session.send('POST', '/api/cases', { typeId, description, location, photos: [first.body.id, '00000000-0000-4000-8000-000000000001'] }, { 'idempotency-key': 'disk-full-report-1' });
    assert.equal(half.status, 400, JSON.stringify(half.body));
    assert.equal(half.body.code, 'file.not_available');
    assert.deepEqual(await counts(), before, 'no case row, no history, no file taken');
    assert.equal((await query(db.url, `select 1 from cases where description = $1`, [description])).length, 0);
    assert.equal((await query<{ owner_id: string | null }>(db.url, `select owner_id from files where id = $1`, [first.body.id]))[0]!.owner_id, null, 'the first photo is still free to use');
    assert.equal(await health(server.base), 200, 'the server is still healthy');

    // Space comes back (or the quota is raised): the same report, retried whole, goes through once.
    if (filler) fs.rmSync(filler);
    else await query(db.url, `delete from files where id = $1`, [first.body.id]);
    const firstId = filler ? first.body.id : (await session.upload(jpeg(40 * 1024))).body.id;
    const again = await session.upload(jpeg(100 * 1024, 0x21));
    assert.equal(again.status, 201, JSON.stringify(again.body));
    const made = await session.send('POST', '/api/cases', { typeId, description, location, photos: [firstId, again.body.id] }, { 'idempotency-key': 'disk-full-report-2' });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    assert.equal(made.body.photos.length, 2);
    const stored = await session.send('GET', `/api/files/${again.body.id}`);
    assert.equal(stored.status, 200);
    assert.equal((await query(db.url, `select 1 from cases where description = $1`, [description])).length, 1);
  });
});
