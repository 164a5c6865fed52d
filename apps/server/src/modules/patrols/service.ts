// Patrols: one merged checklist, one form per patrol (route, places, item results, visits to
// vulnerable residents); a failed item becomes a case in one call; residents overdue for a visit.
import crypto from 'node:crypto';
import type { z } from 'zod';
import { type CreatePatrol, type FailedItemToCase, PersonQuery, type PatrolQuery } from '@linli/contracts';
import type { AppContext } from '../../platform/context.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { covers } from '../../platform/auth/scope.ts';
import { AppError, conflict, fieldError, notFound } from '../../platform/errors.ts';
import { fileUrl } from '../../platform/files.ts';
import { distanceM } from '../../platform/geo/index.ts';
import type { AreasService } from '../areas/service.ts';
import { casesService, type CasesService } from '../cases/service.ts';
import { PeopleService, ageOn } from '../people/service.ts';
import { PATROL_CATEGORIES } from './seed.ts';
import { PatrolsRepository } from './repository.ts';
import { patrolViewScope, requirePatrolOf, visitListScope } from './policy.ts';

type Ctx = AppContext & { areas: AreasService };

export class PatrolsService {
  private readonly repo: PatrolsRepository;
  private readonly cases: CasesService;
  private readonly people: PeopleService;

  constructor(private readonly ctx: Ctx) {
    this.repo = new PatrolsRepository(ctx.db);
    this.cases = casesService(ctx);
    this.people = new PeopleService(ctx);
    this.cases.files.registerOwner('patrol', async (actor, id) => !!(await this.repo.find(actor.districtId, patrolViewScope(actor), id)));
  }

  /** The one district checklist, grouped by the department forms it merged. */
  async checklist(actor: Actor) {
    const d = actor.districtId;
    const [items, types] = await Promise.all([this.repo.items(d), this.cases.typeIndex(d)]);
    const byCode = new Map([...types.values()].map((t) => [t.code, t]));
    return {
      items: items.map((i) => {
        const t = i.caseTypeCode ? byCode.get(i.caseTypeCode) : undefined;
        return {
          id: i.id,
          code: i.code,
          category: i.category,
          categoryName: PATROL_CATEGORIES[i.category] ?? i.category,
          title: i.title,
          guidance: i.guidance,
          org: i.orgCode ? { code: i.orgCode, name: i.orgName } : null,
          caseType: t ? { id: t.id, code: t.code, name: t.name } : null,
        };
      }),
    };
  }

  async create(actor: Actor, input: CreatePatrol) {
    const d = actor.districtId;
    requirePatrolOf(actor, input.gridId);
    const grid = await this.repo.grid(d, input.gridId);
    if (!grid) throw fieldError('gridId', 'no such grid');
    const started = new Date(input.startedAt);
    const ended = new Date(input.endedAt);
    if (ended < started) throw fieldError('endedAt', 'before startedAt');
    if (ended.getTime() - Date.now() > 10 * 60_000) throw fieldError('endedAt', 'in the future');
    const items = new Map((await this.repo.items(d)).map((i) => [i.id, i]));
    input.places.forEach((p, i) =>
      p.results.forEach((r, j) => {
        if (!items.has(r.itemId)) throw fieldError(`places.${i}.results.${j}.itemId`, 'not an item of the checklist');
        if (r.result === 'fail' && !r.note && !r.photoId) throw fieldError(`places.${i}.results.${j}.note`, 'a failed item needs a note or a photo');
      }),
    );
    // Each visited resident must live in the patrolled grid (and be visible to the worker).
    const persons = new Map<string, Awaited<ReturnType<PeopleService['get']>>>();
    for (const [i, v] of input.visits.entries()) {
      const p = await this.people.get(actor, v.personId).catch((err) => {
        if (err instanceof AppError && err.kind === 'not_found') throw fieldError(`visits.${i}.personId`, 'no such resident in your grid');
        throw err;
      });
      if (p.gridId !== input.gridId) throw fieldError(`visits.${i}.personId`, 'the resident does not live in this grid');
      persons.set(v.personId, p);
    }
    let distance = 0;
    for (let i = 1; i < input.route.length; i++) distance += distanceM(input.route[i - 1]!, input.route[i]!);

    return this.ctx.db.tx(async (q) => {
      const id = crypto.randomUUID();
      await q
        .insertInto('patrols')
        .values({
          districtId: d, id, gridId: grid.id, areaPath: grid.areaPath, workerId: actor.userId, workerName: actor.displayName, startedAt: started, endedAt: ended,
          route: JSON.stringify(input.route), distanceM: Math.round(distance * 10) / 10, notes: input.notes,
        })
        .execute();
      const photos: string[] = [];
      for (const place of input.places) {
        const placeId = crypto.randomUUID();
        await q.insertInto('patrolPlaces').values({ districtId: d, patrolId: id, id: placeId, name: place.name, lat: place.lat ?? null, lon: place.lon ?? null }).execute();
        if (place.results.length) {
          await q
            .insertInto('patrolResults')
            .values(place.results.map((r) => ({ districtId: d, patrolId: id, id: crypto.randomUUID(), placeId, itemId: r.itemId, result: r.result, note: r.note, photoId: r.photoId ?? null, caseId: null })))
            .execute();
        }
        for (const r of place.results) if (r.photoId) photos.push(r.photoId);
      }
      await this.cases.files.attach(actor, photos, { type: 'patrol', id, purpose: 'patrol' }, 'places.results.photoId');
      if (input.visits.length) {
        await q
          .insertInto('visits')
          .values(
            input.visits.map((v) => ({
              districtId: d, id: crypto.randomUUID(), patrolId: id, personId: v.personId, gridId: grid.id, areaPath: grid.areaPath, visitorId: actor.userId,
              visitedAt: v.visitedAt ? new Date(v.visitedAt) : ended, condition: v.condition, note: v.note,
            })),
          )
          .execute();
      }
      const needsHelp = input.visits.filter((v) => v.condition === 'needs_help' || v.condition === 'hospitalised');
      if (needsHelp.length) {
        const staff = await this.communityStaff(d, grid.areaPath);
        await this.ctx.notifier.notify(d, staff, { kind: 'visit.needs_help', title: `走访发现 ${needsHelp.length} 位居民需要帮助`, body: needsHelp.map((v) => `${persons.get(v.personId)?.name ?? ''}：${v.note}`).join('；'), link: `/patrols/${id}` });
      }
      return this.get(actor, id);
    });
  }

