/**
 * Hosts one service: creates its collections, starts its outbox relay, its event
 * consumers and its HTTP server, and stops them in the order that loses nothing:
 * HTTP first (no new commands), then consumers (in-flight messages finish), then the
 * relay flushes what was committed.
 */
import type { Express, Router } from 'express';
import type { ApiKeys, Authenticator } from '@motcua/auth';
import { ServiceCredentialsCollection } from './service-credentials';
import type { ServiceName } from '@motcua/contracts';
import { OutboxRelay, type ConsumedEvent, type EventBus, type RetryPolicy, type Subscription } from '@motcua/messaging';
import type { CollectionSpec, ServiceStore, Store, Tx } from '@motcua/storage';
import { ServiceMetrics, type Logger } from '@motcua/observability';
import { createHttpApp, listen, type RunningHttp } from './http/http-app';
import { IdempotencyKeysCollection } from './http/idempotency.middleware';
import type { Clock } from './clock';
import { TimerPoller, timersCollection, type TimerHandler } from './timers';
import { registerPipelineMetrics, timedHandler } from './service-metrics';

const DEFAULT_IDEMPOTENCY_TTL_HOURS = 24;

export interface ConsumerSpec {
  /** Consumer group; its dead letters go to `motcua.dlq.<groupId>`. */
  groupId: string;
  topics: string[];
  handle(event: ConsumedEvent): Promise<void>;
}

export interface ServiceDeps {
  store: ServiceStore;
  bus: EventBus;
  logger: Logger;
  clock: Clock;
  /** The service's Prometheus registry: a module adds its own series here (see service-metrics.ts for the common ones). */
  metrics: ServiceMetrics;
  /** The shared key store, for a service that calls another one's integrator API with a key of its own (service-credentials.ts). */
  apiKeys?: ApiKeys;
}

export interface ServiceParts {
  routers: Router[];
  consumers: ConsumerSpec[];
  /** Durable timer handlers by kind (see timers.ts); the host polls for due timers when there are any. */
  timers?: Record<string, TimerHandler>;
  /** Background work (sweeps) started after the consumers. */
  start?(): Promise<void>;
  stop?(): Promise<void>;
}

export interface ServiceModule {
  name: ServiceName;
  /** What the service is for, to whom: the opening of its OpenAPI document. */
  description?: string;
  collections: CollectionSpec[];
  create(deps: ServiceDeps): ServiceParts | Promise<ServiceParts>;
}

export interface StartOptions {
  store: Store;
  bus: EventBus;
  /** The service's own logger (its lines carry `service: <name>`). */
  logger: Logger;
  port: number;
  /** Who is calling (auth.setup.ts builds it from configuration; tests use @motcua/testing's testAuth). */
  auth: Authenticator;
  /** The key store, when the service may create its own key in it (see ServiceDeps.apiKeys). */
  apiKeys?: ApiKeys;
  host?: string;
  publicHost?: string;
  retry?: Partial<RetryPolicy>;
  outboxPollMs?: number;
  /** How long an `Idempotency-Key` is remembered (IDEMPOTENCY_TTL_HOURS); 24 by default. */
  idempotencyTtlHours?: number;
  /** The service's clock; idempotency keys and timers follow it too, so tests can move time instead of sleeping. */
  clock?: Clock;
  /** How often due durable timers are looked for (TIMER_POLL_MS); 1000 by default. */
  timerPollMs?: number;
}

export interface RunningService {
  name: ServiceName;
  url: string;
  port: number;
  relay: OutboxRelay;
  /** The express application, for tests that compare its routes with its OpenAPI document. */
  app: Express;
  /** Fires the timers due now (tests call it after moving the clock instead of waiting for a poll). */
  fireDueTimers(): Promise<void>;
  stop(): Promise<void>;
}

export async function startService(module: ServiceModule, options: StartOptions): Promise<RunningService> {
  const logger = options.logger;
  const store = options.store.forService(module.name);
  await store.ensureCollections([...module.collections, IdempotencyKeysCollection, timersCollection, ServiceCredentialsCollection]);
  const clock = options.clock ?? (() => new Date());
  const metrics = new ServiceMetrics(module.name, logger);
  const parts = await module.create({ store, bus: options.bus, logger, clock, metrics, ...(options.apiKeys ? { apiKeys: options.apiKeys } : {}) });
  registerPipelineMetrics(metrics, { store, bus: options.bus, consumers: parts.consumers });

  const relay = new OutboxRelay({ outbox: store.outbox, bus: options.bus, logger: logger.child({ component: 'outbox-relay' }), pollIntervalMs: options.outboxPollMs ?? 1000 });
  relay.start();

  const subscriptions: Subscription[] = [];
  for (const consumer of parts.consumers) {
    subscriptions.push(
      await options.bus.subscribe(
        { groupId: consumer.groupId, topics: consumer.topics, ...(options.retry ? { retry: options.retry } : {}) },
        timedHandler(metrics, consumer.groupId, (event) => consumer.handle(event)),
      ),
    );
  }
  const timers = parts.timers
    ? new TimerPoller({ store, clock, logger: logger.child({ component: 'timers' }), handlers: parts.timers, pollMs: options.timerPollMs ?? 1000 })
    : undefined;
  timers?.start();
  await parts.start?.();

  const app = createHttpApp({
    service: module.name,
    ...(module.description ? { description: module.description } : {}),
    logger,
    auth: options.auth,
    routers: parts.routers,
    idempotency: { store, clock, ttlMs: (options.idempotencyTtlHours ?? DEFAULT_IDEMPOTENCY_TTL_HOURS) * 3_600_000 },
    metrics,
    readiness: [
      { name: 'store', check: () => options.store.health() },
      { name: 'bus', check: () => options.bus.health() },
    ],
  });
  let http: RunningHttp;
  try {
    http = await listen(app, options.port, options.host);
  } catch (error) {
    await Promise.allSettled(subscriptions.map((s) => s.stop()));
    await timers?.stop();
    await relay.stop();
    throw error;
  }
  const url = `http://${options.publicHost ?? 'localhost'}:${http.port}`;
  metrics.start();
  logger.info({ url, consumers: parts.consumers.map((c) => c.groupId) }, `${module.name} started`);

  return {
    name: module.name,
    url,
    port: http.port,
    relay,
    app,
    fireDueTimers: () => timers?.tick() ?? Promise.resolve(),
    stop: async () => {
      metrics.stop();
      await http.close();
      await Promise.allSettled(subscriptions.map((s) => s.stop()));
      await timers?.stop();
      await parts.stop?.();
      await relay.flush().catch((error: unknown) => logger.warn({ err: error }, 'outbox not flushed at stop; it will be published at next start'));
      await relay.stop();
      logger.info(`${module.name} stopped`);
    },
  };
}

/**
 * Runs a consumer's state change at most once per event: the inbox mark and the
 * change commit in one transaction, so a redelivered event changes nothing.
 */
export async function handleOnce(store: ServiceStore, groupId: string, event: ConsumedEvent, work: (tx: Tx) => Promise<void>): Promise<void> {
  await store.unitOfWork.run(async (tx) => {
    if (!(await tx.markHandled(groupId, event.envelope.id))) return;
    await work(tx);
  });
}
