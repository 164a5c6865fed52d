// The resident register: residents and households, their vulnerability tags and moves, with
// masked personal data and an audit record for every change and every unmasking.
import crypto from 'node:crypto';
import type { z } from 'zod';
import { type CreatePerson, type Household, MovePerson, type Person, type PersonQuery, type UpdatePerson, type CreateHousehold, type UpdateHousehold, isValidIdNumber, maskIdNumber, maskPhone } from '@linli/contracts';
import type { AppContext } from '../../platform/context.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { type Scope, touchesPath } from '../../platform/auth/scope.ts';
import { audit } from '../../platform/audit.ts';
import { AppError, conflict, fieldError, notFound } from '../../platform/errors.ts';
import type { AreasService } from '../areas/service.ts';
import type { InsightService } from '../insight/service.ts';
import { PeopleRepository } from './repository.ts';
import { trackAccounts } from '../accounts/insight.ts';
import { editScope, revealScope, viewScope } from './policy.ts';

type PersonRow = NonNullable<Awaited<ReturnType<PeopleRepository['find']>>>;
type HouseholdRow = NonNullable<Awaited<ReturnType<PeopleRepository['household']>>>;

function yearsAgo(years: number, today = new Date()) {
  return new Date(Date.UTC(today.getUTCFullYear() - years, today.getUTCMonth(), today.getUTCDate())).toISOString().slice(0, 10);
}

export function ageOn(birthDate: string, today = new Date()): number {
  const [y, m, d] = birthDate.split('-').map(Number) as [number, number, number];
  let age = today.getUTCFullYear() - y;
  if (today.getUTCMonth() + 1 < m || (today.getUTCMonth() + 1 === m && today.getUTCDate() < d)) age--;
  return age;
}

export class PeopleService {
  private readonly repo: PeopleRepository;
  constructor(private readonly ctx: AppContext & { areas: AreasService; insight?: InsightService }) {
    this.repo = new PeopleRepository(ctx.db);
  }

  private present(p: PersonRow): Person {
    return {
      id: p.id,
      householdId: p.householdId,
      buildingId: p.buildingId,
      address: p.address ?? null,
      communityName: p.communityName ?? null,
      gridId: p.gridId,
      name: p.name,
      gender: p.gender,
      birthDate: p.birthDate,
      age: ageOn(p.birthDate),
      idNumber: maskIdNumber(p.idNumber),
      phone: maskPhone(p.phone),
      masked: true,
      relation: p.relation,
      tags: p.tags,
      status: p.status,
      notes: p.notes,
      version: p.version,
      updatedAt: p.updatedAt.toISOString(),
    };
  }

  /** An area filter must lie within (or above) what the actor may see; otherwise it does not exist for them. */
  private async areaFilterPath(actor: Actor, scope: Scope, areaId: string | undefined) {
    if (!areaId) return undefined;
    const area = await this.repo.areaPathOf(actor.districtId, areaId);
    const gridCommunities = actor.assignments.filter((a) => a.gridId && scope.gridIds.includes(a.gridId)).map((a) => a.areaPath!);
    if (!area || !(scope.personIds.length === 0 && touchesPath(scope, area.path, gridCommunities))) throw notFound('area');
    return area.path;
  }

  async list(actor: Actor, query: z.infer<typeof PersonQuery>) {
    const scope = viewScope(actor);
    if (query.ageMin !== undefined && query.ageMax !== undefined && query.ageMin > query.ageMax) throw fieldError('ageMax', 'must not be below ageMin');
    const areaPath = await this.areaFilterPath(actor, scope, query.areaId);
    const { items, total } = await this.repo.list(
      actor.districtId,
      scope,
      {
        areaPath,
        gridId: query.gridId,
        householdId: query.householdId,
        q: query.q || undefined,
        tag: query.tag,
        bornOnOrBefore: query.ageMin !== undefined ? yearsAgo(query.ageMin) : undefined,
        bornAfter: query.ageMax !== undefined ? yearsAgo(query.ageMax + 1) : undefined,
        status: query.status,
      },
      query.page,
      query.pageSize,
    );
    return { items: items.map((p) => this.present(p)), total, page: query.page, pageSize: query.pageSize };
  }

  async get(actor: Actor, id: string): Promise<Person> {
    const row = await this.repo.find(actor.districtId, viewScope(actor), id);
    if (!row) throw notFound('person');
    return this.present(row);
  }

