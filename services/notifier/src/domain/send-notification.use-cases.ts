/**
 * Sending a queued notification and following it to its outcome.
 *
 * Exactly one SMS per notification key: the row exists (status `created`) before any
 * provider is called; a submission first claims it into `sending` in its own
 * transaction, and only a claimed row is handed to a provider. A row left in
 * `sending` is never submitted again — the provider may have taken it. Only
 * failures the provider certainly did not accept (`unavailable`) are retried, by a
 * durable timer with backoff; delivery reports move the row on, guarded by the
 * state table.
 *
 * Each centre's rate and daily cap are taken in the claim's transaction (see
 * send-rate.rules.ts): a message over them is not claimed but held — it stays
 * `created` (or `temporary-failure`) with `heldBy` and `nextAttemptAt`, and the same
 * durable timer as a retry brings it back then. Held, never dropped.
 *
 * The sending window: a crash (or a timeout) after the claim and before the
 * provider's answer is recorded leaves the row in `sending`, and nobody knows whether
 * the provider took it. A provider that can reconcile (Kannel: it reports every
 * message it passes to the SMS centre by a callback it retries, and lists the messages
 * it still holds) closes it: the report carries our id and settles the row; if, a
 * window longer than the callback's retry span after the claim (or after the gateway
 * was last seen holding it), there is still no report and the gateway holds nothing
 * for it, it never went out and is submitted again — same row, same key
 * (reconcileNotification). With any other provider the row is never resent: the sweep
 * marks it `technical-failure` after NOTIFIER_SENDING_STUCK_MS, the citizen may have
 * had the text and we say we do not know — at most one SMS, never two.
 */
import { createEvent, dossierRef } from '@motcua/contracts';
import type { Notification, NotificationStatus } from './notification.entity';
import { canMove, retryDelayMs } from './notification-state.rules';
import type { NotifierTransaction, RunNotifierTransaction, SmsReceipt, SmsSender } from './notifier.ports';
import { admit, type SendRatePolicy } from './send-rate.rules';
import { failedProvider, smsFailureKind } from './sms-delivery.errors';
import { measureSmsText } from './sms-text.rules';

export interface SendPolicy {
  maxAttempts: number;
  retryInitialMs: number;
  retryMaxMs: number;
  /** Per-centre rate and daily cap; none when absent. */
  rate?: SendRatePolicy;
}

export interface SendDeps {
  run: RunNotifierTransaction;
  sender: SmsSender;
  clock: () => Date;
  policy: SendPolicy;
  random?: () => number;
}

const REASON_MAX = 480;
const reasonOf = (text: string): string => text.slice(0, REASON_MAX) || 'no reason given';

function withoutRetry(n: Notification): Notification {
  const { nextAttemptAt: _dropped, heldBy: _released, gatewayHeldAt: _seen, ...rest } = n;
  return rest;
}

/** `created` unless held until later; `temporary-failure` once its retry is due. */
function claimable(n: Notification, now: string): boolean {
  if (n.status === 'created') return n.nextAttemptAt === undefined || n.nextAttemptAt <= now;
  return n.status === 'temporary-failure' && n.nextAttemptAt !== undefined && n.nextAttemptAt <= now;
}

async function emitSent(tx: NotifierTransaction, n: Notification, now: Date): Promise<void> {
  await tx.emit(
    createEvent({
      name: 'NotificationSent',
      traceparent: n.traceparent,
      time: now,
      data: {
        ...dossierRef(n),
        actor: { role: 'system' },
        notificationId: n.id,
        template: n.template,
        templateVersion: n.templateVersion,
        channel: 'sms',
        provider: n.provider ?? 'unknown',
        segments: Math.min(20, Math.max(1, n.segments ?? 1)),
        sentAt: n.sentAt ?? now.toISOString(),
      },
    }),
  );
}

async function emitDelivered(tx: NotifierTransaction, n: Notification, now: Date): Promise<void> {
  await tx.emit(
    createEvent({
      name: 'NotificationDelivered',
      traceparent: n.traceparent,
      time: now,
      data: { ...dossierRef(n), actor: { role: 'system' }, notificationId: n.id, deliveredAt: n.deliveredAt ?? now.toISOString() },
    }),
  );
}

