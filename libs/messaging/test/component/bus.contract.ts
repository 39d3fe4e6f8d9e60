/**
 * The EventBus contract: one suite every adapter runs (Kafka and the embedded log), so
 * "same behaviour" is proven rather than promised. An adapter's test file supplies a
 * harness: how to open a bus on its log, and how to read a topic raw, outside any
 * consumer group of the bus under test (dead letters are not valid events).
 */
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { encodeEvent, type EventEnvelope } from '@motcua/contracts';
import { AppError, ErrorCodes } from '@motcua/errors';
import { shutdownTracing, startTracing, traceIdOf } from '@motcua/observability';
import { waitFor } from '@motcua/testing';
import { DlqHeaders, lagByTopic, messagesIn, type ConsumedEvent, type EventBus, type EventHandler, type RetryPolicy, type Subscription } from '../../src';
import { dossierArrived, uniqueName } from '../support/dossier-events.fixture';

export interface RawRecord {
  key: string | null;
  value: Buffer | null;
  headers: Record<string, string>;
  partition: number;
  offset: string;
}

export interface TopicWatch {
  /** Everything read so far, in arrival order. */
  records(): RawRecord[];
  stop(): Promise<void>;
}

export interface BusContractHarness {
  /** A bus on the shared log (same brokers, same file), as another process of a service would open it. */
  createBus(): Promise<EventBus>;
  /** Starts reading a topic from its beginning, outside the consumer groups under test. */
  watchTopic(topic: string): Promise<TopicWatch>;
  /** Per-wait deadline: generous for a broker whose group join alone takes seconds. */
  timeoutMs: number;
}

/** Retries fast enough for a test, slow enough to see ordering between attempts. */
const quickRetry: Partial<RetryPolicy> = { maxAttempts: 3, initialDelayMs: 10, maxDelayMs: 40 };

/** Collects what a handler received, in order. */
function recorder() {
  const received: ConsumedEvent[] = [];
  return {
    received,
    ids: () => received.map((event) => event.envelope.id),
    record: (event: ConsumedEvent) => received.push(event),
  };
}

