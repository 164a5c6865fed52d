// The fund's books: every money movement as one balanced double-entry journal entry in integer
// fen, taken under the fund's row lock. The service calls these after its policy checks; the demo
// seeder calls them directly so demo figures obey the same rules.
import crypto from 'node:crypto';
import type { FundAccount, FundBalances } from '@linli/contracts';
import type { Database } from '../../platform/db/database.ts';
import { AppError, conflict } from '../../platform/errors.ts';
import { FundsRepository, type JournalLine } from './repository.ts';

export interface DonationInput {
  donorKind: 'person' | 'organisation';
  donorName: string;
  donorPersonId?: string | null;
  donorOrgId?: string | null;
  anonymous: boolean;
  amountFen: number;
  donatedOn: string;
  receiptNo: string;
  note: string;
}

/** The charity's match for a donation: amount x num / den, rounded down to the fen, exactly. */
export function matchFor(amountFen: number, num: number, den: number): number {
  return Number((BigInt(amountFen) * BigInt(num)) / BigInt(den));
}

export function periodOf(day: string, capPeriod: 'year' | 'month'): string {
  return capPeriod === 'year' ? day.slice(0, 4) : day.slice(0, 7);
}

export class FundBooks {
  readonly repo: FundsRepository;
  constructor(private readonly db: Database) {
    this.repo = new FundsRepository(db);
  }

  /** Post an entry after checking, in code as the database does at commit, that it balances. */
  async post(districtId: string, fundId: string, kind: 'donation' | 'match' | 'grant' | 'disbursement', refId: string, entryDate: string, memo: string, createdBy: string | null, lines: JournalLine[]) {
    const debits = lines.reduce((n, l) => n + l[1], 0);
    const credits = lines.reduce((n, l) => n + l[2], 0);
    if (lines.length < 2 || debits !== credits || lines.some((l) => !Number.isSafeInteger(l[1]) || !Number.isSafeInteger(l[2]))) {
      throw new AppError('fund.ledger_unbalanced', 'unprocessable', `a ${kind} entry must balance (debits ${debits}, credits ${credits})`);
    }
    await this.repo.post({ districtId, id: crypto.randomUUID(), fundId, kind, refId, entryDate, memo, createdBy }, lines);
  }

  /**
   * Record a donation and the charity's match under the fund's lock: the match is the ratio of the
   * donation, limited by what is left of the period's cap.
   */
  async donate(districtId: string, fundId: string, input: DonationInput, recordedBy: string | null) {
    return this.db.tx(async (q) => {
      await this.repo.lockFund(districtId, fundId);
      const fund = (await this.repo.fund(districtId, fundId))!;
      if (fund.status !== 'active') throw conflict('fund.closed', 'this fund is closed');
      if (await this.repo.donationByReceipt(districtId, input.receiptNo)) {
        throw new AppError('donation.duplicate_receipt', 'conflict', 'a donation with this receipt number is already recorded', [{ path: 'receiptNo', message: 'already recorded' }]);
      }
      const period = periodOf(input.donatedOn, fund.capPeriod);
      const used = await this.repo.matchUsed(districtId, fundId, period);
      const matched = Math.max(0, Math.min(matchFor(input.amountFen, fund.matchNum, fund.matchDen), fund.matchCapFen - used));
      const id = crypto.randomUUID();
      await q
        .insertInto('fundDonations')
        .values({
          districtId,
          id,
          fundId,
          donorKind: input.donorKind,
          donorName: input.donorName,
          donorPersonId: input.donorPersonId ?? null,
          donorOrgId: input.donorOrgId ?? null,
          anonymous: input.anonymous,
          amountFen: input.amountFen,
          matchedFen: matched,
          matchPeriod: period,
          donatedOn: input.donatedOn,
          receiptNo: input.receiptNo,
          note: input.note,
          recordedBy,
        })
        .execute();
      await this.post(districtId, fundId, 'donation', id, input.donatedOn, `捐赠 ${input.receiptNo}`, recordedBy, [
        ['cash', input.amountFen, 0],
        ['donations_received', 0, input.amountFen],
      ]);
      if (matched > 0) {
        await this.post(districtId, fundId, 'match', id, input.donatedOn, `慈善会配捐 ${input.receiptNo}`, recordedBy, [
          ['cash', matched, 0],
          ['charity_match', 0, matched],
        ]);
      }
      return { id, matched, period, fund };
    });
  }

  /** Balances from the journal (the only source of figures). */
  async balances(districtId: string, fundId: string): Promise<FundBalances> {
    return balancesFrom(await this.repo.accountTotals(districtId, fundId));
  }
}

/** A fund's figures from its debits and credits per account. */
export function balancesFrom(rows: readonly { account: FundAccount; debit: number; credit: number }[]): FundBalances {
  const totals = new Map<FundAccount, { debit: number; credit: number }>();
  for (const r of rows) totals.set(r.account, { debit: Number(r.debit), credit: Number(r.credit) });
  const t = (a: FundAccount) => totals.get(a) ?? { debit: 0, credit: 0 };
  const cash = t('cash').debit - t('cash').credit;
  const payable = t('aid_payable').credit - t('aid_payable').debit;
  return {
    donatedFen: t('donations_received').credit - t('donations_received').debit,
    matchedFen: t('charity_match').credit - t('charity_match').debit,
    grantedFen: t('aid_granted').debit - t('aid_granted').credit,
    paidOutFen: t('aid_payable').debit,
    cashFen: cash,
    payableFen: payable,
    availableFen: cash - payable,
  };
}
