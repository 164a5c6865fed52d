// Proofs and the transparency log: request/response schemas, the compact binary bundle a QR code
// carries, and RFC 9162 verification written over an injected SHA-256 so the server (node:crypto)
// and the browser (@noble/hashes) run the same code.
import { z } from 'zod';
import { Uuid } from './common.ts';

export const ClaimType = z.enum(['residence', 'low_income', 'disability', 'volunteer_hours', 'ballot_result']);
export type ClaimType = z.infer<typeof ClaimType>;

/** What each claim says, beyond its type. Free text is short: it travels in a QR code. */
export const ClaimInput = z.discriminatedUnion('type', [
  z.object({ type: z.literal('residence'), since: z.iso.date().optional() }),
  z.object({ type: z.literal('low_income'), since: z.iso.date().optional() }),
  z.object({ type: z.literal('disability'), category: z.enum(['physical', 'visual', 'hearing', 'speech', 'intellectual', 'mental', 'multiple']), grade: z.number().int().min(1).max(4) }),
  z.object({ type: z.literal('volunteer_hours'), hours: z.number().min(0.5).max(10000), period: z.string().trim().min(4).max(20) }),
  z.object({ type: z.literal('ballot_result'), title: z.string().trim().min(2).max(60), result: z.string().trim().min(1).max(80), turnout: z.string().trim().max(30).optional() }),
]);
export type ClaimInput = z.infer<typeof ClaimInput>;

export const SubjectType = z.enum(['person', 'household', 'area']);

export const IssueProof = z.object({
  subjectType: SubjectType,
  subjectId: Uuid,
  claim: ClaimInput,
  validUntil: z.iso.date().optional(),
  /** Which of the actor's issuers signs, when they may act for more than one. */
  issuerId: Uuid.optional(),
});
export type IssueProof = z.infer<typeof IssueProof>;

export const RevokeProof = z.object({ reason: z.string().trim().min(2).max(100) });

export const ProofIssuer = z.object({
  id: Uuid,
  kind: z.enum(['organisation', 'area']),
  name: z.string(),
  claimTypes: z.array(ClaimType),
  keyId: z.string().nullable(),
  publicKey: z.string().nullable(),
});
export type ProofIssuer = z.infer<typeof ProofIssuer>;

export const ProofSummary = z.object({
  id: Uuid,
  issuerId: Uuid,
  issuerName: z.string(),
  subjectType: SubjectType,
  subjectId: Uuid,
  subjectName: z.string(),
  claim: z.record(z.string(), z.unknown()),
  claimType: ClaimType,
  issuedAt: z.string(),
  validUntil: z.string().nullable(),
  leafIndex: z.number().int(),
  revokedAt: z.string().nullable(),
  revocationReason: z.string().nullable(),
});
export type ProofSummary = z.infer<typeof ProofSummary>;

export const ProofQuery = z.object({
  subjectId: Uuid.optional(),
  claimType: ClaimType.optional(),
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});

export const SignedTreeHead = z.object({
  treeSize: z.number().int(),
  timestamp: z.number().int(),
  rootHash: z.string(), // base64url
  keyId: z.string(),
  signature: z.string(), // base64url
});
export type SignedTreeHead = z.infer<typeof SignedTreeHead>;

export const ProofBundle = z.object({
  proof: ProofSummary,
  /** The base64url payload a QR code carries, and the verification address built from it. */
  payload: z.string(),
  url: z.string(),
  treeHead: SignedTreeHead,
});

export const LogKeys = z.object({
  log: z.object({ keyId: z.string(), publicKey: z.string() }),
  issuers: z.array(ProofIssuer),
});

export const ConsistencyQuery = z.object({ first: z.coerce.number().int().min(1), second: z.coerce.number().int().min(1) });
export const ConsistencyAnswer = z.object({ first: z.number().int(), second: z.number().int(), proof: z.array(z.string()) });
export const InclusionQuery = z.object({ leafIndex: z.coerce.number().int().min(0), treeSize: z.coerce.number().int().min(1) });
export const InclusionAnswer = z.object({ leafIndex: z.number().int(), treeSize: z.number().int(), proof: z.array(z.string()) });

