import type { Notification } from '../../src/domain/notification.entity';
import type { SmsSender } from '../../src/domain/notifier.ports';
import { dispatchNotification, sweepNotifications, type SendDeps } from '../../src/domain/send-notification.use-cases';
import { admit, nextVietnamMidnight, vietnamDay } from '../../src/domain/send-rate.rules';
import { memory } from './notifier-memory.fixture';

/** A movable clock, a provider that counts what it is given, and N queued receipts for one centre. */
function setup(rate: { perMinute: number; dailyCap: number }, start: string) {
  const m = memory();
  let now = new Date(start);
  const sent: string[] = [];
  const sender: SmsSender = { send: async (message) => (sent.push(message.reference), { provider: 'log', providerMessageId: message.reference, segments: 1 }) };
  const deps: SendDeps = { run: m.run, sender, clock: () => now, policy: { maxAttempts: 3, retryInitialMs: 1000, retryMaxMs: 60_000, rate } };
  const queue = async (count: number, centreId = 'hue-phong-dien'): Promise<string[]> => {
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      const id = `${centreId}-${m.notifications.length + 1}`;
      const row: Notification = { id, key: `${id}:receipt:sms`, dossierId: id, dossierCode: id, centreId, template: 'receipt', templateVersion: 1, channel: 'sms', to: '0912345678', text: 'Ho so da duoc tiep nhan', encoding: 'gsm7', segments: 1, status: 'created', createdAt: now.toISOString() };
      await m.tx.notifications.insert(row);
      ids.push(id);
    }
    return ids;
  };
  const dispatchAll = async (ids: string[]) => {
    for (const id of ids) await dispatchNotification(deps, id);
  };
  /** Moves the clock and fires the timers due then, as the poller would. */
  const moveTo = async (iso: string) => {
    now = new Date(iso);
    await dispatchAll(m.dueTimers(now));
  };
  const status = (id: string) => m.notifications.find((n) => n.id === id);
  return { ...m, sent, deps, queue, dispatchAll, moveTo, status };
}

