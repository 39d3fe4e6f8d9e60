/**
 * From a status change to the integrator's endpoint.
 *
 * Recording: in the read model's own unit of work, each matching subscription gets
 * one delivery under the unique key (subscription, event): an event delivered again,
 * or projected again, finds its delivery there and adds none. A rebuild of the read
 * model never comes here, so it sends nothing.
 *
 * Delivering: a dossier's deliveries to one subscription form a lane and go out one
 * at a time in the order they were recorded. Each lane has a durable timer (see
 * libs/runtime timers.ts): the state that makes delivery survive a restart. An
 * attempt first claims the lane's oldest pending delivery for a lease (the timer
 * moved to the lease's end) in one unit of work, POSTs after that commits, and
 * records the outcome in another: delivered, retried later (the timer at the retry
 * time), or given up. A crash mid-attempt leaves the claim to expire and the timer
 * to fire: the delivery is sent again, which is why receivers dedupe on the delivery
 * id (at least once, never lost).
 */
import { conflict } from '@motcua/errors';
import type { Lane, StatusChange, WebhookDelivery, WebhookSubscription } from './status-webhook.entity';
import { deliveryKey, statusChangedBody, subscriptionMatches } from './status-webhook.entity';
import type { RunWebhookTransaction, WebhookSender, WebhookTransaction } from './status-webhooks.ports';
import { outcomeOf, retryAfterMs, retryDelayMs, type PostResult, type RetryPolicy } from './webhook-retry.rules';
import { DELIVERY_ID_HEADER, EVENT_ID_HEADER, SIGNATURE_HEADER, signatureHeader, TIMESTAMP_HEADER } from './webhook-signature.rules';

export const WebhookDeliveryErrors = { CLAIM_LOST: 'TRACKING.WEBHOOK_CLAIM_LOST' } as const;

/**
 * Inside the projection's unit of work: one delivery per matching subscription, unless
 * the key shows it was recorded already. Returns the lanes of active subscriptions to
 * start once the unit of work has committed (a paused one waits for its resumption).
 */
export async function recordStatusChange(tx: WebhookTransaction, change: StatusChange, ids: { newId: () => string; now: Date }): Promise<Lane[]> {
  const lanes: Lane[] = [];
  const now = ids.now.toISOString();
  for (const subscription of await tx.subscriptions.all()) {
    if (!subscriptionMatches(subscription, change)) continue;
    const key = deliveryKey(subscription.id, change.eventId);
    if (await tx.deliveries.findByKey(key)) continue;
    await tx.deliveries.insert({
      id: ids.newId(),
      key,
      seq: await tx.nextSeq(),
      subscriptionId: subscription.id,
      integratorId: subscription.integratorId,
      dossierId: change.dossierId,
      eventId: change.eventId,
      body: statusChangedBody(change),
      status: 'pending',
      attempts: [],
      createdAt: now,
    });
    if (subscription.state !== 'active') continue;
    const lane = { subscriptionId: subscription.id, dossierId: change.dossierId };
    await tx.lanes.wakeIfIdle(lane, now);
    lanes.push(lane);
  }
  return lanes;
}

export interface DeliveryPolicy extends RetryPolicy {
  timeoutMs: number;
  /** Deliveries given up in a row that pause a subscription. */
  pauseAfter: number;
}

export interface DeliveryDeps {
  run: RunWebhookTransaction;
  sender: WebhookSender;
  clock: () => Date;
  policy: DeliveryPolicy;
  /** Called after the unit of work that paused a subscription committed: ops must hear of it. */
  paused: (subscription: WebhookSubscription, lastError: string) => void;
  random?: () => number;
}

/** How long a claim holds: the POST's timeout and a margin for recording its outcome. */
export const leaseMs = (policy: Pick<DeliveryPolicy, 'timeoutMs'>): number => policy.timeoutMs + 30_000;

const at = (date: Date, plusMs = 0): string => new Date(date.getTime() + plusMs).toISOString();
const ERROR_MAX = 300;

interface Claimed {
  delivery: WebhookDelivery;
  subscription: WebhookSubscription;
}

async function claim(deps: DeliveryDeps, lane: Lane): Promise<Claimed | undefined> {
  const now = deps.clock();
  const nowIso = now.toISOString();
  return deps.run(async (tx) => {
    const head = await tx.deliveries.headOf(lane);
    const subscription = await tx.subscriptions.get(lane.subscriptionId);
    // Nothing to send, or paused: the lane sleeps until a new delivery or the resumption wakes it.
    if (!head || !subscription || subscription.state !== 'active') {
      await tx.lanes.clear(lane);
      return undefined;
    }
    // Another attempt holds it (this process or a replica): its lease timer stays as the safety net.
    if (head.claimedUntil !== undefined && head.claimedUntil > nowIso) return undefined;
    if (head.nextAttemptAt !== undefined && head.nextAttemptAt > nowIso) {
      await tx.lanes.wakeAt(lane, head.nextAttemptAt);
      return undefined;
    }
    const claimedUntil = at(now, leaseMs(deps.policy));
    const claimed: WebhookDelivery = { ...head, claimedUntil };
    await tx.deliveries.save(claimed);
    await tx.lanes.wakeAt(lane, claimedUntil);
    return { delivery: claimed, subscription };
  });
}

