/**
 * The DeadLetterStore contract: one suite both adapters run. A real consumer group of
 * the bus dead-letters a poison message and a permanently failing event; the store
 * lists them with their reasons by position, reads one, and a replay built from a
 * letter reaches the group again as the original event.
 */
import { encodeEvent } from '@motcua/contracts';
import { AppError } from '@motcua/errors';
import { waitFor } from '@motcua/testing';
import { DlqHeaders, ReplayHeaders, deadLetterFacts, deadLetterPosition, replayOf, type ConsumedEvent, type DeadLetterStore, type EventBus } from '../../src';
import { dossierArrived, uniqueName } from '../support/dossier-events.fixture';

export interface DeadLetterStoreHarness {
  createBus(): Promise<EventBus>;
  createStore(): DeadLetterStore;
  /** Per-wait deadline: generous on Kafka, where every read joins a group. */
  timeoutMs: number;
}

export function deadLetterStoreContract(adapter: string, makeHarness: () => DeadLetterStoreHarness): void {
  describe(`DeadLetterStore contract: ${adapter}`, () => {
    let harness: DeadLetterStoreHarness;
    let bus: EventBus;
    let store: DeadLetterStore;

    beforeAll(async () => {
      harness = makeHarness();
      bus = await harness.createBus();
      store = harness.createStore();
    });
    afterAll(async () => {
      await store?.close();
      await bus?.close();
    });

    it('when a group dead-letters a poison message and a permanent failure, then both are listed by position with reason, original position, key, value and headers; one reads by position; a replay reaches the group as the original event', async () => {
      const topic = uniqueName('dlq-contract');
      const group = uniqueName('dlq-group');
      const healthy = dossierArrived('dossier-ok');
      const failing = dossierArrived('dossier-fails');
      const poison = { key: 'dossier-poison', value: Buffer.from('{"not":"an event"'), headers: { ...encodeEvent(dossierArrived('dossier-poison')).headers } };
      let fixed = false;
      const handled: ConsumedEvent[] = [];
      const subscription = await bus.subscribe({ groupId: group, topics: [topic], retry: { maxAttempts: 2, initialDelayMs: 1, maxDelayMs: 2 } }, async (event) => {
        if (event.envelope.id === failing.id && !fixed) throw new AppError('TEST.BROKEN_RULE', 'permanent', 'the rule rejects it', { retryable: false });
        handled.push(event);
        await Promise.resolve();
      });
      try {
        await bus.publishRaw(topic, [encodeEvent(failing), poison, encodeEvent(healthy)]);
        const letters = await waitFor(async () => {
          const listed = await store.list(group);
          return listed.length === 2 && listed;
        }, { what: 'two dead letters', timeoutMs: harness.timeoutMs, intervalMs: 200 });

        const sorted = [...letters].sort((a, b) => a.partition - b.partition || Number(a.offset) - Number(b.offset));
        expect(letters).toEqual(sorted);
        const byKey = new Map(letters.map((letter) => [letter.key, letter]));
        const failed = byKey.get('dossier-fails');
        const malformed = byKey.get('dossier-poison');
        expect(failed && deadLetterFacts(failed)).toMatchObject({ code: 'TEST.BROKEN_RULE', reason: 'the rule rejects it', attempts: 1, consumerGroup: group, originalTopic: topic });
        expect(failed?.headers['ce_id']).toBe(failing.id);
        expect(failed?.value.toString('utf8')).toBe(encodeEvent(failing).value.toString('utf8'));
        expect(malformed && deadLetterFacts(malformed)).toMatchObject({ code: 'CONTRACT.INVALID_EVENT', attempts: 0, consumerGroup: group, originalTopic: topic });
        expect(malformed?.value.toString('utf8')).toBe('{"not":"an event"');
        expect(failed?.topic).toBe(`motcua.dlq.${group}`);

        const one = failed && (await store.get(group, failed.partition, failed.offset));
        expect(one).toEqual(failed);
        expect(await store.get(group, failed?.partition ?? 0, '999999')).toBeUndefined();
        expect(await store.groups()).toContain(group);

        fixed = true;
        const replay = replayOf(failed as NonNullable<typeof failed>, 'replay-1');
        expect(replay.topic).toBe(topic);
        expect(Object.keys(replay.message.headers).filter((name) => name.startsWith('motcua_dlq_'))).toEqual([]);
        await bus.publishRaw(replay.topic, [replay.message]);
        const again = await waitFor(() => handled.find((event) => event.envelope.id === failing.id), { what: 'the replayed event handled', timeoutMs: harness.timeoutMs });
        expect(again.envelope).toEqual(failing);
        expect(replay.message.headers[ReplayHeaders.replayedFrom]).toBe(deadLetterPosition(failed as NonNullable<typeof failed>));
      } finally {
        await subscription.stop();
      }
    });

    it('when a group never dead-lettered anything, then it has no letters and no letter at any position', async () => {
      const group = uniqueName('quiet-group');
      expect(await store.list(group)).toEqual([]);
      expect(await store.get(group, 0, '0')).toBeUndefined();
    });

    it('when limited, then the first letters by partition then offset are given', async () => {
      const group = uniqueName('many-group');
      const letter = (n: number) => ({ key: 'dossier-same', value: Buffer.from(`{"n":${n}}`), headers: { [DlqHeaders.reason]: `failure ${n}`, [DlqHeaders.originalTopic]: 'motcua.intake.v1' } });
      await bus.publishRaw(`motcua.dlq.${group}`, [letter(0), letter(1), letter(2)]);
      const first = await waitFor(async () => {
        const listed = await store.list(group, { limit: 2 });
        return listed.length === 2 && listed;
      }, { what: 'two letters', timeoutMs: harness.timeoutMs, intervalMs: 200 });
      expect(first.map((l) => l.value.toString('utf8'))).toEqual(['{"n":0}', '{"n":1}']);
      expect(first.map((l) => Number(l.offset))).toEqual([0, 1]);
    });

    it('when a group name cannot name a topic, then listing is refused as invalid', async () => {
      await expect(store.list('Not A Group')).rejects.toMatchObject({ code: 'REQUEST.INVALID', status: 400 });
    });
  });
}
