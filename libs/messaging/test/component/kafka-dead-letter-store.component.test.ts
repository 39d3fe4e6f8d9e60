import { createLogger } from '@motcua/observability';
import { describeWithPeer, kafkaPeer } from '@motcua/testing';
import { createKafkaDeadLetterStore, createKafkaEventBus } from '../../src';
import { uniqueName } from '../support/dossier-events.fixture';
import { deadLetterStoreContract } from './dead-letter-store.contract';

const logger = createLogger({ service: 'messaging-test', level: process.env['LOG_LEVEL'] ?? 'silent' });
/** Joining a group on the librdkafka mock cluster takes about 3–5 s; a short session keeps it short. */
const SESSION_TIMEOUT_MS = 6000;

describeWithPeer(kafkaPeer(), 'kafka dead-letter store', (peer) => {
  deadLetterStoreContract(`Kafka (${peer.kind})`, () => ({
    createBus: () =>
      createKafkaEventBus({
        brokers: peer.brokers,
        clientId: uniqueName('dlq-test'),
        logger,
        adminTopics: peer.adminTopics,
        idempotent: peer.idempotent,
        partitions: 4,
        sessionTimeoutMs: SESSION_TIMEOUT_MS,
        heartbeatIntervalMs: 1000,
        fetchMaxWaitMs: 200,
      }),
    createStore: () => createKafkaDeadLetterStore({ brokers: peer.brokers, clientId: uniqueName('dlq-reader'), logger, sessionTimeoutMs: SESSION_TIMEOUT_MS, heartbeatIntervalMs: 1000, fetchMaxWaitMs: 200 }),
    timeoutMs: 40_000,
  }));
});
