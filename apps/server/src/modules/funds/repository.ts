// Queries over funds, committees, donations, applications and the double-entry journal. Money
// movements lock the fund row first (lockFund), so concurrent donations and approvals of one fund
// are applied one after the other and every check sees the figures the last one left.
import { type SqlBool, sql } from 'kysely';
import type { FundAccount } from '@linli/contracts';
import type { Database } from '../../platform/db/database.ts';
import { type Scope, scopeWhere } from '../../platform/auth/scope.ts';
import type { FundJournalEntriesTable } from './tables.ts';
import './tables.ts';

export type JournalLine = readonly [account: FundAccount, debitFen: number, creditFen: number];

export class FundsRepository {
  constructor(private readonly db: Database) {}

  // --- places and people --------------------------------------------------------------------------

  area(districtId: string, id: string) {
    return this.db.q.selectFrom('areas').select(['id', 'level', 'name', 'path']).where('districtId', '=', districtId).where('id', '=', id).executeTakeFirst();
  }

  person(districtId: string, id: string) {
    return this.db.q.selectFrom('persons').select(['id', 'name', 'areaPath', 'householdId', 'status']).where('districtId', '=', districtId).where('id', '=', id).executeTakeFirst();
  }

  /** The resident record behind an account, if any, with its household. */
  async personOfUser(districtId: string, userId: string) {
    return this.db.q
      .selectFrom('users as u')
      .innerJoin('persons as p', (j) => j.onRef('p.districtId', '=', 'u.districtId').onRef('p.id', '=', 'u.personId'))
      .select(['p.id', 'p.householdId', 'p.areaPath'])
      .where('u.districtId', '=', districtId)
      .where('u.id', '=', userId)
      .executeTakeFirst();
  }

  userByName(username: string) {
    return this.db.q.selectFrom('users').select(['id', 'districtId', 'username', 'displayName', 'status']).where('username', '=', username).executeTakeFirst();
  }

  charity(districtId: string) {
    return this.db.q.selectFrom('organisations').select(['id', 'name']).where('districtId', '=', districtId).where('kind', '=', 'charity').orderBy('code').executeTakeFirst();
  }

  // --- funds --------------------------------------------------------------------------------------

  private fundBase(districtId: string) {
    return this.db.q
      .selectFrom('mutualAidFunds as f')
      .innerJoin('areas as a', (j) => j.onRef('a.districtId', '=', 'f.districtId').onRef('a.id', '=', 'f.communityId'))
      .where('f.districtId', '=', districtId)
      .selectAll('f')
      .select('a.name as communityName');
  }

  fund(districtId: string, id: string) {
    return this.fundBase(districtId).where('f.id', '=', id).executeTakeFirst();
  }

  fundOfCommunity(districtId: string, communityId: string) {
    return this.fundBase(districtId).where('f.communityId', '=', communityId).executeTakeFirst();
  }

  /** Funds in the staff scope, on whose committee the user sits, or of the resident's community. */
  funds(districtId: string, scope: Scope, userId: string, residentCommunityPath: string | null, areaPath?: string) {
    const ors = [
      scopeWhere(scope, { path: 'f.areaPath' }),
      sql<SqlBool>`exists (select 1 from fund_committee_members c where c.district_id = f.district_id and c.fund_id = f.id and c.user_id = ${userId})`,
      ...(residentCommunityPath ? [sql<SqlBool>`f.area_path = ${residentCommunityPath}`] : []),
    ];
    let q = this.fundBase(districtId).where(sql<SqlBool>`(${sql.join(ors, sql` or `)})`);
    if (areaPath) q = q.where('f.areaPath', 'like', `${areaPath}%`);
    return q.orderBy('f.areaPath').limit(500).execute();
  }

  /** Lock the fund's row for the rest of the transaction: one money movement at a time per fund. */
  async lockFund(districtId: string, id: string) {
    await sql`select 1 from mutual_aid_funds where district_id = ${districtId} and id = ${id} for update`.execute(this.db.q);
  }

  committeeRole(districtId: string, fundId: string, userId: string) {
    return this.db.q
      .selectFrom('fundCommitteeMembers')
      .select('role')
      .where('districtId', '=', districtId)
      .where('fundId', '=', fundId)
      .where('userId', '=', userId)
      .executeTakeFirst()
      .then((r) => r?.role ?? null);
  }

  committee(districtId: string, fundId: string) {
    return this.db.q
      .selectFrom('fundCommitteeMembers as c')
      .innerJoin('users as u', 'u.id', 'c.userId')
      .select(['c.userId', 'u.username', 'u.displayName', 'c.role'])
      .where('c.districtId', '=', districtId)
      .where('c.fundId', '=', fundId)
      .orderBy('c.role')
      .orderBy('u.displayName')
      .execute();
  }

  // --- the journal --------------------------------------------------------------------------------

