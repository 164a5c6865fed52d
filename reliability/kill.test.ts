// Fault: the server is killed with SIGKILL while 1,000 grid workers' case reports are in flight.
// The clients keep retrying each report with its Idempotency-Key until the restarted server
// acknowledges it; afterwards every acknowledged report exists exactly once, and every key maps
// to the one case it acknowledged.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { SHORT, Tally, caseFixture, log, query, seededScratch, sleep, startServer, storedReports, untilAcknowledged, type ServerProcess } from './harness.ts';

const SUBMISSIONS = Number(process.env.LINLI_REL_SUBMISSIONS ?? (SHORT ? 200 : 1000));

describe('kill -9 during concurrent idempotent submissions', () => {
  const cleanup: (() => Promise<unknown>)[] = [];
  after(async () => {
    for (const f of cleanup.reverse()) await f().catch(() => {});
  });

  it(`keeps every acknowledged case report exactly once when the server is killed midway (${SUBMISSIONS} reports)`, { timeout: 15 * 60_000 }, async () => {
    const db = await seededScratch('linli_rel_kill');
    cleanup.push(db.drop);
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'linli-rel-kill-'));
    cleanup.push(async () => fs.rmSync(dataDir, { recursive: true, force: true }));
    let server: ServerProcess = await startServer({ DATABASE_URL: db.url, LINLI_DATA_DIR: dataDir });
    cleanup.push(() => server.kill('SIGKILL'));
    const port = Number(new URL(server.base).port);
    const { session, typeId, location } = await caseFixture(server.base, db.url);

    const run = crypto.randomBytes(4).toString('hex');
    const tally = new Tally();
    const acknowledged = new Map<string, string>();
    const deadline = Date.now() + 10 * 60_000;
    const started = Date.now();
    // Every report goes out at once; each retries on its own until it is acknowledged.
    const reports = Array.from({ length: SUBMISSIONS }, async (_, i) => {
      const key = `kill-${run}-${i}`;
      const answer = await untilAcknowledged(session, '/api/cases', { typeId, description: `reliability report ${key}`, location }, key, tally, { deadline });
      assert.equal(answer.status, 201, `${key}: ${JSON.stringify(answer.body)}`);
      acknowledged.set(key, answer.body.id);
    });

    // Kill the server once a third of the reports are acknowledged, with the rest in flight.
    while (acknowledged.size < SUBMISSIONS / 3) await sleep(5);
    const beforeKill = acknowledged.size;
    await server.kill('SIGKILL');
    const killedAt = Date.now();
    log(`SIGKILL after ${beforeKill} of ${SUBMISSIONS} acknowledged (${((killedAt - started) / 1000).toFixed(1)} s in)`);
    server = await startServer({ DATABASE_URL: db.url, LINLI_DATA_DIR: dataDir, PORT: port });
    const restartedAt = Date.now();
    log(`server restarted in ${((restartedAt - killedAt) / 1000).toFixed(1)} s`);
    await Promise.all(reports);
    const finishedAt = Date.now();

    // Exactly once: each acknowledged key's case exists, once, and is the case the key answered.
    const { rows, duplicates, lost } = await storedReports(db.url, `kill-${run}-`, acknowledged);
    const keys = await query<{ key: string; status_code: number | null; id: string | null }>(db.url, `select key, status_code, response->>'id' as id from idempotency_keys where key like $1`, [`kill-${run}-%`]);
    const history = await query<{ n: number }>(db.url, `select count(distinct case_id)::int as n from case_history where case_id = any($1::uuid[])`, [rows.map((r) => r.id)]);
    log(`submissions ${SUBMISSIONS}, acknowledged ${acknowledged.size} (${beforeKill} before the kill), case rows ${rows.length}, duplicates ${duplicates}, lost ${lost}`);
    log(`answers seen: ${tally.summary()}; ${((finishedAt - started) / 1000).toFixed(1)} s in all`);

    assert.equal(acknowledged.size, SUBMISSIONS, 'every report acknowledged in the end');
    assert.equal(duplicates, 0, 'no report stored twice');
    assert.equal(lost, 0, 'no acknowledged report missing');
    assert.equal(rows.length, SUBMISSIONS, 'one case per report, nothing more');
    assert.equal(new Set(acknowledged.values()).size, SUBMISSIONS, 'each key acknowledged its own case');
    assert.equal(keys.length, SUBMISSIONS, 'one idempotency key row per report');
    for (const k of keys) {
      assert.equal(k.status_code, 201, `${k.key} finished`);
      assert.equal(k.id, acknowledged.get(k.key), `${k.key} replays the case it acknowledged`);
    }
    // A case is never half-made: each has its "reported" history entry.
    assert.equal(history[0]!.n, SUBMISSIONS, 'every case has its history');
    assert.deepEqual(tally.surprises, [], 'no 500 answers');
    assert.equal(server.child.exitCode, null, 'the restarted server is still running');
  });
});
