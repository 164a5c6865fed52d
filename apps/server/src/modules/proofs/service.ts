// Proofs: authorised issuers sign statements about a resident, a household or an area; every
// statement (and every revocation) is appended to the district's transparency log (RFC 9162), so
// anyone holding a proof, its audit path and a signed tree head can check it offline, and anyone
// can check that the log only grows. The audit recomputes the whole tree from the stored bytes.
import crypto from 'node:crypto';
import type { z } from 'zod';
import {
  type Bundle, type ClaimType, type IssueProof, type ProofIssuer, type ProofQuery, type ProofStatement, type ProofStatus, type ProofSummary,
  type RevocationStatement, type SignedTreeHead, STATEMENT_CONTEXT, concatBytes, decodeEntry, encodeBundle, encodeEntry, leafHash, nodeHash,
  parseStatement, toB64u, treeHeadData, bytesEqual,
} from '@linli/contracts';
import type { AppContext } from '../../platform/context.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { covers } from '../../platform/auth/scope.ts';
import { audit } from '../../platform/audit.ts';
import { AppError, conflict, fieldError, forbidden, notFound } from '../../platform/errors.ts';
import type { PeopleService } from '../people/service.ts';
import { type KeyPair, generateKeyPair, keyIdOf, loadMasterKey, seal, sign, unseal, verify } from './keys.ts';
import { MemoryTree, closedNodes, consistencyProof, inclusionPath, sha256, subtreeHash } from './merkle.ts';
import { ProofsRepository, StoredNodes } from './repository.ts';
import { actsFor, requireAdmin, requireIssuerRole, viewScope } from './policy.ts';

type ProofRow = NonNullable<Awaited<ReturnType<ProofsRepository['find']>>>;
type IssuerRecord = NonNullable<Awaited<ReturnType<ProofsRepository['issuer']>>>;

/** 梁桂英 -> 梁*英, 张三 -> 张*: enough to match a face to an ID card, not enough to look someone up. */
export function maskName(name: string): string {
  const chars = [...name];
  if (chars.length <= 1) return name;
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}

const presentTreeHead = (r: { treeSize: number; timestamp: number; rootHash: Uint8Array; keyId: string; signature: Uint8Array }): SignedTreeHead => ({
  treeSize: Number(r.treeSize),
  timestamp: Number(r.timestamp),
  rootHash: toB64u(r.rootHash),
  keyId: r.keyId,
  signature: toB64u(r.signature),
});

export class ProofsService {
  private readonly repo: ProofsRepository;
  private master: Buffer | null = null;
  private readonly privateKeys = new Map<string, crypto.KeyObject>();
  /** Issuers change rarely and are read on every request: kept for a few seconds, dropped on change. */
  private readonly issuerCache = new Map<string, { at: number; rows: Promise<IssuerRecord[]> }>();

  constructor(
    private readonly ctx: AppContext,
    private readonly people: Pick<PeopleService, 'lookup'>,
  ) {
    this.repo = new ProofsRepository(ctx.db);
  }

  // --- keys ---------------------------------------------------------------------------------

  private masterKey(): Buffer {
    this.master ??= loadMasterKey(this.ctx.config.dataDir);
    return this.master;
  }

  /** The active key of the log or an issuer, created (and sealed) on first use. */
  private async keyFor(districtId: string, owner: string): Promise<{ keyId: string; publicKey: Buffer; privateKey: crypto.KeyObject }> {
    let row = await this.repo.activeKey(districtId, owner);
    if (!row) {
      const pair: KeyPair = generateKeyPair();
      await this.repo.insertKey({ districtId, id: pair.keyId, owner, publicKey: pair.publicKey, privateSealed: seal(this.masterKey(), pair) });
      this.privateKeys.set(pair.keyId, pair.privateKey);
      row = (await this.repo.activeKey(districtId, owner))!;
    }
    let privateKey = this.privateKeys.get(row.id);
    if (!privateKey) {
      try {
        privateKey = unseal(this.masterKey(), row.id, row.privateSealed);
      } catch {
        throw new AppError('proofs.key_unavailable', 'unavailable', 'the signing key cannot be opened with this server\'s master key');
      }
      this.privateKeys.set(row.id, privateKey);
    }
    return { keyId: row.id, publicKey: Buffer.from(row.publicKey), privateKey };
  }

