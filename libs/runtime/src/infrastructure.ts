/**
 * Builds the two ports from configuration: the embedded edition (SQLite store and
 * SQLite event log in one file) or the cluster shape (Kafka and/or MongoDB).
 */
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { createEmbeddedEventBus, createKafkaEventBus, type EventBus } from '@motcua/messaging';
import { createMongoStore, createSqliteStore, type Store } from '@motcua/storage';
import type { Logger } from '@motcua/observability';
import type { ServiceName } from '@motcua/contracts';
import type { AuthSetup } from './auth.setup';
import { fileClock, systemClock } from './clock';
import { portOf, type RuntimeConfig } from './runtime.config';
import type { StartOptions } from './service-host';

export interface Infrastructure {
  bus: EventBus;
  store: Store;
  /** Where the SQLite file is, when there is one. */
  sqlitePath?: string;
  close(): Promise<void>;
}

/** `fileName`: `motcua.db` for the all-in-one embedded edition, `<service>.db` for one service per process. */
export async function createInfrastructure(config: RuntimeConfig, logger: Logger, fileName: string, onFatal?: (error: Error) => void): Promise<Infrastructure> {
  const needsSqlite = config.MOTCUA_STORE === 'sqlite' || config.MOTCUA_BUS === 'embedded';
  const sqlitePath = needsSqlite ? resolve(config.MOTCUA_SQLITE_PATH ?? join(config.MOTCUA_DATA_DIR, fileName)) : undefined;
  if (sqlitePath) mkdirSync(dirname(sqlitePath), { recursive: true });

  const store =
    config.MOTCUA_STORE === 'mongo'
      ? await createMongoStore({ url: config.MONGO_URL as string, dbPrefix: config.MONGO_DB_PREFIX })
      : await createSqliteStore({ path: sqlitePath as string });

  let bus: EventBus;
  try {
    bus =
      config.MOTCUA_BUS === 'kafka'
        ? await createKafkaEventBus({
            brokers: (config.KAFKA_BROKERS as string).split(','),
            clientId: config.KAFKA_CLIENT_ID,
            logger: logger.child({ component: 'kafka' }),
            adminTopics: config.KAFKA_ADMIN_TOPICS,
            idempotent: config.KAFKA_IDEMPOTENT,
            partitions: config.KAFKA_PARTITIONS,
            replicationFactor: config.KAFKA_REPLICATION_FACTOR,
            sessionTimeoutMs: config.KAFKA_SESSION_TIMEOUT_MS,
            ...(onFatal ? { onFatal } : {}),
          })
        : await createEmbeddedEventBus({ path: sqlitePath as string, logger: logger.child({ component: 'embedded-bus' }), partitions: config.EMBEDDED_PARTITIONS });
  } catch (error) {
    await store.close();
    throw error;
  }

  return {
    bus,
    store,
    ...(sqlitePath ? { sqlitePath } : {}),
    close: async () => {
      await bus.close();
      await store.close();
    },
  };
}

/** The host options every process derives from the same configuration (embedded or one service per process). */
export function startOptionsFrom(config: RuntimeConfig, infra: Infrastructure, auth: AuthSetup, logger: Logger, service: ServiceName): StartOptions {
  return {
    auth: auth.authenticator,
    apiKeys: auth.apiKeys,
    store: infra.store,
    bus: infra.bus,
    logger,
    port: portOf(config, service),
    host: config.MOTCUA_HOST,
    publicHost: config.MOTCUA_PUBLIC_HOST,
    retry: { maxAttempts: config.BUS_MAX_ATTEMPTS, initialDelayMs: config.BUS_RETRY_INITIAL_MS, maxDelayMs: config.BUS_RETRY_MAX_MS },
    outboxPollMs: config.OUTBOX_POLL_MS,
    timerPollMs: config.TIMER_POLL_MS,
    idempotencyTtlHours: config.IDEMPOTENCY_TTL_HOURS,
    clock: config.MOTCUA_CLOCK_FILE ? fileClock(resolve(config.MOTCUA_CLOCK_FILE)) : systemClock,
  };
}
