// The case state machine, written down: every allowed transition, the parties who may take it and
// whether it needs a note. Anything not in this table is refused. The parties a user holds for a
// given case come from policy.ts (partiesFor).
//
//   reported --file--> filed --dispatch--> dispatched --accept--> accepted --start--> in_progress
//      |                 |  ^                   |  \                 |                  |   ^
//      |                 |  '-----return--------'   '--reassign--.   |                handle |
//      '--reject/merge---'  '-----return-------------------------|---'                  v   |
//                                                                v                   handled |
//                                                  dispatched (other dept)      verify_pass | verify_fail
//                                                                                      v     '
//                                                                                   closed --reopen--> in_progress
import type { CaseAction, CaseStatus } from '@linli/contracts';

/**
 * dispatcher: community staff (their community), street officials (their street), district
 *             officials and hotline operators (the district);
 * department: staff of the department the case is dispatched to;
 * grid_worker: the grid worker of the case's grid;
 * reporter:   the user who reported the case.
 */
export type Party = 'dispatcher' | 'department' | 'grid_worker' | 'reporter';
export const PARTIES: readonly Party[] = ['dispatcher', 'department', 'grid_worker', 'reporter'];

export interface Transition {
  action: CaseAction;
  from: readonly CaseStatus[];
  to: CaseStatus;
  by: readonly Party[];
  /** A reason or feedback text is required. */
  noteRequired: boolean;
}

export const TRANSITIONS: readonly Transition[] = [
  { action: 'file', from: ['reported'], to: 'filed', by: ['dispatcher'], noteRequired: false },
  { action: 'reject', from: ['reported', 'filed'], to: 'rejected', by: ['dispatcher'], noteRequired: true },
  { action: 'merge', from: ['reported', 'filed'], to: 'merged', by: ['dispatcher'], noteRequired: false },
  { action: 'dispatch', from: ['filed'], to: 'dispatched', by: ['dispatcher'], noteRequired: false },
  { action: 'reassign', from: ['dispatched', 'accepted', 'in_progress'], to: 'dispatched', by: ['dispatcher'], noteRequired: true },
  { action: 'accept', from: ['dispatched'], to: 'accepted', by: ['department'], noteRequired: false },
  { action: 'return', from: ['dispatched', 'accepted'], to: 'filed', by: ['department'], noteRequired: true },
  { action: 'start', from: ['accepted'], to: 'in_progress', by: ['department'], noteRequired: false },
  { action: 'handle', from: ['in_progress'], to: 'handled', by: ['department'], noteRequired: true },
  { action: 'verify_pass', from: ['handled'], to: 'closed', by: ['grid_worker', 'reporter'], noteRequired: false },
  { action: 'verify_fail', from: ['handled'], to: 'in_progress', by: ['grid_worker', 'reporter'], noteRequired: true },
  // Within SmartGridSettings.reopenDays of closing (30 by default); back to the same department.
  { action: 'reopen', from: ['closed'], to: 'in_progress', by: ['grid_worker', 'reporter', 'dispatcher'], noteRequired: true },
];

export function transitionFor(action: CaseAction, from: CaseStatus): Transition | undefined {
  return TRANSITIONS.find((t) => t.action === action && t.from.includes(from));
}

/** The actions these parties may take on a case in this status. */
export function allowedActions(status: CaseStatus, parties: ReadonlySet<Party>): CaseAction[] {
  return TRANSITIONS.filter((t) => t.from.includes(status) && t.by.some((p) => parties.has(p))).map((t) => t.action);
}

/** Statuses in which the department's clock runs. */
export const CLOCK_RUNNING: readonly CaseStatus[] = ['dispatched', 'accepted', 'in_progress'];
/** Statuses that end a case (closed may still be reopened). */
export const FINAL: readonly CaseStatus[] = ['closed', 'rejected', 'merged'];