  /** Unmask ID number and/or phone: allowed to the roles that need it, and always audited. */
  async reveal(actor: Actor, id: string, fields: ('idNumber' | 'phone')[], reason: string) {
    const scope = revealScope(actor, fields);
    return this.ctx.db.tx(async () => {
      const row = await this.repo.find(actor.districtId, scope, id);
      if (!row) throw notFound('person');
      await audit(this.ctx.db, actor, actor.districtId, { action: 'person.reveal', entityType: 'person', entityId: id, areaPath: row.areaPath, details: { fields, reason } });
      return { ...(fields.includes('idNumber') ? { idNumber: row.idNumber } : {}), ...(fields.includes('phone') ? { phone: row.phone } : {}) };
    });
  }

  private checkPersonFields(input: { birthDate?: string; idNumber?: string }, current?: { birthDate: string }) {
    const birthDate = input.birthDate ?? current?.birthDate;
    if (input.birthDate && input.birthDate > new Date().toISOString().slice(0, 10)) throw fieldError('birthDate', 'is in the future');
    if (input.birthDate && input.birthDate < '1890-01-01') throw fieldError('birthDate', 'is implausibly early');
    if (input.idNumber && birthDate) {
      if (!isValidIdNumber(input.idNumber)) throw fieldError('idNumber', 'not a valid 18-character resident ID number');
      const embedded = `${input.idNumber.slice(6, 10)}-${input.idNumber.slice(10, 12)}-${input.idNumber.slice(12, 14)}`;
      if (embedded !== birthDate) throw fieldError('idNumber', `its birth date ${embedded} differs from birthDate ${birthDate}`);
    }
  }

  private async assertIdNumberFree(districtId: string, idNumber: string | undefined, selfId?: string) {
    if (!idNumber) return;
    const others = (await this.repo.findByIdNumber(districtId, idNumber)).filter((r) => r.id !== selfId);
    if (others.length) throw new AppError('person.duplicate_id_number', 'conflict', 'another resident already has this ID number', [{ path: 'idNumber', message: 'already registered' }]);
  }

  /** Find or create the household at building+room, inside the editor's scope. */
  private async placeIn(actor: Actor, scope: Scope, at: { householdId?: string; buildingId?: string; room?: string }) {
    const d = actor.districtId;
    if (at.householdId) {
      const h = await this.repo.household(d, scope, at.householdId);
      if (!h) throw fieldError('householdId', 'no such household in your area');
      if (at.buildingId && at.buildingId !== h.buildingId) throw fieldError('householdId', 'the household is in another building');
      return h;
    }
    if (!at.buildingId) throw fieldError('buildingId', 'give a household, or a building and a room');
    if (!at.room) throw fieldError('room', 'required with buildingId');
    const b = await this.repo.building(d, scope, at.buildingId);
    if (!b) throw fieldError('buildingId', 'no such building in your area');
    const existing = await this.repo.householdAt(d, b.id, at.room);
    if (existing) return existing;
    const id = crypto.randomUUID();
    await this.ctx.db.q
      .insertInto('households')
      .values({ districtId: d, id, buildingId: b.id, areaPath: b.path, gridId: b.gridId, room: at.room, address: `${b.streetName}${b.communityName}${b.compoundName}${b.name}${at.room}` })
      .execute();
    await audit(this.ctx.db, actor, d, { action: 'household.create', entityType: 'household', entityId: id, areaPath: b.path, details: { buildingId: b.id, room: at.room } });
    return { id, buildingId: b.id, areaPath: b.path, gridId: b.gridId };
  }

  private changed(actor: Actor, areaPath: string, personId: string) {
    this.ctx.areas.changed(actor.districtId);
    this.ctx.db.afterCommit(() => this.ctx.events.publish({ districtId: actor.districtId, type: 'person.changed', data: { id: personId }, audience: { areaPath } }));
  }

