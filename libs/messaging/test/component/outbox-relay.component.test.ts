/**
 * The outbox relay against the real SQLite store and a bus written for the test,
 * which records, acknowledges, holds back or fails on demand; and once against the
 * embedded bus, on the same file as the store, as the embedded edition runs them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEvent, type EventEnvelope, type WireMessage } from '@motcua/contracts';
import { AppError, ErrorCodes } from '@motcua/errors';
import { createLogger, type Logger } from '@motcua/observability';
import { createSqliteStore, type Doc, type OutboxStore, type ServiceStore, type Store } from '@motcua/storage';
import { waitFor } from '@motcua/testing';
import type { BusHealth, ConsumedEvent, EventBus, PartitionOffsets, PublishRequest, Subscription } from '../../src/event-bus.port';
import { createEmbeddedEventBus } from '../../src/embedded/embedded-event-bus';
import { OutboxRelay, type OutboxRelayOptions } from '../../src/outbox-relay';

const TOPIC = 'motcua.intake.events';

/** An EventBus that only publishes: records what it received, and acks, holds or fails as the test says. */
class ScriptedBus implements EventBus {
  readonly kind = 'embedded' as const;
  /** Every message the bus received, acknowledged or not, in arrival order. */
  readonly received: PublishRequest[] = [];
  readonly batchSizes: number[] = [];
  calls = 0;
  inFlight = 0;
  maxInFlight = 0;
  /** Rejects publish() without taking the messages, like a broker that is down. */
  down = false;
  private held: Promise<void> | undefined;
  private release: (() => void) | undefined;

  /** From now on, messages are received but not acknowledged until the returned function is called. */
  holdAcks(): () => void {
    this.held = new Promise((resolve) => (this.release = resolve));
    return () => {
      this.release?.();
      this.held = undefined;
    };
  }

  async publish(messages: PublishRequest[]): Promise<void> {
    this.calls += 1;
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      // A real broker answers asynchronously: give overlapping batches every chance to show.
      await new Promise((resolve) => setImmediate(resolve));
      if (this.down) throw new AppError(ErrorCodes.BUS_UNAVAILABLE, 'transient', 'broker unreachable');
      this.received.push(...messages);
      this.batchSizes.push(messages.length);
      await this.held;
    } finally {
      this.inFlight -= 1;
    }
  }

  receivedIds(): string[] {
    return this.received.map((m) => m.envelope.id);
  }

  async publishRaw(_topic: string, _messages: WireMessage[]): Promise<void> {
    throw new Error('not used by the relay');
  }

  async subscribe(): Promise<Subscription> {
    throw new Error('not used by the relay');
  }

  async offsets(): Promise<PartitionOffsets[]> {
    throw new Error('not used by the relay');
  }

  async health(): Promise<BusHealth> {
    return { ok: !this.down };
  }

  async close(): Promise<void> {}
}

/** A valid catalogue event: the embedded bus's consumers validate what they decode. */
function envelope(subject: string): EventEnvelope {
  return createEvent({
    name: 'DossierArrived',
    data: { dossierId: subject, dossierCode: `${subject}-CODE`, centreId: 'C1', receptionPointId: 'RP1', arrivedAt: new Date().toISOString() },
  });
}

