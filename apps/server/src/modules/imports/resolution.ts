// Entity resolution: is an arriving record the same person as one already registered?
//
// 1. An ID number decides alone (GB 11643 numbers are unique and checksummed).
// 2. Without one, candidates come from blocking on birth date and on phone, and each pair is scored
//    as a weighted mean over the fields both records have: name by Jaro–Winkler over characters
//    (Chinese names are compared as written, so pinyin spellings or homophones are not equated:
//    张伟 vs 章伟 scores like any one-character slip), birth date (exact, or one digit or a
//    day/month swap apart), phone (exact, or one digit apart), and address by the Dice coefficient
//    of character bigrams. A different gender halves the score.
// 3. score >= AUTO_MATCH links the record to the existing person; REVIEW <= score < AUTO_MATCH
//    registers it and queues the pair for a person to decide; below REVIEW it is someone new.
// The thresholds were set on the generated dataset in test/entity-resolution.test.ts, which prints
// precision and recall at both.

export const AUTO_MATCH = 0.9;
export const REVIEW = 0.75;

export function jaro(a: string, b: string): number {
  const s = [...a];
  const t = [...b];
  if (s.length === 0 && t.length === 0) return 1;
  if (s.length === 0 || t.length === 0) return 0;
  const window = Math.max(0, Math.floor(Math.max(s.length, t.length) / 2) - 1);
  const sm = new Array<boolean>(s.length).fill(false);
  const tm = new Array<boolean>(t.length).fill(false);
  let matches = 0;
  for (let i = 0; i < s.length; i++) {
    for (let j = Math.max(0, i - window); j < Math.min(t.length, i + window + 1); j++) {
      if (tm[j] || s[i] !== t[j]) continue;
      sm[i] = tm[j] = true;
      matches++;
      break;
    }
  }
  if (!matches) return 0;
  let k = 0;
  let transpositions = 0;
  for (let i = 0; i < s.length; i++) {
    if (!sm[i]) continue;
    while (!tm[k]) k++;
    if (s[i] !== t[k]) transpositions++;
    k++;
  }
  return (matches / s.length + matches / t.length + (matches - transpositions / 2) / matches) / 3;
}

/** Jaro–Winkler with the usual prefix scale 0.1 over at most four characters. */
export function jaroWinkler(a: string, b: string): number {
  const j = jaro(a, b);
  const s = [...a];
  const t = [...b];
  let prefix = 0;
  while (prefix < Math.min(4, s.length, t.length) && s[prefix] === t[prefix]) prefix++;
  return j + prefix * 0.1 * (1 - j);
}

function bigrams(s: string): Map<string, number> {
  const chars = [...s.replace(/\s+/g, '')];
  const m = new Map<string, number>();
  for (let i = 0; i + 1 < chars.length; i++) {
    const g = chars[i]! + chars[i + 1]!;
    m.set(g, (m.get(g) ?? 0) + 1);
  }
  return m;
}

/** Sørensen–Dice over character bigrams: robust to inserted words such as 广东省佛山市. */
export function dice(a: string, b: string): number {
  const x = bigrams(a);
  const y = bigrams(b);
  let total = 0;
  let common = 0;
  for (const [g, n] of x) {
    total += n;
    common += Math.min(n, y.get(g) ?? 0);
  }
  for (const n of y.values()) total += n;
  return total ? (2 * common) / total : 0;
}

/** Strings of equal length differing in one position, or by one swap of neighbours. */
function nearlyEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  const diff: number[] = [];
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) diff.push(i);
  if (diff.length === 1) return true;
  return diff.length === 2 && diff[1] === diff[0]! + 1 && a[diff[0]!] === b[diff[1]!] && a[diff[1]!] === b[diff[0]!];
}

function dateScore(a: string, b: string): number {
  if (a === b) return 1;
  const [ya, ma, da] = a.split('-');
  const [yb, mb, db] = b.split('-');
  if (ya === yb && ma === db && da === mb) return 0.8; // day and month swapped
  return nearlyEqual(a, b) ? 0.7 : 0;
}

export interface PersonLike {
  name: string;
  gender?: string | null;
  birthDate?: string | null;
  phone?: string | null;
  address?: string | null;
}

const WEIGHTS = { name: 0.45, birthDate: 0.25, phone: 0.15, address: 0.15 } as const;

/** Similarity in [0, 1] and what each field contributed. */
export function similarity(a: PersonLike, b: PersonLike): { score: number; reasons: Record<string, number> } {
  const reasons: Record<string, number> = {};
  let weight = 0;
  let sum = 0;
  const add = (field: keyof typeof WEIGHTS, s: number) => {
    reasons[field] = Math.round(s * 1000) / 1000;
    weight += WEIGHTS[field];
    sum += WEIGHTS[field] * s;
  };
  add('name', jaroWinkler(a.name.trim(), b.name.trim()));
  if (a.birthDate && b.birthDate) add('birthDate', dateScore(a.birthDate, b.birthDate));
  if (a.phone && b.phone) add('phone', a.phone === b.phone ? 1 : nearlyEqual(a.phone, b.phone) ? 0.8 : 0);
  if (a.address && b.address) add('address', dice(a.address, b.address));
  let score = sum / weight;
  // One field alone (a name) is never enough to merge people.
  if (weight < WEIGHTS.name + WEIGHTS.birthDate) score = Math.min(score, REVIEW - 0.01);
  if (a.gender && b.gender && a.gender !== b.gender) {
    score *= 0.5;
    reasons.gender = 0;
  }
  return { score: Math.round(score * 1000) / 1000, reasons };
}

export type Decision = { kind: 'match'; id: string; score: number; reasons: Record<string, number> } | { kind: 'review'; id: string; score: number; reasons: Record<string, number> } | { kind: 'new' };

/** The best candidate decides; ties go to review, since two equally good matches are a question. */
export function decide<T extends PersonLike & { id: string }>(arrived: PersonLike, candidates: readonly T[]): Decision {
  let best: { id: string; score: number; reasons: Record<string, number> } | null = null;
  let second = 0;
  for (const c of candidates) {
    const s = similarity(arrived, c);
    if (!best || s.score > best.score) {
      second = best?.score ?? 0;
      best = { id: c.id, ...s };
    } else if (s.score > second) second = s.score;
  }
  if (!best || best.score < REVIEW) return { kind: 'new' };
  if (best.score >= AUTO_MATCH && best.score - second > 0.02) return { kind: 'match', ...best };
  return { kind: 'review', ...best };
}
