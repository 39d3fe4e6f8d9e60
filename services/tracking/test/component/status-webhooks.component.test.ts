/**
 * Status webhooks on the embedded edition's real peers (one SQLite file as store and
 * event log) with a receiver hosted by the test: a real HTTP server that answers as
 * each test tells it. Signatures are checked the way docs/operations.md tells
 * integrators to, with code written here from that description.
 *
 * Each test subscribes for dossiers of its own centre, so the subscriptions of one
 * test never receive another's status changes.
 */
import type { IntegratorOperation } from '@motcua/auth';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEvent, Topics, type EventEnvelope } from '@motcua/contracts';
import { createEmbeddedEventBus, type EventBus } from '@motcua/messaging';
import { createLogger } from '@motcua/observability';
import { startService, type RunningService } from '@motcua/runtime';
import { createSqliteStore, type Store } from '@motcua/storage';
import { dossierReceived, officerHeaders, testAuth, waitFor } from '@motcua/testing';
import { webhookPorts } from '../../src/data-access/status-webhooks.store';
import { viewsIn } from '../../src/data-access/tracking.store';
import type { DossierView } from '../../src/domain/dossier-view.entity';
import { statusChangeOf, type StatusChange } from '../../src/domain/status-webhook.entity';
import { recordStatusChange } from '../../src/domain/webhook-delivery.use-cases';
import { rebuildReadModel } from '../../src/entry-points/messaging/read-model.rebuild';
import { trackingModule } from '../../src/tracking.module';

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** `hold`: keep the request open until the test releases it. */
type Answer = { status: number; headers?: Record<string, string>; hold?: true };

