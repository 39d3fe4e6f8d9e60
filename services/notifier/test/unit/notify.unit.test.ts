import { createEvent, type EventEnvelope, type ReturnChannel } from '@motcua/contracts';
import { dossierReceived } from '@motcua/testing';
import type { Notification } from '../../src/domain/notification.entity';
import type { GatewayHolding, SmsSender } from '../../src/domain/notifier.ports';
import { queueNotifications, smsList, SMS_LIST_MAX } from '../../src/domain/notify.use-cases';
import { dispatchNotification, reconcileNotification, recordDeliveryReport, sweepNotifications } from '../../src/domain/send-notification.use-cases';
import { smsOutcomeUnknown, smsRejected, smsUnavailable } from '../../src/domain/sms-delivery.errors';
import { memory, queueNotification } from './notifier-memory.fixture';

const base = { dossierId: 'd-1', dossierCode: 'PDN-261125-0001', centreId: 'hue-phong-dien' };
const received = dossierReceived(base);
const ready = createEvent({ name: 'ResultReady', data: { ...base, resultId: 'r-1', kind: 'result', returnChannel: { type: 'counter' }, readyAt: '2026-11-25T08:00:00.000Z' } });
const assigned = createEvent({ name: 'DossierAssigned', data: { ...base, workItemId: 'w-1', assignedAt: '2026-11-25T02:00:01.000Z' } });

