/**
 * A postal pickup: the signed result (or refusal letter) collected at the centre by
 * the postal operator and carried to a public postal point or to the citizen's
 * address. Its id is the result id, which is also the idempotency key of the booking
 * with the operator: one pickup per result, however often ResultReady is redelivered.
 */

/** See postal-pickup-state.rules.ts for the moves between them. */
export type PickupStatus =
  /** Waiting for the operator to accept the booking (retried with backoff). */
  | 'requested'
  | 'booked'
  | 'picked-up'
  | 'arrived-at-point'
  /** Collected by the citizen at the postal point: handed over. */
  | 'collected'
  /** Delivered to the citizen's address: handed over. */
  | 'delivered'
  /** The operator gave up and brought it back: collected at the counter instead. */
  | 'returned-to-sender'
  /** The operator refused the booking, or never accepted it: collected at the counter instead. */
  | 'booking-failed';

/** The statuses an operator's callback may report. */
export const callbackStatuses = ['picked-up', 'arrived-at-point', 'collected', 'delivered', 'returned-to-sender'] as const;
export type CallbackStatus = (typeof callbackStatuses)[number];

export type PickupDestination = { kind: 'postal_point'; postalPointId: string } | { kind: 'home'; address: string };

export interface PickupStep {
  status: PickupStatus;
  at: string;
  detail?: string;
}

export interface PostalPickup {
  /** = resultId. */
  id: string;
  resultId: string;
  dossierId: string;
  dossierCode: string;
  centreId: string;
  destination: PickupDestination;
  status: PickupStatus;
  /** Booking calls made. */
  attempts: number;
  /** While `requested` after a failed call: when the next call is due. */
  nextAttemptAt?: string;
  trackingCode?: string;
  /** What the citizen shows at the postal point; texted to them, never put on the bus. */
  pickupCode?: string;
  failureReason?: string;
  history: PickupStep[];
  createdAt: string;
  bookedAt?: string;
  updatedAt?: string;
  traceparent?: string;
}
