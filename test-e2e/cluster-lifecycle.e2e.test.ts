/**
 * The lifecycle journeys on the cluster shape: six processes on Kafka (the librdkafka
 * mock cluster here) with one SQLite file each, all following one demo clock file.
 */
import { join } from 'node:path';
import { kafkaPeer, type KafkaPeer } from '@motcua/testing';
import { clusterKafka, startSeparateProcesses, tempDir, type ClusterKafka, type ClusterShape } from './support/service-process';
import { DemoClock, lifecycleJourneys, localTime } from './support/lifecycle-journeys';

const peer = kafkaPeer();
const describeKafka = peer ? describe : describe.skip;

describeKafka('lifecycle journeys across six processes on Kafka + SQLite', () => {
  let cluster: ClusterShape;
  let kafka: ClusterKafka | undefined;
  let clock: DemoClock;

  beforeAll(async () => {
    kafka = await clusterKafka(peer as KafkaPeer);
    const dataDir = tempDir('cluster-lifecycle');
    clock = new DemoClock(join(dataDir, 'clock.json'));
    clock.set(localTime('08:00'));
    cluster = await startSeparateProcesses({ kafka, dataDir, extraEnv: { MOTCUA_CLOCK_FILE: clock.file, TIMER_POLL_MS: '200' } });
  }, 120_000);

  afterAll(async () => {
    await cluster?.stopAll();
    await kafka?.stop();
  }, 60_000);

  lifecycleJourneys(() => ({ url: cluster.url, clock }));
});
