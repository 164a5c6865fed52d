// Ballots: ordinary ballots of a community, compound or building (one vote per adult resident on
// the roll) and homeowners' ballots under Civil Code art. 278 (one vote per head, weighed by
// exclusive area; art278.ts). The roll is frozen at creation; a vote may change until close; at
// close the record freezes and the SHA-256 of its canonical JSON is published.
import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { z } from 'zod';
import type { BallotDetail, BallotKind, BallotQuery, BallotStatus, BallotSummary, CastVote, CreateBallot, MyElector, OwnersMatter, RecordVote, RollEntry } from '@linli/contracts';
import type { AppContext } from '../../platform/context.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { covers } from '../../platform/auth/scope.ts';
import { audit } from '../../platform/audit.ts';
import { conflict, fieldError, forbidden, notFound } from '../../platform/errors.ts';
import { type Viewer, canManage, requireManager, staffScope } from './policy.ts';
import { type Party, ballotTransition, type BallotActionName } from './state-machines.ts';
import { groupElectorate } from './art278.ts';
import { cm2ToM2 } from './fraction.ts';
import { canonicalJson, ownersPanel, sealResult, tallies } from './results.ts';
import type { DeliberationService } from './service.ts';
import type { DeliberationRepository } from './repository.ts';

type BallotRow = NonNullable<Awaited<ReturnType<DeliberationRepository['ballot']>>>;
type ElectorRow = Awaited<ReturnType<DeliberationRepository['electors']>>[number];
type VoteRow = Awaited<ReturnType<DeliberationRepository['votes']>>[number];

/** Yes/no/abstain, for yes_no and owners' ballots; labels are the defaults the web translates by id. */
const YES_NO = [
  { id: 'yes', label: '同意' },
  { id: 'no', label: '反对' },
  { id: 'abstain', label: '弃权' },
];

const SYSTEM = { userId: null, name: '系统' } as const;

function yearsAgo(years: number, today = new Date()) {
  return new Date(Date.UTC(today.getUTCFullYear() - years, today.getUTCMonth(), today.getUTCDate())).toISOString().slice(0, 10);
}

export class BallotService {
  private readonly repo: DeliberationRepository;
  constructor(
    private readonly ctx: AppContext,
    private readonly deliberation: DeliberationService,
  ) {
    this.repo = deliberation.repo;
  }

  // --- the clock ---------------------------------------------------------------------------------

  /** Open scheduled ballots whose time has come and close open ones whose time is up. */
  async settleDue(districtId: string | null): Promise<number> {
    const due = await this.repo.due(districtId, new Date());
    for (const b of due) {
      await this.ctx.db.tx(async () => {
        const row = await this.repo.lockBallot(b.districtId, b.id, 'update');
        if (!row) return;
        const now = Date.now();
        if (row.status === 'scheduled' && row.opensAt.getTime() <= now) await this.transition(b.districtId, b.id, 'open', row.status, 'system', SYSTEM, null, row.areaPath);
        const fresh = row.status === 'scheduled' && row.opensAt.getTime() <= now ? 'open' : row.status;
        if (fresh === 'open' && row.closesAt.getTime() <= now) await this.finalize(b.districtId, b.id, 'system', SYSTEM, null);
      });
    }
    return due.length;
  }

  private async transition(districtId: string, id: string, action: BallotActionName, from: BallotStatus, party: Party, by: { userId: string | null; name: string }, note: string | null, areaPath: string) {
    const t = ballotTransition(action, from, party);
    if (!t) {
      if (party === 'manager' && ballotTransition(action, from, 'system')) throw forbidden('ballot.transition_forbidden', `staff may not ${action} a ballot`);
      throw conflict(from === 'closed' ? 'ballot.closed' : 'ballot.transition_not_allowed', `a ${from} ballot cannot be ${action === 'cancel' ? 'cancelled' : action === 'close' ? 'closed' : 'opened'}`);
    }
    await this.ctx.db.q
      .updateTable('ballots')
      .set((eb) => ({ status: t.to, version: eb('version', '+', 1) }))
      .where('districtId', '=', districtId)
      .where('id', '=', id)
      .execute();
    await this.ctx.db.q.insertInto('ballotHistory').values({ districtId, ballotId: id, action, fromStatus: from, toStatus: t.to, byUser: by.userId, byName: by.name, note }).execute();
    await this.published(districtId, id, areaPath, t.to);
    return t;
  }