async function emitFailed(tx: NotifierTransaction, n: Notification, failure: 'temporary' | 'permanent' | 'technical', now: Date): Promise<void> {
  await tx.emit(
    createEvent({
      name: 'NotificationFailed',
      traceparent: n.traceparent,
      time: now,
      data: { ...dossierRef(n), actor: { role: 'system' }, notificationId: n.id, failure, reason: reasonOf(n.failureReason ?? failure), failedAt: now.toISOString() },
    }),
  );
}

/**
 * Submits the notification if it is due for a submission (`created`, or a
 * temporary failure whose retry is due) and its centre's rate and daily cap allow;
 * over them it is held (returned `created`/`temporary-failure` with `heldBy`); not
 * due at all, it does nothing and returns undefined. Safe to call from anywhere, any
 * number of times: only one caller wins the claim.
 */
export async function dispatchNotification(deps: SendDeps, notificationId: string): Promise<Notification | undefined> {
  const { run, sender, clock, policy } = deps;
  const startedAt = clock();
  const claimedAt = startedAt.toISOString();
  const claimed = await run(async (tx) => {
    const current = await tx.notifications.get(notificationId);
    if (!current || !claimable(current, claimedAt)) return undefined;
    // A row held by the rate limit reserved its token then; anything else asks the bucket now.
    if (policy.rate && current.heldBy !== 'rate-limit') {
      const admission = admit(await tx.sendRates.get(current.centreId), current.centreId, startedAt, policy.rate);
      await tx.sendRates.save(admission.rate);
      if (admission.go === 'later') {
        const held: Notification = { ...current, heldBy: admission.heldBy, nextAttemptAt: admission.dueAt, updatedAt: claimedAt };
        await tx.notifications.save(held);
        await tx.notifications.scheduleRetry(current.id, admission.dueAt);
        return { held };
      }
    }
    const next: Notification = { ...withoutRetry(current), status: 'sending', attempts: (current.attempts ?? 0) + 1, sendingAt: claimedAt, updatedAt: claimedAt };
    await tx.notifications.save(next);
    return { next };
  });
  if (!claimed) return undefined;
  if ('held' in claimed) return claimed.held;
  const sending = claimed.next;

  let receipt: SmsReceipt | undefined;
  let failure: unknown;
  try {
    // Rows queued before encodings were recorded are measured as they stand.
    const encoding = sending.encoding ?? measureSmsText(sending.text).encoding;
    receipt = await sender.send({ to: sending.to, text: sending.text, encoding, reference: sending.id, traceparent: sending.traceparent });
  } catch (error) {
    failure = error;
  }

  const now = clock();
  const at = now.toISOString();
  return run(async (tx) => {
    // Read again: a delivery report (or the sweep) may have moved it while the provider answered.
    const current = (await tx.notifications.get(notificationId)) as Notification;
    if (receipt) {
      const tried = [...(current.providersTried ?? []), receipt.provider];
      const recorded: Notification = { ...current, provider: receipt.provider, providerMessageId: receipt.providerMessageId, segments: receipt.segments, providersTried: tried, updatedAt: at };
      const announce = recorded.sentAt === undefined;
      recorded.sentAt ??= at;
      if (current.status === 'sending' || (current.status === 'technical-failure' && canMove(current.status, 'sent'))) {
        recorded.status = 'sent';
        delete recorded.failureReason;
      }
      await tx.notifications.save(recorded);
      if (announce) await emitSent(tx, recorded, now);
      return recorded;
    }
    const message = (failure as Error | undefined)?.message ?? 'provider error';
    const provider = failedProvider(failure);
    const tried = provider ? [...(current.providersTried ?? []), provider] : current.providersTried;
    const base: Notification = { ...current, ...(provider ? { provider } : {}), ...(tried ? { providersTried: tried } : {}), failureReason: reasonOf(message), updatedAt: at };
    // Only a row still in `sending` is ours to settle; anything else was settled meanwhile by a report.
    if (current.status !== 'sending') return current;
    switch (smsFailureKind(failure)) {
      case 'unknown': {
        // May have gone out: stays `sending` for the delivery report, reconciliation or the sweep; never resent blindly.
        const waiting = { ...base, failureReason: reasonOf(`outcome unknown, not resent: ${message}`) };
        await tx.notifications.save(waiting);
        return waiting;
      }
      case 'rejected': {
        const failed: Notification = { ...base, status: 'permanent-failure', failedAt: at };
        await tx.notifications.save(failed);
        await emitFailed(tx, failed, 'permanent', now);
        return failed;
      }
      case 'unavailable': {
        const attempts = current.attempts ?? 1;
        if (attempts >= policy.maxAttempts) {
          const failed: Notification = { ...base, status: 'technical-failure', failedAt: at, failureReason: reasonOf(`gave up after ${attempts} attempts: ${message}`) };
          await tx.notifications.save(failed);
          await emitFailed(tx, failed, 'technical', now);
          return failed;
        }
        const dueAt = new Date(now.getTime() + retryDelayMs(attempts, { initialMs: policy.retryInitialMs, maxMs: policy.retryMaxMs }, deps.random)).toISOString();
        const waiting: Notification = { ...base, status: 'temporary-failure', nextAttemptAt: dueAt };
        await tx.notifications.save(waiting);
        await tx.notifications.scheduleRetry(current.id, dueAt);
        return waiting;
      }
    }
  });
}

