/** The relay's retry timing, on fake timers: how long it waits between failed attempts. */
import type { EventEnvelope } from '@motcua/contracts';
import { createLogger } from '@motcua/observability';
import type { OutboxRecord, OutboxStore } from '@motcua/storage';
import type { EventBus } from '../../src/event-bus.port';
import { OutboxRelay } from '../../src/outbox-relay';

const row: OutboxRecord = { id: '1', topic: 'motcua.intake.events', envelope: { id: 'e1' } as EventEnvelope, createdAt: '2025-03-01T08:00:00.000Z' };

function outbox(): OutboxStore {
  return { pending: async () => [row], markSent: async () => undefined, backlog: async () => 1, onCommit: () => () => undefined };
}

/** A bus that fails the attempts `fails` picks (1 = the first), and notes when each attempt came. */
function flakyBus(fails: (attempt: number) => boolean): { bus: EventBus; attempts: number[] } {
  const attempts: number[] = [];
  const bus = {
    publish: async () => {
      attempts.push(Date.now());
      if (fails(attempts.length)) throw new Error('broker unreachable');
    },
  } as unknown as EventBus;
  return { bus, attempts };
}

const gaps = (times: number[]) => times.slice(1).map((time, i) => time - (times[i] as number));

describe('OutboxRelay retry timing', () => {
  const logger = createLogger({ service: 'test', level: 'silent' });

  beforeEach(() => {
    jest.useFakeTimers();
    // The jitter's upper end: each wait is then exactly the exponential delay.
    jest.spyOn(Math, 'random').mockReturnValue(1);
  });

  afterEach(() => {
    jest.restoreAllMocks();
    jest.useRealTimers();
  });

  it('when the bus keeps failing, then the waits double from initialDelayMs and stop growing at maxDelayMs', async () => {
    const { bus, attempts } = flakyBus(() => true);
    const relay = new OutboxRelay({ outbox: outbox(), bus, logger, retry: { initialDelayMs: 100, maxDelayMs: 800 } });
    relay.start();
    await jest.advanceTimersByTimeAsync(4_000);
    await relay.stop();
    expect(gaps(attempts).slice(0, 7)).toEqual([100, 200, 400, 800, 800, 800, 800]);
  });

  it('when the jitter is at its low end, then a wait is half the exponential delay, so replicas spread out', async () => {
    jest.spyOn(Math, 'random').mockReturnValue(0);
    const { bus, attempts } = flakyBus(() => true);
    const relay = new OutboxRelay({ outbox: outbox(), bus, logger, retry: { initialDelayMs: 100, maxDelayMs: 800 } });
    relay.start();
    await jest.advanceTimersByTimeAsync(2_000);
    await relay.stop();
    expect(gaps(attempts).slice(0, 4)).toEqual([50, 100, 200, 400]);
  });

  it('when publishing succeeds again, then the relay polls, and the next failure starts over from initialDelayMs', async () => {
    // Attempts 1-3 fail, 4 succeeds, 5 onwards fail again.
    const { bus, attempts } = flakyBus((attempt) => attempt !== 4);
    const relay = new OutboxRelay({ outbox: outbox(), bus, logger, pollIntervalMs: 1_000, retry: { initialDelayMs: 100, maxDelayMs: 800 } });
    relay.start();
    await jest.advanceTimersByTimeAsync(2_100);
    await relay.stop();
    expect(gaps(attempts).slice(0, 6)).toEqual([100, 200, 400, 1_000, 100, 200]);
  });
});