  /** Live: staff of the area and the electors with an account hear that the ballot changed; they fetch what they may see. */
  private async published(districtId: string, id: string, areaPath: string, status: string) {
    const userIds = await this.repo.userIdsOfPersons(districtId, await this.repo.electorPersonIds(districtId, id));
    this.ctx.db.afterCommit(() => {
      const data = { id, status };
      this.ctx.events.publish({ districtId, type: 'ballot.updated', data, audience: { areaPath } });
      if (userIds.length) this.ctx.events.publish({ districtId, type: 'ballot.updated', data, audience: { userIds } });
    });
    return userIds;
  }

  // --- reading -----------------------------------------------------------------------------------

  private resultsVisible(b: { status: string; resultsVisibility: string }) {
    return b.status === 'closed' || (b.status === 'open' && b.resultsVisibility === 'live');
  }

  private myElectors(v: Viewer, electors: ElectorRow[], votes: Map<string, VoteRow>): MyElector[] {
    if (!v.personId) return [];
    return electors
      .filter((e) => e.personIds.includes(v.personId!))
      .map((e) => {
        const vote = votes.get(e.electorKey);
        return {
          key: e.electorKey,
          label: e.label,
          areaM2: e.areaCm2 === null ? null : cm2ToM2(e.areaCm2),
          units: e.unitLabels,
          choices: vote?.choices ?? null,
          method: vote?.method ?? null,
          castAt: vote?.castAt.toISOString() ?? null,
        };
      });
  }

  private summary(b: BallotRow, eligible: number, voted: number, canVote: boolean, hasVoted: boolean): BallotSummary {
    return {
      id: b.id,
      title: b.title,
      kind: b.kind,
      matter: (b.matter as OwnersMatter | null) ?? null,
      areaId: b.areaId,
      areaName: b.areaName,
      status: b.status,
      opensAt: b.opensAt.toISOString(),
      closesAt: b.closesAt.toISOString(),
      eligible,
      voted,
      canVote,
      hasVoted,
    };
  }

  async list(actor: Actor, query: z.infer<typeof BallotQuery>) {
    await this.settleDue(actor.districtId);
    const v = await this.deliberation.viewer(actor);
    const areaPath = query.areaId ? (await this.repo.area(actor.districtId, query.areaId))?.path ?? '\u0000' : undefined;
    const { items, total } = await this.repo.ballots(actor.districtId, v, { status: query.status, topicId: query.topicId, areaPath, mine: query.mine }, query.page, query.pageSize);
    const mine = new Map<string, { on: boolean; voted: boolean }>();
    if (v.personId && items.length) {
      const rows = await this.ctx.db.q
        .selectFrom('ballotElectors as e')
        .leftJoin('ballotVotes as w', (j) => j.onRef('w.districtId', '=', 'e.districtId').onRef('w.ballotId', '=', 'e.ballotId').onRef('w.electorKey', '=', 'e.electorKey'))
        .select(['e.ballotId', 'w.electorKey as votedKey'])
        .where('e.districtId', '=', actor.districtId)
        .where('e.ballotId', 'in', items.map((b) => b.id))
        .where(sql<boolean>`${v.personId}::uuid = any(e.person_ids)`)
        .execute();
      for (const r of rows) {
        const m = mine.get(r.ballotId) ?? { on: true, voted: false };
        if (r.votedKey) m.voted = true;
        mine.set(r.ballotId, m);
      }
    }
    return {
      items: items.map((b) => this.summary(b, Number(b.eligible), Number(b.voted), b.status === 'open' && !!mine.get(b.id)?.on, !!mine.get(b.id)?.voted)),
      total,
      page: query.page,
      pageSize: query.pageSize,
    };
  }

  private async visibleBallot(actor: Actor, id: string) {
    const v = await this.deliberation.viewer(actor);
    const b = await this.repo.ballot(actor.districtId, v, id);
    if (!b) throw notFound('ballot');
    return { v, b };
  }

