/**
 * Postal return, exactly once: ResultReady for a postal channel inserts one pickup
 * (id = result id) in the consumer's transaction; the booking call goes to the
 * operator after commit with that id as its idempotency key, so a retried or
 * concurrent call books the same pickup; the operator's callbacks move it on through
 * the guarded state table. Each step that texts the citizen inserts its notification
 * row (unique key) in the same transaction as the step, and the SMS goes out after
 * commit like every other notification.
 *
 * A booking the operator refuses, one still not accepted after the last attempt, and
 * a delivery returned to sender all end the same way: the citizen is told to collect
 * the result at the centre's main counter, and return is told to move it there.
 */
import { findCentre, findPostalPoint, mainReceptionPoint, type Catalogue, type PostalPointRegistry } from '@motcua/catalogue';
import { createEvent, dossierRef, isEvent, type EventEnvelope } from '@motcua/contracts';
import { AppError } from '@motcua/errors';
import { notificationKey, type Notification } from './notification.entity';
import { retryDelayMs } from './notification-state.rules';
import type { PickupBooking, PickupConfirmation, PostalOperator, PostalTransaction, RunPostalTransaction } from './postal.ports';
import { PostalErrors } from './postal.ports';
import type { CallbackStatus, PostalPickup } from './postal-pickup.entity';
import { checkPickupMove } from './postal-pickup-state.rules';
import { composeNotification } from './notify.use-cases';
import type { TemplateSwitches } from './template-switches.rules';
import type { TemplateInput } from './templates';

export interface PostalContext {
  catalogue: Catalogue;
  postalPoints: PostalPointRegistry;
  newId: () => string;
  clock: () => Date;
  /** Templates switched off; all on when absent. */
  switches?: TemplateSwitches | undefined;
}

export interface BookingPolicy {
  maxAttempts: number;
  retryInitialMs: number;
  retryMaxMs: number;
}

/** `postalPointId` of PostalPickupBooked for a home delivery (the contract requires one). */
export const HOME_DELIVERY_POINT = 'home';

/**
 * Consumer of ResultReady: a result (or refusal letter) to go back by post gets its
 * pickup. Returns the pickup when this call created it, for booking after commit.
 */
export async function requestPickup(tx: PostalTransaction, envelope: EventEnvelope, ctx: PostalContext, policy: BookingPolicy): Promise<PostalPickup | undefined> {
  if (!isEvent(envelope, 'ResultReady')) return undefined;
  const d = envelope.data;
  const channel = d.returnChannel;
  if (channel.type !== 'postal_point' && channel.type !== 'postal_home') return undefined;
  if (await tx.pickups.get(d.resultId)) return undefined;
  const now = ctx.clock();
  const at = now.toISOString();
  const destination: PostalPickup['destination'] | undefined =
    channel.type === 'postal_point' && channel.postalPointId ? { kind: 'postal_point', postalPointId: channel.postalPointId } : channel.type === 'postal_home' && channel.address ? { kind: 'home', address: channel.address } : undefined;
  const pickup: PostalPickup = {
    id: d.resultId,
    resultId: d.resultId,
    dossierId: d.dossierId,
    dossierCode: d.dossierCode,
    centreId: d.centreId,
    // Intake refuses a postal channel without its point or address; if one got through anyway, the booking fails and the counter takes over.
    destination: destination ?? { kind: 'home', address: '(không có địa chỉ)' },
    status: 'requested',
    attempts: 0,
    history: [{ status: 'requested', at }],
    createdAt: at,
    ...(envelope.traceparent ? { traceparent: envelope.traceparent } : {}),
  };
  await tx.pickups.insert(pickup);
  // A safety net: had the booking after commit been lost (a crash), this timer books it.
  await tx.pickups.scheduleBooking(pickup.id, new Date(now.getTime() + policy.retryInitialMs).toISOString());
  if (!destination) return failPickup(tx, pickup, 'booking-failed', `the ${channel.type} channel names no ${channel.type === 'postal_point' ? 'postal point' : 'address'}`, ctx).then(() => undefined);
  return pickup;
}

/**
 * On DossierReceived: the dossier's pickups still to be booked. A booking needs the
 * citizen's phone, which that event brings; one whose ResultReady came first waited
 * for it (see bookPickup) and is booked now.
 */
export async function pickupsWaitingForContact(tx: PostalTransaction, envelope: EventEnvelope): Promise<PostalPickup[]> {
  if (!isEvent(envelope, 'DossierReceived')) return [];
  return (await tx.pickups.findByDossier(envelope.data.dossierId)).filter((p) => p.status === 'requested');
}

function centrePlace(ctx: PostalContext, centreId: string): { name: string; address?: string | undefined } {
  const centre = findCentre(ctx.catalogue, centreId);
  const main = centre ? mainReceptionPoint(centre) : undefined;
  return { name: main?.name ?? centre?.name ?? centreId, address: main?.address };
}

