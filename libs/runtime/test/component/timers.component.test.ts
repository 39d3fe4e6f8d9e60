/**
 * Durable timers against a real SQLite store: a timer fires once when the clock
 * passes it, survives reopening the store, rolls back with a failing handler and is
 * retried, and can be moved from its own handler.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '@motcua/observability';
import { createSqliteStore, type ServiceStore, type Store } from '@motcua/storage';
import { TimerPoller, setTimer, timersCollection, type Timer, type TimerHandler } from '../../src/timers';

const logger = createLogger({ service: 'processing', level: 'silent' });
const effects = { name: 'effects' };

describe('durable timers', () => {
  let dir: string;
  let store: Store;
  let service: ServiceStore;
  let now: Date;

  const poller = (handlers: Record<string, TimerHandler>) => new TimerPoller({ store: service, clock: () => now, logger, handlers, pollMs: 60_000 });
  const remaining = () => service.read((tx) => tx.collection<Timer>(timersCollection).find({}));
  const effectIds = () => service.read(async (tx) => (await tx.collection<{ id: string }>(effects).find({})).map((e) => e.id));
  const recordEffect: TimerHandler = async (tx, timer) => tx.collection<{ id: string }>(effects).insert({ id: `fired:${timer.id}` });

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'motcua-timers-'));
    store = await createSqliteStore({ path: join(dir, 'timers.db') });
    service = store.forService('processing');
    await service.ensureCollections([timersCollection, effects]);
    now = new Date('2026-11-25T09:00:00.000Z');
  });

  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('when the clock passes a timer, then it fires once, in due order, and is gone; a timer not yet due waits', async () => {
    const fired: string[] = [];
    await service.unitOfWork.run(async (tx) => {
      await setTimer(tx, { id: 'later', kind: 'overdue', dueAt: '2026-11-25T10:00:00.000Z', payload: {} });
      await setTimer(tx, { id: 'b', kind: 'overdue', dueAt: '2026-11-25T09:30:00.000Z', payload: {} });
      await setTimer(tx, { id: 'a', kind: 'overdue', dueAt: '2026-11-25T09:15:00.000Z', payload: {} });
    });
    const timers = poller({ overdue: async (tx, timer) => {
      fired.push(timer.id);
      await recordEffect(tx, timer);
    } });

    await timers.tick();
    expect(fired).toEqual([]);
    now = new Date('2026-11-25T09:45:00.000Z');
    await Promise.all([timers.tick(), timers.tick()]);
    await timers.tick();
    expect(fired).toEqual(['a', 'b']);
    expect((await remaining()).map((t) => t.id)).toEqual(['later']);
    expect(await effectIds()).toEqual(['fired:a', 'fired:b']);
  });

  it('when the process stops before a timer is due, then after reopening the store it still fires', async () => {
    await service.unitOfWork.run((tx) => setTimer(tx, { id: 'overdue:W1', kind: 'overdue', dueAt: '2026-11-25T09:30:00.000Z', payload: { workItemId: 'W1' } }));
    await store.close();
    store = await createSqliteStore({ path: join(dir, 'timers.db') });
    service = store.forService('processing');
    now = new Date('2026-11-25T09:31:00.000Z');
    await poller({ overdue: recordEffect }).tick();
    expect(await effectIds()).toEqual(['fired:overdue:W1']);
  });

  it('when the handler fails, then its writes roll back, the timer stays with the attempt and error, and a later poll fires it', async () => {
    await service.unitOfWork.run((tx) => setTimer(tx, { id: 't1', kind: 'overdue', dueAt: '2026-11-25T08:00:00.000Z', payload: {} }));
    let fail = true;
    const timers = poller({ overdue: async (tx, timer) => {
      await recordEffect(tx, timer);
      if (fail) throw new Error('store said no');
    } });

    await timers.tick();
    expect(await effectIds()).toEqual([]);
    const [kept] = await remaining();
    expect(kept).toMatchObject({ id: 't1', attempts: 1, lastError: 'store said no' });
    expect(kept?.dueAt).toBe('2026-11-25T09:00:02.000Z');

    fail = false;
    now = new Date('2026-11-25T09:00:03.000Z');
    await timers.tick();
    expect(await effectIds()).toEqual(['fired:t1']);
    expect(await remaining()).toEqual([]);
  });

  it('when a handler sets its own timer again for later, then the new one is kept, and a kind without handler is retried, not dropped', async () => {
    await service.unitOfWork.run(async (tx) => {
      await setTimer(tx, { id: 'round', kind: 'round', dueAt: '2026-11-25T08:30:00.000Z', payload: {} });
      await setTimer(tx, { id: 'odd', kind: 'unknown', dueAt: '2026-11-25T08:30:00.000Z', payload: {} });
    });
    await poller({ round: (tx, timer) => setTimer(tx, { ...timer, dueAt: '2026-11-25T10:30:00.000Z' }) }).tick();
    const byId = Object.fromEntries((await remaining()).map((t) => [t.id, t]));
    expect(byId['round']?.dueAt).toBe('2026-11-25T10:30:00.000Z');
    expect(byId['odd']).toMatchObject({ attempts: 1, lastError: 'no handler for timer kind "unknown"' });
  });
});