/** What a provider's delivery report says, in our terms. */
export type ReportedStatus = 'accepted' | 'delivered' | 'temporary-failure' | 'permanent-failure';

export interface DeliveryReport {
  notificationId: string;
  provider: string;
  status: ReportedStatus;
  detail: string;
}

export type ReportOutcome = { applied: true; status: NotificationStatus } | { applied: false; reason: string; status?: NotificationStatus };

/**
 * Applies a delivery report when the state table allows it. A duplicate, a late
 * report (delivered already) or one for an unknown id changes nothing and says why,
 * for the log.
 */
export async function recordDeliveryReport(run: RunNotifierTransaction, report: DeliveryReport, clock: () => Date): Promise<ReportOutcome> {
  return run(async (tx) => {
    const current = await tx.notifications.get(report.notificationId);
    if (!current) return { applied: false, reason: 'no such notification' };
    const target: NotificationStatus = report.status === 'accepted' ? 'sent' : report.status;
    if (current.status === target) return { applied: false, reason: 'duplicate report', status: current.status };
    if (!canMove(current.status, target)) return { applied: false, reason: `late report: ${current.status} does not move to ${target}`, status: current.status };
    const now = clock();
    const at = now.toISOString();
    const next: Notification = { ...withoutRetry(current), status: target, updatedAt: at };
    if (target === 'sent') {
      next.sentAt ??= at;
      delete next.failureReason;
      await tx.notifications.save(next);
      if (current.sentAt === undefined) await emitSent(tx, next, now);
    } else if (target === 'delivered') {
      next.deliveredAt = at;
      delete next.failureReason;
      await tx.notifications.save(next);
      await emitDelivered(tx, next, now);
    } else {
      next.failedAt = at;
      next.failureReason = reasonOf(`${report.provider}: ${report.detail}`);
      await tx.notifications.save(next);
      await emitFailed(tx, next, target === 'temporary-failure' ? 'temporary' : 'permanent', now);
    }
    return { applied: true, status: target };
  });
}

export interface SweepPolicy {
  /** A row in `sending` longer than this is settled as technical-failure. */
  stuckMs: number;
  /** When the sender can reconcile: a row in `sending` longer than this is reconciled (below stuckMs). */
  reconcileMs?: number | undefined;
  /** A row `created`, or due for a retry, longer than this lost its dispatch (crash): it is dispatched again. */
  lostDispatchMs: number;
  batch: number;
}

/**
 * Inside the sweep's transaction: settles rows stuck in `sending` (never resending
 * them) and returns the ids whose dispatch was lost, for the caller to dispatch after
 * commit, and those left in `sending` past the reconciliation window, for the caller
 * to reconcile after commit (the gateway is asked outside any transaction).
 */
