// The service-order state machine, written down: every allowed transition and the parties who may
// take it. Anything not in this table is refused. partiesFor() in policy.ts says which parties a
// user holds for an order.
//
//   placed --accept--> accepted --assign--> assigned --confirm--> confirmed --check_in--> in_service
//     |                  |   ^                 |  ^ |                 |                       |
//     '-----refuse-------'   '----decline------'  '-reassign-'       no_show              complete
//                                                                     v                       v
//   cancel: from placed, accepted, assigned, confirmed              no_show               completed --rate--> rated
//
// Meal and day-care orders book a canteen's or a centre's own capacity, so the system accepts them
// and assigns them to the facility's operator at once (recorded as the system's steps).
import type { OrderAction, OrderStatus } from '@linli/contracts';

/**
 * centre:   the micro-service centre of the order's place: street officials of its street and
 *           community staff of its community;
 * provider: staff of the provider the order is assigned to;
 * customer: the recipient, or whoever placed the order for them (family, staff, the hotline);
 * system:   Linli itself, for the automatic steps of facility orders.
 */
export type Party = 'centre' | 'provider' | 'customer' | 'system';
export const PARTIES: readonly Party[] = ['centre', 'provider', 'customer', 'system'];

export interface Transition {
  action: OrderAction;
  from: readonly OrderStatus[];
  to: OrderStatus;
  by: readonly Party[];
  /** A reason (or, for complete, the service notes) is required. */
  noteRequired: boolean;
}

export const TRANSITIONS: readonly Transition[] = [
  { action: 'accept', from: ['placed'], to: 'accepted', by: ['centre', 'system'], noteRequired: false },
  { action: 'refuse', from: ['placed', 'accepted'], to: 'refused', by: ['centre'], noteRequired: true },
  { action: 'assign', from: ['accepted'], to: 'assigned', by: ['centre', 'system'], noteRequired: false },
  { action: 'reassign', from: ['assigned', 'confirmed'], to: 'assigned', by: ['centre'], noteRequired: true },
  { action: 'decline', from: ['assigned'], to: 'accepted', by: ['provider'], noteRequired: true },
  { action: 'confirm', from: ['assigned'], to: 'confirmed', by: ['provider'], noteRequired: false },
  { action: 'check_in', from: ['confirmed'], to: 'in_service', by: ['provider'], noteRequired: false },
  { action: 'complete', from: ['in_service'], to: 'completed', by: ['provider'], noteRequired: true },
  { action: 'no_show', from: ['confirmed'], to: 'no_show', by: ['provider'], noteRequired: true },
  { action: 'cancel', from: ['placed', 'accepted', 'assigned', 'confirmed'], to: 'cancelled', by: ['customer', 'centre'], noteRequired: true },
  { action: 'rate', from: ['completed'], to: 'rated', by: ['customer'], noteRequired: false },
];

export function transitionFor(action: OrderAction, from: OrderStatus): Transition | undefined {
  return TRANSITIONS.find((t) => t.action === action && t.from.includes(from));
}

/** The actions these parties may take on an order in this status. */
export function allowedActions(status: OrderStatus, parties: ReadonlySet<Party>): OrderAction[] {
  return TRANSITIONS.filter((t) => t.from.includes(status) && t.by.some((p) => parties.has(p))).map((t) => t.action);
}

/** Statuses in which the order holds slot, menu or provider capacity. */
export const HOLDS_CAPACITY: readonly OrderStatus[] = ['placed', 'accepted', 'assigned', 'confirmed', 'in_service'];
/** Statuses that hold a place in the assigned provider's day. */
export const HOLDS_PROVIDER_DAY: readonly OrderStatus[] = ['assigned', 'confirmed', 'in_service'];