describe('rate limit and daily cap per centre', () => {
  it('when a burst exceeds the rate, then a minute’s worth goes now and the rest one token-interval apart as the clock moves: none lost, none doubled', async () => {
    const t = setup({ perMinute: 5, dailyCap: 1000 }, '2026-11-25T02:00:00Z');
    const ids = await t.queue(8);
    await t.dispatchAll(ids);
    expect(t.sent).toEqual(ids.slice(0, 5));
    // Each held message reserved the next token: due 12 s apart at 5 a minute.
    expect(ids.slice(5).map(t.status)).toEqual([
      expect.objectContaining({ status: 'created', heldBy: 'rate-limit', nextAttemptAt: '2026-11-25T02:00:12.000Z' }),
      expect.objectContaining({ status: 'created', heldBy: 'rate-limit', nextAttemptAt: '2026-11-25T02:00:24.000Z' }),
      expect.objectContaining({ status: 'created', heldBy: 'rate-limit', nextAttemptAt: '2026-11-25T02:00:36.000Z' }),
    ]);

    // A redelivered event or the sweep asking again before the time changes nothing and takes no token.
    const bucket = { ...t.rates.get('hue-phong-dien') };
    await t.dispatchAll(ids);
    expect(t.rates.get('hue-phong-dien')).toEqual(bucket);
    expect(t.sent).toHaveLength(5);

    await t.moveTo('2026-11-25T02:00:11.999Z');
    expect(t.sent).toHaveLength(5);
    await t.moveTo('2026-11-25T02:00:12Z');
    expect(t.sent).toEqual(ids.slice(0, 6));
    await t.moveTo('2026-11-25T02:01:00Z');
    expect(t.sent).toEqual(ids);
    expect(ids.map((id) => t.status(id)?.status)).toEqual(Array(8).fill('sent'));
    expect(ids.map((id) => t.status(id)?.heldBy)).toEqual(Array(8).fill(undefined));
    expect(t.retries).toEqual([]);
    expect(t.events.filter((e) => e.type.includes('NotificationSent'))).toHaveLength(8);
  });

  it('when one centre is limited, then another centre’s messages still go at once', async () => {
    const t = setup({ perMinute: 2, dailyCap: 1000 }, '2026-11-25T02:00:00Z');
    const phongDien = await t.queue(4, 'hue-phong-dien');
    const kimLong = await t.queue(2, 'hue-kim-long');
    await t.dispatchAll([...phongDien, ...kimLong]);
    expect(t.sent).toEqual([...phongDien.slice(0, 2), ...kimLong]);
  });

  it('when the daily cap is reached, then the rest wait for the next Vietnam day and go then, through the rate limit', async () => {
    // 23:00 in Huế on 25/11.
    const t = setup({ perMinute: 2, dailyCap: 3 }, '2026-11-25T16:00:00Z');
    const ids = await t.queue(6);
    await t.dispatchAll(ids);
    expect(t.sent).toEqual(ids.slice(0, 2));
    expect(t.status(ids[2]!)).toMatchObject({ heldBy: 'rate-limit', nextAttemptAt: '2026-11-25T16:00:30.000Z' });
    // Midnight in Huế is 17:00 UTC.
    expect(ids.slice(3).map((id) => t.status(id))).toEqual(Array(3).fill(expect.objectContaining({ status: 'created', heldBy: 'daily-cap', nextAttemptAt: '2026-11-25T17:00:00.000Z' })));

    await t.moveTo('2026-11-25T16:59:59.999Z');
    expect(t.sent).toEqual(ids.slice(0, 3));
    await t.moveTo('2026-11-25T17:00:00Z');
    // A new day, two tokens in the bucket: two go, the third reserves the next token.
    expect(t.sent).toEqual(ids.slice(0, 5));
    expect(t.status(ids[5]!)).toMatchObject({ status: 'created', heldBy: 'rate-limit', nextAttemptAt: '2026-11-25T17:00:30.000Z' });
    await t.moveTo('2026-11-25T17:00:30Z');
    expect(t.sent).toEqual(ids);
    expect(new Set(t.sent).size).toBe(6);
    expect(t.rates.get('hue-phong-dien')).toMatchObject({ day: '2026-11-26', admittedToday: 3 });
  });

  it('when a held message lost its timer, then the sweep hands it back once it is due, and not before', async () => {
    const t = setup({ perMinute: 1, dailyCap: 1000 }, '2026-11-25T02:00:00Z');
    const ids = await t.queue(2);
    await t.dispatchAll(ids);
    t.retries.length = 0;
    const sweep = (iso: string) => sweepNotifications(t.tx, new Date(iso), { stuckMs: 900_000, lostDispatchMs: 60_000, batch: 10 });
    // Created long ago but held: not a lost dispatch yet.
    expect((await sweep('2026-11-25T02:01:30Z')).redispatch).toEqual([]);
    expect((await sweep('2026-11-25T02:02:00Z')).redispatch).toEqual([ids[1]]);
  });

  it('when a retry after a temporary failure is over the rate, then it is held too and keeps its failure reason', async () => {
    const t = setup({ perMinute: 1, dailyCap: 1000 }, '2026-11-25T02:00:00Z');
    const [first, second] = await t.queue(2);
    const row = t.status(first!) as Notification;
    await t.tx.notifications.save({ ...row, status: 'temporary-failure', attempts: 1, failureReason: 'kannel: not reachable', nextAttemptAt: '2026-11-25T02:00:00.000Z' });
    await t.dispatchAll([second!, first!]);
    expect(t.sent).toEqual([second]);
    expect(t.status(first!)).toMatchObject({ status: 'temporary-failure', heldBy: 'rate-limit', nextAttemptAt: '2026-11-25T02:01:00.000Z', failureReason: 'kannel: not reachable' });
    await t.moveTo('2026-11-25T02:01:00Z');
    expect(t.sent).toEqual([second, first]);
    expect(t.status(first!)).toMatchObject({ status: 'sent', attempts: 2 });
  });

  describe('the bucket', () => {
    const policy = { perMinute: 60, dailyCap: 5000 };

    it('when a centre has never sent, then it starts with a full minute’s worth', () => {
      expect(admit(undefined, 'c', new Date('2026-11-25T02:00:00Z'), policy)).toEqual({
        go: 'now',
        rate: { id: 'c', tokens: 59, refilledAt: '2026-11-25T02:00:00.000Z', day: '2026-11-25', admittedToday: 1 },
      });
    });

    it('when time passes, then tokens refill at the rate but never above a minute’s worth, paying back reservations first', () => {
      const stored = { id: 'c', tokens: -2, refilledAt: '2026-11-25T02:00:00.000Z', day: '2026-11-25', admittedToday: 100 };
      expect(admit(stored, 'c', new Date('2026-11-25T02:00:02Z'), policy)).toMatchObject({ go: 'later', heldBy: 'rate-limit', dueAt: '2026-11-25T02:00:03.000Z' });
      expect(admit(stored, 'c', new Date('2026-11-25T02:00:03Z'), policy)).toMatchObject({ go: 'now', rate: { tokens: 0 } });
      expect(admit(stored, 'c', new Date('2026-11-25T03:00:00Z'), policy)).toMatchObject({ go: 'now', rate: { tokens: 59 } });
    });

    it('the Vietnam day turns at 17:00 UTC, all year', () => {
      expect(vietnamDay(new Date('2026-11-25T16:59:59.999Z'))).toBe('2026-11-25');
      expect(vietnamDay(new Date('2026-11-25T17:00:00Z'))).toBe('2026-11-26');
      expect(nextVietnamMidnight(new Date('2026-06-30T17:00:00Z')).toISOString()).toBe('2026-07-01T17:00:00.000Z');
      expect(nextVietnamMidnight(new Date('2026-12-31T16:30:00Z')).toISOString()).toBe('2026-12-31T17:00:00.000Z');
    });
  });
});