describe('OutboxRelay', () => {
  let dir: string;
  let store: Store;
  let intake: ServiceStore;
  let bus: ScriptedBus;
  let warnings: string[];
  let logger: Logger;
  const relays: OutboxRelay[] = [];

  /** Commits `count` events in one unit of work; returns their ids in commit order. */
  async function commit(count = 1): Promise<string[]> {
    const envelopes = Array.from({ length: count }, (_, i) => envelope(`D-${i}`));
    await intake.unitOfWork.run(async (tx) => {
      for (const e of envelopes) await tx.publish(TOPIC, e);
    });
    return envelopes.map((e) => e.id);
  }

  function relay(options: Partial<OutboxRelayOptions> = {}): OutboxRelay {
    const created = new OutboxRelay({ outbox: intake.outbox, bus, logger, retry: { initialDelayMs: 5, maxDelayMs: 20 }, ...options });
    relays.push(created);
    return created;
  }

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'motcua-relay-'));
    store = await createSqliteStore({ path: join(dir, 'motcua.db') });
    intake = store.forService('intake');
    bus = new ScriptedBus();
    warnings = [];
    logger = createLogger({
      service: 'intake',
      level: 'warn',
      destination: { write: (line: string) => void warnings.push((JSON.parse(line) as { msg: string }).msg) },
    });
  });

  afterEach(async () => {
    await Promise.all(relays.splice(0).map((r) => r.stop()));
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('when it runs, then rows committed before and after start are published in commit order and marked sent', async () => {
    const before = await commit(3);
    const running = relay();
    running.start();
    const after = [...(await commit(2)), ...(await commit(1))];

    await waitFor(async () => (await running.backlog()) === 0 && bus.received.length === 6, { what: 'six events published' });
    expect(bus.receivedIds()).toEqual([...before, ...after]);
    expect(bus.received.every((m) => m.topic === TOPIC)).toBe(true);
  });

  it('when the bus has not acknowledged yet, then the rows stay pending; once it acknowledges, they are marked sent', async () => {
    const ids = await commit(3);
    const acknowledge = bus.holdAcks();
    const running = relay();
    running.start();

    await waitFor(() => bus.received.length === 3, { what: 'the bus to receive the batch' });
    expect(await intake.outbox.backlog()).toBe(3);
    acknowledge();
    await waitFor(async () => (await intake.outbox.backlog()) === 0, { what: 'the rows to be marked sent' });
    expect(bus.receivedIds()).toEqual(ids);
  });

  it('when the bus is down, then the rows stay, the relay backs off, and once the bus is back it publishes everything in order, once', async () => {
    bus.down = true;
    const running = relay({ retry: { initialDelayMs: 5, maxDelayMs: 15 } });
    running.start();
    const ids: string[] = [];
    for (let i = 0; i < 5; i += 1) ids.push(...(await commit(2)));

    await waitFor(() => bus.calls >= 4, { what: 'several failed attempts' });
    expect(bus.received).toEqual([]);
    expect(await running.backlog()).toBe(10);
    expect(warnings.filter((w) => w.includes('publishing failed')).length).toBeGreaterThanOrEqual(3);

    bus.down = false;
    await waitFor(async () => (await running.backlog()) === 0, { what: 'the backlog to drain' });
    expect(bus.receivedIds()).toEqual(ids);
  });

  it('when the process dies between publish and markSent, then the rows are published again and the inbox makes the repeat harmless', async () => {
    const ids = await commit(4);
    // The first relay's process "dies" right after the bus acknowledged: its markSent never lands.
    const dying: OutboxStore = { ...intake.outbox, markSent: () => Promise.reject(new Error('process killed')) };
    const first = relay({ outbox: dying, retry: { initialDelayMs: 60_000, maxDelayMs: 60_000 } });
    first.start();
    await waitFor(() => bus.received.length === 4, { what: 'the first publication' });
    await first.stop();
    expect(await intake.outbox.backlog()).toBe(4);

    const restarted = relay();
    await restarted.flush();
    expect(await restarted.backlog()).toBe(0);
    expect(bus.receivedIds()).toEqual([...ids, ...ids]);

    // A consumer applying every delivery through its inbox changes state once per event.
    const tracking = store.forService('tracking');
    const applied = { name: 'applied_events' };
    for (const message of bus.received) {
      await tracking.unitOfWork.run(async (tx) => {
        if (!(await tx.markHandled('tracking', message.envelope.id))) return;
        await tx.collection(applied).insert({ id: message.envelope.id } as Doc);
      });
    }
    expect(await tracking.read((tx) => tx.collection(applied).count({}))).toBe(4);
  });

  it('when a unit of work commits, then a running relay publishes at once instead of waiting for the next poll', async () => {
    let looks = 0;
    const counting: OutboxStore = { ...intake.outbox, pending: (limit) => ((looks += 1), intake.outbox.pending(limit)) };
    const running = relay({ outbox: counting, pollIntervalMs: 600_000 });
    running.start();
    await waitFor(() => looks === 1, { what: 'the first look at an empty outbox' });
    const [id] = await commit(1);
    await waitFor(() => bus.receivedIds().includes(id as string), { timeoutMs: 3000, what: 'the woken relay to publish' });
  });

  it('when rows are committed where no commit signal reaches the relay, then polling finds them', async () => {
    const deaf: OutboxStore = { ...intake.outbox, onCommit: () => () => undefined };
    const running = relay({ outbox: deaf, pollIntervalMs: 20 });
    running.start();
    const ids = await commit(2);
    await waitFor(() => bus.received.length === 2, { what: 'the poll to find the rows' });
    expect(bus.receivedIds()).toEqual(ids);
  });

  it('when flush() runs while the relay runs and commits keep coming, then batches never overlap and every event goes out once, in order', async () => {
    const running = relay({ batchSize: 3, pollIntervalMs: 10 });
    running.start();
    const committing = (async () => {
      const ids: string[] = [];
      for (let i = 0; i < 15; i += 1) ids.push(...(await commit(2)));
      return ids;
    })();
    const flushes = Promise.all([running.flush(), running.flush(), running.flush()]);
    const ids = await committing;
    await flushes;
    await running.flush();

    expect(await running.backlog()).toBe(0);
    expect(bus.maxInFlight).toBe(1);
    expect(bus.receivedIds()).toEqual(ids);
  });

  it('when flush() is called, then everything pending is published in batches of batchSize, oldest first', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i += 1) ids.push(...(await commit(50)));
    await relay({ batchSize: 100 }).flush();
    expect(bus.batchSizes).toEqual([100, 100, 50]);
    expect(bus.receivedIds()).toEqual(ids);
    expect(await intake.outbox.backlog()).toBe(0);
  });

  it('when flush() meets a bus that is down, then it rejects with the bus error and the rows stay', async () => {
    await commit(2);
    bus.down = true;
    await expect(relay().flush()).rejects.toMatchObject({ code: ErrorCodes.BUS_UNAVAILABLE });
    expect(await intake.outbox.backlog()).toBe(2);
  });

  it('when stop() is called during a batch, then it waits until the batch is acknowledged and marked, and publishes nothing afterwards', async () => {
    await commit(2);
    const acknowledge = bus.holdAcks();
    const running = relay();
    running.start();
    await waitFor(() => bus.received.length === 2, { what: 'the batch in flight' });

    let stopped = false;
    const stopping = running.stop().then(() => (stopped = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(stopped).toBe(false);
    acknowledge();
    await stopping;
    expect(await intake.outbox.backlog()).toBe(0);

    const callsAtStop = bus.calls;
    await commit(1);
    await new Promise((resolve) => setImmediate(resolve));
    expect(bus.calls).toBe(callsAtStop);
    expect(await running.backlog()).toBe(1);
  });

  it('when it is started again while stopping, then only one loop runs and every event still goes out once', async () => {
    await commit(2);
    const acknowledge = bus.holdAcks();
    const running = relay({ pollIntervalMs: 10 });
    running.start();
    await waitFor(() => bus.received.length === 2, { what: 'the batch in flight' });
    const stopping = running.stop();
    running.start();
    acknowledge();
    await stopping;
    const ids = await commit(3);
    await waitFor(async () => (await running.backlog()) === 0 && bus.received.length === 5, { what: 'the restarted relay to publish' });
    expect(bus.receivedIds().slice(2)).toEqual(ids);
    expect(bus.maxInFlight).toBe(1);
  });

  it('when stop() is called during a backoff, then it returns without waiting out the delay', async () => {
    await commit(1);
    bus.down = true;
    const running = relay({ retry: { initialDelayMs: 600_000, maxDelayMs: 600_000 } });
    running.start();
    await waitFor(() => bus.calls === 1, { what: 'the first failed attempt' });
    await running.stop();
    expect(await running.backlog()).toBe(1);
  });

  it('when it publishes to the embedded bus sharing the store file, then a consumer group receives every event in order', async () => {
    const embedded = await createEmbeddedEventBus({ path: join(dir, 'motcua.db'), logger, partitions: 1 });
    try {
      const consumed: ConsumedEvent[] = [];
      const subscription = await embedded.subscribe(
        { groupId: 'tracking', topics: [TOPIC], retry: { maxAttempts: 1 } },
        async (event) => void consumed.push(event),
      );
      const running = relay({ bus: embedded });
      running.start();
      const ids = [...(await commit(3)), ...(await commit(2))];
      await waitFor(() => consumed.length === 5, { what: 'the consumer to receive five events' });
      expect(consumed.map((e) => e.envelope.id)).toEqual(ids);
      expect(await running.backlog()).toBe(0);
      await running.stop();
      await subscription.stop();
    } finally {
      await embedded.close();
    }
  });
});
