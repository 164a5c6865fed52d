// Community mutual-aid funds (乐善村社互助基金): one per community; donations matched by the
// district charity at the fund's ratio up to a cap per period; applications for help reviewed by
// the community and approved by two different committee members, never the applicant or their
// household; disbursements; the double-entry books (books.ts); the monthly public report.
import crypto from 'node:crypto';
import type { z } from 'zod';
import {
  type Application,
  type ApplicationStatus,
  type ApplicationSummary,
  type CreateApplication,
  type CreateDonation,
  type CreateFund,
  type DecideApplication,
  type Disburse,
  type Donation,
  type Fund,
  type FundAccount,
  type FundBalances,
  type FundLedger,
  type FundReport,
  type ReportMonth,
  type ReviewApplication,
  type UpdateFund,
  CLOSED_APPLICATION_STATUSES,
  FundAccount as FundAccountEnum,
  chinaToday,
} from '@linli/contracts';
import type { AppContext } from '../../platform/context.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { audit } from '../../platform/audit.ts';
import { AppError, conflict, fieldError, forbidden, notFound } from '../../platform/errors.ts';
import { FundBooks, balancesFrom, periodOf } from './books.ts';
import { type FundFacts, canApplyFor, canRecordDonations, canSeeApplications, canSeeFund, isKeeper, isManager, requireCommitteeKeeper, requireKeeper, requireManager, staffScope } from './policy.ts';
import { APPROVALS_NEEDED, type ApplicationAction, transitionFor } from './state-machine.ts';

type FundRow = NonNullable<Awaited<ReturnType<FundBooks['repo']['fund']>>>;
type ApplicationRow = NonNullable<Awaited<ReturnType<FundBooks['repo']['application']>>>;

const DEBIT_NORMAL: ReadonlySet<FundAccount> = new Set(['cash', 'aid_granted']);

function communityPathOf(path: string): string | null {
  const parts = path.split('/').filter(Boolean);
  return parts.length >= 3 ? `${parts.slice(0, 3).join('/')}/` : null;
}

const yuan = (fen: number) => `${(fen / 100).toFixed(2)} 元`;

export class FundsService {
  private readonly books: FundBooks;
  constructor(private readonly ctx: AppContext) {
    this.books = new FundBooks(ctx.db);
  }

  private get repo() {
    return this.books.repo;
  }

  // --- who the actor is to a fund -----------------------------------------------------------------

  private async residentCommunityPath(actor: Actor): Promise<string | null> {
    if (!actor.personId || !actor.roles.has('resident')) return null;
    const p = await this.repo.person(actor.districtId, actor.personId);
    return p && p.status === 'active' ? communityPathOf(p.areaPath) : null;
  }

  private async facts(actor: Actor, fund: FundRow): Promise<FundFacts> {
    const [committeeRole, residentCommunityPath] = await Promise.all([this.repo.committeeRole(actor.districtId, fund.id, actor.userId), this.residentCommunityPath(actor)]);
    return { areaPath: fund.areaPath, committeeRole, residentCommunityPath };
  }

  /** The fund as the actor may see it; 404 for funds outside their reach, so existence does not leak. */
  private async visibleFund(actor: Actor, id: string) {
    const fund = await this.repo.fund(actor.districtId, id);
    if (!fund) throw notFound('fund');
    const facts = await this.facts(actor, fund);
    if (!canSeeFund(actor, facts)) throw notFound('fund');
    return { fund, facts };
  }

  private async present(actor: Actor, fund: FundRow, facts: FundFacts, known?: { balances: FundBalances; used: number }): Promise<Fund> {
    const period = periodOf(chinaToday(), fund.capPeriod);
    const { balances, used } = known ?? { balances: await this.books.balances(actor.districtId, fund.id), used: await this.repo.matchUsed(actor.districtId, fund.id, period) };
    return {
      id: fund.id,
      communityId: fund.communityId,
      communityName: fund.communityName,
      name: fund.name,
      matchNum: fund.matchNum,
      matchDen: fund.matchDen,
      matchCapFen: Number(fund.matchCapFen),
      capPeriod: fund.capPeriod,
      status: fund.status,
      matchPeriod: period,
      matchUsedFen: used,
      balances,
      my: {
        committeeRole: facts.committeeRole,
        canRecordDonations: canRecordDonations(actor, fund.areaPath),
        canReview: isKeeper(actor, fund.areaPath),
        canManage: isManager(actor),
        canApply: canApplyFor(actor, fund.areaPath) || facts.residentCommunityPath === fund.areaPath,
        canSeeApplications: canSeeApplications(actor, facts),
      },
    };
  }

