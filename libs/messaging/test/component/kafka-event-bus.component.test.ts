import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { createLogger } from '@motcua/observability';
import { describeWithPeer, kafkaPeer, type KafkaPeer } from '@motcua/testing';
import { createKafkaEventBus, kafkaLogCreator } from '../../src';
import { uniqueName } from '../support/dossier-events.fixture';
import { busContract, type RawRecord, type TopicWatch } from './bus.contract';

const logger = createLogger({ service: 'messaging-test', level: process.env['LOG_LEVEL'] ?? 'silent' });
/** Joining a group on the librdkafka mock cluster takes about 3–5 s; a short session keeps rejoins short too. */
const SESSION_TIMEOUT_MS = 6000;

/** Reads a topic from the beginning in a throwaway consumer group of its own. */
async function watchTopic(kafka: Kafka, peer: KafkaPeer, topic: string): Promise<TopicWatch> {
  if (peer.adminTopics) {
    const admin = kafka.admin();
    await admin.connect();
    try {
      await admin.createTopics({ topics: [{ topic, numPartitions: 4 }], waitForLeaders: true });
    } finally {
      await admin.disconnect();
    }
  }
  const records: RawRecord[] = [];
  const consumer: Consumer = kafka.consumer({ groupId: uniqueName('watch'), sessionTimeout: SESSION_TIMEOUT_MS, heartbeatInterval: 1000, maxWaitTimeInMs: 500 });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ partition, message }) => {
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(message.headers ?? {})) if (value !== undefined) headers[name] = value.toString();
      records.push({ key: message.key?.toString('utf8') ?? null, value: message.value, headers, partition, offset: message.offset });
      await Promise.resolve();
    },
  });
  return { records: () => records, stop: () => consumer.disconnect() };
}

describeWithPeer(kafkaPeer(), 'kafka event bus', (peer) => {
  const kafka = new Kafka({ clientId: 'messaging-test-watch', brokers: peer.brokers, logLevel: logLevel.WARN, logCreator: kafkaLogCreator(logger) });

  busContract(`Kafka (${peer.kind})`, () => ({
    createBus: () =>
      createKafkaEventBus({
        brokers: peer.brokers,
        clientId: uniqueName('messaging-test'),
        logger,
        adminTopics: peer.adminTopics,
        idempotent: peer.idempotent,
        partitions: 4,
        sessionTimeoutMs: SESSION_TIMEOUT_MS,
        heartbeatIntervalMs: 1000,
        fetchMaxWaitMs: 500,
      }),
    watchTopic: (topic) => watchTopic(kafka, peer, topic),
    timeoutMs: 30_000,
  }));
});
