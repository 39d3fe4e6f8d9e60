/**
 * Status webhooks wired into tracking: the subscription routes, the hook the read
 * model's projection calls on a status change, the lanes' durable-timer handler, and
 * the after-commit runner that POSTs. tracking.module.ts adds these parts and nothing else.
 */
import { randomUUID } from 'node:crypto';
import type { Catalogue } from '@motcua/catalogue';
import type { Logger } from '@motcua/observability';
import { AfterCommitRunner, type Clock, type TimerHandler } from '@motcua/runtime';
import type { ServiceStore } from '@motcua/storage';
import type { Router } from 'express';
import pLimit from 'p-limit';
import type { TrackingConfig } from './config';
import { laneOfTimer, laneTimerId, WEBHOOK_LANE_TIMER, webhookPorts, webhookReads, webhookTransaction } from './data-access/status-webhooks.store';
import { HttpWebhookSender } from './data-access/webhook-http.sender';
import type { Lane } from './domain/status-webhook.entity';
import { deliverLane, leaseMs, recordStatusChange, type DeliveryDeps } from './domain/webhook-delivery.use-cases';
import { webhookRoutes } from './entry-points/http/webhooks.routes';
import type { StatusChangeHook } from './entry-points/messaging/tracking.consumers';

export interface StatusWebhooks {
  router: Router;
  onStatusChange: StatusChangeHook;
  timers: Record<string, TimerHandler>;
  stop(): Promise<void>;
}

export interface StatusWebhookOptions {
  store: ServiceStore;
  logger: Logger;
  clock: Clock;
  catalogue: Catalogue;
  config: TrackingConfig;
}

export function statusWebhooks(options: StatusWebhookOptions): StatusWebhooks {
  const { store, clock, config } = options;
  const logger = options.logger.child({ component: 'webhooks' });
  const run = webhookTransaction(store);
  const deps: DeliveryDeps = {
    run,
    sender: new HttpWebhookSender(),
    clock,
    policy: {
      timeoutMs: config.WEBHOOK_TIMEOUT_MS,
      maxAttempts: config.WEBHOOK_MAX_ATTEMPTS,
      initialMs: config.WEBHOOK_RETRY_INITIAL_MS,
      maxMs: config.WEBHOOK_RETRY_MAX_MS,
      pauseAfter: config.WEBHOOK_PAUSE_AFTER_FAILURES,
    },
    // The URL's origin only: a path or query may carry the integrator's own token.
    paused: (subscription, lastError) =>
      logger.error(
        { subscriptionId: subscription.id, integratorId: subscription.integratorId, origin: new URL(subscription.url).origin, consecutiveFailures: subscription.consecutiveFailures, lastError },
        'webhook subscription paused: too many deliveries in a row failed; the integrator resumes it once the endpoint works',
      ),
  };
  // A burst of status changes (tracking catching up after downtime) must not open a
  // connection per dossier at once. A lane already waiting for its turn is not queued
  // twice: when its turn comes it delivers everything pending.
  const limit = pLimit(config.WEBHOOK_CONCURRENCY);
  const waiting = new Set<string>();
  // Stopping, lanes still waiting are left to their timers: the next process delivers them.
  let stopping = false;
  const deliverInTurn = async (lane: string): Promise<void> => {
    if (waiting.has(lane)) return;
    waiting.add(lane);
    await limit(() => {
      waiting.delete(lane);
      return stopping ? Promise.resolve() : deliverLane(deps, JSON.parse(lane) as Lane);
    });
  };
  // The runner takes string ids: a lane travels as its JSON.
  const failure = 'webhook delivery failed; its lane timer tries again';
  const runner = new AfterCommitRunner(deliverInTurn, logger, { message: failure, idField: 'lane' });

  return {
    router: webhookRoutes({ run, read: webhookReads(store), catalogue: options.catalogue, clock }),
    onStatusChange: async (tx, change) => {
      const started = await recordStatusChange(webhookPorts(tx), change, { newId: randomUUID, now: clock() });
      return () => {
        for (const lane of started) void runner.run(JSON.stringify(lane)).catch((error: unknown) => logger.warn({ err: error, lane: laneTimerId(lane) }, failure));
      };
    },
    timers: {
      [WEBHOOK_LANE_TIMER]: async (tx, timer) => {
        const lane = laneOfTimer(timer);
        // Moved, not left to be deleted: if this process stops before the POST is recorded, the timer fires again.
        await webhookPorts(tx).lanes.wakeAt(lane, new Date(clock().getTime() + leaseMs(deps.policy)).toISOString());
        runner.later(JSON.stringify(lane));
      },
    },
    stop: () => {
      stopping = true;
      return runner.idle();
    },
  };
}