function errorOf(result: PostResult): string | undefined {
  if (result.kind === 'network') return result.error.slice(0, ERROR_MAX);
  return result.statusCode >= 200 && result.statusCode < 300 ? undefined : `HTTP ${result.statusCode}`;
}

function post(deps: DeliveryDeps, { delivery, subscription }: Claimed): Promise<PostResult> {
  const timestampS = Math.floor(deps.clock().getTime() / 1000);
  return deps.sender.post({
    url: subscription.url,
    body: delivery.body,
    timeoutMs: deps.policy.timeoutMs,
    headers: {
      'content-type': 'application/json',
      'user-agent': 'motcua-webhooks/1',
      [SIGNATURE_HEADER]: signatureHeader(subscription.secret, timestampS, delivery.body),
      [TIMESTAMP_HEADER]: String(timestampS),
      [DELIVERY_ID_HEADER]: delivery.id,
      [EVENT_ID_HEADER]: delivery.eventId,
    },
  });
}

type Recorded = { next: 'lane' | 'wait' | 'stop'; paused?: { subscription: WebhookSubscription; lastError: string } };

function settled(subscription: WebhookSubscription, delivered: boolean, lastError: string, policy: DeliveryPolicy, nowIso: string): WebhookSubscription {
  if (delivered) return { ...subscription, consecutiveFailures: 0 };
  const consecutiveFailures = subscription.consecutiveFailures + 1;
  if (subscription.state !== 'active' || consecutiveFailures < policy.pauseAfter) return { ...subscription, consecutiveFailures };
  const reason = `${consecutiveFailures} deliveries in a row failed; the last: ${lastError}`;
  return { ...subscription, consecutiveFailures, state: 'paused', pause: { by: 'failures', reason, at: nowIso }, updatedAt: nowIso };
}

async function record(deps: DeliveryDeps, claimed: Claimed, result: PostResult): Promise<Recorded> {
  const now = deps.clock();
  const nowIso = now.toISOString();
  const outcome = outcomeOf(result);
  const error = errorOf(result);
  const lane: Lane = { subscriptionId: claimed.delivery.subscriptionId, dossierId: claimed.delivery.dossierId };
  return deps.run(async (tx): Promise<Recorded> => {
    const current = await tx.deliveries.get(claimed.delivery.id);
    // Deleted with its subscription meanwhile, or settled by an attempt that took over an expired claim.
    if (!current || current.status !== 'pending') return { next: 'stop' };
    if (current.claimedUntil !== claimed.delivery.claimedUntil) throw conflict(WebhookDeliveryErrors.CLAIM_LOST, `delivery ${current.id} was claimed again while this attempt ran`);
    const attempt = {
      at: nowIso,
      durationMs: Math.round(result.durationMs),
      ...(result.kind === 'response' ? { statusCode: result.statusCode } : {}),
      ...(error ? { error } : {}),
      outcome,
    };
    const attempts = [...current.attempts, attempt];
    const { claimedUntil: _released, nextAttemptAt: _due, ...base } = current;
    if (outcome === 'retry' && attempts.length < deps.policy.maxAttempts) {
      const wait = retryDelayMs(attempts.length, deps.policy, result.kind === 'response' ? retryAfterMs(result.retryAfter, now) : undefined, deps.random);
      const nextAttemptAt = at(now, wait);
      await tx.deliveries.save({ ...base, attempts, nextAttemptAt, ...(error ? { lastError: error } : {}) });
      await tx.lanes.wakeAt(lane, nextAttemptAt);
      return { next: 'wait' };
    }
    const delivered = outcome === 'delivered';
    const lastError = error ?? 'failed';
    const { lastError: _earlier, ...settledBase } = base;
    await tx.deliveries.save(delivered ? { ...settledBase, attempts, status: 'delivered', deliveredAt: nowIso } : { ...settledBase, attempts, status: 'failed', failedAt: nowIso, lastError });
    const subscription = await tx.subscriptions.get(lane.subscriptionId);
    let paused: Recorded['paused'];
    if (subscription) {
      const next = settled(subscription, delivered, lastError, deps.policy, nowIso);
      if (next.consecutiveFailures !== subscription.consecutiveFailures || next.state !== subscription.state) await tx.subscriptions.save(next);
      if (next.state === 'paused' && subscription.state === 'active') paused = { subscription: next, lastError };
    }
    // The next of the dossier's deliveries may go now; the timer is its safety net if this process stops.
    if (!(await tx.deliveries.headOf(lane))) {
      await tx.lanes.clear(lane);
      return { next: 'stop', ...(paused ? { paused } : {}) };
    }
    await tx.lanes.wakeAt(lane, nowIso);
    return { next: paused ? 'stop' : 'lane', ...(paused ? { paused } : {}) };
  });
}

/**
 * Delivers the lane's pending deliveries in order until one must wait (a retry) or
 * none is left. Safe to call any number of times, from anywhere: only one attempt
 * holds a delivery's claim.
 */
export async function deliverLane(deps: DeliveryDeps, lane: Lane): Promise<void> {
  for (;;) {
    const claimed = await claim(deps, lane);
    if (!claimed) return;
    const result = await post(deps, claimed);
    const recorded = await record(deps, claimed, result);
    if (recorded.paused) deps.paused(recorded.paused.subscription, recorded.paused.lastError);
    if (recorded.next !== 'lane') return;
  }
}