  private async communityStaff(districtId: string, communityPath: string): Promise<string[]> {
    const rows = await this.ctx.db.q
      .selectFrom('roleAssignments as r')
      .innerJoin('areas as a', (j) => j.onRef('a.districtId', '=', 'r.districtId').onRef('a.id', '=', 'r.areaId'))
      .select('r.userId')
      .distinct()
      .where('r.districtId', '=', districtId)
      .where('r.role', '=', 'community_staff')
      .where('r.revokedAt', 'is', null)
      .where('a.path', '=', communityPath)
      .execute();
    return rows.map((r) => r.userId);
  }

  private summary(p: NonNullable<Awaited<ReturnType<PatrolsRepository['find']>>> | Awaited<ReturnType<PatrolsRepository['list']>>['items'][number]) {
    return {
      id: p.id,
      grid: { id: p.gridId, name: p.gridName },
      worker: { id: p.workerId, name: p.workerName },
      startedAt: p.startedAt.toISOString(),
      endedAt: p.endedAt.toISOString(),
      distanceM: p.distanceM,
      routePoints: Number(p.routePoints),
      notes: p.notes,
      passCount: Number(p.passCount),
      failCount: Number(p.failCount),
      visitCount: Number(p.visitCount),
    };
  }

  async list(actor: Actor, query: z.infer<typeof PatrolQuery>) {
    const { items, total } = await this.repo.list(actor.districtId, patrolViewScope(actor), query, query.page, query.pageSize);
    return { items: items.map((p) => this.summary(p)), total, page: query.page, pageSize: query.pageSize };
  }

  async get(actor: Actor, id: string) {
    const d = actor.districtId;
    const p = await this.repo.find(d, patrolViewScope(actor), id);
    if (!p) throw notFound('patrol');
    const [places, results, visits] = await Promise.all([this.repo.places(d, id), this.repo.results(d, id), this.repo.visitsOf(d, id)]);
    const names = new Map<string, string>();
    for (const v of visits) {
      if (!names.has(v.personId)) names.set(v.personId, await this.people.get(actor, v.personId).then((x) => x.name).catch(() => '（不可见）'));
    }
    return {
      ...this.summary(p),
      route: p.route as { lat: number; lon: number; at?: string }[],
      places: places.map((x) => ({ id: x.id, name: x.name, lat: x.lat, lon: x.lon })),
      results: results.map((r) => ({
        id: r.id,
        placeId: r.placeId,
        item: { id: r.itemId, code: r.code, title: r.title, category: r.category },
        result: r.result,
        note: r.note,
        photo: r.photoId ? { id: r.photoId, url: fileUrl(r.photoId) } : null,
        caseId: r.caseId,
      })),
      visits: visits.map((v) => ({ id: v.id, personId: v.personId, personName: names.get(v.personId) ?? '', condition: v.condition, note: v.note, visitedAt: v.visitedAt.toISOString() })),
    };
  }

