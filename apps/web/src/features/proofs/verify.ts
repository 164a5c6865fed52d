// Verify a proof in the browser: issuer signature (Ed25519), inclusion in the transparency log
// (RFC 9162 audit path to a signed tree head), and, when online, revocation and consistency with
// the log's latest tree head. Cryptography runs here, with @noble/ed25519 and @noble/hashes.
import * as ed from '@noble/ed25519';
import { sha256, sha512 } from '@noble/hashes/sha2.js';
import {
  type ProofStatement, type ProofStatus, STATEMENT_CONTEXT, concatBytes, decodeBundle, decodeEntry, fromB64u, leafHash, parseStatement, rootFromInclusion,
  toB64u, treeHeadData, verifyConsistency, type LogKeys,
} from '@linli/contracts';
import type { z } from 'zod';

ed.hashes.sha512 = sha512;

export interface Verification {
  statement: ProofStatement;
  checks: { issuerSignature: boolean; inclusion: boolean; treeHead: boolean; issuerKnown: boolean | null; consistency: boolean | null; notRevoked: boolean | null };
  treeSize: number;
  timestamp: number;
  latest: { treeSize: number; timestamp: number } | null;
  revocation: { at: string; reason: string } | null;
  logKeyId: string;
  online: boolean;
}

const verifySig = (sig: Uint8Array, msg: Uint8Array, key: Uint8Array) => {
  try {
    return ed.verify(sig, msg, key);
  } catch {
    return false;
  }
};

type Keys = z.infer<typeof LogKeys>;

async function logKeys(districtId: string): Promise<{ keys: Keys | null; online: boolean }> {
  const cacheKey = `linli.logkeys.${districtId}`;
  try {
    const res = await fetch(`/api/transparency/${encodeURIComponent(districtId)}/keys`);
    if (!res.ok) throw new Error(String(res.status));
    const keys = (await res.json()) as Keys;
    try {
      localStorage.setItem(cacheKey, JSON.stringify(keys));
    } catch {
      /* storage may be unavailable */
    }
    return { keys, online: true };
  } catch {
    try {
      const cached = localStorage.getItem(cacheKey);
      return { keys: cached ? (JSON.parse(cached) as Keys) : null, online: false };
    } catch {
      return { keys: null, online: false };
    }
  }
}

/** `hash` is what follows '#' in a verification link: "<district>.<payload>". */
export async function verifyLink(hash: string): Promise<Verification> {
  const dot = hash.indexOf('.');
  if (dot < 1) throw new Error('no payload');
  const districtId = hash.slice(0, dot);
  const bundle = decodeBundle(fromB64u(hash.slice(dot + 1)));
  const entry = decodeEntry(bundle.entry);
  const statement = parseStatement(entry.statement);
  if (statement.type !== 'proof' || entry.kind !== 'proof') throw new Error('not a proof');

  const issuerSignature = verifySig(entry.signature, concatBytes(STATEMENT_CONTEXT, entry.statement), fromB64u(statement.issuer.key));
  const root = rootFromInclusion(sha256, bundle.leafIndex, bundle.treeSize, leafHash(sha256, bundle.entry), bundle.path);
  const { keys, online } = await logKeys(districtId);
  const logKey = keys && keys.log.keyId === bundle.logKeyId ? fromB64u(keys.log.publicKey) : null;
  const treeHead = !!(root && logKey && verifySig(bundle.sthSignature, treeHeadData(bundle.timestamp, bundle.treeSize, root), logKey));
  const issuerKnown = keys ? keys.issuers.some((i) => i.id === statement.issuer.id && i.publicKey === statement.issuer.key) : null;

  let consistency: boolean | null = null;
  let notRevoked: boolean | null = null;
  let latest: Verification['latest'] = null;
  let revocation: Verification['revocation'] = null;
  if (online && logKey && root) {
    try {
      const res = await fetch(`/api/transparency/${encodeURIComponent(districtId)}/proofs/${statement.id}/status?from=${bundle.treeSize}`);
      if (res.ok) {
        const s = (await res.json()) as ProofStatus;
        const latestRoot = fromB64u(s.treeHead.rootHash);
        const headOk = verifySig(fromB64u(s.treeHead.signature), treeHeadData(s.treeHead.timestamp, s.treeHead.treeSize, latestRoot), logKey);
        consistency = headOk && verifyConsistency(sha256, bundle.treeSize, s.treeHead.treeSize, root, latestRoot, (s.consistency ?? []).map(fromB64u));
        latest = { treeSize: s.treeHead.treeSize, timestamp: s.treeHead.timestamp };
        if (s.revocation) {
          const rev = fromB64u(s.revocation.entry);
          const re = decodeEntry(rev);
          const rs = parseStatement(re.statement);
          const proven =
            headOk && rs.type === 'revocation' && rs.proof === statement.id && rs.issuer.key === statement.issuer.key &&
            verifySig(re.signature, concatBytes(STATEMENT_CONTEXT, re.statement), fromB64u(rs.issuer.key)) &&
            toB64u(rootFromInclusion(sha256, s.revocation.leafIndex, s.treeHead.treeSize, leafHash(sha256, rev), s.revocation.inclusion.map(fromB64u)) ?? new Uint8Array()) === s.treeHead.rootHash;
          if (proven && rs.type === 'revocation') {
            notRevoked = false;
            revocation = { at: rs.at, reason: rs.reason };
          }
        } else notRevoked = headOk && consistency;
      }
    } catch {
      /* offline after all: revocation stays unknown */
    }
  }
  return {
    statement,
    checks: { issuerSignature, inclusion: !!root && treeHead, treeHead, issuerKnown, consistency, notRevoked },
    treeSize: bundle.treeSize,
    timestamp: bundle.timestamp,
    latest,
    revocation,
    logKeyId: bundle.logKeyId,
    online,
  };
}