/** What a holder's verifier asks the log, online, about one proof: is it revoked, and since when? */
export const ProofStatus = z.object({
  proofId: Uuid,
  treeHead: SignedTreeHead,
  revoked: z.boolean(),
  revocation: z
    .object({ entry: z.string(), leafIndex: z.number().int(), inclusion: z.array(z.string()) })
    .nullable(),
  /** Consistency from the tree size the holder has to the current one. */
  consistency: z.array(z.string()).nullable(),
  fromSize: z.number().int().nullable(),
});
export type ProofStatus = z.infer<typeof ProofStatus>;

export const AuditReport = z.object({
  entries: z.number().int(),
  treeHeads: z.number().int(),
  problems: z.array(z.string()),
  ok: z.boolean(),
});

// ---------------------------------------------------------------------------------------------
// Bytes: base64url and the binary framing shared by server and browser.

export type Hash = (data: Uint8Array) => Uint8Array;

export function toB64u(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i++) s += String.fromCharCode(b[i]!);
  return btoa(s).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}
export function fromB64u(s: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*$/.test(s)) throw new Error('not base64url');
  const bin = atob(s.replaceAll('-', '+').replaceAll('_', '/') + '='.repeat((4 - (s.length % 4)) % 4));
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}
export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let d = 0;
  for (let i = 0; i < a.length; i++) d |= a[i]! ^ b[i]!;
  return d === 0;
}
const u64 = (n: number) => {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigUint64(0, BigInt(n));
  return b;
};
const utf8 = new TextEncoder();

/** Domain separation for issuer signatures: they can never be replayed as another kind of message. */
export const STATEMENT_CONTEXT = utf8.encode('linli-statement-v1\0');

/** A log entry (RFC 9162 leaf data): version, kind, the issuer-signed statement and its signature. */
export interface LogEntry {
  kind: 'proof' | 'revocation';
  statement: Uint8Array;
  signature: Uint8Array;
}
const KIND_BYTE = { proof: 1, revocation: 2 } as const;

export function encodeEntry(e: LogEntry): Uint8Array {
  if (e.signature.length !== 64) throw new Error('an Ed25519 signature has 64 bytes');
  const head = new Uint8Array(4);
  head[0] = 1;
  head[1] = KIND_BYTE[e.kind];
  new DataView(head.buffer).setUint16(2, e.statement.length);
  return concatBytes(head, e.statement, e.signature);
}
export function decodeEntry(b: Uint8Array): LogEntry {
  if (b.length < 4 + 64 || b[0] !== 1) throw new Error('unknown entry version');
  const kind = b[1] === 1 ? 'proof' : b[1] === 2 ? 'revocation' : null;
  if (!kind) throw new Error('unknown entry kind');
  const len = new DataView(b.buffer, b.byteOffset).getUint16(2);
  if (b.length !== 4 + len + 64) throw new Error('entry length mismatch');
  return { kind, statement: b.slice(4, 4 + len), signature: b.slice(4 + len) };
}

/** What a proof statement says (the JSON inside the entry). */
export interface ProofStatement {
  v: 1;
  type: 'proof';
  id: string;
  issuer: { id: string; name: string; keyId: string; key: string };
  subject: { type: 'person' | 'household' | 'area'; name: string; idTail?: string };
  claim: Record<string, unknown> & { type: ClaimType };
  issuedAt: string;
  validUntil?: string;
}
export interface RevocationStatement {
  v: 1;
  type: 'revocation';
  proof: string;
  proofIndex: number;
  issuer: { id: string; name: string; keyId: string; key: string };
  reason: string;
  at: string;
}

/** RFC 9162 §4.10 TreeHeadDataV2, TLS-encoded: timestamp, tree_size, root_hash<1..255>, extensions<0..65535>. */
export function treeHeadData(timestamp: number, treeSize: number, root: Uint8Array): Uint8Array {
  return concatBytes(u64(timestamp), u64(treeSize), new Uint8Array([root.length]), root, new Uint8Array([0, 0]));
}

/** The QR payload: entry, where it sits in the tree, the signed tree head, and the audit path. */
export interface Bundle {
  entry: Uint8Array;
  leafIndex: number;
  treeSize: number;
  timestamp: number;
  logKeyId: string; // 16 hex characters
  sthSignature: Uint8Array;
  path: Uint8Array[];
}