  async get(actor: Actor, id: string): Promise<BallotDetail> {
    await this.settleDue(actor.districtId);
    const { v, b } = await this.visibleBallot(actor, id);
    const [electors, votes] = await Promise.all([this.repo.electors(actor.districtId, id), this.repo.votes(actor.districtId, id)]);
    const byKey = new Map(votes.map((x) => [x.electorKey, x]));
    const mine = this.myElectors(v, electors, byKey);
    const visible = this.resultsVisible(b);
    return {
      ...this.summary(b, electors.length, votes.length, b.status === 'open' && mine.length > 0, mine.some((m) => m.choices !== null)),
      description: b.description,
      topicId: b.topicId,
      options: b.options,
      maxChoices: b.maxChoices,
      resultsVisibility: b.resultsVisibility,
      secrecy: b.secrecy,
      tallies: visible ? tallies(b, electors, votes) : null,
      owners: b.kind === 'owners' ? ownersPanel(b.matter as OwnersMatter, electors, votes, visible) : null,
      myElectors: mine,
      canManage: canManage(actor, b.areaPath),
      createdByName: b.createdByName,
      closedAt: b.closedAt?.toISOString() ?? null,
      resultDigest: b.resultDigest,
      version: b.version,
    };
  }

  /** Staff see who has voted (to chase turnout) and how, only on open ballots. */
  async roll(actor: Actor, id: string): Promise<{ items: RollEntry[]; eligible: number; voted: number }> {
    const { b } = await this.visibleBallot(actor, id);
    if (!covers(staffScope(actor), { areaPath: b.areaPath })) throw forbidden('ballot.roll_forbidden', 'the roll is for staff of the ballot\'s area');
    const [electors, votes] = await Promise.all([this.repo.electors(actor.districtId, id), this.repo.votes(actor.districtId, id)]);
    const byKey = new Map(votes.map((x) => [x.electorKey, x]));
    return {
      eligible: electors.length,
      voted: votes.length,
      items: electors.map((e) => {
        const vote = byKey.get(e.electorKey);
        return {
          key: e.electorKey,
          label: e.label,
          areaM2: e.areaCm2 === null ? null : cm2ToM2(e.areaCm2),
          units: e.unitLabels,
          voted: !!vote,
          method: vote?.method ?? null,
          recordedByName: vote?.recordedByName ?? null,
          castAt: vote?.castAt.toISOString() ?? null,
          choices: vote && b.secrecy === 'open' ? vote.choices : null,
        };
      }),
    };
  }

  async history(actor: Actor, id: string) {
    await this.visibleBallot(actor, id);
    const rows = await this.repo.ballotHistory(actor.districtId, id);
    return { items: rows.map((h) => ({ at: h.at.toISOString(), action: h.action, fromStatus: h.fromStatus, toStatus: h.toStatus, byName: h.byName, note: h.note })) };
  }

  async result(actor: Actor, id: string) {
    await this.settleDue(actor.districtId);
    const { b } = await this.visibleBallot(actor, id);
    if (b.status !== 'closed') throw conflict('ballot.not_closed', 'the result is published when the ballot closes');
    const row = await this.ctx.db.q.selectFrom('ballots').select(['result', 'resultDigest']).where('districtId', '=', actor.districtId).where('id', '=', id).executeTakeFirstOrThrow();
    const canonical = canonicalJson(row.result);
    return { result: row.result as Record<string, unknown>, canonical, digest: row.resultDigest! };
  }

  // --- creating ----------------------------------------------------------------------------------