export async function sweepNotifications(tx: NotifierTransaction, now: Date, policy: SweepPolicy): Promise<{ settled: string[]; redispatch: string[]; reconcile: string[] }> {
  const at = now.toISOString();
  const before = (ms: number) => new Date(now.getTime() - ms).toISOString();
  const stuck = await tx.notifications.findDue('sending', 'sendingAt', before(policy.stuckMs), policy.batch);
  for (const n of stuck) {
    const failed: Notification = {
      ...n,
      status: 'technical-failure',
      failedAt: at,
      updatedAt: at,
      failureReason: reasonOf(`no outcome within ${Math.round(policy.stuckMs / 1000)} s of submission; not resent (the provider may have taken it); a later delivery report still settles it${n.failureReason ? ` — ${n.failureReason}` : ''}`),
    };
    await tx.notifications.save(failed);
    await emitFailed(tx, failed, 'technical', now);
  }
  const created = await tx.notifications.findDue('created', 'createdAt', before(policy.lostDispatchMs), policy.batch);
  // Held rows (created or retries) whose timer should have fired by now.
  const held = await tx.notifications.findDue('created', 'nextAttemptAt', before(policy.lostDispatchMs), policy.batch);
  const retries = await tx.notifications.findDue('temporary-failure', 'nextAttemptAt', before(policy.lostDispatchMs), policy.batch);
  const unsettled = policy.reconcileMs === undefined ? [] : await tx.notifications.findDue('sending', 'sendingAt', before(policy.reconcileMs), policy.batch);
  return { settled: stuck.map((n) => n.id), redispatch: [...created, ...held, ...retries].map((n) => n.id), reconcile: unsettled.map((n) => n.id) };
}

export type Reconciliation = 'not-sending' | 'waiting' | 'held' | 'resend';

/** When the row was last known to be possibly on its way: its claim, or the gateway last seen holding it. */
const lastInFlight = (n: Notification): number => Math.max(Date.parse(n.sendingAt ?? n.updatedAt ?? n.createdAt), n.gatewayHeldAt ? Date.parse(n.gatewayHeldAt) : 0);

/**
 * A row left in `sending` past `windowMs` (longer than the gateway's callback retry
 * span), with a sender that can reconcile. The gateway is asked first, outside any
 * transaction; then, if the row is still the same claim:
 * - the gateway holds it (queued for the SMS centre): noted (`gatewayHeldAt`), and the
 *   window starts again from now — its report will come once it goes out;
 * - it holds nothing and no report came within the window since the claim (or since
 *   it was last seen held): the message never went out. The row goes back to
 *   `temporary-failure`, due now, and `resend` tells the caller to dispatch it: the
 *   same row and key, so a second claim and at most one text.
 * A report that arrives meanwhile has moved the row on, and nothing is done.
 */
export async function reconcileNotification(deps: Pick<SendDeps, 'run' | 'sender' | 'clock'>, notificationId: string, windowMs: number): Promise<Reconciliation> {
  const { run, sender, clock } = deps;
  if (!sender.reconcile) return 'waiting';
  const before = await run(async (tx) => tx.notifications.get(notificationId));
  if (!before || before.status !== 'sending') return 'not-sending';
  if (clock().getTime() - lastInFlight(before) < windowMs) return 'waiting';
  const encoding = before.encoding ?? measureSmsText(before.text).encoding;
  const holding = await sender.reconcile({ to: before.to, text: before.text, encoding, reference: before.id, traceparent: before.traceparent });
  const now = clock();
  const at = now.toISOString();
  return run(async (tx) => {
    const current = await tx.notifications.get(notificationId);
    // A report, the sweep or another reconciliation got there first.
    if (!current || current.status !== 'sending' || current.sendingAt !== before.sendingAt) return 'not-sending';
    if (holding === 'held') {
      await tx.notifications.save({ ...current, gatewayHeldAt: at, updatedAt: at });
      return 'held';
    }
    if (now.getTime() - lastInFlight(current) < windowMs) return 'waiting';
    const waitedS = Math.round((now.getTime() - lastInFlight(current)) / 1000);
    const again: Notification = {
      ...withoutRetry(current),
      status: 'temporary-failure',
      nextAttemptAt: at,
      updatedAt: at,
      failureReason: reasonOf(`not sent: no report within ${waitedS} s of the claim and the gateway holds nothing for it; submitted again${current.failureReason ? ` — ${current.failureReason}` : ''}`),
    };
    await tx.notifications.save(again);
    await tx.notifications.scheduleRetry(current.id, at);
    return 'resend';
  });
}