  private published(districtId: string, fund: { id: string; areaPath: string }, what: string) {
    this.ctx.db.afterCommit(() => this.ctx.events.publish({ districtId, type: 'fund.updated', data: { fundId: fund.id, what }, audience: { areaPath: fund.areaPath } }));
  }

  // --- funds --------------------------------------------------------------------------------------

  async list(actor: Actor, query: { areaId?: string }): Promise<{ items: Fund[] }> {
    const d = actor.districtId;
    let areaPath: string | undefined;
    if (query.areaId) {
      const a = await this.repo.area(d, query.areaId);
      if (!a) throw notFound('area');
      areaPath = a.path;
    }
    const residentPath = await this.residentCommunityPath(actor);
    const rows = await this.repo.funds(d, staffScope(actor), actor.userId, residentPath, areaPath);
    // A district official sees every community's fund: their figures come from three grouped queries, not three per fund.
    const ids = rows.map((f) => f.id);
    const today = chinaToday();
    const [totals, used, roles] = await Promise.all([
      this.repo.accountTotalsOf(d, ids),
      this.repo.matchUsedOf(d, ids, [periodOf(today, 'year'), periodOf(today, 'month')]),
      this.repo.committeeRolesOf(d, actor.userId),
    ]);
    const items: Fund[] = [];
    for (const f of rows) {
      const facts: FundFacts = { areaPath: f.areaPath, committeeRole: roles.find((r) => r.fundId === f.id)?.role ?? null, residentCommunityPath: residentPath };
      const period = periodOf(today, f.capPeriod);
      items.push(
        await this.present(actor, f, facts, {
          balances: balancesFrom(totals.filter((x) => x.fundId === f.id)),
          used: Number(used.find((u) => u.fundId === f.id && u.matchPeriod === period)?.n ?? 0),
        }),
      );
    }
    return { items };
  }

  async get(actor: Actor, id: string): Promise<Fund> {
    const { fund, facts } = await this.visibleFund(actor, id);
    return this.present(actor, fund, facts);
  }

  async create(actor: Actor, input: z.infer<typeof CreateFund>): Promise<Fund> {
    requireManager(actor);
    const d = actor.districtId;
    const id = crypto.randomUUID();
    await this.ctx.db.tx(async (q) => {
      const community = await this.repo.area(d, input.communityId);
      if (!community || community.level !== 'community') throw fieldError('communityId', 'must be a community');
      if (await this.repo.fundOfCommunity(d, community.id)) throw new AppError('fund.exists', 'conflict', 'this community already has its fund', [{ path: 'communityId', message: 'already has a fund' }]);
      const charity = await this.repo.charity(d);
      await q
        .insertInto('mutualAidFunds')
        .values({
          districtId: d,
          id,
          communityId: community.id,
          areaPath: community.path,
          name: input.name ?? `${community.name}乐善互助基金`,
          charityOrgId: charity?.id ?? null,
          matchNum: input.matchNum,
          matchDen: input.matchDen,
          matchCapFen: input.matchCapFen,
          capPeriod: input.capPeriod,
        })
        .execute();
      await audit(this.ctx.db, actor, d, { action: 'fund.create', entityType: 'fund', entityId: id, areaPath: community.path, details: { ...input } });
    });
    return this.get(actor, id);
  }

