// Proofs and the transparency log, checked by an independent RFC 9162 verifier written here from
// the RFC's text (it shares no code with modules/proofs or packages/contracts): issuance by
// authorised issuers only, offline verification of a holder's bundle, inclusion and consistency
// proofs for every leaf and every pair of tree sizes, revocation as a log entry, public endpoints,
// and an audit that catches any flipped byte in the stored log.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { sql } from 'kysely';
import { TEST_DB, type TestApp, type Client, expectProblem, startTestApp } from './helpers.ts';

// ---------------------------------------------------------------------------------------------
// The independent verifier (RFC 9162 §2.1 and §4.10), on Buffers and node:crypto only.
namespace rfc9162 {
  const H = (...parts: Buffer[]) => crypto.createHash('sha256').update(Buffer.concat(parts)).digest();
  export const leaf = (data: Buffer) => H(Buffer.from([0x00]), data);
  const node = (l: Buffer, r: Buffer) => H(Buffer.from([0x01]), l, r);
  const k = (n: number) => 2 ** Math.ceil(Math.log2(n) - 1); // largest power of 2 smaller than n

  /** §2.1.1 MTH, straight from the definition, over leaf data. */
  export function mth(d: Buffer[]): Buffer {
    if (d.length === 0) return H();
    if (d.length === 1) return leaf(d[0]!);
    const s = k(d.length);
    return node(mth(d.slice(0, s)), mth(d.slice(s)));
  }
  /** §2.1.3.1 PATH, from the definition. */
  export function path(m: number, d: Buffer[]): Buffer[] {
    if (d.length <= 1) return [];
    const s = k(d.length);
    return m < s ? [...path(m, d.slice(0, s)), mth(d.slice(s))] : [...path(m - s, d.slice(s)), mth(d.slice(0, s))];
  }
  /** §2.1.4.1 PROOF / SUBPROOF, from the definition. */
  export function proof(m: number, d: Buffer[]): Buffer[] {
    const sub = (m: number, d: Buffer[], b: boolean): Buffer[] => {
      if (m === d.length) return b ? [] : [mth(d)];
      const s = k(d.length);
      return m <= s ? [...sub(m, d.slice(0, s), b), mth(d.slice(s))] : [...sub(m - s, d.slice(s), false), mth(d.slice(0, s))];
    };
    return sub(m, d, true);
  }
  /** §2.1.3.2: verify an inclusion proof against a root. */
  export function verifyInclusion(index: number, size: number, leafHash: Buffer, p: Buffer[], root: Buffer): boolean {
    if (index >= size) return false;
    let fn = index, sn = size - 1, r = leafHash;
    for (const x of p) {
      if (sn === 0) return false;
      if (fn & 1 || fn === sn) {
        r = node(x, r);
        if (!(fn & 1)) while (!(fn & 1) && fn !== 0) { fn >>= 1; sn >>= 1; }
      } else r = node(r, x);
      fn >>= 1; sn >>= 1;
    }
    return sn === 0 && r.equals(root);
  }
  /** §2.1.4.2: verify a consistency proof between two roots. */
  export function verifyConsistency(first: number, second: number, firstRoot: Buffer, secondRoot: Buffer, p: Buffer[]): boolean {
    if (first === second) return p.length === 0 && firstRoot.equals(secondRoot);
    if (p.length === 0) return false;
    const c = (first & (first - 1)) === 0 ? [firstRoot, ...p] : [...p];
    let fn = first - 1, sn = second - 1;
    while (fn & 1) { fn >>= 1; sn >>= 1; }
    let fr = c[0]!, sr = c[0]!;
    for (const x of c.slice(1)) {
      if (sn === 0) return false;
      if (fn & 1 || fn === sn) {
        fr = node(x, fr); sr = node(x, sr);
        if (!(fn & 1)) while (!(fn & 1) && fn !== 0) { fn >>= 1; sn >>= 1; }
      } else sr = node(sr, x);
      fn >>= 1; sn >>= 1;
    }
    return sn === 0 && fr.equals(firstRoot) && sr.equals(secondRoot);
  }
  /** §4.10 TreeHeadDataV2 in TLS presentation: uint64 timestamp, uint64 tree_size, opaque root<1..255>, extensions<0..65535>. */
  export function treeHeadBytes(timestamp: number, size: number, root: Buffer): Buffer {
    const b = Buffer.alloc(8 + 8 + 1 + root.length + 2);
    b.writeBigUInt64BE(BigInt(timestamp), 0);
    b.writeBigUInt64BE(BigInt(size), 8);
    b.writeUInt8(root.length, 16);
    root.copy(b, 17);
    return b;
  }
  export function ed25519Verify(rawKey: Buffer, data: Buffer, sig: Buffer): boolean {
    const key = crypto.createPublicKey({ key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), rawKey]), format: 'der', type: 'spki' });
    return crypto.verify(null, data, key, sig);
  }
}

