// Queries over issuers, keys, the transparency log and the proof index. Proof lists are limited to
// the caller's issuers or area by the service's scope; the log itself is append-only here.
import { sql } from 'kysely';
import type { Database } from '../../platform/db/database.ts';
import { type Scope, scopeWhere } from '../../platform/auth/scope.ts';
import type { NodeSource } from './merkle.ts';
import './tables.ts';

const buf = (b: Uint8Array) => Buffer.from(b);

export class ProofsRepository {
  constructor(private readonly db: Database) {}

  issuers(districtId: string) {
    return this.db.q.selectFrom('proofIssuers').selectAll().where('districtId', '=', districtId).where('revokedAt', 'is', null).orderBy('kind').orderBy('name').execute();
  }

  issuer(districtId: string, id: string) {
    return this.db.q.selectFrom('proofIssuers').selectAll().where('districtId', '=', districtId).where('id', '=', id).executeTakeFirst();
  }

  activeKey(districtId: string, owner: string) {
    return this.db.q.selectFrom('signingKeys').selectAll().where('districtId', '=', districtId).where('owner', '=', owner).where('retiredAt', 'is', null).orderBy('createdAt', 'desc').executeTakeFirst();
  }

  /** The active key of each of these owners (the newest unretired one), in one query. */
  async activeKeys(districtId: string, owners: string[]) {
    if (!owners.length) return new Map<string, { id: string; publicKey: Uint8Array }>();
    const rows = await this.db.q
      .selectFrom('signingKeys')
      .select(['owner', 'id', 'publicKey'])
      .where('districtId', '=', districtId)
      .where('owner', 'in', owners)
      .where('retiredAt', 'is', null)
      .orderBy('createdAt', 'asc')
      .execute();
    // Ascending, so the newest key of an owner is the one left in the map.
    return new Map(rows.map((r) => [r.owner, { id: r.id, publicKey: r.publicKey }]));
  }

  keys(districtId: string) {
    return this.db.q.selectFrom('signingKeys').select(['id', 'owner', 'publicKey', 'retiredAt']).where('districtId', '=', districtId).execute();
  }

  async insertKey(row: { districtId: string; id: string; owner: string; publicKey: Buffer; privateSealed: Buffer }) {
    await this.db.q.insertInto('signingKeys').values(row).onConflict((oc) => oc.columns(['districtId', 'id']).doNothing()).execute();
  }

  /** The log's size, locked until the transaction ends, so appends are strictly sequential. */
  async lockLog(districtId: string): Promise<number> {
    const lock = () => this.db.q.selectFrom('transparencyLogs').select('size').where('districtId', '=', districtId).forUpdate().executeTakeFirst();
    let row = await lock();
    if (!row) {
      await this.db.q.insertInto('transparencyLogs').values({ districtId }).onConflict((oc) => oc.column('districtId').doNothing()).execute();
      row = await lock();
    }
    return Number(row!.size);
  }

  async logSize(districtId: string): Promise<number> {
    const row = await this.db.q.selectFrom('transparencyLogs').select('size').where('districtId', '=', districtId).executeTakeFirst();
    return Number(row?.size ?? 0);
  }

  async appendEntry(districtId: string, idx: number, kind: 'proof' | 'revocation', proofId: string, entry: Uint8Array, leafHash: Uint8Array, nodes: { level: number; idx: number; hash: Uint8Array }[]) {
    await this.db.q.insertInto('logEntries').values({ districtId, idx, kind, proofId, entry: buf(entry), leafHash: buf(leafHash) }).execute();
    if (nodes.length) await this.db.q.insertInto('logNodes').values(nodes.map((n) => ({ districtId, level: n.level, idx: n.idx, hash: buf(n.hash) }))).execute();
    await this.db.q.updateTable('transparencyLogs').set({ size: idx + 1 }).where('districtId', '=', districtId).execute();
  }

  async leafHash(districtId: string, idx: number): Promise<Uint8Array | undefined> {
    const r = await this.db.q.selectFrom('logEntries').select('leafHash').where('districtId', '=', districtId).where('idx', '=', idx).executeTakeFirst();
    return r ? buf(r.leafHash) : undefined;
  }

  async storedNode(districtId: string, level: number, idx: number): Promise<Uint8Array | undefined> {
    const r = await this.db.q.selectFrom('logNodes').select('hash').where('districtId', '=', districtId).where('level', '=', level).where('idx', '=', idx).executeTakeFirst();
    return r ? buf(r.hash) : undefined;
  }

  entry(districtId: string, idx: number) {
    return this.db.q.selectFrom('logEntries').selectAll().where('districtId', '=', districtId).where('idx', '=', idx).executeTakeFirst();
  }

  /** Every entry in order, a page at a time (the audit streams through the whole log). */
  entriesFrom(districtId: string, from: number, limit: number) {
    return this.db.q.selectFrom('logEntries').selectAll().where('districtId', '=', districtId).where('idx', '>=', from).orderBy('idx').limit(limit).execute();
  }

  nodesFrom(districtId: string, level: number, from: number, limit: number) {
    return this.db.q.selectFrom('logNodes').selectAll().where('districtId', '=', districtId).where('level', '=', level).where('idx', '>=', from).orderBy('idx').limit(limit).execute();
  }

  latestTreeHead(districtId: string) {
    return this.db.q.selectFrom('treeHeads').selectAll().where('districtId', '=', districtId).orderBy('treeSize', 'desc').limit(1).executeTakeFirst();
  }