  async update(actor: Actor, id: string, input: z.infer<typeof UpdateFund>): Promise<Fund> {
    requireManager(actor);
    const d = actor.districtId;
    await this.ctx.db.tx(async (q) => {
      await this.repo.lockFund(d, id);
      const fund = await this.repo.fund(d, id);
      if (!fund) throw notFound('fund');
      await q
        .updateTable('mutualAidFunds')
        .set({ ...input, updatedAt: new Date() })
        .where('districtId', '=', d)
        .where('id', '=', id)
        .execute();
      await audit(this.ctx.db, actor, d, { action: 'fund.update', entityType: 'fund', entityId: id, areaPath: fund.areaPath, details: { ...input } });
    });
    return this.get(actor, id);
  }

  // --- committee -----------------------------------------------------------------------------------

  async committee(actor: Actor, id: string) {
    const { fund } = await this.visibleFund(actor, id);
    return { items: await this.repo.committee(actor.districtId, fund.id) };
  }

  async addToCommittee(actor: Actor, id: string, input: { username: string; role: 'chair' | 'member' }) {
    const d = actor.districtId;
    const { fund } = await this.visibleFund(actor, id);
    requireCommitteeKeeper(actor, fund.areaPath);
    await this.ctx.db.tx(async (q) => {
      const user = await this.repo.userByName(input.username);
      if (!user || user.districtId !== d || user.status !== 'active') throw fieldError('username', 'no such active user');
      await q
        .insertInto('fundCommitteeMembers')
        .values({ districtId: d, fundId: fund.id, userId: user.id, role: input.role, addedBy: actor.userId })
        .onConflict((oc) => oc.columns(['districtId', 'fundId', 'userId']).doUpdateSet({ role: input.role }))
        .execute();
      await audit(this.ctx.db, actor, d, { action: 'fund.committee_add', entityType: 'fund', entityId: fund.id, areaPath: fund.areaPath, details: { userId: user.id, role: input.role } });
      await this.ctx.notifier.notify(d, [user.id], { kind: 'fund.committee', title: `您已加入「${fund.name}」管理委员会`, link: `/funds/${fund.id}` });
    });
    return this.committee(actor, id);
  }

  async removeFromCommittee(actor: Actor, id: string, userId: string) {
    const d = actor.districtId;
    const { fund } = await this.visibleFund(actor, id);
    requireCommitteeKeeper(actor, fund.areaPath);
    await this.ctx.db.tx(async (q) => {
      const res = await q.deleteFrom('fundCommitteeMembers').where('districtId', '=', d).where('fundId', '=', fund.id).where('userId', '=', userId).executeTakeFirst();
      if (!Number(res.numDeletedRows)) throw notFound('committee_member');
      await audit(this.ctx.db, actor, d, { action: 'fund.committee_remove', entityType: 'fund', entityId: fund.id, areaPath: fund.areaPath, details: { userId } });
    });
    return this.committee(actor, id);
  }

  // --- donations -----------------------------------------------------------------------------------

  private presentDonation(r: NonNullable<Awaited<ReturnType<FundBooks['repo']['donation']>>>): Donation {
    return {
      id: r.id,
      donorKind: r.donorKind,
      donorName: r.donorName,
      anonymous: r.anonymous,
      amountFen: Number(r.amountFen),
      matchedFen: Number(r.matchedFen),
      matchPeriod: r.matchPeriod,
      donatedOn: r.donatedOn,
      receiptNo: r.receiptNo,
      note: r.note,
      createdAt: r.createdAt.toISOString(),
    };
  }

  async donate(actor: Actor, fundId: string, input: z.infer<typeof CreateDonation>): Promise<Donation> {
    const d = actor.districtId;
    const { fund } = await this.visibleFund(actor, fundId);
    if (!canRecordDonations(actor, fund.areaPath)) throw forbidden('fund.donation_forbidden', 'donations are recorded by the community\'s staff or the district');
    if (input.donatedOn > chinaToday()) throw fieldError('donatedOn', 'is in the future');
    if (input.donorKind === 'organisation' && input.donorPersonId) throw fieldError('donorPersonId', 'an organisation donor is not a resident');
    return this.ctx.db.tx(async () => {
      if (input.donorPersonId && !(await this.repo.person(d, input.donorPersonId))) throw fieldError('donorPersonId', 'no such resident');
      const { id, matched } = await this.books.donate(d, fund.id, input, actor.userId);
      await audit(this.ctx.db, actor, d, {
        action: 'fund.donation',
        entityType: 'fund',
        entityId: fund.id,
        areaPath: fund.areaPath,
        details: { donationId: id, amountFen: input.amountFen, matchedFen: matched, receiptNo: input.receiptNo },
      });
      this.published(d, fund, 'donation');
      return this.presentDonation((await this.repo.donation(d, id))!);
    });
  }