  // --- issuers ------------------------------------------------------------------------------

  private allIssuers(districtId: string): Promise<IssuerRecord[]> {
    const hit = this.issuerCache.get(districtId);
    if (hit && Date.now() - hit.at < 5000 && !this.ctx.db.inTransaction) return hit.rows;
    const rows = this.repo.issuers(districtId);
    if (!this.ctx.db.inTransaction) this.issuerCache.set(districtId, { at: Date.now(), rows });
    rows.catch(() => this.issuerCache.delete(districtId));
    return rows;
  }

  private issuersChanged(districtId: string) {
    this.issuerCache.delete(districtId);
    this.ctx.db.afterCommit(() => this.issuerCache.delete(districtId));
  }

  private async presentIssuer(i: IssuerRecord): Promise<ProofIssuer> {
    return (await this.presentIssuers(i.districtId, [i]))[0]!;
  }

  /** Issuers with their active public keys, the keys read in one query. */
  private async presentIssuers(districtId: string, issuers: IssuerRecord[]): Promise<ProofIssuer[]> {
    const keys = await this.repo.activeKeys(districtId, issuers.map((i) => i.id));
    return issuers.map((i) => {
      const key = keys.get(i.id);
      return { id: i.id, kind: i.kind, name: i.name, claimTypes: i.claimTypes as ClaimType[], keyId: key?.id ?? null, publicKey: key ? toB64u(key.publicKey) : null };
    });
  }

  /** The issuers this actor signs for (the admin sees every issuer). */
  async issuers(actor: Actor): Promise<ProofIssuer[]> {
    const all = await this.allIssuers(actor.districtId);
    const mine = actor.roles.has('district_admin') ? all : all.filter((i) => actsFor(actor, i));
    return this.presentIssuers(actor.districtId, mine);
  }

  async authoriseIssuer(actor: Actor, input: { kind: 'organisation' | 'area'; orgId?: string; areaId?: string; claimTypes: ClaimType[] }): Promise<ProofIssuer> {
    requireAdmin(actor);
    return this.ctx.db.tx(async () => {
      let name: string;
      let areaPath: string | null = null;
      if (input.kind === 'organisation') {
        if (!input.orgId) throw fieldError('orgId', 'required for an organisation issuer');
        const org = await this.repo.orgName(actor.districtId, input.orgId);
        if (!org) throw fieldError('orgId', 'no such organisation');
        name = org.name;
      } else {
        if (!input.areaId) throw fieldError('areaId', 'required for an area issuer');
        const area = await this.repo.areaPathOf(actor.districtId, input.areaId);
        if (!area || (area.level !== 'community' && area.level !== 'street')) throw fieldError('areaId', 'must be a street or community');
        name = area.name;
        areaPath = area.path;
      }
      const existing = (await this.allIssuers(actor.districtId)).find((i) => (input.kind === 'organisation' ? i.orgId === input.orgId : i.areaPath === areaPath));
      if (existing) throw new AppError('proofs.issuer_exists', 'conflict', 'this body is already an issuer; change its claim types instead', [{ path: input.kind === 'organisation' ? 'orgId' : 'areaId', message: 'already an issuer' }]);
      const id = crypto.randomUUID();
      // An issuer is an organisation or an area, never both: a stray areaId (or orgId) in the body is
      // ignored rather than stored, where it would collide with the area's (or organisation's) own issuer.
      const orgId = input.kind === 'organisation' ? input.orgId! : null;
      const areaId = input.kind === 'area' ? input.areaId! : null;
      await this.repo.insertIssuer({ districtId: actor.districtId, id, kind: input.kind, orgId, areaId, areaPath, name, claimTypes: input.claimTypes });
      this.issuersChanged(actor.districtId);
      await audit(this.ctx.db, actor, actor.districtId, { action: 'proof_issuer.authorise', entityType: 'proof_issuer', entityId: id, details: { name, claimTypes: input.claimTypes } });
      return this.presentIssuer((await this.repo.issuer(actor.districtId, id))!);
    });
  }

