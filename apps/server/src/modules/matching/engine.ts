// The matching engine: how well an offer of help fits a need, as a sum of named parts so every
// score can be explained (skill fit, distance, availability, past ratings, spreading the load, who
// the offer is for), and the bulk assignment of many needs to offers with limited capacity.
// Pure functions: the service feeds them rows, the benchmark feeds them a synthetic city.
import { type AudienceGroup as TargetGroup, type Availability, type ScorePart, type SkillCode, SKILLS } from '@linli/contracts';

/** Points each part can give; they add up to 100. */
export const WEIGHTS = { skill: 35, distance: 20, availability: 15, rating: 15, load: 10, group: 5 } as const;
/** Beyond this walk, distance earns nothing (a neighbourhood is about 3 km across). */
export const DISTANCE_ZERO_M = 3000;
/** Ratings are averaged with two imagined 4-star ratings, so one bad (or good) first rating does not decide. */
const PRIOR_MEAN = 4;
const PRIOR_COUNT = 2;

export interface NeedInput {
  skill: SkillCode;
  availability: readonly Availability[];
  targetGroup: TargetGroup;
  lat: number | null;
  lon: number | null;
}

export interface OfferInput {
  skills: readonly SkillCode[];
  availability: readonly Availability[];
  targetGroups: readonly TargetGroup[];
  lat: number | null;
  lon: number | null;
  capacity: number;
  /** Matches the helper has under way now. */
  load: number;
  ratingSum: number;
  ratingCount: number;
}

export interface Scored {
  score: number;
  parts: ScorePart[];
  distanceM: number | null;
}

const round1 = (x: number) => Math.round(x * 10) / 10;

/** Metres between two points, equirectangular at the first point's latitude (exact enough within a city). */
export function metres(aLat: number, aLon: number, bLat: number, bLon: number): number {
  return metresWith(111_320 * Math.cos(aLat * (Math.PI / 180)), aLat, aLon, bLat, bLon);
}

/** metres() with the first point's east-west scale computed once. */
function metresWith(kx: number, aLat: number, aLon: number, bLat: number, bLon: number): number {
  const dx = (aLon - bLon) * kx;
  const dy = (aLat - bLat) * 111_320;
  return Math.sqrt(dx * dx + dy * dy);
}

/** Skill fit: 1 for the very skill, 0.5 for another skill of the same category, 0 otherwise. */
export function skillFit(need: SkillCode, offered: readonly SkillCode[]): number {
  if (offered.includes(need)) return 1;
  const cat = SKILLS[need].category;
  return offered.some((s) => SKILLS[s].category === cat) ? 0.5 : 0;
}

/** Share of the times the resident can be helped that the helper covers; on call covers everything. */
export function availabilityFit(need: readonly Availability[], offer: readonly Availability[]): { fit: number; covered: number; asked: number } {
  if (offer.includes('on_call') || need.includes('on_call') || need.length === 0) return { fit: 1, covered: need.length, asked: need.length };
  const covered = need.filter((s) => offer.includes(s)).length;
  return { fit: covered / need.length, covered, asked: need.length };
}

export function ratingMean(sum: number, count: number): number {
  return (sum + PRIOR_MEAN * PRIOR_COUNT) / (count + PRIOR_COUNT);
}

/**
 * Score one offer for one need, or null when it cannot serve it at all (no skill of the need's
 * category, or no room for another match).
 */