  /** Post one balanced journal entry; the database refuses at commit any entry that does not balance. */
  async post(entry: Omit<FundJournalEntriesTable, 'seq' | 'createdAt' | 'memo'> & { memo: string }, lines: readonly JournalLine[]) {
    await this.db.q.insertInto('fundJournalEntries').values(entry).execute();
    await this.db.q
      .insertInto('fundJournalLines')
      .values(lines.map(([account, debitFen, creditFen], i) => ({ districtId: entry.districtId, entryId: entry.id, lineNo: i + 1, fundId: entry.fundId, account, debitFen, creditFen })))
      .execute();
  }

  /** Debits and credits per account for one fund. */
  accountTotals(districtId: string, fundId: string) {
    return this.db.q
      .selectFrom('fundJournalLines')
      .select(['account', sql<number>`coalesce(sum(debit_fen), 0)`.as('debit'), sql<number>`coalesce(sum(credit_fen), 0)`.as('credit')])
      .where('districtId', '=', districtId)
      .where('fundId', '=', fundId)
      .groupBy('account')
      .execute();
  }

  /** Debits and credits per fund and account, for many funds at once. */
  accountTotalsOf(districtId: string, fundIds: string[]) {
    if (!fundIds.length) return Promise.resolve([]);
    return this.db.q
      .selectFrom('fundJournalLines')
      .select(['fundId', 'account', sql<number>`coalesce(sum(debit_fen), 0)`.as('debit'), sql<number>`coalesce(sum(credit_fen), 0)`.as('credit')])
      .where('districtId', '=', districtId)
      .where('fundId', 'in', fundIds)
      .groupBy(['fundId', 'account'])
      .execute();
  }

  /** Match used per fund and period, for many funds at once. */
  matchUsedOf(districtId: string, fundIds: string[], periods: string[]) {
    if (!fundIds.length) return Promise.resolve([]);
    return this.db.q
      .selectFrom('fundDonations')
      .select(['fundId', 'matchPeriod', sql<number>`coalesce(sum(matched_fen), 0)`.as('n')])
      .where('districtId', '=', districtId)
      .where('fundId', 'in', fundIds)
      .where('matchPeriod', 'in', periods)
      .groupBy(['fundId', 'matchPeriod'])
      .execute();
  }

  committeeRolesOf(districtId: string, userId: string) {
    return this.db.q.selectFrom('fundCommitteeMembers').select(['fundId', 'role']).where('districtId', '=', districtId).where('userId', '=', userId).execute();
  }

  /** Per month and account, with the entry kind (to tell paying out from other cash movements). */
  monthly(districtId: string, fundId: string) {
    return this.db.q
      .selectFrom('fundJournalLines as l')
      .innerJoin('fundJournalEntries as e', (j) => j.onRef('e.districtId', '=', 'l.districtId').onRef('e.id', '=', 'l.entryId'))
      .select([sql<string>`to_char(e.entry_date, 'YYYY-MM')`.as('month'), 'e.kind', 'l.account', sql<number>`sum(l.debit_fen)`.as('debit'), sql<number>`sum(l.credit_fen)`.as('credit'), sql<number>`count(distinct e.id)`.as('entries')])
      .where('l.districtId', '=', districtId)
      .where('l.fundId', '=', fundId)
      .groupBy([sql`to_char(e.entry_date, 'YYYY-MM')`, 'e.kind', 'l.account'])
      .execute();
  }

  journal(districtId: string, fundId: string, limit: number) {
    return this.db.q
      .selectFrom('fundJournalEntries as e')
      .select(['e.id', 'e.seq', 'e.kind', 'e.entryDate', 'e.memo'])
      .where('e.districtId', '=', districtId)
      .where('e.fundId', '=', fundId)
      .orderBy('e.seq', 'desc')
      .limit(limit)
      .execute();
  }

  linesOf(districtId: string, entryIds: string[]) {
    if (!entryIds.length) return Promise.resolve([]);
    return this.db.q
      .selectFrom('fundJournalLines')
      .select(['entryId', 'lineNo', 'account', 'debitFen', 'creditFen'])
      .where('districtId', '=', districtId)
      .where('entryId', 'in', entryIds)
      .orderBy('lineNo')
      .execute();
  }

  /** Entries of the fund whose debits and credits differ (there should be none). */
  async unbalancedEntries(districtId: string, fundId: string): Promise<number> {
    const { rows } = await sql<{ n: number }>`
      select count(*) as n from (
        select e.id from fund_journal_entries e
        left join fund_journal_lines l on l.district_id = e.district_id and l.entry_id = e.id
        where e.district_id = ${districtId} and e.fund_id = ${fundId}
        group by e.id
        having coalesce(sum(l.debit_fen), 0) <> coalesce(sum(l.credit_fen), 0) or count(l.line_no) < 2
      ) x`.execute(this.db.q);
    return Number(rows[0]?.n ?? 0);
  }

  // --- donations ----------------------------------------------------------------------------------

  matchUsed(districtId: string, fundId: string, period: string) {
    return this.db.q
      .selectFrom('fundDonations')
      .select(sql<number>`coalesce(sum(matched_fen), 0)`.as('n'))
      .where('districtId', '=', districtId)
      .where('fundId', '=', fundId)
      .where('matchPeriod', '=', period)
      .executeTakeFirstOrThrow()
      .then((r) => Number(r.n));
  }