  treeHead(districtId: string, size: number) {
    return this.db.q.selectFrom('treeHeads').selectAll().where('districtId', '=', districtId).where('treeSize', '=', size).executeTakeFirst();
  }

  treeHeads(districtId: string) {
    return this.db.q.selectFrom('treeHeads').selectAll().where('districtId', '=', districtId).orderBy('treeSize').execute();
  }

  async insertTreeHead(row: { districtId: string; treeSize: number; timestamp: number; rootHash: Uint8Array; keyId: string; signature: Uint8Array }) {
    await this.db.q
      .insertInto('treeHeads')
      .values({ ...row, rootHash: buf(row.rootHash), signature: buf(row.signature) })
      .onConflict((oc) => oc.columns(['districtId', 'treeSize']).doNothing())
      .execute();
  }

  private proofBase(districtId: string) {
    return this.db.q
      .selectFrom('proofs as p')
      .innerJoin('proofIssuers as i', (j) => j.onRef('i.districtId', '=', 'p.districtId').onRef('i.id', '=', 'p.issuerId'))
      .leftJoin('persons as s', (j) => j.onRef('s.districtId', '=', 'p.districtId').onRef('s.id', '=', 'p.subjectId'))
      .leftJoin('households as h', (j) => j.onRef('h.districtId', '=', 'p.districtId').onRef('h.id', '=', 'p.subjectId'))
      .leftJoin('areas as a', (j) => j.onRef('a.districtId', '=', 'p.districtId').onRef('a.id', '=', 'p.subjectId'))
      .select([
        'p.id', 'p.issuerId', 'i.name as issuerName', 'p.subjectType', 'p.subjectId', 'p.claimType', 'p.claim', 'p.issuedAt', 'p.validUntil', 'p.leafIndex',
        'p.revokedAt', 'p.revocationReason', 'p.revocationIndex', 'p.areaPath',
        sql<string>`coalesce(s.name, h.address, a.name, '')`.as('subjectName'),
      ])
      .where('p.districtId', '=', districtId);
  }

  /** Proofs the caller may see: those of their issuers, or about subjects in their scope. */
  async list(districtId: string, scope: Scope, issuerIds: string[], f: { subjectId?: string; claimType?: string }, page: number, pageSize: number) {
    let q = this.proofBase(districtId).where((eb) =>
      eb.or([scopeWhere(scope, { path: 'p.areaPath', person: 'p.subjectId' }), ...(issuerIds.length ? [eb('p.issuerId', 'in', issuerIds)] : [])]),
    );
    if (f.subjectId) q = q.where('p.subjectId', '=', f.subjectId);
    if (f.claimType) q = q.where('p.claimType', '=', f.claimType);
    const [items, total] = await Promise.all([
      q.orderBy('p.issuedAt', 'desc').orderBy('p.id').limit(pageSize).offset((page - 1) * pageSize).execute(),
      q.clearSelect().select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { items, total: Number(total.n) };
  }

  find(districtId: string, id: string) {
    return this.proofBase(districtId).where('p.id', '=', id).executeTakeFirst();
  }

  async markRevoked(districtId: string, id: string, at: Date, idx: number, reason: string) {
    await this.db.q.updateTable('proofs').set({ revokedAt: at, revocationIndex: idx, revocationReason: reason }).where('districtId', '=', districtId).where('id', '=', id).execute();
  }

  areaPathOf(districtId: string, areaId: string) {
    return this.db.q.selectFrom('areas').select(['path', 'name', 'level']).where('districtId', '=', districtId).where('id', '=', areaId).executeTakeFirst();
  }

  orgName(districtId: string, orgId: string) {
    return this.db.q.selectFrom('organisations').select(['name']).where('districtId', '=', districtId).where('id', '=', orgId).executeTakeFirst();
  }

  async insertIssuer(row: { districtId: string; id: string; kind: 'organisation' | 'area'; orgId: string | null; areaId: string | null; areaPath: string | null; name: string; claimTypes: string[] }) {
    await this.db.q.insertInto('proofIssuers').values(row).execute();
  }

  async updateIssuer(districtId: string, id: string, claimTypes: string[]) {
    await this.db.q.updateTable('proofIssuers').set({ claimTypes }).where('districtId', '=', districtId).where('id', '=', id).execute();
  }
}

/** Complete-subtree hashes from the database, memoised for the district (complete nodes never change). */
export class StoredNodes implements NodeSource {
  private static readonly cache = new Map<string, Uint8Array>();
  constructor(
    private readonly repo: ProofsRepository,
    private readonly districtId: string,
    /** Nodes written by the current transaction, not yet safe to share. */
    private readonly pending = new Map<string, Uint8Array>(),
  ) {}
  static remember(districtId: string, level: number, idx: number, hash: Uint8Array) {
    if (StoredNodes.cache.size > 500_000) StoredNodes.cache.clear();
    StoredNodes.cache.set(`${districtId}/${level}/${idx}`, hash);
  }
  static forget() {
    StoredNodes.cache.clear();
  }
  async node(level: number, idx: number): Promise<Uint8Array> {
    const key = `${this.districtId}/${level}/${idx}`;
    const hit = this.pending.get(key) ?? StoredNodes.cache.get(key);
    if (hit) return hit;
    const h = level === 0 ? await this.repo.leafHash(this.districtId, idx) : await this.repo.storedNode(this.districtId, level, idx);
    if (!h) throw new Error(`log node ${level}/${idx} is missing`);
    StoredNodes.cache.set(key, h);
    return h;
  }
}