  async donations(actor: Actor, fundId: string): Promise<{ items: Donation[] }> {
    const { fund } = await this.visibleFund(actor, fundId);
    if (!canRecordDonations(actor, fund.areaPath) && !canSeeApplications(actor, await this.facts(actor, fund))) throw forbidden('fund.forbidden', 'the donation register is kept by the community');
    return { items: (await this.repo.donations(actor.districtId, fund.id, 500)).map((r) => this.presentDonation(r)) };
  }

  // --- report and ledger ---------------------------------------------------------------------------

  /** The monthly public report: donated, matched, granted, paid out and the balance; nobody in need is named. */
  async report(actor: Actor, fundId: string): Promise<FundReport> {
    const d = actor.districtId;
    const { fund } = await this.visibleFund(actor, fundId);
    const rows = await this.repo.monthly(d, fund.id);
    const byMonth = new Map<string, ReportMonth>();
    const month = (m: string) => {
      let r = byMonth.get(m);
      if (!r) byMonth.set(m, (r = { month: m, donatedFen: 0, matchedFen: 0, grantedFen: 0, paidOutFen: 0, balanceFen: 0, donations: 0, aidGranted: 0 }));
      return r;
    };
    const cashMoves = new Map<string, number>();
    for (const r of rows) {
      const m = month(r.month);
      const debit = Number(r.debit);
      const credit = Number(r.credit);
      if (r.account === 'donations_received') {
        m.donatedFen += credit - debit;
        m.donations += Number(r.entries);
      }
      if (r.account === 'charity_match') m.matchedFen += credit - debit;
      if (r.account === 'aid_granted') {
        m.grantedFen += debit - credit;
        m.aidGranted += Number(r.entries);
      }
      if (r.account === 'cash') {
        if (r.kind === 'disbursement') m.paidOutFen += credit;
        cashMoves.set(r.month, (cashMoves.get(r.month) ?? 0) + debit - credit);
      }
    }
    // Every month from the first movement to this one, so a quiet month shows as such.
    const months: ReportMonth[] = [];
    const keys = [...byMonth.keys()].sort();
    if (keys.length) {
      const last = chinaToday().slice(0, 7) > keys[keys.length - 1]! ? chinaToday().slice(0, 7) : keys[keys.length - 1]!;
      let balance = 0;
      for (let m = keys[0]!; m <= last; m = nextMonth(m)) {
        const r = byMonth.get(m) ?? month(m);
        balance += cashMoves.get(m) ?? 0;
        r.balanceFen = balance;
        months.push(r);
      }
    }
    const donations = await this.repo.donations(d, fund.id, 100);
    const grants = await this.repo.grantsForReport(d, fund.id);
    return {
      fund: { id: fund.id, name: fund.name, communityName: fund.communityName, matchNum: fund.matchNum, matchDen: fund.matchDen },
      months: months.reverse(),
      totals: await this.books.balances(d, fund.id),
      donors: donations.map((r) => ({
        month: r.donatedOn.slice(0, 7),
        donorName: r.anonymous ? null : r.donorName,
        donorKind: r.donorKind,
        amountFen: Number(r.amountFen),
        matchedFen: Number(r.matchedFen),
        donatedOn: r.donatedOn,
      })),
      aid: grants.map((g) => ({ month: g.month, category: g.category, amountFen: Number(g.amountFen) })),
    };
  }

