// The life of a match between a need and an offer, written down once. One side proposes (the
// resident or staff for them, or the helper); the other side accepts or declines; the helper
// reports the help done; the resident or staff confirm it with a rating, which records the hours
// and feeds later rankings. Tested cell by cell in apps/server/test/matching.test.ts.
import type { MatchAction, MatchStatus } from '@linli/contracts';

/**
 * need: the resident the need is for, or staff of their community; offer: the helper.
 * proposer / counterpart: whichever side proposed this match, and the other one.
 */
export type MatchParty = 'need' | 'offer' | 'proposer' | 'counterpart';

export interface MatchTransition {
  action: MatchAction;
  from: MatchStatus | null;
  to: MatchStatus;
  by: readonly MatchParty[];
}

export const MATCH_TRANSITIONS: readonly MatchTransition[] = [
  { action: 'propose', from: null, to: 'proposed', by: ['need', 'offer'] },
  { action: 'accept', from: 'proposed', to: 'accepted', by: ['counterpart'] },
  { action: 'decline', from: 'proposed', to: 'declined', by: ['counterpart'] },
  { action: 'cancel', from: 'proposed', to: 'cancelled', by: ['proposer'] },
  { action: 'cancel', from: 'accepted', to: 'cancelled', by: ['need', 'offer'] },
  { action: 'complete', from: 'accepted', to: 'done', by: ['offer'] },
  { action: 'confirm', from: 'done', to: 'confirmed', by: ['need'] },
];

/** A need has at most one match in these states. */
export const LIVE_MATCH: readonly MatchStatus[] = ['proposed', 'accepted', 'done'];

export function matchTransition(from: MatchStatus | null, action: MatchAction): MatchTransition | undefined {
  return MATCH_TRANSITIONS.find((t) => t.from === from && t.action === action);
}

export function matchActionsFor(from: MatchStatus, parties: readonly MatchParty[]): MatchAction[] {
  return [...new Set(MATCH_TRANSITIONS.filter((t) => t.from === from && t.by.some((p) => parties.includes(p))).map((t) => t.action))];
}