export function bookingOf(pickup: PostalPickup, phone: string, ctx: PostalContext): PickupBooking {
  const from = { centreId: pickup.centreId, ...centrePlace(ctx, pickup.centreId) };
  if (pickup.destination.kind === 'home') return { pickupId: pickup.id, dossierCode: pickup.dossierCode, from, to: { kind: 'home', address: pickup.destination.address }, recipient: { phone } };
  const code = pickup.destination.postalPointId;
  const point = findPostalPoint(ctx.postalPoints, code);
  if (!point) throw new AppError(PostalErrors.BOOKING_REFUSED, 'permanent', `postal point ${code} is not in the registry (${ctx.postalPoints.file})`);
  return { pickupId: pickup.id, dossierCode: pickup.dossierCode, from, to: { kind: 'postal_point', postalPointCode: code, name: point.name, address: point.address }, recipient: { phone } };
}

/** Queues one SMS for the pickup's dossier; none when this template was already queued for it, or is switched off (recorded `suppressed`). */
async function queueSms(tx: PostalTransaction, pickup: PostalPickup, input: TemplateInput, ctx: PostalContext): Promise<Notification | undefined> {
  const contact = await tx.contacts.get(pickup.dossierId);
  if (!contact) return undefined;
  const key = notificationKey(pickup.dossierId, input.template);
  if (await tx.notifications.findByKey(key)) return undefined;
  const notification = composeNotification(
    { id: ctx.newId(), key, dossierId: pickup.dossierId, dossierCode: pickup.dossierCode, centreId: pickup.centreId, to: contact.phone, createdAt: ctx.clock().toISOString(), traceparent: pickup.traceparent },
    input,
    ctx.switches,
  );
  await tx.notifications.insert(notification);
  return notification.status === 'created' ? notification : undefined;
}

async function failPickup(tx: PostalTransaction, pickup: PostalPickup, status: 'booking-failed' | 'returned-to-sender', detail: string, ctx: PostalContext): Promise<Notification | undefined> {
  const now = ctx.clock();
  const at = now.toISOString();
  const { nextAttemptAt: _dropped, ...rest } = pickup;
  const failed: PostalPickup = { ...rest, status, failureReason: detail.slice(0, 480), updatedAt: at, history: [...pickup.history, { status, at, detail: detail.slice(0, 480) }] };
  await tx.pickups.save(failed);
  // Tells return to move the result to counter collection.
  await tx.emit(
    createEvent({
      name: 'PostalPickupFailed',
      traceparent: pickup.traceparent,
      time: now,
      data: { ...dossierRef(pickup), actor: { role: 'system' }, pickupId: pickup.id, reason: status, detail: failed.failureReason || status, failedAt: at },
    }),
  );
  return queueSms(tx, failed, { template: 'postal_failed_counter', dossierCode: pickup.dossierCode, counterName: centrePlace(ctx, pickup.centreId).name }, ctx);
}

export interface BookingDeps {
  run: RunPostalTransaction;
  operator: PostalOperator;
  ctx: PostalContext;
  policy: BookingPolicy;
  random?: () => number;
}

export type BookingOutcome = { pickup?: PostalPickup; notificationId?: string };

/**
 * Books a `requested` pickup whose attempt is due; anything else is left alone. Safe
 * to call any number of times, from anywhere: the operator dedupes on the pickup id
 * and only a pickup still `requested` records the answer.
 */