  /** The trial balance and recent journal entries, for the committee and staff. */
  async ledger(actor: Actor, fundId: string): Promise<FundLedger> {
    const d = actor.districtId;
    const { fund, facts } = await this.visibleFund(actor, fundId);
    if (!canSeeApplications(actor, facts)) throw forbidden('fund.ledger_forbidden', 'the journal is open to the committee and staff; residents read the monthly report');
    const totals = await this.repo.accountTotals(d, fund.id);
    const accounts = FundAccountEnum.options.map((account) => {
      const t = totals.find((x) => x.account === account);
      const debitFen = Number(t?.debit ?? 0);
      const creditFen = Number(t?.credit ?? 0);
      return { account, debitFen, creditFen, balanceFen: DEBIT_NORMAL.has(account) ? debitFen - creditFen : creditFen - debitFen };
    });
    const totalDebitFen = accounts.reduce((n, a) => n + a.debitFen, 0);
    const totalCreditFen = accounts.reduce((n, a) => n + a.creditFen, 0);
    const unbalancedEntries = await this.repo.unbalancedEntries(d, fund.id);
    const entries = await this.repo.journal(d, fund.id, 100);
    const lines = await this.repo.linesOf(d, entries.map((e) => e.id));
    return {
      accounts,
      totalDebitFen,
      totalCreditFen,
      balanced: totalDebitFen === totalCreditFen && unbalancedEntries === 0,
      unbalancedEntries,
      entries: entries.map((e) => ({
        seq: Number(e.seq),
        kind: e.kind,
        entryDate: e.entryDate,
        memo: e.memo,
        lines: lines.filter((l) => l.entryId === e.id).map((l) => ({ account: l.account, debitFen: Number(l.debitFen), creditFen: Number(l.creditFen) })),
      })),
    };
  }

  // --- applications --------------------------------------------------------------------------------

  private summary(r: ApplicationRow): ApplicationSummary {
    return {
      id: r.id,
      number: r.number,
      fundId: r.fundId,
      personName: r.personName,
      category: r.category as ApplicationSummary['category'],
      requestedFen: Number(r.requestedFen),
      recommendedFen: r.recommendedFen === null ? null : Number(r.recommendedFen),
      status: r.status,
      approvals: Number(r.approvals),
      createdAt: r.createdAt.toISOString(),
    };
  }

  /** Why this actor may not decide this application, or null when they may. */
  private async conflictOfInterest(actor: Actor, app: ApplicationRow): Promise<string | null> {
    const own = await this.repo.personOfUser(actor.districtId, actor.userId);
    if (!own) return null;
    if (own.id === app.personId) return 'applicant';
    const households = [app.householdId, app.currentHouseholdId].filter((h): h is string => !!h);
    if (own.householdId && households.includes(own.householdId)) return 'household';
    return null;
  }

  private async visibleApplication(actor: Actor, id: string) {
    const app = await this.repo.application(actor.districtId, id);
    if (!app) throw notFound('application');
    const fund = (await this.repo.fund(actor.districtId, app.fundId))!;
    const facts = await this.facts(actor, fund);
    const own = app.submittedBy === actor.userId || (!!actor.personId && actor.personId === app.personId);
    if (!own && !canSeeApplications(actor, facts)) throw notFound('application');
    return { app, fund, facts, own };
  }

  async application(actor: Actor, id: string): Promise<Application> {
    const d = actor.districtId;
    const { app, fund, facts, own } = await this.visibleApplication(actor, id);
    const [decisions, history, disbursement] = await Promise.all([this.repo.decisions(d, id), this.repo.history(d, id), this.repo.disbursement(d, id)]);
    const keeper = isKeeper(actor, fund.areaPath);
    let blocked: string | null = null;
    if (facts.committeeRole) {
      blocked = await this.conflictOfInterest(actor, app);
      if (!blocked && decisions.some((x) => x.approverId === actor.userId)) blocked = 'already_decided';
    }
    return {
      ...this.summary(app),
      personId: app.personId,
      reason: app.reason,
      submittedByName: app.submittedByName ?? '',
      reviewedByName: app.reviewedByName ?? null,
      decisions: decisions.map((x) => ({ approverId: x.approverId, approverName: x.approverName, decision: x.decision, note: x.note, createdAt: x.createdAt.toISOString() })),
      disbursement: disbursement ? { amountFen: Number(disbursement.amountFen), paidOn: disbursement.paidOn, method: disbursement.method, reference: disbursement.reference } : null,
      history: history.map((h) => ({ from: h.fromStatus, to: h.toStatus, actorName: h.actorName, note: h.note, at: h.at.toISOString() })),
      my: {
        canReview: keeper && app.status === 'submitted',
        canDecide: !!facts.committeeRole && app.status === 'reviewed' && !blocked,
        canDisburse: keeper && app.status === 'approved',
        canWithdraw: own && (app.status === 'submitted' || app.status === 'reviewed'),
        decideBlockedReason: facts.committeeRole && app.status === 'reviewed' ? blocked : null,
      },
    };
  }

