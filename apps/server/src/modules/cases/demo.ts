// Demo data of the smart grid: the case-type catalogue and merged patrol checklist (seed.ts), and a
// few dozen cases at every stage across the district's grids, so the command centre, the dispatch
// board, the department queue and the on-time figures have something to show. The demo grid
// worker's grid gets a case handled and waiting for verification, and one dispatched to 区城管局
// (the demo department account). Idempotent: nothing is added once the district has cases.
import { sql } from 'kysely';
import type { Database } from '../../platform/db/database.ts';
import type { DemoExtra } from '../demo/extras.ts';
import { seedSmartGrid, stableId } from './seed.ts';
import './tables.ts';

/** Stages a demo case has reached, in order; closedLate marks a closed case handled after its due time. */
const STAGES = ['reported', 'filed', 'dispatched', 'accepted', 'in_progress', 'handled', 'closed'] as const;
type Stage = (typeof STAGES)[number];
const ACTION: Record<Exclude<Stage, 'reported'>, string> = { filed: 'file', dispatched: 'dispatch', accepted: 'accept', in_progress: 'start', handled: 'handle', closed: 'verify_pass' };
const DESCRIPTIONS: Record<string, string> = {
  CG0101: '路口有人占道摆卖水果，影响行人通行',
  CG0104: '市场门口乱摆卖，堵住消防通道',
  CG0107: '楼道墙面被乱张贴小广告',
  CG0209: '小区围墙外有人倾倒建筑垃圾',
  CG0208: '垃圾分类桶混投严重，异味明显',
  CG0106: '商铺户外广告牌松动，存在坠落风险',
  MD0302: '业主与物业因物业费上涨发生争执',
  ZA0101: '夜间有陌生人在小区内反复查看车辆',
  AQ0204: '餐馆后厨煤气瓶摆放在楼梯口',
  CG0203: '垃圾收集点垃圾满溢，无人清运',
  SS0101: '人行道路面塌陷出现坑洼，老人易绊倒',
  AQ0103: '楼道内电动车充电，拉线入户',
};
/** The demo department account belongs to 区城管局: the demo grid's cases go there. */
const DEMO_DEPARTMENT = '区城管局';

interface Plan {
  stage: Stage;
  /** Hours ago it was reported. */
  age: number;
  overdue?: boolean;
  late?: boolean;
  escalated?: 'street' | 'district';
  home?: boolean;
}

// The demo worker's grid first, then a spread over the district.
const PLANS: Plan[] = [
  { stage: 'handled', age: 50, home: true },
  { stage: 'dispatched', age: 5, home: true },
  { stage: 'in_progress', age: 120, overdue: true, home: true, escalated: 'street' },
  { stage: 'reported', age: 1, home: true },
  { stage: 'reported', age: 2 },
  { stage: 'reported', age: 3 },
  { stage: 'filed', age: 6 },
  { stage: 'filed', age: 8 },
  { stage: 'dispatched', age: 10 },
  { stage: 'dispatched', age: 150, overdue: true },
  { stage: 'accepted', age: 20 },
  { stage: 'in_progress', age: 30 },
  { stage: 'in_progress', age: 200, overdue: true, escalated: 'district' },
  { stage: 'handled', age: 40 },
  { stage: 'closed', age: 100 },
  { stage: 'closed', age: 130 },
  { stage: 'closed', age: 160, late: true },
  { stage: 'closed', age: 220 },
  { stage: 'closed', age: 300, late: true },
  { stage: 'closed', age: 340 },
];