  async updateIssuer(actor: Actor, id: string, claimTypes: ClaimType[]): Promise<ProofIssuer> {
    requireAdmin(actor);
    return this.ctx.db.tx(async () => {
      const i = await this.repo.issuer(actor.districtId, id);
      if (!i) throw notFound('proof_issuer');
      await this.repo.updateIssuer(actor.districtId, id, claimTypes);
      this.issuersChanged(actor.districtId);
      await audit(this.ctx.db, actor, actor.districtId, { action: 'proof_issuer.update', entityType: 'proof_issuer', entityId: id, details: { from: i.claimTypes, to: claimTypes } });
      return this.presentIssuer((await this.repo.issuer(actor.districtId, id))!);
    });
  }

  // --- the log ------------------------------------------------------------------------------

  /** Append an entry; the caller holds the transaction. Returns its leaf index. */
  private async append(districtId: string, kind: 'proof' | 'revocation', proofId: string, entry: Uint8Array): Promise<number> {
    const idx = await this.repo.lockLog(districtId);
    const leaf = leafHash(sha256, entry);
    const pending = new Map<string, Uint8Array>([[`${districtId}/0/${idx}`, leaf]]);
    const source = new StoredNodes(this.repo, districtId, pending);
    const nodes: { level: number; idx: number; hash: Uint8Array }[] = [];
    for (const c of closedNodes(idx)) {
      const hash = nodeHash(sha256, await source.node(c.level - 1, 2 * c.idx), await source.node(c.level - 1, 2 * c.idx + 1));
      pending.set(`${districtId}/${c.level}/${c.idx}`, hash);
      nodes.push({ ...c, hash });
    }
    await this.repo.appendEntry(districtId, idx, kind, proofId, entry, leaf, nodes);
    this.ctx.db.afterCommit(() => {
      StoredNodes.remember(districtId, 0, idx, leaf);
      for (const n of nodes) StoredNodes.remember(districtId, n.level, n.idx, n.hash);
    });
    return idx;
  }

  /** A signed tree head covering the whole log as it stands, signed now if the latest one is older. */
  async treeHead(districtId: string): Promise<SignedTreeHead> {
    const size = await this.repo.logSize(districtId);
    const latest = await this.repo.latestTreeHead(districtId);
    if (latest && Number(latest.treeSize) >= size) return presentTreeHead({ ...latest, rootHash: Buffer.from(latest.rootHash), signature: Buffer.from(latest.signature) });
    const root = await subtreeHash(new StoredNodes(this.repo, districtId), 0, size);
    const key = await this.keyFor(districtId, 'log');
    const timestamp = Math.max(Date.now(), Number(latest?.timestamp ?? 0));
    const signature = sign(key.privateKey, treeHeadData(timestamp, size, root));
    await this.repo.insertTreeHead({ districtId, treeSize: size, timestamp, rootHash: root, keyId: key.keyId, signature });
    const stored = (await this.repo.treeHead(districtId, size))!;
    return presentTreeHead({ ...stored, rootHash: Buffer.from(stored.rootHash), signature: Buffer.from(stored.signature) });
  }

  async logKeys(districtId: string) {
    const key = await this.keyFor(districtId, 'log');
    const issuers = await this.repo.issuers(districtId);
    return { log: { keyId: key.keyId, publicKey: toB64u(key.publicKey) }, issuers: await this.presentIssuers(districtId, issuers) };
  }

  async consistency(districtId: string, first: number, second: number) {
    const size = await this.repo.logSize(districtId);
    if (first > second) throw fieldError('first', 'must not exceed second');
    if (second > size) throw fieldError('second', `the log has ${size} entries`);
    const proof = await consistencyProof(new StoredNodes(this.repo, districtId), first, second);
    return { first, second, proof: proof.map(toB64u) };
  }