  async applications(actor: Actor, fundId: string, query: { status?: ApplicationStatus; page: number; pageSize: number }) {
    const d = actor.districtId;
    const { fund, facts } = await this.visibleFund(actor, fundId);
    const all = canSeeApplications(actor, facts);
    const { items, total } = await this.repo.applications(d, fund.id, { status: query.status, onlyFor: all ? undefined : { userId: actor.userId, personId: actor.personId } }, query.page, query.pageSize);
    return { items: items.map((r) => this.summary(r)), total, page: query.page, pageSize: query.pageSize };
  }

  async apply(actor: Actor, fundId: string, input: z.infer<typeof CreateApplication>): Promise<Application> {
    const d = actor.districtId;
    const { fund, facts } = await this.visibleFund(actor, fundId);
    if (fund.status !== 'active') throw conflict('fund.closed', 'this fund is closed');
    const personId = input.personId ?? actor.personId;
    if (!personId) throw fieldError('personId', 'name the resident in difficulty');
    const forSelf = personId === actor.personId && facts.residentCommunityPath === fund.areaPath;
    if (!forSelf && !canApplyFor(actor, fund.areaPath)) throw forbidden('application.forbidden', 'residents apply for themselves; community staff and grid workers apply for residents');
    const id = crypto.randomUUID();
    await this.ctx.db.tx(async (q) => {
      const person = await this.repo.person(d, personId);
      if (!person || person.status !== 'active' || communityPathOf(person.areaPath) !== fund.areaPath) throw fieldError('personId', 'no such resident in this community');
      const open = await q
        .selectFrom('fundApplications')
        .select('id')
        .where('districtId', '=', d)
        .where('personId', '=', personId)
        .where('status', 'in', ['submitted', 'reviewed', 'approved'])
        .executeTakeFirst();
      if (open) throw conflict('application.open_exists', 'this resident already has an application in progress');
      const seq = await this.repo.nextApplicationNumber();
      const number = `HZ${chinaToday().slice(0, 7).replace('-', '')}${String(seq).padStart(5, '0')}`;
      await q
        .insertInto('fundApplications')
        .values({ districtId: d, id, fundId: fund.id, number, personId, householdId: person.householdId, category: input.category, reason: input.reason, requestedFen: input.requestedFen, status: 'submitted', submittedBy: actor.userId })
        .execute();
      await this.history(d, id, null, 'submitted', actor, '');
      await audit(this.ctx.db, actor, d, { action: 'application.submit', entityType: 'fund_application', entityId: id, areaPath: fund.areaPath, details: { number, requestedFen: input.requestedFen, category: input.category } });
      this.published(d, fund, 'application');
    });
    return this.application(actor, id);
  }

  private async history(districtId: string, applicationId: string, from: string | null, to: string, actor: Actor, note: string) {
    await this.ctx.db.q.insertInto('fundApplicationHistory').values({ districtId, applicationId, fromStatus: from, toStatus: to, actorId: actor.userId, actorName: actor.displayName, note }).execute();
  }