describe('notifying citizens', () => {
  it('when a dossier is received, then one receipt is queued with the applicant phone, NFC text, its encoding and segment count', async () => {
    const { tx, context, notifications } = memory();
    const queued = await queueNotification(tx, received, context);
    expect(queued).toMatchObject({ template: 'receipt', templateVersion: 1, to: '0912345678', status: 'created', key: 'd-1:receipt:sms', encoding: 'ucs2', segments: 2 });
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

  it('when the result is ready before the contact is known, then nothing is queued and the event waits for the dossier’s reception', async () => {
    const { tx, context, notifications, awaiting } = memory();
    expect(await queueNotifications(tx, ready, context)).toEqual([]);
    expect(notifications).toEqual([]);
    expect([...awaiting.values()]).toEqual([{ id: ready.id, dossierId: 'd-1', waitingSince: context.now.toISOString(), envelope: ready }]);
  });

  it('when the reception comes after events that waited for it, then the receipt and each waiting text are queued once, in that order, and nothing waits any more', async () => {
    const { tx, context, notifications, awaiting } = memory();
    const extended = createEvent({ name: 'DossierExtended', data: { ...base, workItemId: 'w-1', previousAppointmentAt: '2026-11-27T08:00:00.000Z', newAppointmentAt: '2026-11-28T08:00:00.000Z', reason: 'cần xác minh (mẫu)' } });
    await queueNotifications(tx, ready, context);
    await queueNotifications(tx, extended, { ...context, now: new Date('2026-11-25T02:00:03Z') });
    expect(awaiting.size).toBe(2);

    const queued = await queueNotifications(tx, received, context);
    expect(queued.map((n) => [n.template, n.to])).toEqual([
      ['receipt', '0912345678'],
      ['result_ready', '0912345678'],
      ['extended', '0912345678'],
    ]);
    expect(awaiting.size).toBe(0);
    // The same reception delivered again queues nothing more.
    expect(await queueNotifications(tx, { ...received, id: 'redelivered' }, context)).toEqual([]);
    expect(notifications).toHaveLength(3);
  });

  it('when an event that does not text the citizen comes before the contact, then it is not kept', async () => {
    const { tx, context, awaiting } = memory();
    expect(await queueNotifications(tx, assigned, context)).toEqual([]);
    expect(awaiting.size).toBe(0);
  });

  const policy = { maxAttempts: 3, retryInitialMs: 1000, retryMaxMs: 60_000 };
  const at = (iso: string) => () => new Date(iso);
  const types = (events: EventEnvelope[]) => events.map((e) => e.type.replace(/^vn\.motcua\.notifier\.|\.v1$/g, ''));

  it('when the provider accepts, then the notification is sent with its provider and NotificationSent emitted', async () => {
    const { tx, context, run, events } = memory();
    const queued = (await queueNotification(tx, received, context)) as Notification;
    const asked: unknown[] = [];
    const ok: SmsSender = { send: async (message) => (asked.push(message), { provider: 'kannel', providerMessageId: 'm-1', segments: 2 }) };
    const sent = await dispatchNotification({ run, sender: ok, clock: at('2026-11-25T02:00:03Z'), policy }, queued.id);
    expect(sent).toMatchObject({ status: 'sent', provider: 'kannel', providersTried: ['kannel'], segments: 2, attempts: 1, sentAt: '2026-11-25T02:00:03.000Z' });
    expect(asked).toEqual([{ to: '0912345678', text: queued.text, encoding: 'ucs2', reference: queued.id }]);
    expect(types(events)).toEqual(['NotificationSent']);
    expect(await dispatchNotification({ run, sender: ok, clock: at('2026-11-25T02:00:04Z'), policy }, queued.id)).toBeUndefined();
    expect(asked).toHaveLength(1);
  });

  it('when no provider takes the message, then it waits as temporary-failure with a durable retry, and ends technical-failure once the attempts are spent', async () => {
    const { tx, context, run, events, retries, notifications } = memory();
    const queued = (await queueNotification(tx, received, context)) as Notification;
    const down: SmsSender = { send: async () => Promise.reject(smsUnavailable('kannel', 'not reachable (ECONNREFUSED)')) };
    const deps = { run, sender: down, policy, random: () => 0 };
    const first = await dispatchNotification({ ...deps, clock: at('2026-11-25T02:00:00Z') }, queued.id);
    expect(first).toMatchObject({ status: 'temporary-failure', provider: 'kannel', nextAttemptAt: '2026-11-25T02:00:01.000Z', failureReason: 'kannel: not reachable (ECONNREFUSED)' });
    expect(retries).toEqual([{ notificationId: queued.id, dueAt: '2026-11-25T02:00:01.000Z' }]);
    // Not due yet: nothing is sent.
    expect(await dispatchNotification({ ...deps, clock: at('2026-11-25T02:00:00.500Z') }, queued.id)).toBeUndefined();
    expect(await dispatchNotification({ ...deps, clock: at('2026-11-25T02:00:01Z') }, queued.id)).toMatchObject({ status: 'temporary-failure', nextAttemptAt: '2026-11-25T02:00:03.000Z' });
    expect(await dispatchNotification({ ...deps, clock: at('2026-11-25T02:00:03Z') }, queued.id)).toMatchObject({ status: 'technical-failure', attempts: 3, failureReason: expect.stringContaining('gave up after 3 attempts') });
    expect(notifications[0]?.nextAttemptAt).toBeUndefined();
    expect(types(events)).toEqual(['NotificationFailed']);
    expect(events[0]?.data).toMatchObject({ failure: 'technical' });
  });

  it('when the provider rejects the message, then it is a permanent failure, not retried', async () => {
    const { tx, context, run, events, retries } = memory();
    const queued = (await queueNotification(tx, received, context)) as Notification;
    const rejecting: SmsSender = { send: async () => Promise.reject(smsRejected('http', 'HTTP 400: invalid number')) };
    expect(await dispatchNotification({ run, sender: rejecting, clock: at('2026-11-25T02:00:00Z'), policy }, queued.id)).toMatchObject({ status: 'permanent-failure' });
    expect(retries).toEqual([]);
    expect(events[0]?.data).toMatchObject({ failure: 'permanent', reason: 'http: HTTP 400: invalid number' });
  });

  it('when the outcome is unknown (timeout), then the message stays sending, is never resent, and the sweep settles it as technical-failure', async () => {
    const { tx, context, run, events } = memory();
    const queued = (await queueNotification(tx, received, context)) as Notification;
    let calls = 0;
    const slow: SmsSender = { send: async () => (calls++, Promise.reject(smsOutcomeUnknown('kannel', 'no answer within 10000 ms'))) };
    expect(await dispatchNotification({ run, sender: slow, clock: at('2026-11-25T02:00:00Z'), policy }, queued.id)).toMatchObject({ status: 'sending' });
    expect(await dispatchNotification({ run, sender: slow, clock: at('2026-11-25T03:00:00Z'), policy }, queued.id)).toBeUndefined();
    expect(calls).toBe(1);
    const early = await sweepNotifications(tx, new Date('2026-11-25T02:10:00Z'), { stuckMs: 900_000, lostDispatchMs: 60_000, batch: 10 });
    expect(early.settled).toEqual([]);
    const late = await sweepNotifications(tx, new Date('2026-11-25T02:15:00Z'), { stuckMs: 900_000, lostDispatchMs: 60_000, batch: 10 });
    expect(late.settled).toEqual([queued.id]);
    expect(events[0]?.data).toMatchObject({ failure: 'technical', reason: expect.stringContaining('not resent') });
    // The report that comes after all still tells the truth.
    expect(await recordDeliveryReport(run, { notificationId: queued.id, provider: 'kannel', status: 'delivered', detail: 'delivered to phone' }, at('2026-11-25T02:16:00Z'))).toEqual({ applied: true, status: 'delivered' });
    expect(types(events)).toEqual(['NotificationFailed', 'NotificationDelivered']);
  });

  it('when a created row lost its dispatch (crash after commit), then the sweep hands it back for sending', async () => {
    const { tx, context } = memory();
    const queued = (await queueNotification(tx, received, context)) as Notification;
    const swept = await sweepNotifications(tx, new Date('2026-11-25T02:05:00Z'), { stuckMs: 900_000, lostDispatchMs: 60_000, batch: 10 });
    expect(swept).toEqual({ settled: [], redispatch: [queued.id], reconcile: [] });
  });

  describe('a row a crash left in sending, with a gateway that can reconcile', () => {
    const windowMs = 120_000;
    const sweepPolicy = { stuckMs: 900_000, reconcileMs: windowMs, lostDispatchMs: 60_000, batch: 10 };

    /** Claimed at 02:00:00 and its answer never recorded; the gateway answers `holding` when asked. */
    async function leftSending(holding: () => Promise<GatewayHolding>) {
      const memo = memory();
      const queued = (await queueNotification(memo.tx, received, memo.context)) as Notification;
      const texts: string[] = [];
      const gateway: SmsSender = {
        send: async (message) => (texts.push(message.reference), { provider: 'kannel', providerMessageId: message.reference, segments: 2 }),
        reconcile: holding,
      };
      const dying: SmsSender = { send: async () => Promise.reject(smsOutcomeUnknown('kannel', 'socket hang up')) };
      await dispatchNotification({ run: memo.run, sender: dying, clock: at('2026-11-25T02:00:00Z'), policy }, queued.id);
      const deps = (iso: string) => ({ run: memo.run, sender: gateway, clock: at(iso), policy });
      return { ...memo, id: queued.id, texts, deps };
    }

    it('when the window has not passed, then the sweep does not hand it over and reconciling does nothing', async () => {
      const { tx, id, deps, notifications } = await leftSending(async () => 'not-held');
      expect(await sweepNotifications(tx, new Date('2026-11-25T02:01:59Z'), sweepPolicy)).toMatchObject({ reconcile: [] });
      expect(await reconcileNotification(deps('2026-11-25T02:01:59Z'), id, windowMs)).toBe('waiting');
      expect(await sweepNotifications(tx, new Date('2026-11-25T02:02:00Z'), sweepPolicy)).toMatchObject({ settled: [], reconcile: [id] });
      expect(notifications[0]?.status).toBe('sending');
    });

    it('when the gateway holds nothing and no report came, then the same row goes back for sending and is sent once, with no failure announced', async () => {
      const { id, texts, deps, notifications, events, dueTimers } = await leftSending(async () => 'not-held');
      expect(await reconcileNotification(deps('2026-11-25T02:02:00Z'), id, windowMs)).toBe('resend');
      expect(notifications[0]).toMatchObject({ status: 'temporary-failure', nextAttemptAt: '2026-11-25T02:02:00.000Z', failureReason: expect.stringContaining('gateway holds nothing') });
      expect(dueTimers(new Date('2026-11-25T02:02:00Z'))).toEqual([id]);
      expect(await dispatchNotification(deps('2026-11-25T02:02:01Z'), id)).toMatchObject({ status: 'sent', attempts: 2 });
      expect(await reconcileNotification(deps('2026-11-25T02:10:00Z'), id, windowMs)).toBe('not-sending');
      expect(texts).toEqual([id]);
      expect(notifications).toHaveLength(1);
      expect(types(events)).toEqual(['NotificationSent']);
    });

    it('when the gateway still holds it, then it is not sent again and the window starts again from then', async () => {
      let holding: GatewayHolding = 'held';
      const { id, texts, deps, notifications } = await leftSending(async () => holding);
      expect(await reconcileNotification(deps('2026-11-25T02:05:00Z'), id, windowMs)).toBe('held');
      expect(notifications[0]).toMatchObject({ status: 'sending', gatewayHeldAt: '2026-11-25T02:05:00.000Z' });
      holding = 'not-held';
      // It may have left the store just after it was seen there: its report gets the whole window.
      expect(await reconcileNotification(deps('2026-11-25T02:06:59Z'), id, windowMs)).toBe('waiting');
      expect(await reconcileNotification(deps('2026-11-25T02:07:00Z'), id, windowMs)).toBe('resend');
      expect(texts).toEqual([]);
    });

    it('when the report arrives while the gateway is being asked, then the report settles it and nothing is sent again', async () => {
      const memo = await leftSending(async () => {
        await recordDeliveryReport(memo.run, { notificationId: memo.id, provider: 'kannel', status: 'accepted', detail: 'accepted by SMSC' }, at('2026-11-25T02:02:00Z'));
        return 'not-held';
      });
      expect(await reconcileNotification(memo.deps('2026-11-25T02:02:00Z'), memo.id, windowMs)).toBe('not-sending');
      expect(memo.notifications[0]?.status).toBe('sent');
      expect(memo.texts).toEqual([]);
    });
  });

  it('when delivery reports come late or twice, then they are ignored and never move a delivered message back', async () => {
    const { tx, context, run, events } = memory();
    const queued = (await queueNotification(tx, received, context)) as Notification;
    const ok: SmsSender = { send: async () => ({ provider: 'kannel', providerMessageId: queued.id, segments: 2 }) };
    await dispatchNotification({ run, sender: ok, clock: at('2026-11-25T02:00:03Z'), policy }, queued.id);
    const report = (status: 'accepted' | 'delivered' | 'temporary-failure') => recordDeliveryReport(run, { notificationId: queued.id, provider: 'kannel', status, detail: 'x' }, at('2026-11-25T02:00:05Z'));
    expect(await report('accepted')).toMatchObject({ applied: false, reason: 'duplicate report' });
    expect(await report('delivered')).toEqual({ applied: true, status: 'delivered' });
    expect(await report('delivered')).toMatchObject({ applied: false, reason: 'duplicate report' });
    expect(await report('temporary-failure')).toMatchObject({ applied: false, reason: 'late report: delivered does not move to temporary-failure' });
    expect(await report('accepted')).toMatchObject({ applied: false });
    expect(types(events)).toEqual(['NotificationSent', 'NotificationDelivered']);
    expect(await recordDeliveryReport(run, { notificationId: 'nope', provider: 'kannel', status: 'delivered', detail: '' }, at('2026-11-25T02:00:05Z'))).toEqual({ applied: false, reason: 'no such notification' });
  });

  it('when the delivery report overtakes the recording of the submission, then the message stays delivered and Sent is still announced once', async () => {
    const { tx, context, run, events } = memory();
    const queued = (await queueNotification(tx, received, context)) as Notification;
    const racing: SmsSender = {
      send: async () => {
        await recordDeliveryReport(run, { notificationId: queued.id, provider: 'kannel', status: 'delivered', detail: 'delivered to phone' }, at('2026-11-25T02:00:03Z'));
        return { provider: 'kannel', providerMessageId: queued.id, segments: 2 };
      },
    };
    expect(await dispatchNotification({ run, sender: racing, clock: at('2026-11-25T02:00:04Z'), policy }, queued.id)).toMatchObject({ status: 'delivered', provider: 'kannel' });
    expect(types(events)).toEqual(['NotificationDelivered', 'NotificationSent']);
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

  const readyFor = (returnChannel: ReturnChannel, kind: 'result' | 'rejection' = 'result') =>
    createEvent({ name: 'ResultReady', data: { ...base, resultId: 'r-1', kind, returnChannel, readyAt: '2026-11-25T08:00:00.000Z' } });

  it.each<[string, ReturnChannel, string]>([
    ['the main counter, when no point was named', { type: 'counter' }, 'Mời ông/bà đến nhận tại quầy tiếp nhận trụ sở phường Phong Điền.'],
    ['the satellite point chosen', { type: 'counter', receptionPointId: 'pdn-phong-xuan' }, 'Mời ông/bà đến nhận tại điểm tiếp nhận trụ sở xã Phong Xuân (cũ).'],
    ['the lookup page, for a download', { type: 'electronic' }, 'Ông/bà tải về bản điện tử tại: https://tra-cuu/PDN-261125-0001'],
  ])('when a result is ready, then the text names where to collect it: %s', async (_name, returnChannel, where) => {
    const { tx, context } = memory();
    await queueNotification(tx, received, context);
    const queued = await queueNotification(tx, readyFor(returnChannel), context);
    expect(queued).toMatchObject({ template: 'result_ready', templateVersion: 2, key: 'd-1:result_ready:sms' });
    expect(queued?.text).toBe(`Kết quả hồ sơ PDN-261125-0001 đã sẵn sàng. ${where}`);
  });

  it('when a postal result is ready, then no result_ready text goes: postal_booked tells the citizen, with the pickup code, once the post has it', async () => {
    const { tx, context } = memory();
    await queueNotification(tx, received, context);
    expect(await queueNotification(tx, readyFor({ type: 'postal_point', postalPointId: 'DBC-PDN-01' }), context)).toBeUndefined();
    expect(await queueNotification(tx, readyFor({ type: 'postal_home', address: 'Thôn 3, xã Phong Mỹ' }), context)).toBeUndefined();
  });

  it('when a rejection letter is ready, then nothing more is sent: the rejection was texted already', async () => {
    const { tx, context } = memory();
    await queueNotification(tx, received, context);
    expect(await queueNotification(tx, readyFor({ type: 'counter' }, 'rejection'), context)).toBeUndefined();
  });

  const supplementRequested = (requestedDocuments: { code: string; name: string }[], eventId?: string) =>
    createEvent({
      name: 'SupplementRequested',
      ...(eventId ? { id: eventId } : {}),
      data: { ...base, workItemId: 'w-1', reason: 'Giấy chứng sinh bị mờ', requestedDocuments, requestedAt: '2026-11-25T03:00:00.000Z' },
    });

  it('when a supplement is requested, then the citizen is told what to bring and to the point the dossier was received at', async () => {
    const { tx, context } = memory();
    await queueNotification(tx, dossierReceived({ ...base, receptionPointId: 'pdn-phong-my', viaSatellite: true }), context);
    const event = supplementRequested([{ code: 'GCS', name: 'Giấy chứng sinh (bản rõ)' }]);
    const queued = await queueNotification(tx, event, context);
    expect(queued).toMatchObject({ template: 'supplement_requested', templateVersion: 1, key: `d-1:supplement_requested:sms:${event.id}` });
    expect(queued?.text).toBe('Hồ sơ PDN-261125-0001 cần bổ sung: Giấy chứng sinh (bản rõ). Mời ông/bà nộp bổ sung tại điểm tiếp nhận trụ sở xã Phong Mỹ (cũ).');
  });

  it('when a portal dossier needs a supplement with no document listed, then the reason says what is missing and the portal is where', async () => {
    const { tx, context } = memory();
    await queueNotification(tx, dossierReceived({ ...base, submissionChannel: 'portal' }), context);
    const queued = await queueNotification(tx, supplementRequested([]), context);
    expect(queued?.text).toBe('Hồ sơ PDN-261125-0001 cần bổ sung: Giấy chứng sinh bị mờ. Mời ông/bà nộp bổ sung trên Cổng dịch vụ công.');
  });

  it('when supplements are requested twice, then the citizen gets two texts; a redelivered request still gets one', async () => {
    const { tx, context, notifications } = memory();
    await queueNotification(tx, received, context);
    const first = supplementRequested([{ code: 'GCS', name: 'Giấy chứng sinh' }], 'evt-supplement-1');
    const second = supplementRequested([{ code: 'TK', name: 'Tờ khai' }], 'evt-supplement-2');
    expect(await queueNotification(tx, first, context)).toBeDefined();
    expect(await queueNotification(tx, first, context)).toBeUndefined();
    expect(await queueNotification(tx, second, context)).toBeDefined();
    expect(notifications.map((n) => n.key)).toEqual(['d-1:receipt:sms', 'd-1:supplement_requested:sms:evt-supplement-1', 'd-1:supplement_requested:sms:evt-supplement-2']);
  });

  it('when many documents are asked for, then the text lists the whole names that fit and points to the written request', async () => {
    const names = Array.from({ length: 50 }, (_, i) => `Giấy tờ số ${i + 1} (bản chính có chứng thực)`);
    const list = smsList(names);
    expect(list).toBe('Giấy tờ số 1 (bản chính có chứng thực), Giấy tờ số 2 (bản chính có chứng thực), Giấy tờ số 3 (bản chính có chứng thực)… (xem phiếu yêu cầu bổ sung)');
    expect(smsList(['x'.repeat(300)])).toBe(`${'x'.repeat(SMS_LIST_MAX - 1)}… (xem phiếu yêu cầu bổ sung)`);
    const { tx, context } = memory();
    await queueNotification(tx, received, context);
    const queued = await queueNotification(tx, supplementRequested(names.map((name, i) => ({ code: `G${i}`, name }))), context);
    expect(queued?.segments).toBeLessThanOrEqual(5);
  });

  const extendedEvent = (newAppointmentAt: string, eventId: string) =>
    createEvent({
      name: 'DossierExtended',
      id: eventId,
      data: { ...base, workItemId: 'w-1', previousAppointmentAt: '2026-11-25T10:00:00.000Z', newAppointmentAt, reason: 'Cần xác minh thêm' },
    });

  it('when a dossier is extended twice, then each extension texts the apology with its new appointment in Huế time, once', async () => {
    const { tx, context, notifications } = memory();
    await queueNotification(tx, received, context);
    await queueNotification(tx, extendedEvent('2026-11-27T10:00:00.000Z', 'evt-ext-1'), context);
    await queueNotification(tx, extendedEvent('2026-11-27T10:00:00.000Z', 'evt-ext-1'), context);
    await queueNotification(tx, extendedEvent('2026-12-01T02:00:00.000Z', 'evt-ext-2'), context);
    expect(notifications.filter((n) => n.template === 'extended').map((n) => n.text)).toEqual([
      'Trung tâm xin lỗi ông/bà: hồ sơ PDN-261125-0001 chưa có kết quả đúng hẹn. Hẹn trả kết quả mới: 17:00 ngày 27/11/2026.',
      'Trung tâm xin lỗi ông/bà: hồ sơ PDN-261125-0001 chưa có kết quả đúng hẹn. Hẹn trả kết quả mới: 09:00 ngày 01/12/2026.',
    ]);
  });

  it('when a dossier is withdrawn, then the citizen is told once', async () => {
    const { tx, context, notifications } = memory();
    await queueNotification(tx, received, context);
    const withdrawn = createEvent({ name: 'DossierWithdrawn', data: { ...base, actor: { role: 'reception' }, reason: 'Công dân rút hồ sơ', withdrawnAt: '2026-11-25T04:00:00.000Z' } });
    const queued = await queueNotification(tx, withdrawn, context);
    expect(queued).toMatchObject({ template: 'withdrawn', templateVersion: 1, key: 'd-1:withdrawn:sms', text: 'Hồ sơ PDN-261125-0001 đã được rút theo đề nghị của ông/bà.' });
    expect(await queueNotification(tx, { ...withdrawn, id: 'another-delivery-id' }, context)).toBeUndefined();
    expect(notifications).toHaveLength(2);
  });
});