export function scoreMatch(need: NeedInput, offer: OfferInput): Scored | null {
  const skill = skillFit(need.skill, offer.skills);
  if (skill === 0 || offer.load >= offer.capacity) return null;
  const parts: ScorePart[] = [];
  parts.push({ factor: 'skill', points: round1(WEIGHTS.skill * skill), max: WEIGHTS.skill, detail: skill === 1 ? 'exact' : 'category' });

  let distanceM: number | null = null;
  if (need.lat !== null && need.lon !== null && offer.lat !== null && offer.lon !== null) {
    distanceM = Math.round(metres(need.lat, need.lon, offer.lat, offer.lon));
    parts.push({ factor: 'distance', points: round1(WEIGHTS.distance * Math.max(0, 1 - distanceM / DISTANCE_ZERO_M)), max: WEIGHTS.distance, detail: `${distanceM} m` });
  } else parts.push({ factor: 'distance', points: round1(WEIGHTS.distance / 2), max: WEIGHTS.distance, detail: 'unknown' });

  const a = availabilityFit(need.availability, offer.availability);
  parts.push({ factor: 'availability', points: round1(WEIGHTS.availability * a.fit), max: WEIGHTS.availability, detail: `${a.covered}/${a.asked}` });

  const mean = ratingMean(offer.ratingSum, offer.ratingCount);
  parts.push({ factor: 'rating', points: round1((WEIGHTS.rating * (mean - 1)) / 4), max: WEIGHTS.rating, detail: offer.ratingCount ? `${(offer.ratingSum / offer.ratingCount).toFixed(1)} (${offer.ratingCount})` : 'new' });

  // Spreading the load: a helper with free capacity is preferred to one who already has much to do.
  parts.push({ factor: 'load', points: round1(WEIGHTS.load * (1 - offer.load / offer.capacity)), max: WEIGHTS.load, detail: `${offer.load}/${offer.capacity}` });

  const fits = offer.targetGroups.includes('all_residents') || offer.targetGroups.includes(need.targetGroup);
  parts.push({ factor: 'group', points: fits ? WEIGHTS.group : 0, max: WEIGHTS.group, detail: fits ? 'fits' : 'other' });

  return { score: round1(parts.reduce((n, p) => n + p.points, 0)), parts, distanceM };
}

/**
 * The same score as scoreMatch().score without building the explanation: for ranking many pairs at
 * once (bulk assignment, the benchmark). -1 when the offer cannot serve the need.
 */
export function scoreValue(need: NeedInput, offer: OfferInput): number {
  const skill = skillFit(need.skill, offer.skills);
  if (skill === 0 || offer.load >= offer.capacity) return -1;
  let total = round1(WEIGHTS.skill * skill);
  if (need.lat !== null && need.lon !== null && offer.lat !== null && offer.lon !== null) {
    total += round1(WEIGHTS.distance * Math.max(0, 1 - Math.round(metres(need.lat, need.lon, offer.lat, offer.lon)) / DISTANCE_ZERO_M));
  } else total += round1(WEIGHTS.distance / 2);
  total += round1(WEIGHTS.availability * availabilityFit(need.availability, offer.availability).fit);
  total += round1((WEIGHTS.rating * (ratingMean(offer.ratingSum, offer.ratingCount) - 1)) / 4);
  total += round1(WEIGHTS.load * (1 - offer.load / offer.capacity));
  total += offer.targetGroups.includes('all_residents') || offer.targetGroups.includes(need.targetGroup) ? WEIGHTS.group : 0;
  return round1(total);
}

/** Who a resident is, for offers that say whom they are for. */
export function targetGroupOf(p: { age: number; tags: readonly string[] }): TargetGroup {
  if (p.tags.includes('disabled')) return 'disabled';
  if (p.age >= 60) return 'elderly';
  if (p.age < 14) return 'children';
  if (p.age < 25) return 'youth';
  if (p.tags.includes('low_income')) return 'low_income';
  return 'all_residents';
}

// --- bulk assignment ------------------------------------------------------------------------------------

/** Candidate pairs as parallel arrays: need index, offer index, score. */
export interface Edges {
  need: Int32Array;
  offer: Int32Array;
  score: Float64Array;
  length: number;
}

// Skills, categories, times and groups as bits, so the bulk path scores a pair with arithmetic.
const SKILL_LIST = Object.keys(SKILLS) as SkillCode[];
const SKILL_INDEX = new Map(SKILL_LIST.map((s, i) => [s, i]));
const CATEGORY_INDEX = new Map([...new Set(SKILL_LIST.map((s) => SKILLS[s].category))].map((c, i) => [c, i]));
const TIME_BIT: Record<Availability, number> = { weekday_day: 1, weekday_evening: 2, weekend: 4, on_call: 8 };
const GROUPS: TargetGroup[] = ['elderly', 'children', 'youth', 'disabled', 'low_income', 'women', 'families', 'migrants', 'veterans', 'all_residents'];
const GROUP_BIT = new Map(GROUPS.map((g, i) => [g, 1 << i]));
const ALL_RESIDENTS = GROUP_BIT.get('all_residents')!;
const bits = (n: number) => {
  let c = 0;
  for (let x = n; x; x &= x - 1) c++;
  return c;
};

/** Offers as columns of numbers, with the parts of their score that do not depend on the need. */
export interface CompiledOffers {
  count: number;
  skillLo: Uint32Array;
  skillHi: Uint32Array;
  categories: Uint32Array;
  times: Uint8Array;
  groups: Uint32Array;
  lat: Float64Array;
  lon: Float64Array;
  hasPlace: Uint8Array;
  ratingPoints: Float64Array;
  loadPoints: Float64Array;
  full: Uint8Array;
}