  /**
   * Every change of an application runs here: the fund row is locked first (the order every money
   * movement uses, so no two transactions wait on each other crosswise), then the application.
   */
  private async change<T>(actor: Actor, id: string, action: ApplicationAction, fn: (app: ApplicationRow, fund: FundRow) => Promise<T>): Promise<T> {
    const d = actor.districtId;
    return this.ctx.db.tx(async () => {
      const { app: seen } = await this.visibleApplication(actor, id);
      await this.repo.lockFund(d, seen.fundId);
      await this.repo.lockApplication(d, id);
      const app = (await this.repo.application(d, id))!;
      const fund = (await this.repo.fund(d, app.fundId))!;
      if (!transitionFor(app.status, action)) {
        if (CLOSED_APPLICATION_STATUSES.includes(app.status)) throw conflict('application.closed', `this application is ${app.status}`);
        throw conflict('application.wrong_state', `cannot ${action} an application that is ${app.status}`);
      }
      return fn(app, fund);
    });
  }

  async review(actor: Actor, id: string, input: z.infer<typeof ReviewApplication>): Promise<Application> {
    const d = actor.districtId;
    await this.change(actor, id, input.decision === 'forward' ? 'forward' : 'reject_review', async (app, fund) => {
      requireKeeper(actor, fund.areaPath, 'application.review_forbidden');
      if (input.recommendedFen !== undefined && input.recommendedFen > Number(app.requestedFen)) throw fieldError('recommendedFen', 'must not exceed the amount requested');
      const to = input.decision === 'forward' ? 'reviewed' : 'rejected';
      await this.ctx.db.q
        .updateTable('fundApplications')
        .set({ status: to, recommendedFen: input.decision === 'forward' ? input.recommendedFen! : null, reviewedBy: actor.userId, reviewedAt: new Date(), updatedAt: new Date() })
        .where('districtId', '=', d)
        .where('id', '=', id)
        .execute();
      await this.history(d, id, app.status, to, actor, input.note);
      await audit(this.ctx.db, actor, d, { action: `application.${input.decision === 'forward' ? 'forward' : 'reject'}`, entityType: 'fund_application', entityId: id, areaPath: fund.areaPath, details: { recommendedFen: input.recommendedFen ?? null } });
      if (to === 'reviewed') {
        const members = (await this.repo.committee(d, fund.id)).map((m) => m.userId).filter((u) => u !== actor.userId);
        await this.ctx.notifier.notify(d, members, { kind: 'fund.review', title: `互助申请 ${app.number} 待委员会审批（${yuan(input.recommendedFen!)}）`, link: `/funds/${fund.id}?application=${id}` });
      } else await this.notifySubmitter(app, `您提交的互助申请 ${app.number} 未获社区受理`);
      this.published(d, fund, 'application');
    });
    return this.application(actor, id);
  }

  /**
   * A committee member's decision. The second approval by a different member approves the
   * application and posts the grant, if the fund's available cash covers it; one rejection closes it.
   */
  async decide(actor: Actor, id: string, input: z.infer<typeof DecideApplication>): Promise<Application> {
    const d = actor.districtId;
    await this.change(actor, id, input.decision, async (app, fund) => {
      const role = await this.repo.committeeRole(d, fund.id, actor.userId);
      if (!role) throw forbidden('application.not_committee', 'only members of the fund committee approve applications');
      const blocked = await this.conflictOfInterest(actor, app);
      if (blocked === 'applicant') throw forbidden('application.approver_is_applicant', 'an applicant may not decide their own application');
      if (blocked === 'household') throw forbidden('application.approver_in_household', 'a member of the applicant\'s household may not decide the application');
      const decisions = await this.repo.decisions(d, id);
      if (decisions.some((x) => x.approverId === actor.userId)) throw conflict('application.already_decided_by_you', 'you have already decided this application; a second approver must be someone else');
      await this.ctx.db.q.insertInto('fundApplicationApprovals').values({ districtId: d, applicationId: id, approverId: actor.userId, decision: input.decision, note: input.note }).execute();
      await audit(this.ctx.db, actor, d, { action: `application.${input.decision}`, entityType: 'fund_application', entityId: id, areaPath: fund.areaPath, details: { note: input.note } });
      if (input.decision === 'reject') {
        await this.setStatus(app, 'rejected', actor, input.note);
        await this.notifySubmitter(app, `您提交的互助申请 ${app.number} 未获批准`);
      } else {
        const approvers = new Set([...decisions.filter((x) => x.decision === 'approve').map((x) => x.approverId), actor.userId]);
        if (approvers.size >= APPROVALS_NEEDED) {
          const amount = Number(app.recommendedFen);
          const { availableFen } = await this.books.balances(d, fund.id);
          if (amount > availableFen) {
            throw new AppError('fund.insufficient_balance', 'conflict', `the fund has ${yuan(availableFen)} available; this grant needs ${yuan(amount)}`);
          }
          await this.books.post(d, fund.id, 'grant', app.id, chinaToday(), `互助 ${app.number}`, actor.userId, [
            ['aid_granted', amount, 0],
            ['aid_payable', 0, amount],
          ]);
          await this.setStatus(app, 'approved', actor, input.note);
          await this.notifySubmitter(app, `您提交的互助申请 ${app.number} 已获批准：${yuan(amount)}`);
        }
      }
      this.published(d, fund, 'application');
    });
    return this.application(actor, id);
  }