  async inclusion(districtId: string, leafIndex: number, treeSize: number) {
    const size = await this.repo.logSize(districtId);
    if (treeSize > size) throw fieldError('treeSize', `the log has ${size} entries`);
    if (leafIndex >= treeSize) throw fieldError('leafIndex', 'must be below treeSize');
    const proof = await inclusionPath(new StoredNodes(this.repo, districtId), leafIndex, treeSize);
    return { leafIndex, treeSize, proof: proof.map(toB64u) };
  }

  // --- proofs -------------------------------------------------------------------------------

  private present(r: ProofRow): ProofSummary {
    return {
      id: r.id,
      issuerId: r.issuerId,
      issuerName: r.issuerName,
      subjectType: r.subjectType,
      subjectId: r.subjectId,
      subjectName: r.subjectType === 'person' ? maskName(r.subjectName) : r.subjectName,
      claim: r.claim,
      claimType: r.claimType as ClaimType,
      issuedAt: new Date(r.issuedAt).toISOString(),
      validUntil: r.validUntil,
      leafIndex: Number(r.leafIndex),
      revokedAt: r.revokedAt ? r.revokedAt.toISOString() : null,
      revocationReason: r.revocationReason,
    };
  }

  private async pickIssuer(actor: Actor, claimType: ClaimType, issuerId: string | undefined): Promise<IssuerRecord> {
    requireIssuerRole(actor);
    const mine = (await this.allIssuers(actor.districtId)).filter((i) => actsFor(actor, i));
    if (issuerId) {
      const i = mine.find((x) => x.id === issuerId);
      if (!i) throw fieldError('issuerId', 'you do not sign for this issuer');
      if (!i.claimTypes.includes(claimType)) throw fieldError('claim.type', `${i.name} is not authorised to issue ${claimType}`);
      return i;
    }
    const i = mine.find((x) => x.claimTypes.includes(claimType));
    if (!i) throw forbidden('proofs.claim_not_authorised', `none of your issuers may issue ${claimType}`);
    return i;
  }

  /** The subject as the statement names it, inside the issuer's area (communities) or the district (departments). */
  private async subject(actor: Actor, issuer: IssuerRecord, type: 'person' | 'household' | 'area', id: string) {
    if (type === 'area') {
      const area = await this.repo.areaPathOf(actor.districtId, id);
      if (!area || (issuer.areaPath && !area.path.startsWith(issuer.areaPath))) throw fieldError('subjectId', 'no such area among the issuer\'s');
      return { name: area.name, idTail: undefined, areaPath: area.path, address: area.name, lowIncome: undefined as boolean | undefined };
    }
    const s = await this.people.lookup(actor.districtId, type, id);
    if (!s || (issuer.areaPath && !s.areaPath.startsWith(issuer.areaPath))) throw fieldError('subjectId', `no such ${type} among the issuer's`);
    if (s.status !== 'active') throw new AppError('proofs.subject_inactive', 'unprocessable', 'proofs are issued about active residents only', [{ path: 'subjectId', message: `status is ${s.status}` }]);
    return { name: s.name, idTail: s.idNumber ? s.idNumber.slice(-4) : undefined, areaPath: s.areaPath, address: s.address, lowIncome: 'lowIncome' in s ? (s.lowIncome as boolean) : undefined };
  }

