/**
 * The sending window with real Kannel and its fake SMSC: the notifier dies after
 * claiming a notification into `sending` and before it records Kannel's answer. A
 * line between the notifier and smsbox's sendsms holds the request while the notifier
 * is stopped (the answer never comes back, as when the process is killed), then either
 * lets it through to Kannel (the gateway took it) or drops it (it never got there).
 * After the restart, reconciliation must end each with exactly one text at the SMSC.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { shutdownTracing, startTracing } from '@motcua/observability';
import { describeWithPeer, dossierReceived, smsPeer, waitFor } from '@motcua/testing';
import { startNotifierOnKannel, type NotifierOnKannel } from './notifier-on-kannel.fixture';

/** Longer than the claim-to-restart time below, so a report smsbox retries during the outage arrives first. */
const RECONCILE_MS = 10_000;

interface HeldRequest {
  headers: Record<string, string>;
  body: string;
  res: ServerResponse;
}

/** The line from the notifier to sendsms: passes requests on, or holds them until told what became of them. */
class GatewayLine {
  mode: 'pass' | 'hold' = 'pass';
  readonly held: HeldRequest[] = [];
  private server: Server | undefined;

  constructor(private readonly sendsmsUrl: string) {}

  async open(): Promise<string> {
    this.server = createServer((req, res) => void this.take(req, res));
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/cgi-bin/sendsms`;
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }

  /** Kannel gets the held requests, but their answers are lost: the notifier that sent them is gone. */
  async deliverHeld(): Promise<void> {
    for (const request of this.held.splice(0)) {
      await this.forward(request);
      request.res.destroy();
    }
  }

  /** The held requests never reach Kannel. */
  dropHeld(): void {
    for (const request of this.held.splice(0)) request.res.destroy();
  }

  private async take(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers = Object.fromEntries(Object.entries(req.headers).filter(([name]) => name.startsWith('x-kannel-') || name === 'content-type')) as Record<string, string>;
    const request = { headers, body: Buffer.concat(chunks).toString('utf8'), res };
    if (this.mode === 'hold') {
      this.held.push(request);
      return;
    }
    const answer = await this.forward(request);
    res.writeHead(answer.status, { 'content-type': 'text/plain' }).end(answer.text);
  }

  private async forward(request: HeldRequest): Promise<{ status: number; text: string }> {
    const response = await fetch(this.sendsmsUrl, { method: 'POST', headers: request.headers, body: request.body });
    return { status: response.status, text: await response.text() };
  }
}

describeWithPeer(smsPeer(), 'the sending window, reconciled with real Kannel', (peer) => {
  let sms: NotifierOnKannel;
  let line: GatewayLine;
  let env: Record<string, string>;

  beforeAll(async () => {
    startTracing({ serviceName: 'notifier-reconcile-component', instrument: false });
    sms = await startNotifierOnKannel(peer);
    line = new GatewayLine(sms.kannel.sendsmsUrl);
    env = {
      KANNEL_SENDSMS_URL: await line.open(),
      KANNEL_ADMIN_URL: sms.kannel.adminUrl,
      KANNEL_ADMIN_PASSWORD: sms.kannel.adminPassword,
      // The dead process's call: no answer within a second, outcome unknown.
      NOTIFIER_SMS_TIMEOUT_MS: '1000',
      NOTIFIER_SENDING_RECONCILE_MS: String(RECONCILE_MS),
      NOTIFIER_SWEEP_INTERVAL_MS: '250',
    };
    await sms.start(env);
  }, 60_000);

  afterAll(async () => {
    await sms.close();
    await line.close();
    await shutdownTracing();
  });

  afterEach(() => {
    line.mode = 'pass';
  });

  /** Publishes the receipt and stops the notifier while its sendsms call hangs on the line: the row is left in `sending`. */
  async function dieInTheWindow(dossierId: string, dossierCode: string): Promise<string> {
    line.mode = 'hold';
    await sms.publish(dossierReceived({ dossierId, dossierCode }));
    const claimed = await waitFor(async () => line.held.length === 1 && (await sms.notificationsOf(dossierId)).find((n) => n.status === 'sending'), { what: 'the receipt claimed into sending, its call on the line' });
    await sms.stop();
    expect(sms.storedNotification(claimed.id)).toMatchObject({ status: 'sending', attempts: 1 });
    return claimed.id;
  }

  it('when the notifier died after Kannel took the text and the report came while it was down, then the report settles it and no second text is sent', async () => {
    const id = await dieInTheWindow('d-r1', 'PDN-261206-0201');
    line.mode = 'pass';
    await line.deliverHeld();
    // The text goes out while the notifier is down; smsbox keeps retrying its report.
    await waitFor(() => sms.smsTo('PDN-261206-0201').length === 1, { what: 'the text at the fake SMSC while the notifier is down' });
    await sms.start(env);
    const delivered = await waitFor(async () => (await sms.notificationsOf('d-r1')).find((n) => n.status === 'delivered'), { what: 'the report, retried by smsbox, settles the row' });
    expect(delivered).toMatchObject({ id, attempts: 1 });
    expect(sms.smsTo('PDN-261206-0201')).toHaveLength(1);
    expect(await sms.notificationsOf('d-r1')).toHaveLength(1);
  });

  it('when the notifier died before its request reached Kannel, then after the window it is sent again on the same row and exactly one text arrives', async () => {
    const id = await dieInTheWindow('d-r2', 'PDN-261206-0202');
    line.mode = 'pass';
    line.dropHeld();
    await sms.start(env);
    const delivered = await waitFor(async () => (await sms.notificationsOf('d-r2')).find((n) => n.status === 'delivered'), { timeoutMs: RECONCILE_MS + 20_000, what: 'reconciled, sent again and delivered' });
    expect(delivered).toMatchObject({ id, attempts: 2 });
    expect(Date.parse(delivered.sentAt as string) - Date.parse(delivered.createdAt)).toBeGreaterThanOrEqual(RECONCILE_MS);
    expect(sms.smsTo('PDN-261206-0202')).toHaveLength(1);
    expect(await sms.notificationsOf('d-r2')).toHaveLength(1);
    await waitFor(() => sms.eventsFor(id).includes('NotificationDelivered'), { what: 'NotificationDelivered' });
    expect(sms.eventsFor(id).sort()).toEqual(['NotificationDelivered', 'NotificationSent']);
  });

  it('when Kannel took the text but holds it in its store (the SMSC link down), then it is not sent again past the window and goes out once the link is back', async () => {
    await sms.kannel.smscDown();
    try {
      const id = await dieInTheWindow('d-r3', 'PDN-261206-0203');
      line.mode = 'pass';
      await line.deliverHeld();
      await sms.start(env);
      // Past the window, reconciliation has looked and found it in Kannel's store.
      const held = await waitFor(async () => (await sms.notificationsOf('d-r3')).find((n) => n.gatewayHeldAt !== undefined), { timeoutMs: RECONCILE_MS + 20_000, what: 'reconciliation finding the text held by Kannel' });
      expect(held).toMatchObject({ id, status: 'sending', attempts: 1 });
      expect(sms.smsTo('PDN-261206-0203')).toHaveLength(0);
    } finally {
      await sms.kannel.smscUp();
    }
    const delivered = await waitFor(async () => (await sms.notificationsOf('d-r3')).find((n) => n.status === 'delivered'), { what: 'delivered once the SMSC is back' });
    expect(delivered.attempts).toBe(1);
    expect(sms.smsTo('PDN-261206-0203')).toHaveLength(1);
  });
});