export async function seedDemoCases(db: Database, districtId: string): Promise<number> {
  const q = db.q;
  if (await q.selectFrom('cases').select('id').where('districtId', '=', districtId).limit(1).executeTakeFirst()) return 0;
  const grids = await q.selectFrom('grids').select(['id', 'name', 'communityId', 'areaPath', 'lat', 'lon']).where('districtId', '=', districtId).orderBy('code').execute();
  const home = grids.find((g) => g.name === '塔坡社区第1网格') ?? grids[0];
  if (!home) return 0;
  const types = await q
    .selectFrom('caseTypes as t')
    .innerJoin('organisations as o', (j) => j.onRef('o.districtId', '=', 't.districtId').onRef('o.code', '=', 't.defaultOrgCode'))
    .select(['t.id', 't.code', 't.name', 't.limitValue', 't.limitUnit', 'o.id as orgId', 'o.name as orgName'])
    .where('t.districtId', '=', districtId)
    .where('t.code', 'in', Object.keys(DESCRIPTIONS))
    .orderBy('t.code')
    .execute();
  if (!types.length) return 0;
  const communities = new Map((await q.selectFrom('areas').select(['id', 'path', 'parentId']).where('districtId', '=', districtId).where('level', '=', 'community').execute()).map((a) => [a.id, a]));
  const now = Date.now();
  const hour = 3_600_000;
  let n = 0;
  for (const [i, plan] of PLANS.entries()) {
    const grid = plan.home ? home : grids[(i * 7) % grids.length]!;
    const community = communities.get(grid.communityId);
    if (!community) continue;
    const pool = plan.home ? types.filter((x) => x.orgName === DEMO_DEPARTMENT) : types;
    const type = pool[i % Math.max(1, pool.length)] ?? types[i % types.length]!;
    const id = stableId(districtId, 'demo-case', String(i));
    const reached = STAGES.slice(0, STAGES.indexOf(plan.stage) + 1);
    const at = (k: number) => new Date(now - plan.age * hour + k * Math.max(1, plan.age / 8) * hour);
    const limitMs = (type.limitValue ?? 3) * (type.limitUnit === 'hours' ? hour : 24 * hour);
    const dispatchedAt = reached.includes('dispatched') ? at(2) : null;
    // Overdue ones were given a due time already past; closed late ones were handled after it.
    const onTimeFloor = (reached.includes('handled') ? at(5).getTime() : now) + hour;
    const dueAt = dispatchedAt ? new Date(plan.overdue ? now - 6 * hour : plan.late ? at(5).getTime() - hour : Math.max(dispatchedAt.getTime() + limitMs, onTimeFloor)) : null;
    const escalatedAt = plan.escalated ? at(3) : null;
    await q
      .insertInto('cases')
      .values({
        districtId,
        id,
        number: sql<string>`to_char(${at(0)}::timestamptz at time zone 'Asia/Shanghai', 'YYMMDD') || lpad(nextval('case_number_seq')::text, 6, '0')`,
        source: i % 3 === 0 ? 'resident' : 'grid_worker',
        caseTypeId: type.id,
        status: plan.stage,
        urgency: plan.overdue ? 'urgent' : 'normal',
        description: DESCRIPTIONS[type.code] ?? type.name,
        address: null,
        // A few dozen metres around the grid's centre, so points do not sit on one another.
        lat: Math.round((grid.lat + 0.0003 * Math.sin(i * 2.4)) * 1e7) / 1e7,
        lon: Math.round((grid.lon + 0.0003 * Math.cos(i * 2.4)) * 1e7) / 1e7,
        gridId: grid.id,
        communityId: community.id,
        streetId: community.parentId,
        areaPath: community.path,
        reporterId: null,
        reporterPersonId: null,
        callerName: null,
        callerPhone: null,
        orgId: dispatchedAt ? type.orgId : null,
        limitValue: type.limitValue,
        limitUnit: type.limitUnit,
        dueAt,
        escalationLevel: plan.escalated ?? null,
        escalatedAt,
        mergedInto: null,
        rating: plan.stage === 'closed' && !plan.late ? 5 : null,
        ratingComment: null,
        ratedAt: plan.stage === 'closed' && !plan.late ? at(7) : null,
        apiKeyId: null,
        open311Token: null,
        external: JSON.stringify({ demo: true }),
        statusNote: null,
        reportedAt: at(0),
        filedAt: reached.includes('filed') ? at(1) : null,
        dispatchedAt,
        acceptedAt: reached.includes('accepted') ? at(3) : null,
        handledAt: reached.includes('handled') ? at(5) : null,
        closedAt: reached.includes('closed') ? at(6) : null,
        updatedAt: at(reached.length - 1),
      })
      .execute();
    const history = reached.map((stage, k) => ({
      districtId,
      caseId: id,
      seq: k + 1,
      at: at(k === 0 ? 0 : STAGES.indexOf(stage)),
      actorId: null,
      actorName: '演示数据',
      action: stage === 'reported' ? 'report' : ACTION[stage],
      fromStatus: k === 0 ? null : reached[k - 1]!,
      toStatus: stage,
      note: stage === 'handled' ? '已到现场处置完毕' : '',
      details: JSON.stringify(stage === 'dispatched' ? { orgId: type.orgId, orgName: type.orgName, by: 'type_default' } : {}),
    }));
    if (plan.escalated) {
      history.push({ districtId, caseId: id, seq: history.length + 1, at: escalatedAt!, actorId: null, actorName: '演示数据', action: 'escalate', fromStatus: plan.stage, toStatus: plan.stage, note: '多次处置未果，请求协调', details: JSON.stringify({ level: plan.escalated }) });
    }
    await q.insertInto('caseHistory').values(history).execute();
    n++;
  }
  return n;
}

export const smartGridDemo: DemoExtra = {
  name: 'smart grid (case types, patrol checklist, cases)',
  async seed(db, districtId, { log }) {
    const catalogue = await seedSmartGrid(db, districtId);
    const cases = await seedDemoCases(db, districtId);
    log(`demo: ${catalogue.types} case types, ${catalogue.patrolItems} patrol items, ${cases} cases`);
  },
};
