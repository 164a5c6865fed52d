// The states of an application for help and who moves it: the community reviews, two different
// committee members approve (the first approval leaves it 'reviewed'), the community pays out.
import type { ApplicationStatus } from '@linli/contracts';

export type ApplicationAction = 'forward' | 'reject_review' | 'approve' | 'reject' | 'disburse' | 'withdraw';
export type ApplicationParty = 'reviewer' | 'approver' | 'applicant';

export interface ApplicationTransition {
  from: ApplicationStatus;
  action: ApplicationAction;
  to: ApplicationStatus;
  by: ApplicationParty;
}

export const APPLICATION_TRANSITIONS: readonly ApplicationTransition[] = [
  { from: 'submitted', action: 'forward', to: 'reviewed', by: 'reviewer' },
  { from: 'submitted', action: 'reject_review', to: 'rejected', by: 'reviewer' },
  // 'approve' moves to 'approved' on the second approval by a different member; the first stays 'reviewed'.
  { from: 'reviewed', action: 'approve', to: 'approved', by: 'approver' },
  { from: 'reviewed', action: 'reject', to: 'rejected', by: 'approver' },
  { from: 'approved', action: 'disburse', to: 'disbursed', by: 'reviewer' },
  { from: 'submitted', action: 'withdraw', to: 'withdrawn', by: 'applicant' },
  { from: 'reviewed', action: 'withdraw', to: 'withdrawn', by: 'applicant' },
];

/** Approvals needed, each from a different committee member. */
export const APPROVALS_NEEDED = 2;

export function transitionFor(from: ApplicationStatus, action: ApplicationAction): ApplicationTransition | undefined {
  return APPLICATION_TRANSITIONS.find((t) => t.from === from && t.action === action);
}