  /** One tap: a failed item becomes a case of its mapped type at the place; a second call returns the same case. */
  async failedItemToCase(actor: Actor, patrolId: string, resultId: string, input: z.infer<typeof FailedItemToCase>) {
    const d = actor.districtId;
    return this.ctx.db.tx(async () => {
      const p = await this.repo.find(d, patrolViewScope(actor), patrolId);
      if (!p) throw notFound('patrol');
      requirePatrolOf(actor, p.gridId);
      const r = await this.repo.result(d, patrolId, resultId);
      if (!r) throw notFound('patrol_result');
      if (r.result !== 'fail') throw conflict('patrol.result_passed', 'only a failed item becomes a case');
      if (r.caseId) return { created: false, case: await this.cases.get(actor, r.caseId) };
      const item = (await this.repo.results(d, patrolId)).find((x) => x.id === resultId)!;
      const types = await this.cases.typeIndex(d);
      const type = [...types.values()].find((t) => t.code === item.caseTypeCode);
      if (!type) throw new AppError('patrol.item_unmapped', 'unprocessable', 'this checklist item is not mapped to a case type');
      const place = r.placeId ? (await this.repo.places(d, patrolId)).find((x) => x.id === r.placeId) : undefined;
      const route = p.route as { lat: number; lon: number }[];
      const grid = (await this.repo.grid(d, p.gridId))!;
      const at = place?.lat != null && place.lon != null ? { lat: place.lat, lon: place.lon } : route.at(-1) ?? { lat: grid.lat, lon: grid.lon };
      const created = await this.cases.intake(d, {
        typeId: type.id,
        description: input.description ?? `巡查发现：${item.title}${r.note ? `。${r.note}` : ''}${place ? `（${place.name}）` : ''}`,
        lat: at.lat,
        lon: at.lon,
        address: place?.name ?? null,
        urgency: input.urgency,
        source: 'patrol',
        reporterId: actor.userId,
        reporterPersonId: null,
        actorName: `${actor.displayName} (${actor.username})`,
        external: { patrolId, resultId, itemCode: item.code, photoId: r.photoId },
        uploader: actor,
      });
      await this.repo.setResultCase(d, patrolId, resultId, created.id);
      return { created: true, case: await this.cases.get(actor, created.id) };
    });
  }

  /**
   * Vulnerable residents of a grid (or of every grid in the actor's scope) whose last visit is
   * older than the interval for their tags (living_alone counts residents aged 60 and over).
   */
  async overdueVisits(actor: Actor, gridId?: string) {
    const d = actor.districtId;
    const scope = visitListScope(actor);
    if (gridId) {
      const grid = await this.repo.grid(d, gridId);
      if (!grid || !covers(scope, { areaPath: grid.areaPath, gridId })) throw notFound('grid');
    }
    const settings = await this.cases.settings(d);
    const found = new Map<string, { person: Awaited<ReturnType<PeopleService['get']>>; interval: number }>();
    for (const [tag, interval] of Object.entries(settings.visitIntervals)) {
      for (let page = 1; page <= 50; page++) {
        const query = PersonQuery.parse({ tag, gridId, page, pageSize: 200, ...(tag === 'living_alone' ? { ageMin: 60 } : {}) });
        const res = await this.people.list(actor, query);
        for (const person of res.items) {
          const prior = found.get(person.id);
          if (!prior || interval < prior.interval) found.set(person.id, { person, interval });
        }
        if (page * 200 >= res.total) break;
      }
    }
    const last = await this.repo.lastVisits(d, [...found.keys()]);
    const now = Date.now();
    const items = [...found.values()]
      .map(({ person, interval }) => {
        const at = last.get(person.id) ?? null;
        const daysSince = at ? Math.floor((now - at.getTime()) / 86_400_000) : null;
        return { personId: person.id, name: person.name, age: ageOn(person.birthDate), tags: person.tags, address: person.address, gridId: person.gridId, intervalDays: interval, lastVisitAt: at ? at.toISOString() : null, daysSince };
      })
      .filter((x) => x.daysSince === null || x.daysSince >= x.intervalDays)
      .sort((a, b) => (b.daysSince ?? Infinity) - (a.daysSince ?? Infinity) || a.name.localeCompare(b.name));
    return { items, total: items.length };
  }
}