/** The integrator's endpoint: records every request, answers as `answers[path]` says for the n-th request to that path. */
class Receiver {
  readonly requests: Received[] = [];
  readonly answers = new Map<string, (n: number) => Answer>();
  /** Requests held open, oldest first: `release()` answers one 200. */
  readonly held: ServerResponse[] = [];
  private server: Server | undefined;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const path = req.url ?? '/';
        this.requests.push({ path, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        const answer: Answer = (this.answers.get(path) ?? (() => ({ status: 200 })))(this.to(path).length);
        if (answer.hold) this.held.push(res);
        else res.writeHead(answer.status, answer.headers).end();
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server?.address() as AddressInfo).port}`;
  }

  release(): void {
    this.held.shift()?.writeHead(200).end();
  }

  to(path: string): Received[] {
    return this.requests.filter((r) => r.path === path);
  }

  stop(): Promise<void> {
    this.server?.closeAllConnections();
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

/**
 * The receiver's check, as docs/operations.md describes it: split
 * `Motcua-Signature` into `t` and `v1`, refuse a `t` more than 300 s from now, and
 * compare `v1` with the hex HMAC-SHA256 of `<t>.<raw body>` keyed by the secret.
 */
function verifiedByReceiver(secret: string, request: Received, nowS = Math.floor(Date.now() / 1000)): boolean {
  const header = String(request.headers['motcua-signature'] ?? '');
  const fields = new Map(header.split(',').map((part) => part.split('=') as [string, string]));
  const t = Number(fields.get('t'));
  if (!Number.isInteger(t) || Math.abs(nowS - t) > 300) return false;
  const expected = Buffer.from(createHmac('sha256', secret).update(`${t}.${request.body}`).digest('hex'));
  const given = Buffer.from(fields.get('v1') ?? '');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

const at = (minute: number) => new Date(Date.UTC(2026, 10, 20, 2, minute));
const doc = [{ code: 'GCS', name: 'Giấy chứng sinh' }];

/** A dossier of `centreId`: received, assigned (IN_PROCESSING), a supplement asked for, and provided. */
function lifeOf(centreId: string, n: number): { topic: string; envelope: EventEnvelope }[] {
  const ids = { dossierId: `${centreId}-dossier-${n}`, dossierCode: `PDN-261120-${String(n).padStart(4, '0')}`, centreId };
  return [
    { topic: Topics.intake, envelope: dossierReceived({ ...ids, receivedAt: at(0).toISOString(), appointmentAt: at(600).toISOString() }, { time: at(0) }) },
    { topic: Topics.processing, envelope: createEvent({ name: 'DossierAssigned', time: at(1), data: { ...ids, workItemId: `w-${n}`, assignedAt: at(1).toISOString() } }) },
    {
      topic: Topics.processing,
      envelope: createEvent({ name: 'SupplementRequested', time: at(2), data: { ...ids, workItemId: `w-${n}`, reason: 'Thiếu giấy chứng sinh', requestedDocuments: doc, requestedAt: at(2).toISOString() } }),
    },
    { topic: Topics.intake, envelope: createEvent({ name: 'SupplementProvided', time: at(3), data: { ...ids, documents: doc, providedAt: at(3).toISOString() } }) },
  ];
}

const webhookEnv = {
  WEBHOOK_RETRY_INITIAL_MS: '100',
  WEBHOOK_RETRY_MAX_MS: '400',
  WEBHOOK_MAX_ATTEMPTS: '4',
  WEBHOOK_PAUSE_AFTER_FAILURES: '3',
  WEBHOOK_TIMEOUT_MS: '5000',
  WEBHOOK_CONCURRENCY: '2',
};

describe('status webhooks on the embedded edition', () => {
  const logger = createLogger({ service: 'tracking', level: 'silent' });
  const receiver = new Receiver();
  const savedEnv: Record<string, string | undefined> = {};
  let file: string;
  let store: Store;
  let bus: EventBus;
  let tracking: RunningService;
  /** The integrators' API keys, by integrator: created at the first start, kept in the store across restarts. */
  const keys = new Map<string, string>();

  async function startTracking(): Promise<void> {
    store = await createSqliteStore({ path: file });
    bus = await createEmbeddedEventBus({ path: file, logger });
    const auth = await testAuth(store);
    if (keys.size === 0) {
      const key = async (integratorId: string, centres: string[] | 'all', operations: IntegratorOperation[]) =>
        keys.set(integratorId, (await auth.apiKeys.create({ integratorId, name: `${integratorId} (test)`, centres, operations })).key);
      await key('portal', 'all', ['webhooks:manage']);
      await key('checker', 'all', ['webhooks:manage']);
      await key('kim-long', ['hue-kim-long'], ['webhooks:manage']);
      await key('reader', 'all', ['dossiers:read']);
    }
    tracking = await startService(trackingModule, { auth: auth.authenticator, store, bus, logger, port: 0, outboxPollMs: 50, timerPollMs: 50 });
  }

  async function stopTracking(): Promise<void> {
    await tracking.stop();
    await bus.close();
    await store.close();
  }

  /** As the integrator named (its API key; the portal by default), or with the headers given (`{}`: no credentials). */
  const api = (path: string, init: { method?: string; body?: unknown; headers?: Record<string, string>; as?: string } = {}) =>
    fetch(`${tracking.url}${path}`, {
      method: init.method ?? 'GET',
      headers: { 'content-type': 'application/json', ...(init.headers ?? { 'x-api-key': keys.get(init.as ?? 'portal') as string }) },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });

  async function subscribe(body: Record<string, unknown>): Promise<{ id: string; secret: string; [field: string]: unknown }> {
    const response = await api('/v1/webhooks/subscriptions', { method: 'POST', body });
    expect(response.status).toBe(201);
    return (await response.json()) as { id: string; secret: string };
  }

  async function deliveryLog(id: string): Promise<{ items: { id: string; status: string; attempts: { statusCode?: number; outcome: string; durationMs: number; error?: string }[]; payload: { status: string } }[]; total: number }> {
    const response = await api(`/v1/webhooks/subscriptions/${id}/deliveries`);
    expect(response.status).toBe(200);
    return (await response.json()) as never;
  }

  const payloadOf = (request: Received) => JSON.parse(request.body) as { id: string; dossier: { id: string }; previousStatus: string | null; status: string };

  beforeAll(async () => {
    for (const [name, value] of Object.entries(webhookEnv)) {
      savedEnv[name] = process.env[name];
      process.env[name] = value;
    }
    file = join(mkdtempSync(join(tmpdir(), 'motcua-webhooks-')), 'motcua.db');
    await receiver.start();
    await startTracking();
  });

  afterAll(async () => {
    await stopTracking();
    await receiver.stop();
    for (const [name, value] of Object.entries(savedEnv)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  it('when a dossier changes status, then each change is POSTed once, in order, signed so that the documented check accepts it', async () => {
    // The first attempt fails, so the later changes queue behind it and must still go out in order.
    receiver.answers.set('/order', (n) => (n === 1 ? { status: 503 } : { status: 200 }));
    const subscription = await subscribe({ url: `${receiver.url}/order`, centreIds: ['hue-kim-long'] });
    expect(subscription.secret).toMatch(/^whsec_/);
    // One step at a time: across topics the bus keeps no order, and out of order the read model sees fewer changes.
    for (const [index, step] of lifeOf('hue-kim-long', 1).entries()) {
      await bus.publish([step]);
      await waitFor(async () => (await deliveryLog(subscription.id)).total > index, { what: `status change ${index + 1} recorded` });
    }
    await waitFor(() => receiver.to('/order').length >= 5, { what: 'four deliveries and a retry' });
    const requests = receiver.to('/order').slice(1);
    expect(requests[0]?.headers['motcua-delivery-id']).toBe(receiver.to('/order')[0]?.headers['motcua-delivery-id']);

    expect(requests.map(payloadOf).map((p) => [p.previousStatus, p.status])).toEqual([
      [null, 'RECEIVED'],
      ['RECEIVED', 'IN_PROCESSING'],
      ['IN_PROCESSING', 'SUPPLEMENT_REQUESTED'],
      ['SUPPLEMENT_REQUESTED', 'IN_PROCESSING'],
    ]);
    for (const request of requests) {
      expect(verifiedByReceiver(subscription.secret, request)).toBe(true);
      expect(verifiedByReceiver('whsec_not-the-secret-of-this-one', request)).toBe(false);
      expect(String(request.headers['motcua-signature'])).toMatch(new RegExp(`^t=${String(request.headers['motcua-timestamp'])},v1=[0-9a-f]{64}$`));
      expect(request.headers['content-type']).toBe('application/json');
      // Only what the integrator needs: no applicant name, id number or phone.
      expect(request.body).not.toMatch(/Trần Thị Bình|046190012345|0912345678/);
    }
    expect(new Set(requests.map((r) => r.headers['motcua-delivery-id'])).size).toBe(4);
    expect(requests.map((r) => r.headers['motcua-event-id'])).toEqual(requests.map((r) => payloadOf(r).id));

    const log = await waitFor(async () => {
      const page = await deliveryLog(subscription.id);
      return page.items.every((d) => d.status === 'delivered') && page;
    });
    expect(log.items.map((d) => d.attempts.map((a) => a.statusCode))).toEqual([[200], [200], [200], [503, 200]]);
  });

  it('when events are delivered again, projected again or the read model is rebuilt, then no status change is delivered twice', async () => {
    const subscription = await subscribe({ url: `${receiver.url}/once`, centreIds: ['hue-thuan-an'] });
    const [received, assigned, supplement, provided] = lifeOf('hue-thuan-an', 2);
    await bus.publish([received!, assigned!]);
    await waitFor(() => receiver.to('/once').length >= 2, { what: 'two deliveries' });

    // At-least-once input: the same events again, then the rebuild; then one new step, the marker that all before it were handled.
    await bus.publish([received!, assigned!, received!]);
    await rebuildReadModel({ store: store.forService('tracking'), bus, quietMs: 200, timeoutMs: 20_000 });
    await bus.publish([supplement!]);
    await waitFor(() => receiver.to('/once').length >= 3, { what: 'the delivery of the supplement request' });

    // The projection run again by hand on the same step: the unique key keeps it one delivery.
    const tracked = store.forService('tracking');
    const view = await tracked.read((tx) => viewsIn(tx).get('hue-thuan-an-dossier-2'));
    const change = statusChangeOf(undefined, view as DossierView, { id: supplement!.envelope.id, name: 'SupplementRequested', time: supplement!.envelope.time }) as StatusChange;
    const again = await tracked.unitOfWork.run((tx) => recordStatusChange(webhookPorts(tx), change, { newId: () => 'never-used', now: new Date() }));
    expect(again).toEqual([]);

    await bus.publish([provided!]);
    await waitFor(() => receiver.to('/once').length >= 4, { what: 'the delivery of the supplement' });
    const statuses = receiver.to('/once').map(payloadOf).map((p) => p.status);
    expect(statuses).toEqual(['RECEIVED', 'IN_PROCESSING', 'SUPPLEMENT_REQUESTED', 'IN_PROCESSING']);
    expect((await deliveryLog(subscription.id)).total).toBe(4);
  });

  it('when the receiver answers 503, then the delivery is retried with backoff under the same delivery id until it answers 200', async () => {
    receiver.answers.set('/flaky', (n) => (n <= 2 ? { status: 503, headers: { 'retry-after': '0' } } : { status: 200 }));
    const subscription = await subscribe({ url: `${receiver.url}/flaky`, centreIds: ['hue-hoa-chau'] });
    await bus.publish(lifeOf('hue-hoa-chau', 3).slice(0, 1));
    const requests = await waitFor(() => receiver.to('/flaky').length >= 3 && receiver.to('/flaky'), { what: 'three attempts' });

    expect(new Set(requests.map((r) => r.headers['motcua-delivery-id'])).size).toBe(1);
    expect(requests.every((r) => verifiedByReceiver(subscription.secret, r))).toBe(true);
    const log = await waitFor(async () => {
      const page = await deliveryLog(subscription.id);
      return page.items[0]?.status === 'delivered' && page;
    });
    expect(log.items[0]?.attempts.map((a) => [a.statusCode, a.outcome])).toEqual([
      [503, 'retry'],
      [503, 'retry'],
      [200, 'delivered'],
    ]);
    expect(log.items[0]?.attempts.every((a) => a.durationMs >= 0)).toBe(true);
  });

  it('when nothing answers at the URL, then each attempt is retried until the attempts are spent, and the delivery is failed with the network error', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const subscription = await subscribe({ url: `http://127.0.0.1:${port}/nobody`, centreIds: ['hue-thuy-xuan'] });
    await bus.publish(lifeOf('hue-thuy-xuan', 10).slice(0, 1));