/** The holder's bundle, parsed by hand from the layout documented in contracts/proofs.ts. */
function parseBundle(b64u: string) {
  const b = Buffer.from(b64u, 'base64url');
  assert.equal(b[0], 1);
  const len = b.readUInt16BE(1);
  let o = 3;
  const entry = b.subarray(o, (o += len));
  const leafIndex = Number(b.readBigUInt64BE(o));
  const treeSize = Number(b.readBigUInt64BE(o + 8));
  const timestamp = Number(b.readBigUInt64BE(o + 16));
  o += 24;
  const logKeyId = b.subarray(o, (o += 8)).toString('hex');
  const sig = b.subarray(o, (o += 64));
  const n = b[o++]!;
  const path = Array.from({ length: n }, (_, i) => b.subarray(o + i * 32, o + (i + 1) * 32));
  assert.equal(o + n * 32, b.length);
  // Entry: version 1, kind, uint16 statement length, statement, 64-byte Ed25519 signature.
  const slen = entry.readUInt16BE(2);
  const statement = entry.subarray(4, 4 + slen);
  return { entry: Buffer.from(entry), leafIndex, treeSize, timestamp, logKeyId, sig, path, kind: entry[1], statement, statementSig: entry.subarray(4 + slen) };
}

const STATEMENT_CONTEXT = Buffer.from('linli-statement-v1\0');
const b64 = (s: string) => Buffer.from(s, 'base64url');