  async create(actor: Actor, input: CreateBallot): Promise<BallotDetail> {
    requireManager(actor);
    const d = actor.districtId;
    const area = await this.deliberation.audienceArea(actor, input.areaId);
    const kind: BallotKind = input.kind;
    let options: { id: string; label: string }[];
    let maxChoices = 1;
    if (kind === 'single' || kind === 'multiple') {
      const labels = input.options ?? [];
      if (labels.length < 2) throw fieldError('options', 'give at least two options');
      if (new Set(labels).size !== labels.length) throw fieldError('options', 'options must differ from one another');
      options = labels.map((label, i) => ({ id: `o${i + 1}`, label }));
      if (kind === 'multiple') {
        maxChoices = input.maxChoices ?? labels.length;
        if (maxChoices > labels.length) throw fieldError('maxChoices', `at most the ${labels.length} options`);
      } else if (input.maxChoices !== undefined && input.maxChoices !== 1) throw fieldError('maxChoices', 'a single-choice ballot takes one choice');
    } else {
      if (input.options?.length) throw fieldError('options', 'a yes/no ballot has the fixed options yes, no and abstain');
      options = YES_NO;
    }
    if (kind === 'owners' && !input.matter) throw fieldError('matter', 'an owners\' ballot names its matter under Civil Code art. 278');
    if (kind !== 'owners' && input.matter) throw fieldError('matter', 'only owners\' ballots have a matter');
    const now = new Date();
    const opensAt = input.opensAt ? new Date(input.opensAt) : now;
    const closesAt = new Date(input.closesAt);
    if (closesAt.getTime() <= opensAt.getTime()) throw fieldError('closesAt', 'must be after opensAt');
    if (closesAt.getTime() <= now.getTime()) throw fieldError('closesAt', 'is in the past');
    const topic = input.topicId ? await this.deliberation.managedTopic(actor, input.topicId) : null;

    // The roll, frozen now.
    let electors: { electorKey: string; kind: 'resident' | 'owners' | 'developer'; personIds: string[]; label: string; unitLabels: string[]; areaCm2: number | null }[];
    if (kind === 'owners') {
      const units = await this.repo.unitsUnder(d, area.path);
      electors = groupElectorate(units).map((e) => ({ electorKey: e.key, kind: e.kind, personIds: e.personIds, label: e.label, unitLabels: e.unitLabels, areaCm2: Number(e.areaCm2) }));
      if (!electors.length) throw fieldError('areaId', 'no property units are registered there');
    } else {
      const adults = await this.repo.adultResidents(d, area.path, yearsAgo(18, now));
      electors = adults.map((p) => ({ electorKey: `person:${p.id}`, kind: 'resident' as const, personIds: [p.id], label: p.name, unitLabels: [], areaCm2: null }));
      if (!electors.length) throw fieldError('areaId', 'no adult residents live there');
    }

    const id = crypto.randomUUID();
    const status: BallotStatus = opensAt.getTime() <= now.getTime() ? 'open' : 'scheduled';
    await this.ctx.db.tx(async (q) => {
      await q
        .insertInto('ballots')
        .values({
          districtId: d, id, topicId: topic?.id ?? null, areaId: area.id, areaPath: area.path, title: input.title, description: input.description, kind,
          matter: input.matter ?? null, options: JSON.stringify(options), maxChoices, opensAt, closesAt, resultsVisibility: input.resultsVisibility,
          secrecy: input.secrecy, status, createdBy: actor.userId, createdByName: actor.displayName,
        })
        .execute();
      for (let i = 0; i < electors.length; i += 1000) {
        await q.insertInto('ballotElectors').values(electors.slice(i, i + 1000).map((e) => ({ districtId: d, ballotId: id, ...e }))).execute();
      }
      await q.insertInto('ballotHistory').values({ districtId: d, ballotId: id, action: 'create', fromStatus: null, toStatus: status, byUser: actor.userId, byName: actor.displayName, note: null }).execute();
      await audit(this.ctx.db, actor, d, {
        action: 'ballot.create',
        entityType: 'ballot',
        entityId: id,
        areaPath: area.path,
        details: { title: input.title, kind, matter: input.matter ?? null, electors: electors.length, opensAt: opensAt.toISOString(), closesAt: closesAt.toISOString(), secrecy: input.secrecy },
      });
      if (topic) await this.deliberation.advanceTopic(actor, topic.id, 'start_voting', input.title);
      const userIds = await this.published(d, id, area.path, status);
      await this.ctx.notifier.notify(d, userIds, { kind: 'ballot.opened', title: `投票：${input.title}`, body: `截止 ${closesAt.toISOString().slice(0, 16).replace('T', ' ')}`, link: `/deliberation/ballots/${id}` });
    });
    return this.get(actor, id);
  }

  // --- voting ------------------------------------------------------------------------------------

  /** The choices must name the ballot's options, each once, as many as its kind allows. */
  private checkChoices(b: { kind: string; options: { id: string }[]; maxChoices: number }, choices: string[]) {
    const ids = new Set(b.options.map((o) => o.id));
    choices.forEach((c, i) => {
      if (!ids.has(c)) throw fieldError(`choices.${i}`, `no such option '${c}'`);
    });
    if (new Set(choices).size !== choices.length) throw fieldError('choices', 'choose each option at most once');
    if (b.kind === 'multiple' ? choices.length > b.maxChoices : choices.length !== 1) {
      throw fieldError('choices', b.kind === 'multiple' ? `choose at most ${b.maxChoices}` : 'choose exactly one');
    }
  }