    const log = await waitFor(async () => {
      const page = await deliveryLog(subscription.id);
      return page.items[0]?.status === 'failed' && page;
    });
    const attempts = log.items[0]?.attempts ?? [];
    expect(attempts.map((a) => [a.statusCode, a.outcome])).toEqual(Array(Number(webhookEnv.WEBHOOK_MAX_ATTEMPTS)).fill([undefined, 'retry']));
    expect(attempts[0]?.error).toMatch(/ECONNREFUSED/);
  });

  it('when many dossiers change status at once, then no more POSTs are in flight than WEBHOOK_CONCURRENCY', async () => {
    receiver.answers.set('/slow', () => ({ status: 200, hold: true }));
    const subscription = await subscribe({ url: `${receiver.url}/slow`, centreIds: ['hue-huong-an'] });
    await bus.publish([11, 12, 13, 14, 15].flatMap((n) => lifeOf('hue-huong-an', n).slice(0, 1)));
    let mostInFlight = 0;
    for (let answered = 0; answered < 5; answered += 1) {
      await waitFor(() => receiver.held.length >= Math.min(2, 5 - answered), { what: 'requests in flight' });
      mostInFlight = Math.max(mostInFlight, receiver.held.length);
      receiver.release();
    }
    await waitFor(async () => (await deliveryLog(subscription.id)).items.filter((d) => d.status === 'delivered').length === 5);
    expect(mostInFlight).toBe(Number(webhookEnv.WEBHOOK_CONCURRENCY));
    expect(receiver.to('/slow')).toHaveLength(5);
  });

  it('when the receiver answers 400, then the delivery fails at once, is not retried, and the next one of the dossier goes', async () => {
    receiver.answers.set('/picky', (n) => (n === 1 ? { status: 400 } : { status: 204 }));
    const subscription = await subscribe({ url: `${receiver.url}/picky`, centreIds: ['hue-my-thuong'] });
    await bus.publish(lifeOf('hue-my-thuong', 4).slice(0, 2));
    const requests = await waitFor(() => receiver.to('/picky').length >= 2 && receiver.to('/picky'), { what: 'two requests' });

    expect(requests.map(payloadOf).map((p) => p.status)).toEqual(['RECEIVED', 'IN_PROCESSING']);
    const log = await deliveryLog(subscription.id);
    expect(log.items.map((d) => [d.payload.status, d.status, d.attempts.map((a) => a.statusCode)])).toEqual([
      ['IN_PROCESSING', 'delivered', [204]],
      ['RECEIVED', 'failed', [400]],
    ]);
  });

  it('when deliveries keep failing, then the subscription is paused with its reason for ops to see, and resuming delivers what was recorded meanwhile', async () => {
    let endpointFixed = false;
    receiver.answers.set('/broken', () => (endpointFixed ? { status: 200 } : { status: 410 }));
    const subscription = await subscribe({ url: `${receiver.url}/broken`, centreIds: ['hue-vy-da'] });
    await bus.publish([5, 6, 7].flatMap((n) => lifeOf('hue-vy-da', n).slice(0, 1)));

    const paused = await waitFor(async () => {
      const body = (await (await api(`/v1/webhooks/subscriptions/${subscription.id}`)).json()) as { state: string; pause?: { by: string; reason: string }; consecutiveFailures: number };
      return body.state === 'paused' && body;
    });
    expect(paused).toMatchObject({ consecutiveFailures: 3, pause: { by: 'failures' } });
    expect(paused.pause?.reason).toMatch(/3 deliveries in a row failed; the last: HTTP 410/);
    const opsList = (await (await api('/v1/webhooks/subscriptions?state=paused', { headers: await officerHeaders('hue-ops-1') })).json()) as { items: { id: string }[] };
    expect(opsList.items.map((s) => s.id)).toContain(subscription.id);

    // Recorded while paused, not sent.
    await bus.publish(lifeOf('hue-vy-da', 8).slice(0, 1));
    await waitFor(async () => (await deliveryLog(subscription.id)).total === 4);
    expect(receiver.to('/broken')).toHaveLength(3);

    endpointFixed = true;
    const resumed = await api(`/v1/webhooks/subscriptions/${subscription.id}`, { method: 'PATCH', body: { state: 'active' } });
    expect(resumed.status).toBe(200);
    expect(await resumed.json()).toMatchObject({ state: 'active', consecutiveFailures: 0 });
    await waitFor(() => receiver.to('/broken').length >= 4, { what: 'the delivery recorded while paused' });
    expect(payloadOf(receiver.to('/broken')[3] as Received).dossier.id).toBe('hue-vy-da-dossier-8');
  });

  it('when tracking restarts while a delivery waits for its retry, then the new process delivers it', async () => {
    let up = false;
    receiver.answers.set('/restart', () => (up ? { status: 200 } : { status: 503 }));
    const subscription = await subscribe({ url: `${receiver.url}/restart`, centreIds: ['hue-thuan-hoa'] });
    await bus.publish(lifeOf('hue-thuan-hoa', 9).slice(0, 1));
    await waitFor(() => receiver.to('/restart').length >= 1, { what: 'the first attempt' });

    await stopTracking();
    up = true;
    const attemptsWhileDown = receiver.to('/restart').length;
    await startTracking();

    await waitFor(async () => (await deliveryLog(subscription.id)).items[0]?.status === 'delivered', { what: 'the delivery after the restart' });
    const requests = receiver.to('/restart');
    expect(requests.length).toBe(attemptsWhileDown + 1);
    expect(new Set(requests.map((r) => r.headers['motcua-delivery-id'])).size).toBe(1);
    expect(verifiedByReceiver(subscription.secret, requests[requests.length - 1] as Received)).toBe(true);
  });

  it('when a subscription is malformed or not the caller’s, then it is refused as problem+json with a stable code and nothing is stored', async () => {
    const count = async () => ((await (await api('/v1/webhooks/subscriptions', { as: 'checker' })).json()) as { total: number }).total;
    const refusals: [Record<string, unknown>, number, string][] = [
      [{ url: 'ftp://example.org/hook' }, 400, 'REQUEST.INVALID'],
      [{ url: 'https://user:pass@example.org/hook' }, 400, 'TRACKING.WEBHOOK_URL_INVALID'],
      [{ url: 'https://example.org/hook', centreIds: ['nowhere'] }, 400, 'TRACKING.WEBHOOK_CENTRE_UNKNOWN'],
      [{ url: 'https://example.org/hook', statuses: ['DONE'] }, 400, 'REQUEST.INVALID'],
      [{ url: 'https://example.org/hook', secret: 'short' }, 400, 'REQUEST.INVALID'],
      [{ url: 'https://example.org/hook', admin: true }, 400, 'REQUEST.INVALID'],
      [{ url: `https://example.org/${'a'.repeat(2100)}` }, 400, 'REQUEST.INVALID'],
    ];
    for (const [body, status, code] of refusals) {
      const response = await api('/v1/webhooks/subscriptions', { method: 'POST', body, as: 'checker' });
      expect([response.status, response.headers.get('content-type'), ((await response.json()) as { code: string }).code]).toEqual([status, 'application/problem+json; charset=utf-8', code]);
    }
    expect(await count()).toBe(0);

    const mine = await subscribe({ url: 'https://example.org/hook', centreIds: ['hue-an-cuu'], secret: 'a-secret-the-integrator-chose-1234' });
    expect(mine.secret).toBe('a-secret-the-integrator-chose-1234');
    const someoneElse = await api(`/v1/webhooks/subscriptions/${mine.id}`, { as: 'checker' });
    expect([someoneElse.status, ((await someoneElse.json()) as { code: string }).code]).toEqual([404, 'TRACKING.WEBHOOK_SUBSCRIPTION_NOT_FOUND']);
    expect((await api(`/v1/webhooks/subscriptions?integratorId=portal`, { as: 'checker' })).status).toBe(403);
    const everyone = await api('/v1/webhooks/subscriptions', { headers: {} });
    expect([everyone.status, ((await everyone.json()) as { code: string }).code]).toEqual([401, 'AUTH.UNAUTHENTICATED']);
    const notMine = await api('/v1/webhooks/subscriptions', { method: 'POST', body: { url: 'https://example.org/hook' }, as: 'reader' });
    expect([notMine.status, ((await notMine.json()) as { code: string }).code]).toEqual([403, 'AUTH.OPERATION_NOT_ALLOWED']);
    const shown = (await (await api(`/v1/webhooks/subscriptions/${mine.id}`)).json()) as Record<string, unknown>;
    expect(shown).not.toHaveProperty('secret');
    const deleted = await api(`/v1/webhooks/subscriptions/${mine.id}`, { method: 'DELETE' });
    expect(deleted.status).toBe(200);
    expect((await api(`/v1/webhooks/subscriptions/${mine.id}`)).status).toBe(404);
  });

  it('when a key scoped to one centre subscribes, then the subscription follows that centre only; another centre is refused', async () => {
    const outside = await api('/v1/webhooks/subscriptions', { method: 'POST', body: { url: 'https://example.org/kim-long', centreIds: ['hue-an-cuu'] }, as: 'kim-long' });
    expect([outside.status, ((await outside.json()) as { code: string }).code]).toEqual([403, 'AUTH.WRONG_CENTRE']);
    const scoped = await api('/v1/webhooks/subscriptions', { method: 'POST', body: { url: 'https://example.org/kim-long' }, as: 'kim-long' });
    expect(scoped.status).toBe(201);
    expect(((await scoped.json()) as { centreIds: string[] }).centreIds).toEqual(['hue-kim-long']);
  });
});
