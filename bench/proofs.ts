// Proofs per second on PostgreSQL: issuance through the service (sign with the issuer's Ed25519
// key, append to the RFC 9162 log with its subtree hashes, index, audit) and offline verification
// of holders' bundles (issuer signature, audit path to the signed tree head, tree-head signature),
// each beside a bare Ed25519 sign or verify loop over the same message sizes in the same run.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { STATEMENT_CONTEXT, concatBytes, decodeBundle, decodeEntry, fromB64u, leafHash, parseStatement, rootFromInclusion, treeHeadData } from '@linli/contracts';
import { loadConfig } from '../apps/server/src/config.ts';
import { seedDemoDistrict } from '../apps/server/src/modules/demo/extras.ts';
import { loadAssignments } from '../apps/server/src/platform/auth/index.ts';
import type { Actor } from '../apps/server/src/platform/auth/actor.ts';
import { EventBus } from '../apps/server/src/platform/events.ts';
import { Notifier } from '../apps/server/src/platform/notify.ts';
import { AreasService } from '../apps/server/src/modules/areas/service.ts';
import { PeopleService } from '../apps/server/src/modules/people/service.ts';
import { ProofsService } from '../apps/server/src/modules/proofs/service.ts';
import { sha256 } from '../apps/server/src/modules/proofs/merkle.ts';
import { freshBenchDatabase } from './lib/postgres.ts';
import { formatRate, option, printHeader, QUICK, rate, resultRow } from './lib/report.ts';

const N = Number(option('proofs', QUICK ? '500' : '5000'));
const url = process.env.LINLI_BENCH_PROOFS_URL ?? 'postgres://root@127.0.0.1:5432/linli_bench_proofs';
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'linli-bench-proofs-'));

const db = await freshBenchDatabase(url);
try {
  await seedDemoDistrict(db, { scale: 0.002, log: () => {} });
  const user = await db.q.selectFrom('users').select(['id', 'username', 'displayName', 'districtId']).where('username', '=', 'community').executeTakeFirstOrThrow();
  const assignments = await loadAssignments(db, user.id);
  const actor: Actor = { userId: user.id, username: user.username, displayName: user.displayName, districtId: user.districtId, personId: null, assignments, roles: new Set(assignments.map((a) => a.role)), ip: '127.0.0.1' };
  const people = await db.q.selectFrom('persons').select('id').where('areaPath', 'like', `${assignments[0]!.areaPath}%`).where('status', '=', 'active').limit(50).execute();

  const config = loadConfig({ DATABASE_URL: url, LINLI_DATA_DIR: dataDir, LINLI_LOG_LEVEL: 'silent' } as NodeJS.ProcessEnv);
  const events = new EventBus();
  const quiet = { info() {}, warn() {}, error() {}, debug() {}, fatal() {}, trace() {}, silent() {}, level: 'silent', child: () => quiet } as never;
  const base = { config, db, events, notifier: new Notifier(db, events, []), log: quiet, version: 'bench' };
  const ctx = { ...base, areas: new AreasService(base) };
  const service = new ProofsService(ctx, new PeopleService(ctx));

  // Issuance, one request after another, as an issuer's staff would.
  await service.issue(actor, { subjectType: 'person', subjectId: people[0]!.id, claim: { type: 'residence' } }); // keys created outside the timing
  const t0 = performance.now();
  const ids: string[] = [];
  for (let i = 0; i < N; i++) {
    const p = await service.issue(actor, { subjectType: 'person', subjectId: people[i % people.length]!.id, claim: { type: 'volunteer_hours', hours: 1 + (i % 40), period: '2025' } });
    ids.push(p.id);
  }
  const issueMs = performance.now() - t0;

  // Holders' bundles against one signed tree head, then verification as the browser does it.
  const bundles: string[] = [];
  const tb = performance.now();
  for (const id of ids) bundles.push((await service.bundle(actor, id, 'https://linli.example')).payload);
  const bundleMs = performance.now() - tb;
  const keys = await service.logKeys(actor.districtId);
  const logKey = crypto.createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: keys.log.publicKey }, format: 'jwk' });
  const issuerKeys = new Map<string, crypto.KeyObject>();
  const tv = performance.now();
  for (const payload of bundles) {
    const b = decodeBundle(fromB64u(payload));
    const e = decodeEntry(b.entry);
    const s = parseStatement(e.statement);
    let ik = issuerKeys.get(s.issuer.key);
    if (!ik) issuerKeys.set(s.issuer.key, (ik = crypto.createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: s.issuer.key }, format: 'jwk' })));
    const root = rootFromInclusion(sha256, b.leafIndex, b.treeSize, leafHash(sha256, b.entry), b.path);
    const ok = crypto.verify(null, concatBytes(STATEMENT_CONTEXT, e.statement), ik, e.signature) && root && crypto.verify(null, treeHeadData(b.timestamp, b.treeSize, root), logKey, b.sthSignature);
    if (!ok) throw new Error('a bundle did not verify');
  }
  const verifyMs = performance.now() - tv;

  // The log audit: recompute everything from the stored bytes.
  const ta = performance.now();
  const report = await service.auditLog(actor.districtId);
  const auditMs = performance.now() - ta;
  if (!report.ok) throw new Error(`audit: ${report.problems.join('; ')}`);

  // Baselines: bare Ed25519 over a statement-sized message, and two verifies per proof as above.
  const { privateKey, publicKey } = crypto.generateKeyPairSync('ed25519');
  const message = decodeEntry(decodeBundle(fromB64u(bundles[0]!)).entry).statement;
  const sig = crypto.sign(null, message, privateKey);
  const bs = performance.now();
  for (let i = 0; i < N; i++) crypto.sign(null, message, privateKey);
  const signMs = performance.now() - bs;
  const bv = performance.now();
  for (let i = 0; i < N; i++) {
    crypto.verify(null, message, publicKey, sig);
    crypto.verify(null, message, publicKey, sig);
  }
  const verifyBareMs = performance.now() - bv;

  printHeader();
  console.log(resultRow(`proof issuance, PostgreSQL (sign + append to RFC 9162 log + index + audit), ${N} proofs`, formatRate(rate(N, issueMs), 'proofs'), `bare Ed25519 sign: ${formatRate(rate(N, signMs), 'signatures')}`, rate(N, issueMs) / rate(N, signMs)));
  console.log(resultRow(`proof bundle (audit path to the signed tree head of ${N + 1} entries)`, formatRate(rate(N, bundleMs), 'bundles'), `bare Ed25519 sign: ${formatRate(rate(N, signMs), 'signatures')}`, rate(N, bundleMs) / rate(N, signMs)));
  console.log(resultRow('proof verification offline (issuer signature + audit path + tree-head signature)', formatRate(rate(N, verifyMs), 'proofs'), `bare Ed25519 verify x2: ${formatRate(rate(N, verifyBareMs), 'pairs')}`, rate(N, verifyMs) / rate(N, verifyBareMs)));
  console.log(resultRow(`log audit (recompute tree, check every signature), ${report.entries} entries`, formatRate(rate(report.entries, auditMs), 'entries'), `bare Ed25519 verify x2: ${formatRate(rate(N, verifyBareMs), 'pairs')}`, rate(report.entries, auditMs) / rate(N, verifyBareMs)));
} finally {
  await db.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
