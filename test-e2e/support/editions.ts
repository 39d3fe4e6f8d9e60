/**
 * Either edition started for a journey, behind one shape: the embedded edition as
 * `motcua start` runs it (one process, one SQLite file that is also the event log) or
 * six processes on Kafka (a private librdkafka mock cluster, or the broker the
 * environment gives) with one SQLite file each; plus a bus client of the same kind
 * to put hand-made messages on the topics.
 */
import { join } from 'node:path';
import type { WireMessage } from '@motcua/contracts';
import { createEmbeddedEventBus, createKafkaEventBus, type EventBus } from '@motcua/messaging';
import { createLogger } from '@motcua/observability';
import { kafkaPeer, startOnMockKafka, type MockCluster } from '@motcua/testing';
import { embeddedProcess, serviceNames, startSeparateProcesses, tempDir, type ManagedProcess, type ServiceName } from './service-process';

export type EditionName = 'embedded' | 'kafka';

export interface RunningEdition {
  edition: EditionName;
  url(service: ServiceName): string;
  /** The process holding `service` (the one process in the embedded edition). */
  process(service: ServiceName): ManagedProcess;
  /** The SQLite file `service` keeps its state in. */
  sqliteFile(service: ServiceName): string;
  /** Kafka's bootstrap brokers (kafka edition only). */
  brokers: string[];
  /** The mock cluster's kcat process, when the edition runs on one. */
  mock: MockCluster | undefined;
  /** Puts already-encoded messages on a topic, as a hostile or broken producer would. */
  publishRaw(topic: string, messages: WireMessage[]): Promise<void>;
  stop(): Promise<void>;
}

/** The editions this machine can run: embedded always, kafka when a Kafka peer (kcat mock, container or KAFKA_BROKERS) is there. */
export function availableEditions(): EditionName[] {
  return kafkaPeer() ? ['embedded', 'kafka'] : ['embedded'];
}

const quiet = createLogger({ service: 'e2e', level: 'silent' });

export async function startEdition(edition: EditionName, extraEnv: Record<string, string> = {}): Promise<RunningEdition> {
  const dataDir = tempDir(edition);
  if (edition === 'embedded') {
    const motcua = embeddedProcess(dataDir, extraEnv);
    await motcua.start([...serviceNames]);
    const file = join(dataDir, 'motcua.db');
    return {
      edition,
      url: (service) => motcua.url(service),
      process: () => motcua,
      sqliteFile: () => file,
      brokers: [],
      mock: undefined,
      publishRaw: (topic, messages) => withBus(createEmbeddedEventBus({ path: file, logger: quiet }), (bus) => bus.publishRaw(topic, messages)),
      stop: async () => void (await motcua.stop()),
    };
  }
  const peer = kafkaPeer();
  // A private mock cluster per file: topics and consumer groups of other test files stay out of the way.
  const cluster =
    peer?.kind === 'mock' || !peer
      ? await startOnMockKafka({ dataDir, extraEnv })
      : { ...(await startSeparateProcesses({ kafka: { brokers: peer.brokers, adminTopics: peer.adminTopics, idempotent: peer.idempotent }, dataDir, extraEnv })), brokers: peer.brokers, mock: undefined };
  const { brokers, mock } = cluster;
  return {
    edition,
    url: (service) => cluster.url(service),
    process: (service) => cluster.processes.get(service) as ManagedProcess,
    sqliteFile: (service) => join(dataDir, `${service}.db`),
    brokers,
    mock,
    publishRaw: (topic, messages) =>
      withBus(createKafkaEventBus({ brokers, clientId: 'e2e-producer', logger: quiet, adminTopics: false, idempotent: false }), (bus) => bus.publishRaw(topic, messages)),
    stop: () => cluster.stopAll(),
  };
}

async function withBus(opening: Promise<EventBus>, use: (bus: EventBus) => Promise<void>): Promise<void> {
  const bus = await opening;
  try {
    await use(bus);
  } finally {
    await bus.close();
  }
}
