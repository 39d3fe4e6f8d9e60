/**
 * Status webhooks: an integrator's subscriptions, the status changes the read model
 * sees, and one delivery per (subscription, status change). The JSON an integrator
 * receives is built here and nowhere else (docs/operations.md "Status webhooks").
 */
import type { EventName } from '@motcua/contracts';
import type { DossierStatus, DossierView } from './dossier-view.entity';

export const subscriptionStates = ['active', 'paused'] as const;
export type SubscriptionState = (typeof subscriptionStates)[number];

export interface SubscriptionPause {
  /** `integrator`: asked for by the integrator; `failures`: too many deliveries in a row failed. */
  by: 'integrator' | 'failures';
  reason: string;
  at: string;
}

export interface WebhookSubscription {
  id: string;
  /**
   * Whose subscription it is. Today the caller names it (no authentication yet); once
   * integrators authenticate with API keys it is the key's integrator, never a field.
   */
  integratorId: string;
  url: string;
  /** Signs every delivery; shown once, when the subscription is created, and never logged. */
  secret: string;
  description?: string;
  /** The statuses a dossier must move to for a delivery; empty means every status. */
  statuses: DossierStatus[];
  /** The centres whose dossiers are delivered; empty means every centre. */
  centreIds: string[];
  state: SubscriptionState;
  pause?: SubscriptionPause;
  /** Deliveries given up in a row since the last one that went through. */
  consecutiveFailures: number;
  createdAt: string;
  updatedAt: string;
}

/** A status change of one dossier, as the read model saw it when it projected `eventId`. */
export interface StatusChange {
  /** The event whose projection changed the status: one change per event, so it is the webhook event's id. */
  eventId: string;
  cause: EventName;
  /** When the step happened (the event's time). */
  occurredAt: string;
  dossierId: string;
  dossierCode: string;
  centreId: string;
  procedureCode?: string;
  appointmentAt?: string;
  /** null when the read model had not seen the dossier before. */
  previousStatus: DossierStatus | null;
  status: DossierStatus;
}

export const deliveryStatuses = ['pending', 'delivered', 'failed'] as const;
export type DeliveryStatus = (typeof deliveryStatuses)[number];

export interface DeliveryAttempt {
  at: string;
  durationMs: number;
  /** The receiver's HTTP status; absent when there was no response (network error, timeout). */
  statusCode?: number;
  error?: string;
  outcome: AttemptOutcome;
}

/** `retry`: network error, timeout, 5xx or 429; `rejected`: any other answer but 2xx, never retried. */
export type AttemptOutcome = 'delivered' | 'retry' | 'rejected';

export interface WebhookDelivery {
  /** Sent as `Motcua-Delivery-Id`: the same on every attempt, for the receiver to drop duplicates. */
  id: string;
  /** `<subscriptionId>/<eventId>`, unique: a status change is delivered once per subscription whatever re-runs. */
  key: string;
  /** Store-wide order of creation: a dossier's deliveries to one subscription go out in this order. */
  seq: number;
  subscriptionId: string;
  integratorId: string;
  dossierId: string;
  eventId: string;
  /** The exact bytes POSTed (and signed), fixed at creation so every attempt sends the same body. */
  body: string;
  status: DeliveryStatus;
  attempts: DeliveryAttempt[];
  createdAt: string;
  /** When the next attempt is due after a retryable failure. */
  nextAttemptAt?: string;
  /** An attempt is in flight until then; after it (a crash), the delivery may be tried again. */
  claimedUntil?: string;
  deliveredAt?: string;
  failedAt?: string;
  lastError?: string;
}

/** Deliveries of one dossier to one subscription, which go out one at a time in order. */
export interface Lane {
  subscriptionId: string;
  dossierId: string;
}

export const deliveryKey = (subscriptionId: string, eventId: string): string => `${subscriptionId}/${eventId}`;

/** The change a projection made, or undefined when the status stayed the same. */
export function statusChangeOf(before: DossierView | undefined, after: DossierView, event: { id: string; name: EventName; time: string }): StatusChange | undefined {
  if (before?.status === after.status) return undefined;
  return {
    eventId: event.id,
    cause: event.name,
    occurredAt: new Date(event.time).toISOString(),
    dossierId: after.id,
    dossierCode: after.code,
    centreId: after.centreId,
    ...(after.procedureCode ? { procedureCode: after.procedureCode } : {}),
    ...(after.appointmentAt ? { appointmentAt: after.appointmentAt } : {}),
    previousStatus: before?.status ?? null,
    status: after.status,
  };
}

export function subscriptionMatches(subscription: Pick<WebhookSubscription, 'statuses' | 'centreIds'>, change: StatusChange): boolean {
  const statusWanted = subscription.statuses.length === 0 || subscription.statuses.includes(change.status);
  const centreWanted = subscription.centreIds.length === 0 || subscription.centreIds.includes(change.centreId);
  return statusWanted && centreWanted;
}

export const STATUS_CHANGED_TYPE = 'dossier.status_changed';

/**
 * The body of a status webhook. Only what an integrator needs to follow its dossiers:
 * ids, code, centre, procedure, statuses and the appointment; no applicant name, id
 * number, phone or address.
 */
export function statusChangedBody(change: StatusChange): string {
  return JSON.stringify({
    id: change.eventId,
    type: STATUS_CHANGED_TYPE,
    occurredAt: change.occurredAt,
    dossier: {
      id: change.dossierId,
      code: change.dossierCode,
      centreId: change.centreId,
      ...(change.procedureCode ? { procedureCode: change.procedureCode } : {}),
      ...(change.appointmentAt ? { appointmentAt: change.appointmentAt } : {}),
    },
    previousStatus: change.previousStatus,
    status: change.status,
    cause: change.cause,
  });
}