describe(`proofs (${TEST_DB})`, () => {
  let t: TestApp;
  let community: Client;
  let admin: Client;
  let anon: Client;
  let person: { id: string; name: string; householdId: string };
  let logKey: Buffer;

  async function leaves(): Promise<Buffer[]> {
    const rows = await t.db.q.selectFrom('logEntries').select(['entry']).where('districtId', '=', 'chancheng').orderBy('idx').execute();
    return rows.map((r) => Buffer.from(r.entry));
  }

  before(async () => {
    t = await startTestApp();
    community = await t.login('community');
    admin = await t.login('admin');
    anon = t.anonymous();
    person = (await community.json('/api/persons?pageSize=5')).items.find((p: { householdId: string | null }) => p.householdId);
    const keys = await anon.json('/api/transparency/chancheng/keys');
    logKey = b64(keys.log.publicKey);
  });
  after(() => t.close());

  let first: { id: string };
  it('lets community staff issue a residence proof about a resident of their community, masked', async () => {
    const res = await community.post('/api/proofs', { subjectType: 'person', subjectId: person.id, claim: { type: 'residence', since: '2010-01-01' } });
    assert.equal(res.statusCode, 201, res.body);
    first = res.json();
    assert.equal(first && res.json().issuerName, '塔坡社区');
    assert.match(res.json().subjectName, /\*/);
    const audit = (await admin.json(`/api/audit?entityType=proof&entityId=${first.id}`)).items;
    assert.equal(audit[0].action, 'proof.issue');
  });

  it('verifies a holder\'s bundle offline: issuer signature, audit path and signed tree head', async () => {
    const bundle = await community.json(`/api/proofs/${first.id}/bundle`);
    assert.match(bundle.url, /\/verify#chancheng\.[A-Za-z0-9_-]+$/);
    const b = parseBundle(bundle.payload);
    const statement = JSON.parse(b.statement.toString('utf8'));
    assert.equal(statement.id, first.id);
    assert.equal(statement.claim.type, 'residence');
    assert.ok(!b.statement.toString('utf8').includes(person.name) || person.name.length < 2, 'the full name is not in the proof');
    assert.ok(rfc9162.ed25519Verify(b64(statement.issuer.key), Buffer.concat([STATEMENT_CONTEXT, b.statement]), b.statementSig), 'issuer signature');
    const root = rfc9162.mth(await leaves());
    assert.ok(rfc9162.verifyInclusion(b.leafIndex, b.treeSize, rfc9162.leaf(b.entry), b.path, root), 'inclusion');
    assert.ok(rfc9162.ed25519Verify(logKey, rfc9162.treeHeadBytes(b.timestamp, b.treeSize, root), b.sig), 'tree head signature');
    // A changed claim no longer verifies.
    const forged = Buffer.from(b.statement.toString('utf8').replace('residence', 'disability'));
    assert.ok(!rfc9162.ed25519Verify(b64(statement.issuer.key), Buffer.concat([STATEMENT_CONTEXT, forged]), b.statementSig));
  });

  it('answers inclusion proofs for every leaf and consistency proofs for every pair of sizes, as RFC 9162 defines them', async () => {
    const households = (await community.json('/api/households?pageSize=20')).items;
    for (let i = 0; i < 20; i++) {
      const h = households[i % households.length];
      const res = await community.post('/api/proofs', i % 2 ? { subjectType: 'household', subjectId: h.id, claim: { type: 'residence' } } : { subjectType: 'person', subjectId: person.id, claim: { type: 'volunteer_hours', hours: 2 + i, period: '2025' } });
      assert.equal(res.statusCode, 201, res.body);
    }
    const data = await leaves();
    const n = data.length;
    assert.ok(n >= 21);
    for (let size = 1; size <= n; size++) {
      const root = rfc9162.mth(data.slice(0, size));
      for (let m = 0; m < size; m++) {
        const got = (await anon.json(`/api/transparency/chancheng/inclusion?leafIndex=${m}&treeSize=${size}`)).proof.map(b64);
        assert.deepEqual(got, rfc9162.path(m, data.slice(0, size)), `PATH(${m}, D[${size}])`);
        assert.ok(rfc9162.verifyInclusion(m, size, rfc9162.leaf(data[m]!), got, root));
      }
    }
    for (let second = 1; second <= n; second++) {
      const secondRoot = rfc9162.mth(data.slice(0, second));
      for (let firstSize = 1; firstSize <= second; firstSize++) {
        const got = (await anon.json(`/api/transparency/chancheng/consistency?first=${firstSize}&second=${second}`)).proof.map(b64);
        if (firstSize < second) assert.deepEqual(got, rfc9162.proof(firstSize, data.slice(0, second)), `PROOF(${firstSize}, D[${second}])`);
        assert.ok(rfc9162.verifyConsistency(firstSize, second, rfc9162.mth(data.slice(0, firstSize)), secondRoot, got), `consistency ${firstSize} -> ${second}`);
      }
    }
    // A wrong root or a truncated path fails.
    const p = (await anon.json(`/api/transparency/chancheng/consistency?first=5&second=${n}`)).proof.map(b64);
    assert.ok(!rfc9162.verifyConsistency(5, n, rfc9162.mth(data.slice(0, 6)), rfc9162.mth(data), p));
    assert.ok(!rfc9162.verifyConsistency(5, n, rfc9162.mth(data.slice(0, 5)), rfc9162.mth(data), p.slice(1)));
  });

  it('serves signed tree heads publicly, and the log only grows between them', async () => {
    const a = await anon.json('/api/transparency/chancheng/sth');
    assert.ok(rfc9162.ed25519Verify(logKey, rfc9162.treeHeadBytes(a.timestamp, a.treeSize, b64(a.rootHash)), b64(a.signature)));
    await community.post('/api/proofs', { subjectType: 'person', subjectId: person.id, claim: { type: 'volunteer_hours', hours: 3, period: '2024' } });
    const b = await anon.json('/api/transparency/chancheng/sth');
    assert.equal(b.treeSize, a.treeSize + 1);
    assert.ok(b.timestamp >= a.timestamp);
    const c = (await anon.json(`/api/transparency/chancheng/consistency?first=${a.treeSize}&second=${b.treeSize}`)).proof.map(b64);
    assert.ok(rfc9162.verifyConsistency(a.treeSize, b.treeSize, b64(a.rootHash), b64(b.rootHash), c));
    expectProblem(await anon.get('/api/transparency/nowhere/sth'), 404);
    expectProblem(await anon.get(`/api/transparency/chancheng/consistency?first=3&second=${b.treeSize + 5}`), 400);
  });

  it('revokes with a signed log entry that a holder can check against their older tree head', async () => {
    const bundle = await community.json(`/api/proofs/${first.id}/bundle`);
    const held = parseBundle(bundle.payload);
    const revoked = await community.post(`/api/proofs/${first.id}/revoke`, { reason: '已迁出本社区' });
    assert.equal(revoked.statusCode, 200, revoked.body);
    assert.ok(revoked.json().revokedAt);
    expectProblem(await community.post(`/api/proofs/${first.id}/revoke`, { reason: '再次' }), 409, 'proof.already_revoked');
    const status = await anon.json(`/api/transparency/chancheng/proofs/${first.id}/status?from=${held.treeSize}`);
    assert.equal(status.revoked, true);
    const sth = status.treeHead;
    const root = b64(sth.rootHash);
    assert.ok(rfc9162.ed25519Verify(logKey, rfc9162.treeHeadBytes(sth.timestamp, sth.treeSize, root), b64(sth.signature)));
    const rev = b64(status.revocation.entry);
    assert.ok(rfc9162.verifyInclusion(status.revocation.leafIndex, sth.treeSize, rfc9162.leaf(rev), status.revocation.inclusion.map(b64), root));
    const statement = JSON.parse(rev.subarray(4, 4 + rev.readUInt16BE(2)).toString('utf8'));
    assert.equal(statement.type, 'revocation');
    assert.equal(statement.proof, first.id);
    // The holder's old root is a prefix of the new tree.
    const heldRoot = rfc9162.mth((await leaves()).slice(0, held.treeSize));
    assert.ok(rfc9162.verifyConsistency(held.treeSize, sth.treeSize, heldRoot, root, status.consistency.map(b64)));
  });

  it('lets only authorised issuers issue, within their area, and refuses bad input naming the field', async () => {
    const resident = await t.login('resident');
    expectProblem(await resident.post('/api/proofs', { subjectType: 'person', subjectId: person.id, claim: { type: 'residence' } }), 403, 'proofs.not_an_issuer');
    const department = await t.login('department');
    expectProblem(await department.post('/api/proofs', { subjectType: 'person', subjectId: person.id, claim: { type: 'residence' } }), 403, 'proofs.claim_not_authorised');
    expectProblem(await community.post('/api/proofs', { subjectType: 'person', subjectId: person.id, claim: { type: 'disability', category: 'visual', grade: 2 } }), 403, 'proofs.claim_not_authorised');
    const other = (await (await t.login('community2')).json('/api/persons?pageSize=1')).items[0];
    let p = expectProblem(await community.post('/api/proofs', { subjectType: 'person', subjectId: other.id, claim: { type: 'residence' } }), 400);
    assert.equal(p.fields[0].path, 'subjectId');
    p = expectProblem(await community.post('/api/proofs', { subjectType: 'person', subjectId: person.id, claim: { type: 'nonsense' } }), 400);
    assert.match(p.fields[0].path, /^body\.claim/);
    p = expectProblem(await community.post('/api/proofs', { subjectType: 'person', subjectId: 'x', claim: { type: 'residence' } }), 400);
    assert.equal(p.fields[0].path, 'body.subjectId');
    p = expectProblem(await community.post('/api/proofs', { subjectType: 'person', subjectId: person.id, claim: { type: 'ballot_result', title: '加装电梯', result: '通过' } }), 400);
    assert.equal(p.fields[0].path, 'subjectType');
    p = expectProblem(await community.post('/api/proofs', { subjectType: 'person', subjectId: person.id, claim: { type: 'residence' }, validUntil: '2001-01-01' }), 400);
    assert.equal(p.fields[0].path, 'validUntil');
    // The admin authorises the department; then it may issue, district-wide.
    const issuers = (await admin.json('/api/proofs/issuers')).items;
    assert.ok(issuers.some((i: { name: string }) => i.name === '区民政局'));
    const orgs = await t.db.q.selectFrom('organisations').select(['id']).where('name', '=', '区城管局').executeTakeFirstOrThrow();
    expectProblem(await community.post('/api/proofs/issuers', { kind: 'organisation', orgId: orgs.id, claimTypes: ['volunteer_hours'] }), 403, 'proofs.admin_only');
    const created = await admin.post('/api/proofs/issuers', { kind: 'organisation', orgId: orgs.id, claimTypes: ['volunteer_hours'] });
    assert.equal(created.statusCode, 201, created.body);
    const ok = await department.post('/api/proofs', { subjectType: 'person', subjectId: other.id, claim: { type: 'volunteer_hours', hours: 12, period: '2025' } });
    assert.equal(ok.statusCode, 201, ok.body);
    assert.equal(ok.json().issuerName, '区城管局');
  });

  it('shows a resident their own proofs and hides other communities\' proofs (404)', async () => {
    const resident = await t.login('resident');
    const me = (await resident.json('/api/auth/me')).user;
    const mine = await community.post('/api/proofs', { subjectType: 'person', subjectId: me.personId, claim: { type: 'residence' } });
    assert.equal(mine.statusCode, 201, mine.body);
    const list = await resident.json('/api/proofs');
    assert.ok(list.items.length >= 1 && list.items.every((p: { subjectId: string }) => p.subjectId === me.personId));
    assert.equal((await resident.get(`/api/proofs/${mine.json().id}/bundle`)).statusCode, 200);
    const qr = await resident.get(`/api/proofs/${mine.json().id}/qr.svg`);
    assert.equal(qr.statusCode, 200);
    assert.match(String(qr.headers['content-type']), /image\/svg\+xml/);
    expectProblem(await (await t.login('community2')).get(`/api/proofs/${mine.json().id}`), 404, 'proof.not_found');
  });

  it('audits the log: clean, then any flipped byte in a stored entry is found, and so is a forgery that re-hashes its leaf', async () => {
    const clean = await admin.json('/api/proofs/audit');
    assert.deepEqual(clean.problems, []);
    assert.ok(clean.entries >= 20 && clean.treeHeads >= 1);
    expectProblem(await community.get('/api/proofs/audit'), 403);
    const rows = await t.db.q.selectFrom('logEntries').select(['idx', 'entry']).where('districtId', '=', 'chancheng').orderBy('idx').execute();
    const flip = async (table: string, column: string, where: string, offset: number) => {
      await sql`update ${sql.table(table)} set ${sql.ref(column)} = set_byte(${sql.ref(column)}, ${offset}, get_byte(${sql.ref(column)}, ${offset}) # 1) where district_id = 'chancheng' and ${sql.raw(where)}`.execute(t.db.q);
    };
    // Every region of an entry: header, statement (issuer, subject, claim, time) and signature.
    let checked = 0;
    for (const r of [rows[0]!, rows[Math.floor(rows.length / 2)]!, rows[rows.length - 1]!]) {
      const len = Buffer.from(r.entry).length;
      for (const offset of [0, 1, 2, 3, 4, 20, Math.floor(len / 2), len - 65, len - 64, len - 1]) {
        await flip('log_entries', 'entry', `idx = ${r.idx}`, offset);
        const report = await admin.json('/api/proofs/audit');
        assert.equal(report.ok, false, `flipped byte ${offset} of entry ${r.idx} went unnoticed`);
        assert.ok(report.problems.some((m: string) => m.startsWith(`entry ${r.idx}`)), report.problems.join('; '));
        await flip('log_entries', 'entry', `idx = ${r.idx}`, offset);
        checked++;
      }
    }
    assert.equal((await admin.json('/api/proofs/audit')).ok, true);
    // A forger who also rewrites the leaf hash is caught by the stored nodes and the signed roots.
    await flip('log_entries', 'entry', 'idx = 3', 30);
    const forged = Buffer.from((await t.db.q.selectFrom('logEntries').select('entry').where('idx', '=', 3).executeTakeFirstOrThrow()).entry);
    await t.db.q.updateTable('logEntries').set({ leafHash: rfc9162.leaf(forged) }).where('idx', '=', 3).execute();
    const report = await admin.json('/api/proofs/audit');
    assert.equal(report.ok, false);
    assert.ok(report.problems.some((m: string) => /tree head .*root differs|node .* differs/.test(m)), report.problems.join('; '));
    console.log(`# audit caught ${checked} single-byte flips in stored entries and a re-hashed forgery (${report.problems.length} findings)`);
  });
});
