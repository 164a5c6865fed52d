// The life of a micro-wish (微心愿), written down once: staff publish it for a vulnerable resident,
// one helper claims it (two at once: one wins), fulfils it with evidence, and the resident or staff
// confirm it (or send it back). Tested cell by cell in apps/server/test/wishes.test.ts.
import type { WishAction, WishStatus } from '@linli/contracts';

/** staff: of the resident's community; helper: a volunteer, party member or organisation; claimer: the helper holding it; subject: the resident. */
export type WishParty = 'staff' | 'helper' | 'claimer' | 'subject';

export interface WishTransition {
  action: WishAction;
  from: WishStatus | null;
  to: WishStatus;
  by: readonly WishParty[];
}

export const WISH_TRANSITIONS: readonly WishTransition[] = [
  { action: 'publish', from: null, to: 'open', by: ['staff'] },
  { action: 'claim', from: 'open', to: 'claimed', by: ['helper'] },
  // The claimer cannot do it after all, or staff take it back from a claimer who went quiet.
  { action: 'release', from: 'claimed', to: 'open', by: ['claimer', 'staff'] },
  { action: 'fulfil', from: 'claimed', to: 'fulfilled', by: ['claimer'] },
  // The evidence does not show the wish came true: back to the claimer.
  { action: 'dispute', from: 'fulfilled', to: 'claimed', by: ['subject', 'staff'] },
  { action: 'confirm', from: 'fulfilled', to: 'confirmed', by: ['subject', 'staff'] },
  { action: 'withdraw', from: 'open', to: 'withdrawn', by: ['staff'] },
  { action: 'withdraw', from: 'claimed', to: 'withdrawn', by: ['staff'] },
];

export function wishTransition(from: WishStatus | null, action: WishAction): WishTransition | undefined {
  return WISH_TRANSITIONS.find((t) => t.from === from && t.action === action);
}

export function wishActionsFor(from: WishStatus, parties: readonly WishParty[]): WishAction[] {
  return [...new Set(WISH_TRANSITIONS.filter((t) => t.from === from && t.by.some((p) => parties.includes(p))).map((t) => t.action))];
}
