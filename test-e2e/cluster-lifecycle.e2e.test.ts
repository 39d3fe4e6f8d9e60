/**
 * The lifecycle journeys on the cluster shape: six processes on Kafka (the librdkafka
 * mock cluster here) with one SQLite file each, all following one demo clock file.
 */
import { join } from 'node:path';
import { kafkaPeer, startKafkaMockCluster, type MockCluster } from '@motcua/testing';
import { startSeparateProcesses, tempDir, type ClusterShape } from './support/service-process';
import { DemoClock, lifecycleJourneys, localTime } from './support/lifecycle-journeys';

const peer = kafkaPeer();
const describeKafka = peer ? describe : describe.skip;

describeKafka('lifecycle journeys across six processes on Kafka + SQLite', () => {
  let cluster: ClusterShape;
  let mock: MockCluster | undefined;
  let clock: DemoClock;

  beforeAll(async () => {
    let brokers = peer?.brokers ?? [];
    if (peer?.kind === 'mock') {
      mock = await startKafkaMockCluster({ brokers: 3 });
      brokers = mock.brokers;
    }
    const dataDir = tempDir('cluster-lifecycle');
    clock = new DemoClock(join(dataDir, 'clock.json'));
    clock.set(localTime('08:00'));
    cluster = await startSeparateProcesses({ brokers, dataDir, extraEnv: { MOTCUA_CLOCK_FILE: clock.file, TIMER_POLL_MS: '200' } });
  }, 120_000);

  afterAll(async () => {
    await cluster?.stopAll();
    await mock?.stop();
  }, 60_000);

  lifecycleJourneys(() => ({ url: cluster.url, clock }));
});
