/**
 * The postal pickup's state machine. Operators report out of order and more than
 * once: anything not in the table (a `picked-up` after `arrived-at-point`, a second
 * `collected`) is refused, so a late or duplicate callback is logged and ignored and
 * never moves a finished pickup back. A postal point pickup ends `collected`; a home
 * delivery ends `delivered`.
 */
import type { PickupDestination, PickupStatus } from './postal-pickup.entity';

const moves: Record<PickupStatus, readonly PickupStatus[]> = {
  requested: ['booked', 'booking-failed'],
  // An operator may skip the intermediate scans.
  booked: ['picked-up', 'arrived-at-point', 'collected', 'delivered', 'returned-to-sender'],
  'picked-up': ['arrived-at-point', 'collected', 'delivered', 'returned-to-sender'],
  // Left uncollected at the point past its keeping time, it goes back.
  'arrived-at-point': ['collected', 'returned-to-sender'],
  collected: [],
  delivered: [],
  'returned-to-sender': [],
  'booking-failed': [],
};

/** Statuses that only make sense for one kind of destination. */
const onlyFor: Partial<Record<PickupStatus, PickupDestination['kind']>> = {
  'arrived-at-point': 'postal_point',
  collected: 'postal_point',
  delivered: 'home',
};

export type MoveCheck = { allowed: true } | { allowed: false; reason: string };

export function checkPickupMove(from: PickupStatus, to: PickupStatus, destination: PickupDestination['kind']): MoveCheck {
  if (from === to) return { allowed: false, reason: `duplicate: already ${to}` };
  const kind = onlyFor[to];
  if (kind && kind !== destination) return { allowed: false, reason: `${to} does not apply to a ${destination === 'home' ? 'home delivery' : 'postal point pickup'}` };
  if (!moves[from].includes(to)) return { allowed: false, reason: `late: ${from} does not move to ${to}` };
  return { allowed: true };
}

export const isPickupFinal = (status: PickupStatus): boolean => moves[status].length === 0;
