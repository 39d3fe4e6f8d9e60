/**
 * The notifier in-process (SQLite store and event log) sending through real Kannel
 * (bearerbox + smsbox) to Kannel's fake SMS centre: the receipt SMS arrives in UCS-2
 * with its Vietnamese intact, the delivery report comes back through the signed
 * dlr-url, each event texts exactly once across redeliveries and restarts, an outage
 * is retried until the gateway is back, and a second provider takes the traffic.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createEvent } from '@motcua/contracts';
import { shutdownTracing, startTracing } from '@motcua/observability';
import { describeWithPeer, dossierReceived, smsPeer, waitFor, type KannelFixture } from '@motcua/testing';
import { startNotifierOnKannel, type NotifierOnKannel } from './notifier-on-kannel.fixture';

describeWithPeer(smsPeer(), 'SMS through real Kannel', (peer) => {
  let sms: NotifierOnKannel;
  let kannel: KannelFixture;

  beforeAll(async () => {
    startTracing({ serviceName: 'notifier-kannel-component', instrument: false });
    sms = await startNotifierOnKannel(peer);
    kannel = sms.kannel;
    await sms.start();
  }, 60_000);

  afterAll(async () => {
    await sms.close();
    await shutdownTracing();
  });

  const startNotifier = (env?: Record<string, string>) => sms.start(env);
  const stopNotifier = () => sms.stop();
  const publish = (envelope: Parameters<NotifierOnKannel['publish']>[0]) => sms.publish(envelope);
  const notificationsOf = (dossierId: string) => sms.notificationsOf(dossierId);
  const smsTo = (code: string) => sms.smsTo(code);
  const eventsFor = (notificationId: string) => sms.eventsFor(notificationId);

  it('when a dossier is received, then the receipt reaches the SMSC in UCS-2 with its Vietnamese intact, the delivery report comes back and it ends delivered', async () => {
    await publish(dossierReceived({ dossierId: 'd-k1', dossierCode: 'PDN-261125-0101' }));
    const [text] = await waitFor(() => smsTo('PDN-261125-0101').length > 0 && smsTo('PDN-261125-0101'), { what: 'the receipt at the fake SMSC' });
    const delivered = await waitFor(async () => (await notificationsOf('d-k1')).find((n) => n.status === 'delivered'), { what: 'the notification delivered' });
    expect(text).toEqual({ from: 'MOTCUA', to: '0912345678', coding: 'ucs-2', text: delivered.text, parts: delivered.segments });
    expect(text?.text).toMatch(/^Hồ sơ PDN-261125-0101 đã được tiếp nhận\. Hẹn trả kết quả: 17:00 ngày 25\/11\/2026\. Tra cứu: /);
    expect(delivered).toMatchObject({ provider: 'kannel', providersTried: ['kannel'], encoding: 'ucs2', attempts: 1 });
    await waitFor(() => eventsFor(delivered.id).includes('NotificationDelivered'), { what: 'NotificationDelivered' });
    expect(eventsFor(delivered.id).sort()).toEqual(['NotificationDelivered', 'NotificationSent']);
  });

  it('when a delivery report is not signed for the message, then it is refused with 401 problem+json and changes nothing', async () => {
    const [n] = await notificationsOf('d-k1');
    const response = await fetch(`${sms.url}/v1/sms/delivery-reports/kannel?ref=${n?.id}&sig=forged&type=16`);
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(((await response.json()) as { code: string }).code).toBe('NOTIFIER.DLR_UNAUTHORIZED');
    expect((await fetch(`${sms.url}/v1/sms/delivery-reports/kannel?ref=${n?.id}&type=16`)).status).toBe(401);
    expect((await notificationsOf('d-k1'))[0]?.status).toBe('delivered');
  });

  it('when the same event is delivered five times with the notifier restarted in between, then the SMSC receives exactly one message', async () => {
    const event = dossierReceived({ dossierId: 'd-k2', dossierCode: 'PDN-261125-0102' });
    for (let i = 0; i < 5; i += 1) {
      // The fifth comes back with a new id, as a producer replay would: the notification key still holds.
      await publish(i === 4 ? { ...event, id: 'replayed-with-a-new-id' } : event);
      await stopNotifier();
      await startNotifier();
    }
    // A later event of the same dossier is consumed after every copy (per-key order): once it is texted, all copies were handled.
    await publish(createEvent({ name: 'DossierWithdrawn', data: { dossierId: 'd-k2', dossierCode: 'PDN-261125-0102', centreId: 'hue-phong-dien', actor: { role: 'reception' }, reason: 'Công dân rút hồ sơ', withdrawnAt: '2026-11-25T04:00:00.000Z' } }));
    await waitFor(() => smsTo('PDN-261125-0102').some((m) => m.text.includes('đã được rút')), { what: 'the withdrawal SMS' });
    await waitFor(async () => (await notificationsOf('d-k2')).every((n) => n.status === 'delivered'), { what: 'both delivered' });
    expect(smsTo('PDN-261125-0102').filter((m) => m.text.includes('tiếp nhận'))).toHaveLength(1);
    expect((await notificationsOf('d-k2')).map((n) => n.template)).toEqual(['receipt', 'withdrawn']);
  });

  it('when Kannel is down, then the message is retried with backoff and delivered once it is back', async () => {
    await kannel.stop();
    try {
      await publish(dossierReceived({ dossierId: 'd-k3', dossierCode: 'PDN-261125-0103' }));
      const waiting = await waitFor(async () => (await notificationsOf('d-k3')).find((n) => n.status === 'temporary-failure' && (n.attempts ?? 0) >= 2), { what: 'retries while Kannel is down' });
      expect(waiting.failureReason).toMatch(/^kannel: /);
      expect(waiting.nextAttemptAt).toBeDefined();
    } finally {
      await kannel.start();
    }
    await waitFor(async () => (await notificationsOf('d-k3')).find((n) => n.status === 'delivered'), { what: 'delivered after the outage' });
    expect(smsTo('PDN-261125-0103')).toHaveLength(1);
  });

  describe('with a second provider', () => {
    let aggregator: Server;
    const posted: Record<string, unknown>[] = [];

    beforeAll(async () => {
      aggregator = createServer((req, res) => {
        let body = '';
        req.on('data', (chunk: Buffer) => (body += chunk.toString()));
        req.on('end', () => {
          if (req.headers['authorization'] !== 'Bearer brand-name-key') {
            res.writeHead(401).end();
            return;
          }
          posted.push(JSON.parse(body) as Record<string, unknown>);
          res.writeHead(202, { 'content-type': 'application/json' }).end(JSON.stringify({ result: { messageId: `agg-${posted.length}` } }));
        });
      });
      await new Promise<void>((resolve) => aggregator.listen(0, '127.0.0.1', resolve));
      await stopNotifier();
      await startNotifier({
        NOTIFIER_SMS_PROVIDERS: 'kannel:9,http:1',
        NOTIFIER_HTTP_SMS_URL: `http://127.0.0.1:${(aggregator.address() as AddressInfo).port}/sms`,
        NOTIFIER_HTTP_SMS_AUTH_HEADER: 'Authorization: Bearer brand-name-key',
        NOTIFIER_HTTP_SMS_FIELDS: '{"to":"phone","text":"content","reference":"requestId","encoding":"unicode"}',
        NOTIFIER_HTTP_SMS_ENCODING_VALUES: '{"gsm7":0,"ucs2":1}',
        NOTIFIER_HTTP_SMS_ID_FIELD: 'result.messageId',
        NOTIFIER_SMS_FAILOVER_AFTER: '1',
        NOTIFIER_SMS_FAILOVER_COOLDOWN_MS: '600000',
      });
    });

    afterAll(async () => {
      await new Promise((resolve) => aggregator.close(resolve));
    });

    it('when Kannel fails, then traffic fails over to the other provider at once and the provider is recorded per message', async () => {
      await kannel.stop();
      try {
        await publish(dossierReceived({ dossierId: 'd-k4', dossierCode: 'PDN-261125-0104' }));
        await publish(dossierReceived({ dossierId: 'd-k5', dossierCode: 'PDN-261125-0105' }));
        const sent = await waitFor(async () => {
          const all = [...(await notificationsOf('d-k4')), ...(await notificationsOf('d-k5'))];
          return all.length === 2 && all.every((n) => n.status === 'sent') && all;
        }, { what: 'both sent through the aggregator' });
        expect(sent.map((n) => [n.provider, n.providerMessageId, n.attempts])).toEqual([
          ['http', 'agg-1', 1],
          ['http', 'agg-2', 1],
        ]);
        expect(posted[0]).toEqual({ phone: '0912345678', content: sent[0]?.text, requestId: sent[0]?.id, unicode: 1 });
      } finally {
        await kannel.start();
      }
      expect(smsTo('PDN-261125-0104')).toHaveLength(0);
    });
  });
});
