// The transparency log's Merkle tree as in RFC 9162 §2.1: MTH over ranges of leaves, audit paths
// (PATH, §2.1.3.1) and consistency proofs (PROOF/SUBPROOF, §2.1.4.1). Nodes come from a NodeSource
// that knows the hashes of complete, aligned subtrees; anything else is computed from them, so a
// proof costs O(log² n) lookups and appending a leaf stores O(1) new nodes on average.
import crypto from 'node:crypto';
import { type Hash, nodeHash } from '@linli/contracts';

export const sha256: Hash = (d) => crypto.createHash('sha256').update(d).digest();

/** The hash of the complete subtree (level, idx): leaves [idx·2^level, (idx+1)·2^level). Level 0 is a leaf hash. */
export interface NodeSource {
  node(level: number, idx: number): Promise<Uint8Array>;
}

/** The largest power of two strictly smaller than n (n >= 2). */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

const isPow2 = (n: number) => n > 0 && (n & (n - 1)) === 0;

/** MTH(D[lo:hi]). RFC trees split at powers of two from the left, so every left part is a stored node. */
export async function subtreeHash(src: NodeSource, lo: number, hi: number): Promise<Uint8Array> {
  const n = hi - lo;
  if (n <= 0) return sha256(new Uint8Array(0));
  if (isPow2(n) && lo % n === 0) return src.node(Math.log2(n), lo / n);
  const k = splitPoint(n);
  return nodeHash(sha256, await subtreeHash(src, lo, lo + k), await subtreeHash(src, lo + k, hi));
}

/** PATH(m, D[lo:hi]) with m relative to lo. */
async function path(src: NodeSource, m: number, lo: number, hi: number): Promise<Uint8Array[]> {
  const n = hi - lo;
  if (n <= 1) return [];
  const k = splitPoint(n);
  if (m < k) return [...(await path(src, m, lo, lo + k)), await subtreeHash(src, lo + k, hi)];
  return [...(await path(src, m - k, lo + k, hi)), await subtreeHash(src, lo, lo + k)];
}

export function inclusionPath(src: NodeSource, leafIndex: number, treeSize: number): Promise<Uint8Array[]> {
  if (leafIndex < 0 || leafIndex >= treeSize) throw new RangeError('leaf index outside the tree');
  return path(src, leafIndex, 0, treeSize);
}

/** SUBPROOF(m, D[lo:hi], b). */
async function subproof(src: NodeSource, m: number, lo: number, hi: number, b: boolean): Promise<Uint8Array[]> {
  const n = hi - lo;
  if (m === n) return b ? [] : [await subtreeHash(src, lo, hi)];
  const k = splitPoint(n);
  if (m <= k) return [...(await subproof(src, m, lo, lo + k, b)), await subtreeHash(src, lo + k, hi)];
  return [...(await subproof(src, m - k, lo + k, hi, false)), await subtreeHash(src, lo, lo + k)];
}

/** PROOF(m, D[0:n]) for 0 < m <= n (empty when m = n). */
export function consistencyProof(src: NodeSource, first: number, second: number): Promise<Uint8Array[]> {
  if (first < 1 || first > second) throw new RangeError('need 0 < first <= second');
  if (first === second) return Promise.resolve([]);
  return subproof(src, first, 0, second, true);
}

/** The complete subtrees that leaf `idx` closes: (level, index) pairs to store after appending it. */
export function closedNodes(idx: number): { level: number; idx: number }[] {
  const out: { level: number; idx: number }[] = [];
  for (let level = 1, size = 2; (idx + 1) % size === 0; level++, size *= 2) out.push({ level, idx: (idx + 1) / size - 1 });
  return out;
}

/** A NodeSource over an array of leaf hashes, for tools and tests that hold the whole log. */
export class MemoryTree implements NodeSource {
  private readonly levels: Uint8Array[][] = [[]];
  append(leaf: Uint8Array) {
    const idx = this.levels[0]!.length;
    this.levels[0]!.push(leaf);
    for (const c of closedNodes(idx)) {
      const below = this.levels[c.level - 1]!;
      (this.levels[c.level] ??= [])[c.idx] = nodeHash(sha256, below[2 * c.idx]!, below[2 * c.idx + 1]!);
    }
  }
  get size() {
    return this.levels[0]!.length;
  }
  async node(level: number, idx: number) {
    const h = this.levels[level]?.[idx];
    if (!h) throw new Error(`no node ${level}/${idx}`);
    return h;
  }
  /** The stored complete node, for comparison by an audit. */
  stored(level: number, idx: number): Uint8Array | undefined {
    return this.levels[level]?.[idx];
  }
}
