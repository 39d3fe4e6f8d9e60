/**
 * The limit to compare the pipeline with: how many events per second the bus alone
 * carries on this machine, published and consumed through the project's own EventBus
 * adapters exactly as the services wire them (createInfrastructure), with real
 * DossierReceived events (the same encoding, validation and payload size as intake's),
 * in batches of 100 as the outbox relay publishes, to one consumer group that does
 * nothing else with them.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { encodeEvent, topicOf } from '@motcua/contracts';
import type { ConsumedEvent } from '@motcua/messaging';
import { createLogger } from '@motcua/observability';
import { createInfrastructure, loadRuntimeConfig } from '@motcua/runtime';
import { dossierReceived, startKafkaMockCluster, testAuthEnv, waitFor, type MockCluster } from '@motcua/testing';
import { tempDir } from '../../test-e2e/support/service-process';
import type { EditionName } from './editions';

export interface RawBusFigures {
  events: number;
  seconds: number;
  eventsPerSecond: number;
  /** Bytes of one event's value on the wire. */
  payloadBytes: number;
}

const BATCH = 100;

export async function rawBusRate(edition: EditionName, events: number): Promise<RawBusFigures> {
  let cluster: MockCluster | undefined;
  const env: Record<string, string> = { MOTCUA_DATA_DIR: tempDir(`bench-raw-${edition}`), LOG_LEVEL: 'warn', BUS_RETRY_INITIAL_MS: '50', BUS_RETRY_MAX_MS: '500' };
  if (edition === 'kafka') {
    cluster = await startKafkaMockCluster({ brokers: 3 });
    // The cluster edition's configuration asks for an identity provider; the bus measured here uses none.
    Object.assign(env, testAuthEnv(), { MOTCUA_BUS: 'kafka', KAFKA_BROKERS: cluster.brokers.join(','), KAFKA_ADMIN_TOPICS: 'false', KAFKA_IDEMPOTENT: 'false', KAFKA_SESSION_TIMEOUT_MS: '6000' });
  }
  // Everything started is stopped, even when the infrastructure cannot be created (a configuration error).
  let infra: Awaited<ReturnType<typeof createInfrastructure>> | undefined;
  try {
    infra = await createInfrastructure(loadRuntimeConfig(env), createLogger({ service: 'bench-raw-bus', level: 'warn' }), 'raw-bus.db');
    const bus = infra.bus;
    const topic = topicOf('DossierReceived');
    const envelopes = Array.from({ length: events + 1 }, (_, i) => dossierReceived({ dossierId: `bench-${i}`, dossierCode: `BENCH-000000-${String(i).padStart(4, '0')}` }));
    const payloadBytes = encodeEvent(envelopes[0] as (typeof envelopes)[0]).value.length;
    let consumed = 0;
    const subscription = await bus.subscribe({ groupId: 'motcua-bench-raw', topics: [topic] }, async (_event: ConsumedEvent) => {
      consumed += 1;
    });
    // The group has joined (Kafka takes seconds) once a first event comes through; only then does the clock start.
    await bus.publish([{ topic, envelope: envelopes[0] as (typeof envelopes)[0] }]);
    await waitFor(() => consumed >= 1, { timeoutMs: 60_000, intervalMs: 20, what: 'the raw-bus consumer group to receive its first event' });
    const startedAt = performance.now();
    for (let from = 1; from <= events; from += BATCH) {
      await bus.publish(envelopes.slice(from, from + BATCH).map((envelope) => ({ topic, envelope })));
    }
    await waitFor(() => consumed >= events + 1, { timeoutMs: 300_000, intervalMs: 5, what: `${events} raw events consumed` });
    const seconds = (performance.now() - startedAt) / 1000;
    await subscription.stop();
    // Let kafkajs leave the group before the cluster goes.
    await delay(100);
    return { events, seconds, eventsPerSecond: events / seconds, payloadBytes };
  } finally {
    await infra?.close();
    await cluster?.stop();
  }
}