export async function bookPickup(deps: BookingDeps, pickupId: string): Promise<BookingOutcome> {
  const { run, operator, ctx, policy } = deps;
  const startedAt = ctx.clock().toISOString();
  const claimed = await run(async (tx) => {
    const pickup = await tx.pickups.get(pickupId);
    if (!pickup || pickup.status !== 'requested' || (pickup.nextAttemptAt !== undefined && pickup.nextAttemptAt > startedAt)) return undefined;
    const contact = await tx.contacts.get(pickup.dossierId);
    if (!contact) {
      // Not an attempt: the operator needs the phone, which the dossier's DossierReceived brings (and then books it at once); the timer looks again meanwhile.
      await tx.pickups.scheduleBooking(pickup.id, new Date(Date.parse(startedAt) + policy.retryInitialMs).toISOString());
      return undefined;
    }
    const next: PostalPickup = { ...pickup, attempts: pickup.attempts + 1, updatedAt: startedAt };
    await tx.pickups.save(next);
    return { pickup: next, phone: contact.phone };
  });
  if (!claimed) return {};

  let confirmation: PickupConfirmation | undefined;
  let failure: unknown;
  try {
    confirmation = await operator.bookPickup(bookingOf(claimed.pickup, claimed.phone, ctx));
  } catch (error) {
    failure = error;
  }

  return run(async (tx) => {
    const current = (await tx.pickups.get(pickupId)) as PostalPickup;
    if (current.status !== 'requested') return { pickup: current };
    const now = ctx.clock();
    const at = now.toISOString();
    if (confirmation) {
      const { nextAttemptAt: _dropped, failureReason: _none, ...rest } = current;
      const booked: PostalPickup = { ...rest, status: 'booked', trackingCode: confirmation.trackingCode, pickupCode: confirmation.pickupCode, bookedAt: at, updatedAt: at, history: [...current.history, { status: 'booked', at, detail: `${operator.name}: ${confirmation.trackingCode}` }] };
      await tx.pickups.save(booked);
      await tx.emit(
        createEvent({
          name: 'PostalPickupBooked',
          traceparent: booked.traceparent,
          time: now,
          data: {
            ...dossierRef(booked),
            actor: { role: 'system' },
            pickupId: booked.id,
            postalPointId: booked.destination.kind === 'postal_point' ? booked.destination.postalPointId : HOME_DELIVERY_POINT,
            trackingCode: confirmation.trackingCode,
            bookedAt: at,
          },
        }),
      );
      const pointName = booked.destination.kind === 'postal_point' ? findPostalPoint(ctx.postalPoints, booked.destination.postalPointId)?.name : undefined;
      const sms = await queueSms(tx, booked, { template: 'postal_booked', dossierCode: booked.dossierCode, trackingCode: confirmation.trackingCode, pickupCode: confirmation.pickupCode, pointName }, ctx);
      return { pickup: booked, ...(sms ? { notificationId: sms.id } : {}) };
    }
    const message = ((failure as Error | undefined)?.message ?? 'operator error').slice(0, 400);
    const refused = (failure as { code?: unknown } | undefined)?.code === PostalErrors.BOOKING_REFUSED;
    if (refused || current.attempts >= policy.maxAttempts) {
      const detail = refused ? `refused by ${operator.name}: ${message}` : `not booked after ${current.attempts} attempts: ${message}`;
      const sms = await failPickup(tx, current, 'booking-failed', detail, ctx);
      return { pickup: (await tx.pickups.get(pickupId)) as PostalPickup, ...(sms ? { notificationId: sms.id } : {}) };
    }
    const dueAt = new Date(now.getTime() + retryDelayMs(current.attempts, { initialMs: policy.retryInitialMs, maxMs: policy.retryMaxMs }, deps.random)).toISOString();
    const waiting: PostalPickup = { ...current, nextAttemptAt: dueAt, failureReason: message, updatedAt: at };
    await tx.pickups.save(waiting);
    await tx.pickups.scheduleBooking(current.id, dueAt);
    return { pickup: waiting };
  });
}

export interface PostalCallback {
  trackingCode: string;
  status: CallbackStatus;
  /** When it happened, as the operator reports it. */
  at: string;
  detail?: string | undefined;
}

export type CallbackOutcome = { applied: true; pickupId: string; status: PostalPickup['status']; notificationId?: string } | { applied: false; reason: string; pickupId?: string };

/** Applies an operator's status callback when the state table allows it; a duplicate, a late or an unknown one changes nothing and says why. */
export function recordPostalCallback(run: RunPostalTransaction, callback: PostalCallback, ctx: PostalContext): Promise<CallbackOutcome> {
  return run(async (tx) => {
    const pickup = await tx.pickups.findByTrackingCode(callback.trackingCode);
    if (!pickup) return { applied: false, reason: `no pickup with tracking code ${callback.trackingCode}` };
    const check = checkPickupMove(pickup.status, callback.status, pickup.destination.kind);
    if (!check.allowed) return { applied: false, reason: check.reason, pickupId: pickup.id };
    const now = ctx.clock();
    const at = now.toISOString();
    if (callback.status === 'returned-to-sender') {
      const sms = await failPickup(tx, pickup, 'returned-to-sender', `returned to sender${callback.detail ? `: ${callback.detail}` : ''}`, ctx);
      return { applied: true, pickupId: pickup.id, status: 'returned-to-sender', ...(sms ? { notificationId: sms.id } : {}) };
    }
    const step = { status: callback.status, at, ...(callback.detail ? { detail: callback.detail.slice(0, 480) } : {}) };
    const moved: PostalPickup = { ...pickup, status: callback.status, updatedAt: at, history: [...pickup.history, step] };
    await tx.pickups.save(moved);
    const base = { ...dossierRef(pickup), actor: { role: 'system' as const }, pickupId: pickup.id };
    if (callback.status === 'collected') {
      await tx.emit(createEvent({ name: 'PostalPickupCollected', traceparent: pickup.traceparent, time: now, data: { ...base, collectedAt: callback.at } }));
    } else if (callback.status === 'delivered') {
      await tx.emit(createEvent({ name: 'PostalDelivered', traceparent: pickup.traceparent, time: now, data: { ...base, deliveredAt: callback.at } }));
    }
    return { applied: true, pickupId: pickup.id, status: callback.status };
  });
}