export function compileOffers(offers: readonly OfferInput[]): CompiledOffers {
  const n = offers.length;
  const c: CompiledOffers = {
    count: n, skillLo: new Uint32Array(n), skillHi: new Uint32Array(n), categories: new Uint32Array(n), times: new Uint8Array(n), groups: new Uint32Array(n),
    lat: new Float64Array(n), lon: new Float64Array(n), hasPlace: new Uint8Array(n), ratingPoints: new Float64Array(n), loadPoints: new Float64Array(n), full: new Uint8Array(n),
  };
  offers.forEach((o, j) => {
    for (const s of o.skills) {
      const i = SKILL_INDEX.get(s)!;
      if (i < 32) c.skillLo[j]! |= 1 << i;
      else c.skillHi[j]! |= 1 << (i - 32);
      c.categories[j]! |= 1 << CATEGORY_INDEX.get(SKILLS[s].category)!;
    }
    for (const a of o.availability) c.times[j]! |= TIME_BIT[a];
    for (const g of o.targetGroups) c.groups[j]! |= GROUP_BIT.get(g) ?? 0;
    c.hasPlace[j] = o.lat !== null && o.lon !== null ? 1 : 0;
    c.lat[j] = o.lat ?? 0;
    c.lon[j] = o.lon ?? 0;
    c.ratingPoints[j] = round1((WEIGHTS.rating * (ratingMean(o.ratingSum, o.ratingCount) - 1)) / 4);
    c.loadPoints[j] = round1(WEIGHTS.load * (1 - o.load / o.capacity));
    c.full[j] = o.load >= o.capacity ? 1 : 0;
  });
  return c;
}

export interface CompiledNeed {
  kx: number;
  skill: number;
  category: number;
  times: number;
  group: number;
  lat: number;
  lon: number;
  hasPlace: boolean;
}

export function compileNeed(n: NeedInput): CompiledNeed {
  let times = 0;
  for (const a of n.availability) times |= TIME_BIT[a];
  return { kx: 111_320 * Math.cos((n.lat ?? 0) * (Math.PI / 180)), skill: SKILL_INDEX.get(n.skill)!, category: CATEGORY_INDEX.get(SKILLS[n.skill].category)!, times, group: GROUP_BIT.get(n.targetGroup) ?? 0, lat: n.lat ?? 0, lon: n.lon ?? 0, hasPlace: n.lat !== null && n.lon !== null };
}

/** scoreValue() on compiled columns: the same parts, rounded and added in the same order. */
export function scoreCompiled(n: CompiledNeed, c: CompiledOffers, j: number): number {
  if (c.full[j]) return -1;
  const exact = n.skill < 32 ? (c.skillLo[j]! >>> n.skill) & 1 : (c.skillHi[j]! >>> (n.skill - 32)) & 1;
  if (!exact && !((c.categories[j]! >>> n.category) & 1)) return -1;
  let total = round1(WEIGHTS.skill * (exact ? 1 : 0.5));
  if (n.hasPlace && c.hasPlace[j]) total += round1(WEIGHTS.distance * Math.max(0, 1 - Math.round(metresWith(n.kx, n.lat, n.lon, c.lat[j]!, c.lon[j]!)) / DISTANCE_ZERO_M));
  else total += round1(WEIGHTS.distance / 2);
  const ot = c.times[j]!;
  const fit = ot & 8 || n.times & 8 || n.times === 0 ? 1 : bits(n.times & ot) / bits(n.times);
  total += round1(WEIGHTS.availability * fit);
  total += c.ratingPoints[j]!;
  total += c.loadPoints[j]!;
  total += c.groups[j]! & (ALL_RESIDENTS | n.group) ? WEIGHTS.group : 0;
  return round1(total);
}

/**
 * Offers bucketed by skill and by skill category, per square cell of about cellM metres, so a need
 * looks at nearby offers of its very skill (and, when those are few, of its category) instead of
 * at every offer.
 */
export class OfferIndex {
  private readonly buckets = new Map<number, number[]>();
  private readonly latStep: number;
  private readonly lonStep: number;
  /** Marks offers already taken for the current need (a stamp per call, no clearing). */
  private readonly seen: Uint32Array;
  private stamp = 0;