  /** Refuse votes unless the ballot is open by status and by the clock. */
  private assertOpen(row: { status: string; opensAt: Date; closesAt: Date }) {
    const now = Date.now();
    if (row.status === 'cancelled') throw conflict('ballot.cancelled', 'this ballot was cancelled');
    if (row.status === 'closed' || row.closesAt.getTime() <= now) throw conflict('ballot.closed', 'voting has closed; the record is frozen');
    if (row.status === 'scheduled' || row.opensAt.getTime() > now) throw conflict('ballot.not_open', 'voting has not opened yet');
  }

  private async upsertVote(districtId: string, ballotId: string, electorKey: string, vote: { choices: string[]; method: 'online' | 'paper' | 'in_person'; castByUser: string; castByPerson: string | null; recordedByName: string | null; note: string | null }) {
    return this.ctx.db.q
      .insertInto('ballotVotes')
      .values({ districtId, ballotId, electorKey, ...vote, castAt: new Date() })
      .onConflict((oc) =>
        oc.columns(['districtId', 'ballotId', 'electorKey']).doUpdateSet((eb) => ({
          choices: eb.ref('excluded.choices'),
          method: eb.ref('excluded.method'),
          castByUser: eb.ref('excluded.castByUser'),
          castByPerson: eb.ref('excluded.castByPerson'),
          recordedByName: eb.ref('excluded.recordedByName'),
          note: eb.ref('excluded.note'),
          castAt: eb.ref('excluded.castAt'),
          revision: sql<number>`ballot_votes.revision + 1`,
        })),
      )
      .returning('revision')
      .executeTakeFirstOrThrow();
  }

  /** An elector votes online; a second vote replaces the first until the ballot closes. */
  async vote(actor: Actor, id: string, input: z.infer<typeof CastVote>): Promise<BallotDetail> {
    await this.settleDue(actor.districtId);
    const { v, b } = await this.visibleBallot(actor, id);
    const d = actor.districtId;
    if (!v.personId) throw forbidden('ballot.not_eligible', 'only residents on the roll vote online; staff record paper votes');
    const mine = await this.repo.electorsOfPerson(d, id, v.personId);
    if (!mine.length) throw forbidden('ballot.not_eligible', 'you are not on this ballot\'s roll');
    let elector = mine[0]!;
    if (input.electorKey) {
      const chosen = mine.find((e) => e.electorKey === input.electorKey);
      if (!chosen) throw fieldError('electorKey', 'not one of your electors in this ballot');
      elector = chosen;
    } else if (mine.length > 1) throw fieldError('electorKey', 'you vote for more than one elector here; say which');
    this.checkChoices(b, input.choices);
    await this.ctx.db.tx(async () => {
      const row = await this.repo.lockBallot(d, id, 'share');
      if (!row) throw notFound('ballot');
      this.assertOpen(row);
      const { revision } = await this.upsertVote(d, id, elector.electorKey, { choices: input.choices, method: 'online', castByUser: actor.userId, castByPerson: v.personId, recordedByName: null, note: null });
      await audit(this.ctx.db, actor, d, {
        action: revision > 1 ? 'ballot.vote_changed' : 'ballot.vote',
        entityType: 'ballot',
        entityId: id,
        areaPath: row.areaPath,
        // A secret ballot's audit trail says who voted and when, never how.
        details: { electorKey: elector.electorKey, method: 'online', revision, ...(row.secrecy === 'open' ? { choices: input.choices } : {}) },
      });
      await this.published(d, id, row.areaPath, row.status);
    });
    return this.get(actor, id);
  }

  /** Staff record a paper or in-person vote for an elector, and are named as its recorder. */
  async record(actor: Actor, id: string, input: z.infer<typeof RecordVote>): Promise<BallotDetail> {
    await this.settleDue(actor.districtId);
    const { b } = await this.visibleBallot(actor, id);
    const d = actor.districtId;
    if (!canManage(actor, b.areaPath)) throw forbidden('ballot.manage_forbidden', 'only staff of the ballot\'s area record votes');
    const elector = await this.repo.elector(d, id, input.electorKey);
    if (!elector) throw fieldError('electorKey', 'not on this ballot\'s roll');
    this.checkChoices(b, input.choices);
    await this.ctx.db.tx(async () => {
      const row = await this.repo.lockBallot(d, id, 'share');
      if (!row) throw notFound('ballot');
      this.assertOpen(row);
      const { revision } = await this.upsertVote(d, id, elector.electorKey, { choices: input.choices, method: input.method, castByUser: actor.userId, castByPerson: null, recordedByName: actor.displayName, note: input.note ?? null });
      await audit(this.ctx.db, actor, d, {
        action: 'ballot.vote_recorded',
        entityType: 'ballot',
        entityId: id,
        areaPath: row.areaPath,
        details: { electorKey: elector.electorKey, method: input.method, revision, note: input.note ?? null, ...(row.secrecy === 'open' ? { choices: input.choices } : {}) },
      });
      await this.published(d, id, row.areaPath, row.status);
    });
    return this.get(actor, id);
  }