  async disburse(actor: Actor, id: string, input: z.infer<typeof Disburse>): Promise<Application> {
    const d = actor.districtId;
    if (input.paidOn > chinaToday()) throw fieldError('paidOn', 'is in the future');
    await this.change(actor, id, 'disburse', async (app, fund) => {
      requireKeeper(actor, fund.areaPath, 'application.disburse_forbidden');
      const amount = Number(app.recommendedFen);
      const { cashFen } = await this.books.balances(d, fund.id);
      if (amount > cashFen) throw new AppError('fund.insufficient_cash', 'conflict', `the fund holds ${yuan(cashFen)}; this payment needs ${yuan(amount)}`);
      const disbursementId = crypto.randomUUID();
      await this.ctx.db.q
        .insertInto('fundDisbursements')
        .values({ districtId: d, id: disbursementId, fundId: fund.id, applicationId: app.id, amountFen: amount, paidOn: input.paidOn, method: input.method, reference: input.reference, recordedBy: actor.userId })
        .execute();
      await this.books.post(d, fund.id, 'disbursement', disbursementId, input.paidOn, `支付 ${app.number}`, actor.userId, [
        ['aid_payable', amount, 0],
        ['cash', 0, amount],
      ]);
      await this.setStatus(app, 'disbursed', actor, input.reference);
      await audit(this.ctx.db, actor, d, { action: 'application.disburse', entityType: 'fund_application', entityId: id, areaPath: fund.areaPath, details: { amountFen: amount, method: input.method } });
      await this.notifySubmitter(app, `互助申请 ${app.number} 的 ${yuan(amount)} 已发放`);
      this.published(d, fund, 'disbursement');
    });
    return this.application(actor, id);
  }

  async withdraw(actor: Actor, id: string): Promise<Application> {
    await this.change(actor, id, 'withdraw', async (app, fund) => {
      const own = app.submittedBy === actor.userId || (!!actor.personId && actor.personId === app.personId);
      if (!own) throw forbidden('application.withdraw_forbidden', 'only the applicant or whoever submitted it withdraws an application');
      await this.setStatus(app, 'withdrawn', actor, '');
      await audit(this.ctx.db, actor, actor.districtId, { action: 'application.withdraw', entityType: 'fund_application', entityId: id, areaPath: fund.areaPath });
      this.published(actor.districtId, fund, 'application');
    });
    return this.application(actor, id);
  }

  private async setStatus(app: ApplicationRow, to: ApplicationStatus, actor: Actor, note: string) {
    await this.ctx.db.q.updateTable('fundApplications').set({ status: to, updatedAt: new Date() }).where('districtId', '=', app.districtId).where('id', '=', app.id).execute();
    await this.history(app.districtId, app.id, app.status, to, actor, note);
  }

  private async notifySubmitter(app: ApplicationRow, title: string) {
    await this.ctx.notifier.notify(app.districtId, [app.submittedBy], { kind: 'fund.application', title, link: `/funds/${app.fundId}?application=${app.id}` });
  }
}

function nextMonth(m: string): string {
  const [y, mo] = m.split('-').map(Number) as [number, number];
  return mo === 12 ? `${y + 1}-01` : `${y}-${String(mo + 1).padStart(2, '0')}`;
}