  async create(actor: Actor, input: CreatePerson): Promise<Person> {
    const scope = editScope(actor);
    this.checkPersonFields(input);
    return this.ctx.db.tx(async (q) => {
      await this.assertIdNumberFree(actor.districtId, input.idNumber);
      const home = await this.placeIn(actor, scope, input);
      const id = crypto.randomUUID();
      const counted = await this.ctx.insight?.residents.track(actor.districtId, { ids: [id] });
      await q
        .insertInto('persons')
        .values({
          districtId: actor.districtId,
          id,
          householdId: home.id,
          buildingId: home.buildingId,
          areaPath: home.areaPath,
          gridId: home.gridId,
          name: input.name,
          gender: input.gender,
          birthDate: input.birthDate,
          idNumber: input.idNumber ?? null,
          phone: input.phone ?? null,
          relation: input.relation,
          tags: input.tags,
          notes: input.notes ?? null,
        })
        .execute();
      await counted?.apply();
      await audit(this.ctx.db, actor, actor.districtId, {
        action: 'person.create',
        entityType: 'person',
        entityId: id,
        areaPath: home.areaPath,
        details: { name: input.name, householdId: home.id, tags: input.tags, idNumber: maskIdNumber(input.idNumber ?? null), phone: maskPhone(input.phone ?? null) },
      });
      this.changed(actor, home.areaPath, id);
      return this.present((await this.repo.find(actor.districtId, { all: true, paths: [], gridIds: [], personIds: [] }, id))!);
    });
  }

  async update(actor: Actor, id: string, input: z.infer<typeof UpdatePerson>): Promise<Person> {
    const scope = editScope(actor);
    return this.ctx.db.tx(async (q) => {
      const current = await this.repo.find(actor.districtId, scope, id);
      if (!current) throw notFound('person');
      this.checkPersonFields(input, current);
      if (input.idNumber && input.idNumber !== current.idNumber) await this.assertIdNumberFree(actor.districtId, input.idNumber, id);
      const { version, ...fields } = input;
      const counted = await this.ctx.insight?.residents.track(actor.districtId, { ids: [id] });
      const res = await q
        .updateTable('persons')
        .set({ ...fields, updatedAt: new Date(), version: current.version + 1 })
        .where('districtId', '=', actor.districtId)
        .where('id', '=', id)
        .where('version', '=', version)
        .executeTakeFirst();
      if (!res.numUpdatedRows) throw conflict('person.version_conflict', `someone changed this record since you loaded it (now version ${current.version})`);
      const changes = Object.fromEntries(
        Object.entries(fields).map(([k, v]) => [k, k === 'idNumber' ? maskIdNumber(v as string) : k === 'phone' ? maskPhone(v as string) : v]),
      );
      await counted?.apply();
      await audit(this.ctx.db, actor, actor.districtId, { action: 'person.update', entityType: 'person', entityId: id, areaPath: current.areaPath, details: { changes, fromVersion: version } });
      this.changed(actor, current.areaPath, id);
      return this.present((await this.repo.find(actor.districtId, scope, id))!);
    });
  }

  async move(actor: Actor, id: string, input: z.infer<typeof MovePerson>): Promise<Person> {
    const scope = editScope(actor);
    return this.ctx.db.tx(async (q) => {
      const current = await this.repo.find(actor.districtId, scope, id);
      if (!current) throw notFound('person');
      if (current.status !== 'active') throw conflict('person.not_active', 'only an active resident can be moved');
      const home = await this.placeIn(actor, scope, input);
      if (home.id === current.householdId) throw fieldError('buildingId', 'the resident already lives there');
      const counted = await this.ctx.insight?.residents.track(actor.districtId, { ids: [id] });
      // The resident's account (if any) counts at their home too.
      const accounts = await trackAccounts(this.ctx, actor.districtId, { personId: id });
      await q
        .updateTable('persons')
        .set({ householdId: home.id, buildingId: home.buildingId, areaPath: home.areaPath, gridId: home.gridId, updatedAt: new Date(), version: current.version + 1 })
        .where('districtId', '=', actor.districtId)
        .where('id', '=', id)
        .execute();
      await counted?.apply();
      await accounts.apply();
      await audit(this.ctx.db, actor, actor.districtId, {
        action: 'person.move',
        entityType: 'person',
        entityId: id,
        areaPath: home.areaPath,
        details: { fromHousehold: current.householdId, toHousehold: home.id, fromPath: current.areaPath, toPath: home.areaPath },
      });
      this.changed(actor, current.areaPath, id);
      this.changed(actor, home.areaPath, id);
      return this.present((await this.repo.find(actor.districtId, scope, id))!);
    });
  }

  /** A resident or household for another module (proofs, imports), unscoped: that module applies its own scope. */
  async lookup(districtId: string, type: 'person' | 'household', id: string) {
    const all = { all: true, paths: [], gridIds: [], personIds: [] };
    if (type === 'person') {
      const p = await this.repo.find(districtId, all, id);
      return p ? { id: p.id, name: p.name, idNumber: p.idNumber, areaPath: p.areaPath, address: p.address ?? null, status: p.status as string, householdId: p.householdId } : null;
    }
    const h = await this.repo.household(districtId, all, id);
    return h ? { id: h.id, name: h.address, idNumber: null, areaPath: h.areaPath, address: h.address, status: 'active', householdId: h.id, lowIncome: h.lowIncome } : null;
  }

