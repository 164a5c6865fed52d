// Kysely types of the mutual-aid fund tables (migrations/0007_participation.sql), added to the
// shared Schema by module augmentation.
import type { Generated } from 'kysely';

export interface MutualAidFundsTable {
  districtId: string;
  id: string;
  communityId: string;
  areaPath: string;
  name: string;
  charityOrgId: string | null;
  matchNum: Generated<number>;
  matchDen: Generated<number>;
  matchCapFen: Generated<number>;
  capPeriod: Generated<'year' | 'month'>;
  status: Generated<'active' | 'closed'>;
  createdAt: Generated<Date>;
  updatedAt: Generated<Date>;
}

export interface FundCommitteeMembersTable {
  districtId: string;
  fundId: string;
  userId: string;
  role: Generated<'chair' | 'member'>;
  addedBy: string | null;
  createdAt: Generated<Date>;
}

export interface FundDonationsTable {
  districtId: string;
  id: string;
  fundId: string;
  donorKind: 'person' | 'organisation';
  donorName: string;
  donorPersonId: string | null;
  donorOrgId: string | null;
  anonymous: Generated<boolean>;
  amountFen: number;
  matchedFen: number;
  matchPeriod: string;
  donatedOn: string;
  receiptNo: string;
  note: Generated<string>;
  recordedBy: string | null;
  createdAt: Generated<Date>;
}

export interface FundApplicationsTable {
  districtId: string;
  id: string;
  fundId: string;
  number: string;
  personId: string;
  householdId: string | null;
  category: string;
  reason: string;
  requestedFen: number;
  recommendedFen: number | null;
  status: 'submitted' | 'reviewed' | 'approved' | 'disbursed' | 'rejected' | 'withdrawn';
  submittedBy: string;
  reviewedBy: string | null;
  reviewedAt: Date | null;
  createdAt: Generated<Date>;
  updatedAt: Generated<Date>;
}

export interface FundApplicationApprovalsTable {
  districtId: string;
  applicationId: string;
  approverId: string;
  decision: 'approve' | 'reject';
  note: Generated<string>;
  createdAt: Generated<Date>;
}

export interface FundApplicationHistoryTable {
  districtId: string;
  id: Generated<number>;
  applicationId: string;
  fromStatus: string | null;
  toStatus: string;
  actorId: string | null;
  actorName: string;
  note: Generated<string>;
  at: Generated<Date>;
}

export interface FundDisbursementsTable {
  districtId: string;
  id: string;
  fundId: string;
  applicationId: string;
  amountFen: number;
  paidOn: string;
  method: 'bank_transfer' | 'cash' | 'in_kind';
  reference: Generated<string>;
  recordedBy: string | null;
  createdAt: Generated<Date>;
}

export interface FundJournalEntriesTable {
  districtId: string;
  id: string;
  fundId: string;
  seq: Generated<number>;
  kind: 'donation' | 'match' | 'grant' | 'disbursement';
  refId: string;
  entryDate: string;
  memo: Generated<string>;
  createdBy: string | null;
  createdAt: Generated<Date>;
}

export interface FundJournalLinesTable {
  districtId: string;
  entryId: string;
  lineNo: number;
  fundId: string;
  account: 'cash' | 'donations_received' | 'charity_match' | 'aid_granted' | 'aid_payable';
  debitFen: Generated<number>;
  creditFen: Generated<number>;
}

declare module '../../platform/db/schema.ts' {
  interface Schema {
    mutualAidFunds: MutualAidFundsTable;
    fundCommitteeMembers: FundCommitteeMembersTable;
    fundDonations: FundDonationsTable;
    fundApplications: FundApplicationsTable;
    fundApplicationApprovals: FundApplicationApprovalsTable;
    fundApplicationHistory: FundApplicationHistoryTable;
    fundDisbursements: FundDisbursementsTable;
    fundJournalEntries: FundJournalEntriesTable;
    fundJournalLines: FundJournalLinesTable;
  }
}