  donationByReceipt(districtId: string, receiptNo: string) {
    return this.db.q.selectFrom('fundDonations').select(['id', 'fundId']).where('districtId', '=', districtId).where('receiptNo', '=', receiptNo).executeTakeFirst();
  }

  donation(districtId: string, id: string) {
    return this.db.q.selectFrom('fundDonations').selectAll().where('districtId', '=', districtId).where('id', '=', id).executeTakeFirst();
  }

  donations(districtId: string, fundId: string, limit: number) {
    return this.db.q.selectFrom('fundDonations').selectAll().where('districtId', '=', districtId).where('fundId', '=', fundId).orderBy('donatedOn', 'desc').orderBy('createdAt', 'desc').limit(limit).execute();
  }

  // --- applications -------------------------------------------------------------------------------

  async nextApplicationNumber(): Promise<number> {
    const { rows } = await sql<{ n: number }>`select nextval('fund_application_seq') as n`.execute(this.db.q);
    return Number(rows[0]!.n);
  }

  private applicationBase(districtId: string) {
    return this.db.q
      .selectFrom('fundApplications as a')
      .innerJoin('persons as p', (j) => j.onRef('p.districtId', '=', 'a.districtId').onRef('p.id', '=', 'a.personId'))
      .leftJoin('users as s', 's.id', 'a.submittedBy')
      .leftJoin('users as r', 'r.id', 'a.reviewedBy')
      .where('a.districtId', '=', districtId)
      .selectAll('a')
      .select([
        'p.name as personName',
        'p.householdId as currentHouseholdId',
        's.displayName as submittedByName',
        'r.displayName as reviewedByName',
        sql<number>`(select count(*) from fund_application_approvals x where x.district_id = a.district_id and x.application_id = a.id and x.decision = 'approve')`.as('approvals'),
      ]);
  }

  application(districtId: string, id: string) {
    return this.applicationBase(districtId).where('a.id', '=', id).executeTakeFirst();
  }

  async lockApplication(districtId: string, id: string) {
    await sql`select 1 from fund_applications where district_id = ${districtId} and id = ${id} for update`.execute(this.db.q);
  }

  async applications(districtId: string, fundId: string, filter: { status?: string; onlyFor?: { userId: string; personId: string | null } }, page: number, pageSize: number) {
    let q = this.applicationBase(districtId).where('a.fundId', '=', fundId);
    if (filter.status) q = q.where('a.status', '=', filter.status as 'submitted');
    if (filter.onlyFor) {
      const { userId, personId } = filter.onlyFor;
      q = q.where((eb) => eb.or([eb('a.submittedBy', '=', userId), ...(personId ? [eb('a.personId', '=', personId)] : [])]));
    }
    const [items, total] = await Promise.all([
      q.orderBy('a.createdAt', 'desc').limit(pageSize).offset((page - 1) * pageSize).execute(),
      q.clearSelect().select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { items, total: Number(total.n) };
  }

  decisions(districtId: string, applicationId: string) {
    return this.db.q
      .selectFrom('fundApplicationApprovals as x')
      .innerJoin('users as u', 'u.id', 'x.approverId')
      .select(['x.approverId', 'u.displayName as approverName', 'x.decision', 'x.note', 'x.createdAt'])
      .where('x.districtId', '=', districtId)
      .where('x.applicationId', '=', applicationId)
      .orderBy('x.createdAt')
      .execute();
  }

  history(districtId: string, applicationId: string) {
    return this.db.q
      .selectFrom('fundApplicationHistory')
      .select(['fromStatus', 'toStatus', 'actorName', 'note', 'at'])
      .where('districtId', '=', districtId)
      .where('applicationId', '=', applicationId)
      .orderBy('id')
      .execute();
  }

  disbursement(districtId: string, applicationId: string) {
    return this.db.q.selectFrom('fundDisbursements').select(['amountFen', 'paidOn', 'method', 'reference']).where('districtId', '=', districtId).where('applicationId', '=', applicationId).executeTakeFirst();
  }

  /** Grants per month and category for the public report: amounts only, no one named. */
  grantsForReport(districtId: string, fundId: string) {
    return this.db.q
      .selectFrom('fundJournalEntries as e')
      .innerJoin('fundApplications as a', (j) => j.onRef('a.districtId', '=', 'e.districtId').onRef('a.id', '=', 'e.refId'))
      .innerJoin('fundJournalLines as l', (j) => j.onRef('l.districtId', '=', 'e.districtId').onRef('l.entryId', '=', 'e.id'))
      .select([sql<string>`to_char(e.entry_date, 'YYYY-MM')`.as('month'), 'a.category', 'l.debitFen as amountFen', 'e.seq'])
      .where('e.districtId', '=', districtId)
      .where('e.fundId', '=', fundId)
      .where('e.kind', '=', 'grant')
      .where('l.account', '=', 'aid_granted')
      .orderBy('e.seq', 'desc')
      .limit(200)
      .execute();
  }
}