  async issue(actor: Actor, input: IssueProof): Promise<ProofSummary> {
    const issuer = await this.pickIssuer(actor, input.claim.type, input.issuerId);
    if (input.claim.type === 'ballot_result' ? input.subjectType !== 'area' : input.subjectType === 'area') {
      throw fieldError('subjectType', input.claim.type === 'ballot_result' ? 'a ballot result is about an area' : 'this claim is about a person or household');
    }
    const subject = await this.subject(actor, issuer, input.subjectType, input.subjectId);
    // A community may not contradict the register it keeps: low income follows the household's flag.
    if (input.claim.type === 'low_income' && input.subjectType === 'household' && issuer.kind === 'area' && subject.lowIncome === false) {
      throw new AppError('proofs.contradicts_register', 'unprocessable', 'the household is not registered as low income', [{ path: 'claim.type', message: 'household.lowIncome is false' }]);
    }
    if (input.validUntil && input.validUntil <= new Date().toISOString().slice(0, 10)) throw fieldError('validUntil', 'must be in the future');
    const claim: Record<string, unknown> = { ...input.claim };
    if (input.claim.type === 'residence' && subject.address) claim.address = subject.address;

    return this.ctx.db.tx(async () => {
      const id = crypto.randomUUID();
      const issuedAt = new Date();
      const key = await this.keyFor(actor.districtId, issuer.id);
      const statement: ProofStatement = {
        v: 1,
        type: 'proof',
        id,
        issuer: { id: issuer.id, name: issuer.name, keyId: key.keyId, key: toB64u(key.publicKey) },
        subject: { type: input.subjectType, name: input.subjectType === 'person' ? maskName(subject.name) : subject.name, ...(subject.idTail ? { idTail: subject.idTail } : {}) },
        claim: claim as ProofStatement['claim'],
        issuedAt: issuedAt.toISOString(),
        ...(input.validUntil ? { validUntil: input.validUntil } : {}),
      };
      const statementBytes = new TextEncoder().encode(JSON.stringify(statement));
      const entry = encodeEntry({ kind: 'proof', statement: statementBytes, signature: sign(key.privateKey, concatBytes(STATEMENT_CONTEXT, statementBytes)) });
      const leafIndex = await this.append(actor.districtId, 'proof', id, entry);
      await this.ctx.db.q
        .insertInto('proofs')
        .values({
          districtId: actor.districtId, id, issuerId: issuer.id, subjectType: input.subjectType, subjectId: input.subjectId, areaPath: subject.areaPath,
          claimType: input.claim.type, claim: JSON.stringify(claim), issuedAt, validUntil: input.validUntil ?? null, leafIndex, issuedBy: actor.userId,
        })
        .execute();
      await audit(this.ctx.db, actor, actor.districtId, {
        action: 'proof.issue', entityType: 'proof', entityId: id, areaPath: subject.areaPath,
        details: { issuer: issuer.name, claimType: input.claim.type, subjectType: input.subjectType, subjectId: input.subjectId, leafIndex },
      });
      return this.present((await this.repo.find(actor.districtId, id))!);
    });
  }

  /** A proof the actor may see: their issuers' or about a subject in their scope; otherwise 404. */
  private async visible(actor: Actor, id: string): Promise<ProofRow> {
    const r = await this.repo.find(actor.districtId, id);
    if (!r) throw notFound('proof');
    const mine = (await this.allIssuers(actor.districtId)).filter((i) => actsFor(actor, i)).map((i) => i.id);
    if (mine.includes(r.issuerId) || covers(viewScope(actor), { areaPath: r.areaPath, personId: r.subjectType === 'person' ? r.subjectId : null })) return r;
    throw notFound('proof');
  }

  async list(actor: Actor, q: z.infer<typeof ProofQuery>) {
    const mine = (await this.allIssuers(actor.districtId)).filter((i) => actsFor(actor, i)).map((i) => i.id);
    const { items, total } = await this.repo.list(actor.districtId, viewScope(actor), mine, q, q.page, q.pageSize);
    return { items: items.map((r) => this.present(r)), total, page: q.page, pageSize: q.pageSize };
  }

  async get(actor: Actor, id: string) {
    return this.present(await this.visible(actor, id));
  }

  /** What the holder carries: the entry, its audit path to a fresh signed tree head, as one payload. */
  async bundle(actor: Actor, id: string, origin: string) {
    const r = await this.visible(actor, id);
    const sth = await this.treeHead(actor.districtId);
    const entry = await this.repo.entry(actor.districtId, Number(r.leafIndex));
    if (!entry) throw notFound('proof', 'the log entry is missing');
    const path = await inclusionPath(new StoredNodes(this.repo, actor.districtId), Number(r.leafIndex), sth.treeSize);
    const b: Bundle = {
      entry: Buffer.from(entry.entry),
      leafIndex: Number(r.leafIndex),
      treeSize: sth.treeSize,
      timestamp: sth.timestamp,
      logKeyId: sth.keyId,
      sthSignature: Buffer.from(sth.signature, 'base64url'),
      path,
    };
    const payload = toB64u(encodeBundle(b));
    return { proof: this.present(r), payload, url: `${origin}/verify#${actor.districtId}.${payload}`, treeHead: sth };
  }

