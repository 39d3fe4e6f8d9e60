/**
 * Where tracking reads dead letters: the same bus the services run on, found from the
 * shared runtime configuration. The embedded edition's event log is the SQLite file
 * every service shares (`motcua.db`, as the host opens it); the cluster shape reads
 * the Kafka dead-letter topics.
 */
import { join, resolve } from 'node:path';
import { createEmbeddedDeadLetterStore, createKafkaDeadLetterStore, type DeadLetterStore } from '@motcua/messaging';
import type { Logger } from '@motcua/observability';
import type { RuntimeConfig } from '@motcua/runtime';

export function deadLetterStoreFrom(config: RuntimeConfig, logger: Logger): DeadLetterStore {
  if (config.MOTCUA_BUS === 'kafka') {
    return createKafkaDeadLetterStore({
      brokers: (config.KAFKA_BROKERS as string).split(','),
      clientId: `${config.KAFKA_CLIENT_ID}-dead-letters`,
      logger: logger.child({ component: 'dead-letters' }),
      // Short: the reader's throwaway group joins for every read, and a short session keeps the join short.
      sessionTimeoutMs: Math.min(config.KAFKA_SESSION_TIMEOUT_MS, 10_000),
    });
  }
  return createEmbeddedDeadLetterStore({ path: resolve(config.MOTCUA_SQLITE_PATH ?? join(config.MOTCUA_DATA_DIR, 'motcua.db')) });
}
