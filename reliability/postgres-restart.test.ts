// Fault: PostgreSQL restarts under steady write load (a private cluster, never the machine's own
// server). The server must ride it out by itself: 503 problem+json with Retry-After while the
// database is away (never a 500, a hang or a crash), health green again without a restart, and
// every acknowledged write still there afterwards.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { SHORT, Tally, caseFixture, health, log, privateCluster, query, sleep, startServer, storedReports, untilAcknowledged } from './harness.ts';

/** Each restart: pg_ctl's shutdown mode, and how long the database stays down (0 = plain `pg_ctl restart`). */
const RESTARTS: { mode: 'fast' | 'immediate'; gapMs: number }[] = SHORT
  ? [{ mode: 'immediate', gapMs: 2000 }]
  : [
      { mode: 'fast', gapMs: 0 },
      { mode: 'immediate', gapMs: 0 },
      { mode: 'fast', gapMs: 3000 },
      { mode: 'immediate', gapMs: 5000 },
    ];
/** Concurrent writers, each reporting cases one after another. */
const WRITERS = 16;
const STEADY_MS = SHORT ? 3000 : 8000;

describe('PostgreSQL restart under load', () => {
  const cleanup: (() => Promise<unknown>)[] = [];
  after(async () => {
    for (const f of cleanup.reverse()) await f().catch(() => {});
  });

  it(`recovers by itself, answers 503 while the database is away and loses no acknowledged write (${RESTARTS.length} restarts)`, { timeout: 15 * 60_000 }, async () => {
    const cluster = await privateCluster();
    cleanup.push(() => cluster.destroy());
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'linli-rel-pg-'));
    cleanup.push(async () => fs.rmSync(dataDir, { recursive: true, force: true }));
    const server = await startServer({ DATABASE_URL: cluster.url, LINLI_DATA_DIR: dataDir });
    cleanup.push(() => server.kill('SIGKILL'));
    const { session, typeId, location } = await caseFixture(server.base, cluster.url);

    // Steady load: WRITERS loops, each report retried with its key until acknowledged.
    const run = crypto.randomBytes(4).toString('hex');
    const tally = new Tally();
    const acknowledged = new Map<string, string>();
    let stop = false;
    let failed = false;
    let next = 0;
    const writers = Array.from({ length: WRITERS }, async () => {
      while (!stop) {
        const key = `pg-${run}-${next++}`;
        const answer = await untilAcknowledged(session, '/api/cases', { typeId, description: `reliability report ${key}`, location }, key, tally, { deadline: Date.now() + 5 * 60_000, abandon: () => server.child.exitCode !== null || failed });
        assert.equal(answer.status, 201, `${key}: ${JSON.stringify(answer.body)}`);
        acknowledged.set(key, answer.body.id);
      }
    });

    // Health watch: when it first went red and when it came back, for each restart.
    const healthLog: { at: number; status: number }[] = [];
    let watching = true;
    const watcher = (async () => {
      while (watching) {
        healthLog.push({ at: Date.now(), status: await health(server.base) });
        await sleep(100);
      }
    })();

    const outages: { mode: string; gapMs: number; downMs: number; redMs: number; recoveryMs: number; answers503: number }[] = [];
    try {
      await sleep(STEADY_MS);
      for (const { mode, gapMs } of RESTARTS) {
        const before503 = tally.unavailable.total;
        const { downAt, upAt } = await cluster.restart(mode, gapMs);
        // Recovered: health green again, the same server process, no restart from outside.
        let greenAt = 0;
        while (Date.now() - upAt < 60_000 && server.child.exitCode === null) {
          if ((await health(server.base)) === 200) {
            greenAt = Date.now();
            break;
          }
          await sleep(50);
        }
        assert.equal(server.child.exitCode, null, `the server process survived PostgreSQL's ${mode} restart:\n${server.output.join('').slice(-3000)}`);
        assert.ok(greenAt, `health green again within 60 s of PostgreSQL's ${mode} restart`);
        const red = healthLog.filter((h) => h.at >= downAt && h.status !== 200);
        const redMs = red.length ? red[red.length - 1]!.at - red[0]!.at + 100 : 0;
        await sleep(STEADY_MS);
        const outage = { mode, gapMs, downMs: upAt - downAt, redMs, recoveryMs: greenAt - upAt, answers503: tally.unavailable.total - before503 };
        outages.push(outage);
        log(`restart -m ${mode}${gapMs ? ` with ${gapMs} ms down` : ''}: database away ${outage.downMs} ms, health red ~${redMs} ms, green ${outage.recoveryMs} ms after PostgreSQL was back, ${outage.answers503} answers 503`);
      }
    } catch (err) {
      failed = true;
      throw err;
    } finally {
      stop = true;
      watching = false;
      await watcher;
      await Promise.allSettled(writers);
    }
    await Promise.all(writers);

    // Nothing acknowledged is lost, nothing is stored twice.
    const { rows, duplicates, lost } = await storedReports(cluster.url, `pg-${run}-`, acknowledged);
    log(`writes acknowledged ${acknowledged.size}, case rows ${rows.length}, duplicates ${duplicates}, lost ${lost}`);
    log(`answers seen: ${tally.summary()}; 503s: ${tally.unavailable.total} (problem+json ${tally.unavailable.problemJson}, Retry-After ${tally.unavailable.retryAfter})`);

    assert.equal(lost, 0, 'no acknowledged write lost');
    assert.equal(duplicates, 0, 'no write stored twice');
    assert.equal(rows.length, acknowledged.size, 'nothing stored that was not acknowledged');
    assert.deepEqual(tally.surprises, [], 'no 500 answers');
    assert.equal(tally.count(500), 0);
    assert.ok(tally.unavailable.total > 0, 'the API said 503 while the database was away');
    assert.equal(tally.unavailable.problemJson, tally.unavailable.total, 'every 503 is problem+json');
    assert.equal(tally.unavailable.retryAfter, tally.unavailable.total, 'every 503 carries Retry-After');
    assert.equal(server.child.exitCode, null, 'the server never exited');
    const crashes = server.output.join('').match(/unhandled error|Unhandled|uncaught/gi) ?? [];
    assert.deepEqual(crashes, [], `the server logged no unexpected errors:\n${server.output.join('').slice(-4000)}`);
  });
});