  async revoke(actor: Actor, id: string, reason: string): Promise<ProofSummary> {
    const r = await this.visible(actor, id);
    const issuer = (await this.repo.issuer(actor.districtId, r.issuerId))!;
    if (!actsFor(actor, issuer)) throw forbidden('proofs.revoke_forbidden', 'only the issuer revokes a proof');
    if (r.revokedAt) throw conflict('proof.already_revoked', 'this proof is already revoked');
    return this.ctx.db.tx(async () => {
      const key = await this.keyFor(actor.districtId, issuer.id);
      const at = new Date();
      const statement: RevocationStatement = {
        v: 1, type: 'revocation', proof: r.id, proofIndex: Number(r.leafIndex),
        issuer: { id: issuer.id, name: issuer.name, keyId: key.keyId, key: toB64u(key.publicKey) }, reason, at: at.toISOString(),
      };
      const bytes = new TextEncoder().encode(JSON.stringify(statement));
      const entry = encodeEntry({ kind: 'revocation', statement: bytes, signature: sign(key.privateKey, concatBytes(STATEMENT_CONTEXT, bytes)) });
      const idx = await this.append(actor.districtId, 'revocation', r.id, entry);
      await this.repo.markRevoked(actor.districtId, r.id, at, idx, reason);
      await audit(this.ctx.db, actor, actor.districtId, { action: 'proof.revoke', entityType: 'proof', entityId: r.id, areaPath: r.areaPath, details: { reason, leafIndex: idx } });
      return this.present((await this.repo.find(actor.districtId, r.id))!);
    });
  }

  /** Public: is this proof revoked, with the evidence (revocation entry, its audit path, consistency from the holder's tree). */
  async status(districtId: string, proofId: string, fromSize: number | undefined): Promise<ProofStatus> {
    const r = await this.repo.find(districtId, proofId);
    if (!r) throw notFound('proof');
    const sth = await this.treeHead(districtId);
    const nodes = new StoredNodes(this.repo, districtId);
    let revocation: ProofStatus['revocation'] = null;
    if (r.revocationIndex !== null && Number(r.revocationIndex) < sth.treeSize) {
      const e = (await this.repo.entry(districtId, Number(r.revocationIndex)))!;
      revocation = { entry: toB64u(e.entry), leafIndex: Number(e.idx), inclusion: (await inclusionPath(nodes, Number(e.idx), sth.treeSize)).map(toB64u) };
    }
    let consistency: string[] | null = null;
    if (fromSize !== undefined) {
      if (fromSize < 1 || fromSize > sth.treeSize) throw fieldError('from', `must be between 1 and ${sth.treeSize}`);
      consistency = (await consistencyProof(nodes, fromSize, sth.treeSize)).map(toB64u);
    }
    return { proofId, treeHead: sth, revoked: !!revocation, revocation, consistency, fromSize: fromSize ?? null };
  }

  // --- audit --------------------------------------------------------------------------------