export function busContract(adapter: string, makeHarness: () => BusContractHarness): void {
  describe(`EventBus contract: ${adapter}`, () => {
    const spans = new InMemorySpanExporter();
    let harness: BusContractHarness;
    const cleanups: (() => Promise<unknown>)[] = [];

    beforeAll(() => {
      // A real tracer and W3C propagator, so trace context handling is exercised, not no-ops.
      startTracing({ serviceName: `messaging-contract-${adapter}`, exporter: spans, instrument: false });
      harness = makeHarness();
    });

    afterAll(async () => {
      await shutdownTracing();
    });

    afterEach(async () => {
      // Subscriptions and watches before buses: stopping needs the bus still open.
      const pending = cleanups.splice(0).reverse();
      for (const cleanup of pending) await cleanup().catch(() => undefined);
      spans.reset();
    });

    async function openBus(): Promise<EventBus> {
      const bus = await harness.createBus();
      cleanups.push(() => bus.close());
      return bus;
    }

    async function subscribe(bus: EventBus, topics: string[], groupId: string, handler: EventHandler, retry: Partial<RetryPolicy> = quickRetry): Promise<Subscription> {
      const subscription = await bus.subscribe({ groupId, topics, retry }, handler);
      cleanups.push(() => subscription.stop());
      return subscription;
    }

    async function watch(topic: string): Promise<TopicWatch> {
      const topicWatch = await harness.watchTopic(topic);
      cleanups.push(() => topicWatch.stop());
      return topicWatch;
    }

    const until = <T>(probe: () => T | undefined | false | null, what: string) => waitFor(probe, { timeoutMs: harness.timeoutMs, what });

    it('when an event is published and consumed, then the consumer gets the same envelope, keyed by the dossier id, in the producer trace', async () => {
      const bus = await openBus();
      const topic = uniqueName('contract-roundtrip');
      const group = uniqueName('group');
      const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
      const sent = dossierArrived('d-roundtrip-1', { traceparent });
      const got = recorder();
      const [raw] = await Promise.all([watch(topic), subscribe(bus, [topic], group, async (event) => void got.record(event))]);

      await bus.publish([{ topic, envelope: sent }]);

      const [first] = await until(() => got.received.length === 1 && got.received, 'the event to be consumed');
      const envelope = first?.envelope as EventEnvelope;
      expect(envelope).toMatchObject({ id: sent.id, type: sent.type, subject: 'd-roundtrip-1', source: sent.source, time: sent.time, correlationid: sent.correlationid, data: sent.data });
      expect(traceIdOf(envelope.traceparent)).toBe(traceIdOf(traceparent));
      expect(first).toMatchObject({ topic, attempt: 1 });

      const [record] = await until(() => raw.records().length === 1 && raw.records(), 'the raw record');
      expect(record?.key).toBe('d-roundtrip-1');
      expect(record?.headers).toMatchObject({ ce_id: sent.id, ce_type: sent.type, ce_subject: 'd-roundtrip-1' });

      const finished = await until(() => {
        const all = spans.getFinishedSpans();
        const publish = all.find((s) => s.name === `publish ${topic}`);
        const process = all.find((s) => s.name === `process ${topic}`);
        return publish && process && { publish, process };
      }, 'the publish and process spans');
      expect(finished.publish.spanContext().traceId).toBe(traceIdOf(traceparent));
      expect(finished.process.parentSpanContext?.spanId).toBe(finished.publish.spanContext().spanId);
      expect(finished.process.attributes).toMatchObject({ 'messaging.consumer.group.name': group, 'messaging.destination.name': topic });
    });

    it('when many dossiers publish many events, then each dossier’s events are handled in the order they were published', async () => {
      const bus = await openBus();
      const topic = uniqueName('contract-order');
      const dossiers = Array.from({ length: 8 }, (_, i) => `d-order-${i}`);
      const perDossier = 12;
      const handled = new Map<string, number[]>();
      let total = 0;
      await subscribe(bus, [topic], uniqueName('group'), async ({ envelope }) => {
        const data = envelope.data as { dossierId: string; dossierCode: string };
        const list = handled.get(data.dossierId) ?? [];
        list.push(Number(data.dossierCode.split('#')[1]));
        handled.set(data.dossierId, list);
        total += 1;
        // Let other partitions interleave, so order is kept by design rather than by luck.
        await Promise.resolve();
      });

      for (let seq = 0; seq < perDossier; seq += 1) {
        await bus.publish(dossiers.map((dossierId) => ({ topic, envelope: dossierArrived(dossierId, { code: `HS#${seq}` }) })));
      }

      await until(() => total === dossiers.length * perDossier, `${dossiers.length * perDossier} events`);
      const expected = Array.from({ length: perDossier }, (_, i) => i);
      for (const dossierId of dossiers) expect(handled.get(dossierId)).toEqual(expected);
    });

    it('when a handler fails and the consumer stops, then a new consumer of the same group gets the message again', async () => {
      const bus = await openBus();
      const topic = uniqueName('contract-uncommitted');
      const group = uniqueName('group');
      const sent = dossierArrived('d-uncommitted');
      const failing = jest.fn(async () => {
        throw new AppError('TEST.DOWNSTREAM_DOWN', 'transient', 'downstream unavailable');
      });
      // A retry wait far beyond the test: only stop() ends it, without committing.
      const first = await subscribe(bus, [topic], group, failing, { maxAttempts: 5, initialDelayMs: 120_000, maxDelayMs: 120_000 });
      await bus.publish([{ topic, envelope: sent }]);
      await until(() => failing.mock.calls.length === 1, 'the first failed attempt');
      await first.stop();

      const again = recorder();
      await subscribe(bus, [topic], group, async (event) => void again.record(event));

      await until(() => again.received.length === 1, 'the redelivery');
      expect(again.ids()).toEqual([sent.id]);
      expect(again.received[0]?.attempt).toBe(1);
    });

    it('when a group restarts, then messages it committed are not delivered again', async () => {
      const bus = await openBus();
      const topic = uniqueName('contract-committed');
      const group = uniqueName('group');
      const before = [dossierArrived('d-committed', { code: 'HS#1' }), dossierArrived('d-committed', { code: 'HS#2' })];
      const firstRun = recorder();
      const first = await subscribe(bus, [topic], group, async (event) => void firstRun.record(event));
      await bus.publish(before.map((envelope) => ({ topic, envelope })));
      await until(() => firstRun.received.length === 2, 'both events in the first run');
      await first.stop();

      const after = dossierArrived('d-committed', { code: 'HS#3' });
      await bus.publish([{ topic, envelope: after }]);
      const secondRun = recorder();
      await subscribe(bus, [topic], group, async (event) => void secondRun.record(event));

      // Same dossier, same partition: a redelivered earlier event would arrive before this one.
      await until(() => secondRun.received.length >= 1, 'the new event');
      expect(secondRun.ids()).toEqual([after.id]);
    });

    it('when a handler fails transiently, then it is retried with increasing attempt numbers until it succeeds', async () => {
      const bus = await openBus();
      const topic = uniqueName('contract-retry');
      const attempts: number[] = [];
      let handled = false;
      await subscribe(
        bus,
        [topic],
        uniqueName('group'),
        async ({ attempt }) => {
          attempts.push(attempt);
          if (attempt < 3) throw new AppError('TEST.DOWNSTREAM_DOWN', 'transient', 'downstream unavailable');
          handled = true;
        },
        { maxAttempts: 4, initialDelayMs: 10, maxDelayMs: 40 },
      );

      await bus.publish([{ topic, envelope: dossierArrived('d-retry') }]);

      await until(() => handled, 'the third attempt to succeed');
      expect(attempts).toEqual([1, 2, 3]);
    });

    it('when a handler keeps failing, then the message lands in the dead-letter topic with the attempt count and the next message is still consumed', async () => {
      const bus = await openBus();
      const topic = uniqueName('contract-exhausted');
      const group = uniqueName('group');
      const poison = dossierArrived('d-exhausted', { code: 'HS#poison' });
      const next = dossierArrived('d-exhausted', { code: 'HS#next' });
      const attemptsOfPoison: ConsumedEvent[] = [];
      const handledIds: string[] = [];
      const [dlq] = await Promise.all([
        watch(`motcua.dlq.${group}`),
        subscribe(bus, [topic], group, async (event) => {
          if (event.envelope.id === poison.id) {
            attemptsOfPoison.push(event);
            throw new Error('handler bug: cannot read property of undefined');
          }
          handledIds.push(event.envelope.id);
        }),
      ]);

      await bus.publish([{ topic, envelope: poison }, { topic, envelope: next }]);

      await until(() => handledIds.includes(next.id), 'the message after the poison one');
      expect(attemptsOfPoison.map((e) => e.attempt)).toEqual([1, 2, 3]);
      const [letter] = await until(() => dlq.records().length === 1 && dlq.records(), 'the dead letter');
      const original = attemptsOfPoison[0] as ConsumedEvent;
      expect(letter?.key).toBe('d-exhausted');
      expect(letter?.headers).toMatchObject({
        ce_id: poison.id,
        [DlqHeaders.code]: ErrorCodes.BUS_RETRIES_EXHAUSTED,
        [DlqHeaders.attempts]: '3',
        [DlqHeaders.consumerGroup]: group,
        [DlqHeaders.originalTopic]: topic,
        [DlqHeaders.originalPartition]: String(original.partition),
        [DlqHeaders.originalOffset]: original.offset,
      });
      expect(letter?.headers[DlqHeaders.reason]).toContain('cannot read property of undefined');
      expect(Number.isNaN(Date.parse(letter?.headers[DlqHeaders.failedAt] ?? ''))).toBe(false);
      expect(JSON.parse((letter?.value as Buffer).toString('utf8'))).toEqual(poison.data);
      expect(messagesIn(await bus.offsets([`motcua.dlq.${group}`]))).toBe(1);
    });

    it('when malformed messages arrive (garbage, wrong schema, unknown type), then each is dead-lettered at once with the reason and consumption continues', async () => {
      const bus = await openBus();
      const topic = uniqueName('contract-malformed');
      const group = uniqueName('group');
      const handledIds: string[] = [];
      const [dlq] = await Promise.all([
        watch(`motcua.dlq.${group}`),
        subscribe(bus, [topic], group, async ({ envelope }) => void handledIds.push(envelope.id)),
      ]);
      const valid = encodeEvent(dossierArrived('d-malformed'));
      const good = dossierArrived('d-malformed', { code: 'HS#good' });

      await bus.publishRaw(topic, [
        { key: 'd-malformed', value: Buffer.from('{not json'), headers: { 'content-type': 'application/json' } },
        { ...valid, value: Buffer.from(JSON.stringify({ dossierId: 'd-malformed' })) },
        { ...valid, headers: { ...valid.headers, ce_type: 'vn.motcua.intake.DossierTeleported.v1' } },
      ]);
      await bus.publish([{ topic, envelope: good }]);

      await until(() => handledIds.includes(good.id), 'the valid event after the malformed ones');
      expect(handledIds).toEqual([good.id]);
      const letters = await until(() => dlq.records().length === 3 && dlq.records(), 'three dead letters');
      const byOffset = [...letters].sort((a, b) => Number(a.headers[DlqHeaders.originalOffset]) - Number(b.headers[DlqHeaders.originalOffset]));
      expect(byOffset.map((l) => [l.headers[DlqHeaders.code], l.headers[DlqHeaders.attempts]])).toEqual([
        [ErrorCodes.CONTRACT_INVALID_EVENT, '0'],
        [ErrorCodes.CONTRACT_INVALID_EVENT, '0'],
        [ErrorCodes.CONTRACT_UNKNOWN_EVENT_TYPE, '0'],
      ]);
      expect(byOffset.map((l) => l.headers[DlqHeaders.reason])).toEqual([
        expect.stringContaining('missing CloudEvents headers'),
        expect.stringContaining('does not match'),
        expect.stringContaining('unknown event type'),
      ]);
    });

    it('when a handler throws a non-retryable AppError, then the message is dead-lettered at once', async () => {
      const bus = await openBus();
      const topic = uniqueName('contract-permanent');
      const group = uniqueName('group');
      const attempts: number[] = [];
      const [dlq] = await Promise.all([
        watch(`motcua.dlq.${group}`),
        subscribe(
          bus,
          [topic],
          group,
          async ({ attempt }) => {
            attempts.push(attempt);
            throw new AppError('PROCESSING.PROCEDURE_UNKNOWN', 'permanent', 'procedure X-99 does not exist');
          },
          { maxAttempts: 5, initialDelayMs: 10, maxDelayMs: 40 },
        ),
      ]);

      await bus.publish([{ topic, envelope: dossierArrived('d-permanent') }]);

      const [letter] = await until(() => dlq.records().length === 1 && dlq.records(), 'the dead letter');
      expect(attempts).toEqual([1]);
      expect(letter?.headers).toMatchObject({
        [DlqHeaders.code]: 'PROCESSING.PROCEDURE_UNKNOWN',
        [DlqHeaders.attempts]: '1',
        [DlqHeaders.reason]: 'procedure X-99 does not exist',
      });
    });

    it('when two consumer groups subscribe to a topic, then each receives every event', async () => {
      const bus = await openBus();
      const topic = uniqueName('contract-groups');
      const tracking = recorder();
      const notifier = recorder();
      await Promise.all([
        subscribe(bus, [topic], uniqueName('tracking'), async (event) => void tracking.record(event)),
        subscribe(bus, [topic], uniqueName('notifier'), async (event) => void notifier.record(event)),
      ]);
      const sent = Array.from({ length: 5 }, (_, i) => dossierArrived(`d-groups-${i}`));

      await bus.publish(sent.map((envelope) => ({ topic, envelope })));

      await until(() => tracking.received.length === 5 && notifier.received.length === 5, 'five events in each group');
      const ids = sent.map((e) => e.id).sort();
      expect(tracking.ids().sort()).toEqual(ids);
      expect(notifier.ids().sort()).toEqual(ids);
    });

    it('when a consumer is stopped while a handler runs, then stop waits for it, commits it, and the next consumer starts after it', async () => {
      const bus = await openBus();
      const topic = uniqueName('contract-graceful');
      const group = uniqueName('group');
      const inFlight = dossierArrived('d-graceful', { code: 'HS#1' });
      const queued = dossierArrived('d-graceful', { code: 'HS#2' });
      let started = false;
      let finished = false;
      const first = await subscribe(bus, [topic], group, async ({ envelope }) => {
        if (envelope.id !== inFlight.id) throw new AppError('TEST.UNEXPECTED', 'permanent', 'the stopping consumer took a new message');
        started = true;
        // Stands for slow work (a database write, an SMS provider call) that stop() must let finish.
        await new Promise((resolve) => setTimeout(resolve, 300));
        finished = true;
      });
      await bus.publish([{ topic, envelope: inFlight }, { topic, envelope: queued }]);
      await until(() => started, 'the handler to start');

      await first.stop();

      expect(finished).toBe(true);
      const next = recorder();
      await subscribe(bus, [topic], group, async (event) => void next.record(event));
      await until(() => next.received.length >= 1, 'the queued event');
      expect(next.ids()).toEqual([queued.id]);
    });

    it('when a consumer group is stopped and events are published, then its lag on the topic is the number published, and 0 once it has caught up', async () => {
      const bus = await openBus();
      const topic = uniqueName('contract-lag');
      const group = uniqueName('group');
      const lagOf = async () => lagByTopic(await bus.offsets([topic], group)).get(topic);
      const before = recorder();
      const first = await subscribe(bus, [topic], group, async (event) => void before.record(event));
      await bus.publish([{ topic, envelope: dossierArrived('d-lag-0') }]);
      await waitFor(async () => (await lagOf()) === 0, { timeoutMs: harness.timeoutMs, what: 'the first event to be committed' });
      await first.stop();

      const published = ['d-lag-1', 'd-lag-2', 'd-lag-3'].map((dossier) => ({ topic, envelope: dossierArrived(dossier) }));
      await bus.publish(published);

      expect(await lagOf()).toBe(3);
      // A group that never consumed the topic is behind by all of it.
      expect(lagByTopic(await bus.offsets([topic], uniqueName('never-subscribed'))).get(topic)).toBe(4);
      const after = recorder();
      await subscribe(bus, [topic], group, async (event) => void after.record(event));
      await waitFor(async () => (await lagOf()) === 0, { timeoutMs: harness.timeoutMs, what: 'the group to catch up' });
      expect(after.received).toHaveLength(3);
    });

    it('when offsets are asked for a topic nobody published to, then there are none and nothing is created', async () => {
      const bus = await openBus();
      const topic = uniqueName('contract-no-topic');
      expect(await bus.offsets([topic], uniqueName('group'))).toEqual([]);
      expect(await bus.offsets([topic])).toEqual([]);
    });

    it('when the bus is asked for its health, then it reports ok', async () => {
      const bus = await openBus();
      await expect(bus.health()).resolves.toMatchObject({ ok: true });
    });

    it('when the bus is closed, then publishing is refused as a retryable BUS.UNAVAILABLE', async () => {
      const bus = await harness.createBus();
      await bus.close();
      await expect(bus.publish([{ topic: uniqueName('contract-closed'), envelope: dossierArrived('d-closed') }])).rejects.toMatchObject({
        code: ErrorCodes.BUS_UNAVAILABLE,
        retryable: true,
      });
    });
  });
}