  // --- closing -----------------------------------------------------------------------------------

  async close(actor: Actor, id: string, note: string | undefined): Promise<BallotDetail> {
    await this.settleDue(actor.districtId);
    const { b } = await this.visibleBallot(actor, id);
    if (!canManage(actor, b.areaPath)) throw forbidden('ballot.manage_forbidden', 'only staff of the ballot\'s area close it');
    await this.ctx.db.tx(async () => {
      const row = await this.repo.lockBallot(actor.districtId, id, 'update');
      if (!row) throw notFound('ballot');
      await this.finalize(actor.districtId, id, 'manager', { userId: actor.userId, name: actor.displayName }, note ?? null, actor);
    });
    return this.get(actor, id);
  }

  async cancel(actor: Actor, id: string, note: string | undefined): Promise<BallotDetail> {
    await this.settleDue(actor.districtId);
    const { b } = await this.visibleBallot(actor, id);
    if (!canManage(actor, b.areaPath)) throw forbidden('ballot.manage_forbidden', 'only staff of the ballot\'s area cancel it');
    if (!note) throw fieldError('note', 'say why the ballot is cancelled');
    await this.ctx.db.tx(async () => {
      const row = await this.repo.lockBallot(actor.districtId, id, 'update');
      if (!row) throw notFound('ballot');
      await this.transition(actor.districtId, id, 'cancel', row.status, 'manager', { userId: actor.userId, name: actor.displayName }, note, row.areaPath);
      await audit(this.ctx.db, actor, actor.districtId, { action: 'ballot.cancel', entityType: 'ballot', entityId: id, areaPath: row.areaPath, details: { note } });
    });
    return this.get(actor, id);
  }

  /**
   * Close an open ballot (the row is locked by the caller): count, build the result record, take
   * its digest, freeze. Votes hold a share lock on the ballot row, so none can land after this.
   */
  private async finalize(districtId: string, id: string, party: Party, by: { userId: string | null; name: string }, note: string | null, actor?: Actor) {
    const q = this.ctx.db.q;
    const b = await q.selectFrom('ballots as b').innerJoin('areas as a', (j) => j.onRef('a.districtId', '=', 'b.districtId').onRef('a.id', '=', 'b.areaId')).selectAll('b').select('a.name as areaName').where('b.districtId', '=', districtId).where('b.id', '=', id).executeTakeFirstOrThrow();
    const t = ballotTransition('close', b.status, party);
    if (!t) throw conflict(b.status === 'closed' ? 'ballot.closed' : 'ballot.transition_not_allowed', `a ${b.status} ballot cannot be closed`);
    const [electors, votes] = await Promise.all([this.repo.electors(districtId, id), this.repo.votes(districtId, id)]);
    // The clock closes at the announced time, whenever it notices; staff close at the moment they act.
    const closedAt = party === 'system' ? b.closesAt : new Date();
    const { result, digest } = sealResult({ ...b, closedAt }, electors, votes);
    await q
      .updateTable('ballots')
      .set((eb) => ({ status: 'closed', closedAt, result: JSON.stringify(result), resultDigest: digest, version: eb('version', '+', 1) }))
      .where('districtId', '=', districtId)
      .where('id', '=', id)
      .execute();
    await q.insertInto('ballotHistory').values({ districtId, ballotId: id, action: 'close', fromStatus: b.status, toStatus: 'closed', byUser: by.userId, byName: by.name, note }).execute();
    await audit(this.ctx.db, actor ?? null, districtId, { action: 'ballot.close', entityType: 'ballot', entityId: id, areaPath: b.areaPath, details: { digest, voted: votes.length, eligible: electors.length, by: by.name } });
    const userIds = await this.published(districtId, id, b.areaPath, 'closed');
    await this.ctx.notifier.notify(districtId, userIds, { kind: 'ballot.closed', title: `投票结果已公布：${b.title}`, link: `/deliberation/ballots/${id}` });
  }
}