  constructor(
    offers: readonly { skills: readonly SkillCode[]; lat: number | null; lon: number | null }[],
    readonly cellM: number,
    originLat: number,
  ) {
    this.latStep = cellM / 111_320;
    this.lonStep = cellM / (111_320 * Math.cos((originLat * Math.PI) / 180));
    this.seen = new Uint32Array(offers.length);
    offers.forEach((o, i) => {
      if (o.lat === null || o.lon === null) return;
      const cx = Math.floor(o.lon / this.lonStep);
      const cy = Math.floor(o.lat / this.latStep);
      for (const s of new Set(o.skills)) this.push(OfferIndex.key(SKILL_INDEX.get(s)!, cx, cy), i);
      for (const c of new Set(o.skills.map((s) => SKILLS[s].category))) this.push(OfferIndex.key(64 + CATEGORY_INDEX.get(c)!, cx, cy), i);
    });
  }

  private push(key: number, i: number) {
    let b = this.buckets.get(key);
    if (!b) this.buckets.set(key, (b = []));
    b.push(i);
  }

  /** A number per (skill or 64 + category, cell); cells wrap at 2^16, far beyond a city's extent. */
  private static key(code: number, cx: number, cy: number): number {
    return (code * 65536 + (cx & 0xffff)) * 65536 + (cy & 0xffff);
  }

  /**
   * Offers with the need's skill, ring by ring of cells outwards until `plenty` are found or `reachM`
   * is covered; offers of its category too when fewer than `enough` have the very skill.
   */
  candidates(need: { skill: SkillCode; lat: number; lon: number }, reachM: number, out: number[] = [], enough = 0, plenty = Number.POSITIVE_INFINITY): number[] {
    out.length = 0;
    this.stamp++;
    const maxR = Math.ceil(reachM / this.cellM);
    const cx = Math.floor(need.lon / this.lonStep);
    const cy = Math.floor(need.lat / this.latStep);
    const take = (code: number, x: number, y: number) => {
      const b = this.buckets.get(OfferIndex.key(code, x, y));
      if (!b) return;
      for (let i = 0; i < b.length; i++) {
        const o = b[i]!;
        if (this.seen[o] === this.stamp) continue;
        this.seen[o] = this.stamp;
        out.push(o);
      }
    };
    const rings = (code: number, goal: number) => {
      for (let r = 0; r <= maxR && out.length < goal; r++) {
        if (r === 0) take(code, cx, cy);
        for (let d = -r; d <= r && r > 0; d++) {
          take(code, cx + d, cy - r);
          take(code, cx + d, cy + r);
          if (d !== -r && d !== r) {
            take(code, cx - r, cy + d);
            take(code, cx + r, cy + d);
          }
        }
      }
    };
    rings(SKILL_INDEX.get(need.skill)!, plenty);
    if (out.length < enough) rings(64 + CATEGORY_INDEX.get(SKILLS[need.skill].category)!, plenty);
    return out;
  }
}

/**
 * The best `perNeed` offers within reach of each need, through the index: the pairs the assignment
 * chooses from. Keeping a few per need bounds the work and memory whatever the density.
 */
export function candidateEdges(needs: readonly NeedInput[], offers: readonly OfferInput[] | CompiledOffers, index: OfferIndex, reachM: number, perNeed = 30): Edges {
  const compiled = 'count' in offers ? offers : compileOffers(offers);
  const cap = needs.length * perNeed;
  const need = new Int32Array(cap);
  const offer = new Int32Array(cap);
  const score = new Float64Array(cap);
  let n = 0;
  const scratch: number[] = [];
  const topJ = new Int32Array(perNeed);
  const topS = new Float64Array(perNeed);
  for (let i = 0; i < needs.length; i++) {
    const nd = needs[i]!;
    if (nd.lat === null || nd.lon === null) continue;
    const cn = compileNeed(nd);
    // Rings of cells until a few times perNeed candidates: in a dense city the nearest suffice.
    const found = index.candidates({ skill: nd.skill, lat: nd.lat, lon: nd.lon }, reachM, scratch, perNeed, perNeed * 4);
    let k = 0;
    for (let c = 0; c < found.length; c++) {
      const j = found[c]!;
      const s = scoreCompiled(cn, compiled, j);
      if (s < 0 || (k === perNeed && s <= topS[k - 1]!)) continue;
      // Insertion into a small sorted list (best first): perNeed is small.
      let p = k < perNeed ? k++ : perNeed - 1;
      while (p > 0 && topS[p - 1]! < s) {
        topS[p] = topS[p - 1]!;
        topJ[p] = topJ[p - 1]!;
        p--;
      }
      topS[p] = s;
      topJ[p] = j;
    }
    for (let x = 0; x < k; x++) {
      need[n] = i;
      offer[n] = topJ[x]!;
      score[n] = topS[x]!;
      n++;
    }
  }
  return { need, offer, score, length: n };
}

