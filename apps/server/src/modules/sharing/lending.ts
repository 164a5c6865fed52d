// The lending state machine, written down once: which action moves a loan from which state to
// which, and who may take it. The service consults this table for every change and for the
// actions it offers; apps/server/test/lending.test.ts walks every cell of it.
import type { LoanAction, LoanParty, LoanStatus } from '@linli/contracts';

export interface LoanTransition {
  action: LoanAction;
  /** null: the loan does not exist yet. */
  from: LoanStatus | null;
  to: LoanStatus;
  by: readonly LoanParty[];
}

/**
 * lender is the owner of an item kept at home; keeper is a keeper of the hut an item is kept in
 * (community staff keep their community's huts too). The one who holds the item hands it over and
 * takes it back; the borrower reserves, waits, extends and may always step back before pick-up.
 */
export const LOAN_TRANSITIONS: readonly LoanTransition[] = [
  { action: 'reserve', from: null, to: 'held', by: ['borrower'] },
  { action: 'wait', from: null, to: 'waitlisted', by: ['borrower'] },
  // The dates came free (a cancellation, an early return, an expired hold): the first in line gets them.
  { action: 'promote', from: 'waitlisted', to: 'held', by: ['system'] },
  // system: the item was withdrawn or came back damaged, so holds and waits cannot be honoured.
  { action: 'cancel', from: 'waitlisted', to: 'cancelled', by: ['borrower', 'staff', 'system'] },
  // The waited-for dates passed without coming free.
  { action: 'expire', from: 'waitlisted', to: 'expired', by: ['system'] },
  { action: 'cancel', from: 'held', to: 'cancelled', by: ['borrower', 'lender', 'keeper', 'staff', 'system'] },
  // Not picked up by the day after the first reserved day: the hold lapses and the next in line moves up.
  { action: 'expire', from: 'held', to: 'expired', by: ['system'] },
  { action: 'pick_up', from: 'held', to: 'picked_up', by: ['lender', 'keeper'] },
  // Only while nobody has reserved or is waiting for the days asked for (checked by the service).
  { action: 'extend', from: 'picked_up', to: 'picked_up', by: ['borrower'] },
  { action: 'mark_overdue', from: 'picked_up', to: 'overdue', by: ['system'] },
  { action: 'return', from: 'picked_up', to: 'returned', by: ['lender', 'keeper'] },
  { action: 'return', from: 'overdue', to: 'returned', by: ['lender', 'keeper'] },
];

/** States in which a loan occupies its days: no two of these may overlap for one item. */
export const OCCUPYING: readonly LoanStatus[] = ['held', 'picked_up', 'overdue'];
/** States a loan never leaves. */
export const FINAL: readonly LoanStatus[] = ['returned', 'cancelled', 'expired'];

export function transition(from: LoanStatus | null, action: LoanAction): LoanTransition | undefined {
  return LOAN_TRANSITIONS.find((t) => t.from === from && t.action === action);
}

/** May any of these parties take this action from this state? */
export function allowed(from: LoanStatus | null, action: LoanAction, parties: readonly LoanParty[]): boolean {
  const t = transition(from, action);
  return !!t && t.by.some((p) => parties.includes(p));
}

/** The actions these parties may take from this state (system actions excluded). */
export function actionsFor(from: LoanStatus, parties: readonly LoanParty[]): LoanAction[] {
  return [...new Set(LOAN_TRANSITIONS.filter((t) => t.from === from && t.by.some((p) => p !== 'system' && parties.includes(p))).map((t) => t.action))];
}

/** Whole days from a to b (b - a), for YYYY-MM-DD dates. */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

export function addDays(day: string, n: number): string {
  const t = new Date(`${day}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + n);
  return t.toISOString().slice(0, 10);
}

/** Do two inclusive day ranges share a day? */
export function overlaps(a: { startsOn: string; endsOn: string }, b: { startsOn: string; endsOn: string }): boolean {
  return a.startsOn <= b.endsOn && b.startsOn <= a.endsOn;
}
