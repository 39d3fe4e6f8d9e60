import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { encodeEvent } from '@motcua/contracts';
import { createLogger } from '@motcua/observability';
import { waitFor } from '@motcua/testing';
import { createEmbeddedEventBus, EMBEDDED_GROUP_ACTIVE, partitionForKey, type ConsumedEvent, type EventBus } from '../../src';
import { dossierArrived, uniqueName } from '../support/dossier-events.fixture';
import { busContract, type RawRecord, type TopicWatch } from './bus.contract';

const logger = createLogger({ service: 'messaging-test', level: process.env['LOG_LEVEL'] ?? 'silent' });
const dir = mkdtempSync(join(tmpdir(), 'motcua-embedded-bus-'));
const file = join(dir, 'motcua.db');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Row {
  key: string | null;
  value: Buffer;
  headers: string;
  partition: number;
  offset: number;
}

/** Reads the log table directly, as an ops tool would: no consumer group involved. */
function watchTable(topic: string): TopicWatch {
  const db = new Database(file, { readonly: true });
  const query = db.prepare<[string], Row>(
    'SELECT key, value, headers, "partition" AS partition, "offset" AS offset FROM bus_messages WHERE topic = ? ORDER BY timestamp, "partition", "offset"',
  );
  return {
    records: (): RawRecord[] =>
      query.all(topic).map((row) => ({ key: row.key, value: row.value, headers: JSON.parse(row.headers) as Record<string, string>, partition: row.partition, offset: String(row.offset) })),
    stop: async () => {
      db.close();
      await Promise.resolve();
    },
  };
}

busContract('embedded SQLite log', () => ({
  createBus: () => createEmbeddedEventBus({ path: file, logger, partitions: 4, pollIntervalMs: 200 }),
  watchTopic: async (topic) => Promise.resolve(watchTable(topic)),
  timeoutMs: 10_000,
}));

describe('embedded event bus', () => {
  const buses: EventBus[] = [];
  const open = async (options: { partitions?: number; pollIntervalMs?: number } = {}): Promise<EventBus> => {
    const bus = await createEmbeddedEventBus({ path: file, logger, ...options });
    buses.push(bus);
    return bus;
  };
  afterEach(async () => {
    await Promise.all(buses.splice(0).map((bus) => bus.close()));
  });

  it('when a consumer group already has an active subscription on the file, then a second subscribe is refused until it stops', async () => {
    const bus = await open();
    const otherBus = await open();
    const options = { groupId: uniqueName('group'), topics: [uniqueName('embedded-dup')] };
    const first = await bus.subscribe(options, async () => undefined);

    await expect(bus.subscribe(options, async () => undefined)).rejects.toMatchObject({ code: EMBEDDED_GROUP_ACTIVE });
    await expect(otherBus.subscribe(options, async () => undefined)).rejects.toMatchObject({ code: EMBEDDED_GROUP_ACTIVE });
    await first.stop();
    await expect(otherBus.subscribe(options, async () => undefined)).resolves.toMatchObject({ groupId: options.groupId });
  });

  it('when one dossier publishes several events, then they get dense offsets in the partition of its key', async () => {
    const bus = await open({ partitions: 4 });
    const topic = uniqueName('embedded-offsets');
    await bus.publish(Array.from({ length: 5 }, () => ({ topic, envelope: dossierArrived('d-dense') })));
    await bus.publish([{ topic, envelope: dossierArrived('d-dense') }]);

    const records = watchTable(topic);
    try {
      expect(records.records().map((r) => [r.partition, r.offset])).toEqual(
        Array.from({ length: 6 }, (_, i) => [partitionForKey('d-dense', 4), String(i)]),
      );
    } finally {
      await records.stop();
    }
  });

  it('when a bus is opened with another partition count, then an existing topic keeps the count it was created with', async () => {
    const topic = uniqueName('embedded-pinned');
    const first = await open({ partitions: 4 });
    await first.publish([{ topic, envelope: dossierArrived('d-pinned') }]);
    const second = await open({ partitions: 7 });
    await second.publish([{ topic, envelope: dossierArrived('d-pinned') }]);

    const records = watchTable(topic);
    try {
      expect(records.records().map((r) => [r.partition, r.offset])).toEqual([
        [partitionForKey('d-pinned', 4), '0'],
        [partitionForKey('d-pinned', 4), '1'],
      ]);
    } finally {
      await records.stop();
    }
  });

  it('when another bus in this process appends to the same file, then a waiting consumer is woken at once, not at the next poll', async () => {
    const topic = uniqueName('embedded-wake');
    // A poll slower than the wait below: only the in-process signal can deliver in time.
    const consumer = await open({ pollIntervalMs: 600_000 });
    const producer = await open({ pollIntervalMs: 600_000 });
    const received: ConsumedEvent[] = [];
    await consumer.subscribe({ groupId: uniqueName('group'), topics: [topic] }, async (event) => void received.push(event));
    const sent = dossierArrived('d-wake');

    await producer.publish([{ topic, envelope: sent }]);

    await waitFor(() => received.length === 1, { timeoutMs: 5_000, what: 'the event from the other bus' });
    expect(received[0]?.envelope.id).toBe(sent.id);
  });

  it('when another process appends to the file, then the consumer notices it at the next poll', async () => {
    const topic = uniqueName('embedded-poll');
    const bus = await open({ partitions: 4, pollIntervalMs: 50 });
    const received: ConsumedEvent[] = [];
    await bus.subscribe({ groupId: uniqueName('group'), topics: [topic] }, async (event) => void received.push(event));
    const sent = dossierArrived('d-other-process');
    const wire = encodeEvent(sent);

    // Another connection, as another process would write: the in-process signal never fires for it.
    const other = new Database(file);
    try {
      other.pragma('busy_timeout = 5000');
      other
        .prepare('INSERT INTO bus_messages (topic, "partition", "offset", key, value, headers, timestamp) VALUES (?, ?, 0, ?, ?, ?, ?)')
        .run(topic, partitionForKey(wire.key, 4), wire.key, wire.value, JSON.stringify(wire.headers), Date.now());
    } finally {
      other.close();
    }

    await waitFor(() => received.length === 1, { timeoutMs: 5_000, what: 'the event appended by another connection' });
    expect(received[0]?.envelope.id).toBe(sent.id);
  });
});