/** The bulk scorer, exposed so the benchmark can check it against scoreValue() pair by pair. */
export function scoreCompiledPair(need: NeedInput, offers: CompiledOffers, j: number): number {
  return scoreCompiled(compileNeed(need), offers, j);
}

/**
 * Assign each need at most one offer and each offer at most `capacity - load` needs, best pairs
 * first, then improve by moving a need to a free offer when that frees a slot a better pair wants
 * (one round of augmenting swaps). Returns the chosen offer per need (-1: none) and the total score.
 */
export function assign(needCount: number, offers: readonly Pick<OfferInput, 'capacity' | 'load'>[], edges: Edges): { offerOf: Int32Array; total: number; matched: number } {
  // Best pairs first. Scores are tenths from 0 to 100, so a counting sort orders them in linear time
  // (ties keep their order).
  const key = (e: number) => Math.max(0, Math.min(1000, Math.round(edges.score[e]! * 10)));
  const counts = new Int32Array(1002);
  for (let e = 0; e < edges.length; e++) counts[1000 - key(e) + 1]!++;
  for (let k = 0; k < 1001; k++) counts[k + 1]! += counts[k]!;
  const order = new Uint32Array(edges.length);
  for (let e = 0; e < edges.length; e++) order[counts[1000 - key(e)]!++] = e;
  const offerOf = new Int32Array(needCount).fill(-1);
  const scoreOf = new Float64Array(needCount);
  const free = new Int32Array(offers.length);
  offers.forEach((o, j) => (free[j] = Math.max(0, o.capacity - o.load)));
  for (const e of order) {
    const i = edges.need[e]!;
    const j = edges.offer[e]!;
    if (offerOf[i] !== -1 || free[j] === 0) continue;
    offerOf[i] = j;
    scoreOf[i] = edges.score[e]!;
    free[j]!--;
  }

  // Augment: an unmatched need u wants a full offer j; a need v holding j could move to an offer k
  // with room. Do it when score(u,j) + score(v,k) > score(v,j).
  const start = new Int32Array(needCount + 1);
  for (let e = 0; e < edges.length; e++) start[edges.need[e]! + 1]!++;
  for (let i = 0; i < needCount; i++) start[i + 1]! += start[i]!;
  const byNeed = new Int32Array(edges.length);
  const fill = start.slice(0, needCount);
  for (let e = 0; e < edges.length; e++) byNeed[fill[edges.need[e]!]!++] = e;
  const holders: number[][] = Array.from({ length: offers.length }, () => []);
  offerOf.forEach((j, i) => {
    if (j >= 0) holders[j]!.push(i);
  });
  for (let u = 0; u < needCount; u++) {
    if (offerOf[u] !== -1) continue;
    let best = 0;
    let move: [number, number, number, number, number] | null = null; // u->j, v->k, scores
    for (let x = start[u]!; x < start[u + 1]!; x++) {
      const e = byNeed[x]!;
      const j = edges.offer[e]!;
      if (free[j]! > 0) {
        if (edges.score[e]! > best) (best = edges.score[e]!), (move = [j, -1, -1, edges.score[e]!, 0]);
        continue;
      }
      for (const v of holders[j]!) {
        for (let y = start[v]!; y < start[v + 1]!; y++) {
          const f = byNeed[y]!;
          const k = edges.offer[f]!;
          if (k === j || free[k] === 0) continue;
          const gain = edges.score[e]! + edges.score[f]! - scoreOf[v]!;
          if (gain > best) (best = gain), (move = [j, v, k, edges.score[e]!, edges.score[f]!]);
        }
      }
    }
    if (!move) continue;
    const [j, v, k, su, sv] = move;
    if (v >= 0) {
      holders[j] = holders[j]!.filter((x) => x !== v);
      offerOf[v] = k;
      scoreOf[v] = sv;
      free[k]!--;
      holders[k]!.push(v);
    } else free[j]!--;
    offerOf[u] = j;
    scoreOf[u] = su;
    holders[j]!.push(u);
  }
  let total = 0;
  let matched = 0;
  for (let i = 0; i < needCount; i++) if (offerOf[i] !== -1) (total += scoreOf[i]!), matched++;
  return { offerOf, total, matched };
}