  /**
   * Recompute the tree from the stored entry bytes and check everything against it: each leaf hash,
   * each stored node, each signed tree head's root and signature, each issuer signature, and the
   * proof index. Any flipped byte in an entry changes its leaf hash and every root above it.
   */
  async auditLog(districtId: string, log: (m: string) => void = () => {}): Promise<{ entries: number; treeHeads: number; problems: string[]; ok: boolean }> {
    const problems: string[] = [];
    const note = (m: string) => {
      if (problems.length < 200) problems.push(m);
    };
    const tree = new MemoryTree();
    const keys = new Map((await this.repo.keys(districtId)).map((k) => [k.id, { owner: k.owner, publicKey: Buffer.from(k.publicKey) }]));
    const proofLeaves = new Map<string, number>();
    const revocations = new Map<string, number>();
    const PAGE = 5000;
    for (let from = 0; ; from += PAGE) {
      const rows = await this.repo.entriesFrom(districtId, from, PAGE);
      for (const e of rows) {
        const idx = Number(e.idx);
        if (idx !== tree.size) {
          note(`entry ${tree.size} is missing (next stored entry is ${idx})`);
          return { entries: tree.size, treeHeads: 0, problems, ok: false };
        }
        const bytes = new Uint8Array(e.entry);
        const leaf = leafHash(sha256, bytes);
        if (!bytesEqual(leaf, new Uint8Array(e.leafHash))) note(`entry ${idx}: stored bytes do not hash to the stored leaf hash`);
        tree.append(leaf);
        try {
          const d = decodeEntry(bytes);
          const s = parseStatement(d.statement);
          if (s.type !== d.kind) note(`entry ${idx}: kind byte and statement type differ`);
          const k = keys.get(s.issuer.keyId);
          if (!k || k.owner !== s.issuer.id || toB64u(k.publicKey) !== s.issuer.key) note(`entry ${idx}: signed with a key the log does not know for ${s.issuer.name}`);
          if (!verify(Buffer.from(s.issuer.key, 'base64url'), concatBytes(STATEMENT_CONTEXT, d.statement), d.signature)) note(`entry ${idx}: issuer signature does not verify`);
          if (s.type === 'proof') {
            if (s.id !== e.proofId) note(`entry ${idx}: statement names proof ${s.id}, index says ${e.proofId}`);
            proofLeaves.set(s.id, idx);
          } else revocations.set(s.proof, idx);
        } catch (err) {
          note(`entry ${idx}: unreadable (${(err as Error).message})`);
        }
      }
      if (rows.length < PAGE) break;
      log(`audit: ${tree.size} entries read`);
    }
    const size = await this.repo.logSize(districtId);
    if (size !== tree.size) note(`the log says ${size} entries, ${tree.size} are stored`);
    for (let level = 1; 2 ** level <= tree.size; level++) {
      for (let from = 0; ; from += PAGE) {
        const rows = await this.repo.nodesFrom(districtId, level, from, PAGE);
        for (const n of rows) {
          const expected = tree.stored(level, Number(n.idx));
          if (!expected || !bytesEqual(expected, new Uint8Array(n.hash))) note(`node ${level}/${n.idx} differs from the recomputed tree`);
        }
        if (rows.length < PAGE) break;
      }
    }
    const heads = await this.repo.treeHeads(districtId);
    for (const h of heads) {
      const n = Number(h.treeSize);
      if (n > tree.size) {
        note(`tree head ${n} is larger than the log`);
        continue;
      }
      const root = await subtreeHash(tree, 0, n);
      if (!bytesEqual(root, new Uint8Array(h.rootHash))) note(`tree head ${n}: root differs from the recomputed tree`);
      const k = keys.get(h.keyId);
      if (!k || k.owner !== 'log' || !verify(k.publicKey, treeHeadData(Number(h.timestamp), n, new Uint8Array(h.rootHash)), new Uint8Array(h.signature))) note(`tree head ${n}: signature does not verify`);
    }
    const indexed = await this.ctx.db.q.selectFrom('proofs').select(['id', 'leafIndex', 'revocationIndex']).where('districtId', '=', districtId).execute();
    for (const p of indexed) {
      if (proofLeaves.get(p.id) !== Number(p.leafIndex)) note(`proof ${p.id}: indexed at ${p.leafIndex}, not found there in the log`);
      const rev = revocations.get(p.id);
      if ((p.revocationIndex === null) !== (rev === undefined) || (rev !== undefined && rev !== Number(p.revocationIndex))) note(`proof ${p.id}: revocation in the index and in the log differ`);
    }
    return { entries: tree.size, treeHeads: heads.length, problems, ok: problems.length === 0 };
  }
}

export { keyIdOf };