export function encodeBundle(b: Bundle): Uint8Array {
  const head = new Uint8Array(3);
  head[0] = 1;
  new DataView(head.buffer).setUint16(1, b.entry.length);
  const key = new Uint8Array(8);
  for (let i = 0; i < 8; i++) key[i] = parseInt(b.logKeyId.slice(i * 2, i * 2 + 2), 16);
  return concatBytes(head, b.entry, u64(b.leafIndex), u64(b.treeSize), u64(b.timestamp), key, b.sthSignature, new Uint8Array([b.path.length]), ...b.path);
}

export function decodeBundle(bytes: Uint8Array): Bundle {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 3 || bytes[0] !== 1) throw new Error('unknown bundle version');
  const len = view.getUint16(1);
  let o = 3;
  const need = (n: number) => {
    if (o + n > bytes.length) throw new Error('bundle truncated');
  };
  need(len);
  const entry = bytes.slice(o, o + len);
  o += len;
  need(24 + 8 + 64 + 1);
  const leafIndex = Number(view.getBigUint64(o));
  const treeSize = Number(view.getBigUint64(o + 8));
  const timestamp = Number(view.getBigUint64(o + 16));
  o += 24;
  const logKeyId = Array.from(bytes.slice(o, o + 8), (x) => x.toString(16).padStart(2, '0')).join('');
  o += 8;
  const sthSignature = bytes.slice(o, o + 64);
  o += 64;
  const n = bytes[o]!;
  o += 1;
  need(n * 32);
  const path: Uint8Array[] = [];
  for (let i = 0; i < n; i++, o += 32) path.push(bytes.slice(o, o + 32));
  if (o !== bytes.length) throw new Error('trailing bytes in bundle');
  return { entry, leafIndex, treeSize, timestamp, logKeyId, sthSignature, path };
}

// ---------------------------------------------------------------------------------------------
// RFC 9162 §2.1: leaf and node hashes, and verification of inclusion and consistency proofs.

export const leafHash = (h: Hash, entry: Uint8Array) => h(concatBytes(new Uint8Array([0]), entry));
export const nodeHash = (h: Hash, left: Uint8Array, right: Uint8Array) => h(concatBytes(new Uint8Array([1]), left, right));

/** §2.1.3.2: the root the inclusion path leads to, or null when the path cannot fit the tree. */
export function rootFromInclusion(h: Hash, leafIndex: number, treeSize: number, leaf: Uint8Array, path: readonly Uint8Array[]): Uint8Array | null {
  if (leafIndex >= treeSize) return null;
  let fn = leafIndex;
  let sn = treeSize - 1;
  let r = leaf;
  for (const p of path) {
    if (sn === 0) return null;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(h, p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = nodeHash(h, r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 ? r : null;
}

/** §2.1.4.2: does the consistency proof show that the tree of size `first` is a prefix of `second`? */
export function verifyConsistency(h: Hash, first: number, second: number, firstRoot: Uint8Array, secondRoot: Uint8Array, proof: readonly Uint8Array[]): boolean {
  if (first > second) return false;
  if (first === second) return proof.length === 0 && bytesEqual(firstRoot, secondRoot);
  if (first === 0) return false;
  if (proof.length === 0) return false;
  const path = [...proof];
  if ((first & (first - 1)) === 0) path.unshift(firstRoot);
  let fn = first - 1;
  let sn = second - 1;
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  let fr = path[0]!;
  let sr = path[0]!;
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      fr = nodeHash(h, c, fr);
      sr = nodeHash(h, c, sr);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      sr = nodeHash(h, sr, c);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && bytesEqual(fr, firstRoot) && bytesEqual(sr, secondRoot);
}

/** Parse a statement's JSON; throws on anything that is not one. */
export function parseStatement(bytes: Uint8Array): ProofStatement | RevocationStatement {
  const s = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) as ProofStatement | RevocationStatement;
  if (s.v !== 1 || (s.type !== 'proof' && s.type !== 'revocation')) throw new Error('unknown statement');
  return s;
}