  // --- households -------------------------------------------------------------------------------

  private presentHousehold(h: HouseholdRow | (Omit<HouseholdRow, 'memberCount'> & { memberCount: number | null })): Household {
    return { id: h.id, buildingId: h.buildingId, room: h.room, address: h.address, lowIncome: h.lowIncome, memberCount: Number(h.memberCount ?? 0), version: h.version };
  }

  async households(actor: Actor, areaId: string | undefined, page: number, pageSize: number) {
    const scope = viewScope(actor);
    const areaPath = await this.areaFilterPath(actor, scope, areaId);
    const { items, total } = await this.repo.households(actor.districtId, scope, areaPath, page, pageSize);
    return { items: items.map((h) => this.presentHousehold(h)), total, page, pageSize };
  }

  async household(actor: Actor, id: string): Promise<Household> {
    const scope = viewScope(actor);
    const h = await this.repo.household(actor.districtId, scope, id);
    if (!h) throw notFound('household');
    const members = await this.repo.list(actor.districtId, scope, { householdId: id, status: 'active' }, 1, 50);
    return { ...this.presentHousehold(h), members: members.items.map((p) => this.present(p)) };
  }

  async createHousehold(actor: Actor, input: z.infer<typeof CreateHousehold>): Promise<Household> {
    const scope = editScope(actor);
    return this.ctx.db.tx(async (q) => {
      const b = await this.repo.building(actor.districtId, scope, input.buildingId);
      if (!b) throw fieldError('buildingId', 'no such building in your area');
      if (await this.repo.householdAt(actor.districtId, b.id, input.room)) throw new AppError('household.exists', 'conflict', 'a household is already registered at that room', [{ path: 'room', message: 'taken' }]);
      const id = crypto.randomUUID();
      await q
        .insertInto('households')
        .values({ districtId: actor.districtId, id, buildingId: b.id, areaPath: b.path, gridId: b.gridId, room: input.room, address: `${b.streetName}${b.communityName}${b.compoundName}${b.name}${input.room}`, lowIncome: input.lowIncome })
        .execute();
      await audit(this.ctx.db, actor, actor.districtId, { action: 'household.create', entityType: 'household', entityId: id, areaPath: b.path, details: input });
      return this.presentHousehold((await this.repo.household(actor.districtId, scope, id))!);
    });
  }

  async updateHousehold(actor: Actor, id: string, input: z.infer<typeof UpdateHousehold>): Promise<Household> {
    const scope = editScope(actor);
    return this.ctx.db.tx(async (q) => {
      const h = await this.repo.household(actor.districtId, scope, id);
      if (!h) throw notFound('household');
      const { version, ...fields } = input;
      const res = await q
        .updateTable('households')
        .set({ ...fields, updatedAt: new Date(), version: h.version + 1 })
        .where('districtId', '=', actor.districtId)
        .where('id', '=', id)
        .where('version', '=', version)
        .executeTakeFirst();
      if (!res.numUpdatedRows) throw conflict('household.version_conflict', `someone changed this household since you loaded it (now version ${h.version})`);
      // Low income is a household status; members carry the tag so every count sees it.
      if (fields.lowIncome !== undefined && fields.lowIncome !== h.lowIncome) {
        const counted = await this.ctx.insight?.residents.track(actor.districtId, { householdId: id });
        await q
          .updateTable('persons')
          .set((eb) => ({
            tags: fields.lowIncome ? eb.fn<string[]>('array_append', [eb.fn<string[]>('array_remove', ['tags', eb.val('low_income')]), eb.val('low_income')]) : eb.fn<string[]>('array_remove', ['tags', eb.val('low_income')]),
            updatedAt: new Date(),
            version: eb('version', '+', 1),
          }))
          .where('districtId', '=', actor.districtId)
          .where('householdId', '=', id)
          .execute();
        await counted?.apply();
      }
      await audit(this.ctx.db, actor, actor.districtId, { action: 'household.update', entityType: 'household', entityId: id, areaPath: h.areaPath, details: { changes: fields, fromVersion: version } });
      this.ctx.areas.changed(actor.districtId);
      return this.presentHousehold((await this.repo.household(actor.districtId, scope, id))!);
    });
  }
}
