import { createEvent, type EventEnvelope } from '@motcua/contracts';
import { dossierReceived } from '@motcua/testing';
import type { Contact, Notification } from '../../src/domain/notification.entity';
import type { NotifierTransaction, SmsSender } from '../../src/domain/notifier.ports';
import { deliver, queueNotification } from '../../src/domain/notify.use-cases';

const base = { dossierId: 'd-1', dossierCode: 'PDN-261125-0001', centreId: 'hue-phong-dien' };
const received = dossierReceived(base);
const ready = createEvent({ name: 'ResultReady', data: { ...base, resultId: 'r-1', kind: 'result', returnChannel: { type: 'counter' }, readyAt: '2026-11-25T08:00:00.000Z' } });
const assigned = createEvent({ name: 'DossierAssigned', data: { ...base, workItemId: 'w-1', assignedAt: '2026-11-25T02:00:01.000Z' } });

function memory() {
  const notifications: Notification[] = [];
  const contacts = new Map<string, Contact>();
  const events: EventEnvelope[] = [];
  const tx: NotifierTransaction = {
    notifications: {
      get: async (id) => notifications.find((n) => n.id === id),
      findByKey: async (key) => notifications.find((n) => n.key === key),
      insert: async (n) => void notifications.push(n),
      save: async (n) => void notifications.splice(notifications.findIndex((x) => x.id === n.id), 1, n),
    },
    contacts: { get: async (id) => contacts.get(id), upsert: async (c) => void contacts.set(c.id, c) },
    emit: async (e) => void events.push(e),
  };
  let id = 0;
  const context = { newId: () => `n-${++id}`, now: new Date('2026-11-25T02:00:02Z'), lookupUrl: (code: string) => `https://tra-cuu/${code}` };
  return { tx, notifications, events, context, run: <T>(work: (t: NotifierTransaction) => Promise<T>) => work(tx) };
}

describe('notifying citizens', () => {
  it('when a dossier is received, then one receipt is queued with the applicant phone, NFC text, its encoding and segment count', async () => {
    const { tx, context, notifications } = memory();
    const queued = await queueNotification(tx, received, context);
    expect(queued).toMatchObject({ template: 'receipt', templateVersion: 1, to: '0912345678', status: 'sending', key: 'd-1:receipt:sms', encoding: 'ucs2', segments: 2 });
    expect(queued?.text).toBe(queued?.text.normalize('NFC'));
    expect(queued?.text).toContain('https://tra-cuu/PDN-261125-0001');
    expect(notifications).toHaveLength(1);
  });

  it('when the same kind of notification is asked for again, then nothing new is queued', async () => {
    const { tx, context, notifications } = memory();
    await queueNotification(tx, received, context);
    const again = await queueNotification(tx, { ...received, id: 'another-delivery-id' }, context);
    expect(again).toBeUndefined();
    expect(notifications).toHaveLength(1);
  });

  it('when an event is not citizen-facing, then nothing is queued', async () => {
    const { tx, context } = memory();
    await queueNotification(tx, received, context);
    expect(await queueNotification(tx, assigned, context)).toBeUndefined();
  });

  it('when the result is ready before the contact is known, then it fails as retryable so the consumer tries again', async () => {
    const { tx, context } = memory();
    await expect(queueNotification(tx, ready, context)).rejects.toMatchObject({ code: 'NOTIFIER.CONTACT_UNKNOWN', retryable: true });
  });

  it('when the provider accepts, then the notification is sent and NotificationSent emitted; when it fails, NotificationFailed', async () => {
    const { tx, context, run, events, notifications } = memory();
    const queued = (await queueNotification(tx, received, context)) as Notification;
    const asked: unknown[] = [];
    const ok: SmsSender = { send: async (message) => (asked.push(message), { provider: 'log', providerMessageId: 'm-1', segments: 2 }) };
    const sent = await deliver(run, ok, queued, () => new Date('2026-11-25T02:00:03Z'));
    expect(sent).toMatchObject({ status: 'sent', provider: 'log', segments: 2 });
    expect(asked).toEqual([{ to: '0912345678', text: queued.text, encoding: 'ucs2', reference: queued.id }]);
    expect(events.map((e) => e.type)).toEqual(['vn.motcua.notifier.NotificationSent.v1']);

    const queuedReady = (await queueNotification(tx, ready, context)) as Notification;
    const down: SmsSender = { send: async () => Promise.reject(new Error('gateway down')) };
    const failed = await deliver(run, down, queuedReady, () => new Date());
    expect(failed).toMatchObject({ status: 'failed', failureReason: 'gateway down' });
    expect(events.map((e) => e.type)).toEqual(['vn.motcua.notifier.NotificationSent.v1', 'vn.motcua.notifier.NotificationFailed.v1']);
    expect(notifications.map((n) => n.status)).toEqual(['sent', 'failed']);
  });

  it('when a rejection reason is too long for an SMS, then the text carries its start and points to the refusal letter', async () => {
    const { tx, context, notifications } = memory();
    await queueNotification(tx, received, context);
    const rejected = createEvent({
      name: 'DossierRejected',
      data: { ...base, workItemId: 'w-1', reason: 'thiếu giấy tờ '.repeat(30).trim(), returnChannel: { type: 'counter' }, rejectedAt: '2026-11-25T03:00:00.000Z' },
    });
    const queued = await queueNotification(tx, rejected, context);
    expect(queued?.text).toContain('thiếu giấy tờ thiếu giấy tờ');
    expect(queued?.text).toContain('… (xem đầy đủ trong văn bản trả lời)');
    expect(queued?.segments).toBeLessThanOrEqual(5);
    expect(notifications).toHaveLength(2);
  });
});
