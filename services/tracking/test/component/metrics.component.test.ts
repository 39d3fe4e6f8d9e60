/**
 * The embedded edition's metrics: the six services in this process on one SQLite file
 * (store and event log), as `motcua start` runs them. A dossier goes through, then
 * each port's `/metrics` is scraped and its figures checked (not just its names), and
 * tracking's `/v1/ops/pipeline` is read while a consumer is stopped, after a poison
 * message, and after tracking restarts.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { createEvent, Topics, topicOfType, type EventEnvelope, type ServiceName } from '@motcua/contracts';
import { intakeModule } from '@motcua/intake';
import { createEmbeddedEventBus, type EventBus } from '@motcua/messaging';
import { notifierModule } from '@motcua/notifier';
import { createLogger, MetricNames, readExposition, samplesOf, shutdownTracing, startTracing, type ScrapedSample } from '@motcua/observability';
import { processingModule } from '@motcua/processing';
import { returnModule } from '@motcua/return';
import { startService, type RunningService, type ServiceModule, type StartOptions } from '@motcua/runtime';
import { signingModule } from '@motcua/signing';
import { createSqliteStore, type Store } from '@motcua/storage';
import { officerHeaders, OPS_DESK, recordingBus, testAuth, waitFor } from '@motcua/testing';
import type { PipelineView } from '../../src/domain/ops-pipeline.use-case';
import { trackingModule } from '../../src/tracking.module';
// The journeys' submission body: one birth registration at Phong Điền, as the portal sends it.
import { birthRegistration } from '../../../../test-e2e/support/journey';

const centreId = 'hue-phong-dien';
const modules: ServiceModule[] = [intakeModule, processingModule, signingModule, returnModule, notifierModule, trackingModule];


/** A port nothing listens on: where tracking looks for a stopped service's `/metrics`. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('metrics of the embedded edition (six services, one SQLite file)', () => {
  let store: Store;
  let bus: EventBus;
  const running = new Map<ServiceName, RunningService>();
  const published: EventEnvelope[] = [];
  const savedEnv = { ...process.env };
  let options: StartOptions;
  let dossier: { id: string; code: string };

  const url = (service: ServiceName) => (running.get(service) as RunningService).url;
  const start = async (module: ServiceModule) => running.set(module.name, await startService(module, { ...options, logger: createLogger({ service: module.name, level: 'silent' }) }));
  const scrape = async (service: ServiceName): Promise<ScrapedSample[]> => {
    const response = await fetch(`${url(service)}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    return readExposition(await response.text());
  };
  const value = (samples: ScrapedSample[], name: string, labels: Record<string, string>) => {
    const found = samplesOf(samples, name, labels);
    expect(found).toHaveLength(1);
    return found[0]?.value;
  };
  const pipeline = async (): Promise<PipelineView> => {
    const response = await fetch(`${url('tracking')}/v1/ops/pipeline`, { headers: await officerHeaders(OPS_DESK) });
    expect(response.status).toBe(200);
    return (await response.json()) as PipelineView;
  };
  const lagOf = (view: PipelineView, group: string) => view.consumerLag.filter((row) => row.group === group);
  const deadLettersOf = (view: PipelineView, group: string) => view.deadLetters.find((row) => row.group === group);
  /** Every running service has published what it committed, and every running consumer has caught up. */
  const settled = (except: ServiceName[] = []) =>
    waitFor(
      async () => {
        const view = await pipeline();
        const lag = view.consumerLag.filter((row) => !except.includes(row.group as ServiceName));
        const outboxes = view.outboxBacklog.filter((o) => !except.includes(o.service as ServiceName));
        return lag.every((row) => row.lag === 0) && outboxes.every((o) => o.backlog === 0) && view;
      },
      { timeoutMs: 30_000, what: 'the pipeline to settle' },
    );
  const submit = async (phone: string) => {
    const response = await fetch(`${url('intake')}/v1/dossiers`, { method: 'POST', headers: { 'content-type': 'application/json', ...(await officerHeaders('pdn-reception-1')) }, body: JSON.stringify(birthRegistration(phone)) });
    expect(response.status).toBe(201);
    return (await response.json()) as { id: string; code: string };
  };

  beforeAll(async () => {
    startTracing({ serviceName: 'metrics-component', instrument: false });
    const dataDir = mkdtempSync(join(tmpdir(), 'motcua-metrics-'));
    const file = join(dataDir, 'motcua.db');
    for (const name of ['RESULT_LINK_SECRET', 'NOTIFIER_POSTAL_CALLBACK_SECRET', 'MOTCUA_SQLITE_PATH']) delete process.env[name];
    Object.assign(process.env, {
      MOTCUA_DATA_DIR: dataDir,
      MOTCUA_STORE: 'sqlite',
      MOTCUA_BUS: 'embedded',
      NOTIFIER_SMS_PROVIDERS: 'log',
      NOTIFIER_POSTAL_OPERATOR: 'simulator',
      // Where tracking would scrape the notifier while it is not in this process: nobody listens there.
      TRACKING_NOTIFIER_URL: `http://127.0.0.1:${await closedPort()}`,
      TRACKING_SCRAPE_TIMEOUT_MS: '1000',
    });
    store = await createSqliteStore({ path: file });
    const logger = createLogger({ service: 'test', level: 'silent' });
    bus = await createEmbeddedEventBus({ path: file, logger });
    options = { store, bus: recordingBus(bus, published), auth: (await testAuth(store)).authenticator, logger, port: 0, outboxPollMs: 50, timerPollMs: 100, retry: { maxAttempts: 2, initialDelayMs: 1, maxDelayMs: 2 } };
    for (const module of modules) await start(module);

    dossier = await submit('0912345678');
    // The receipt SMS goes out after the notifier's commit: wait for it, then for its event to travel.
    await waitFor(
      async () => {
        const answer = (await (await fetch(`${url('notifier')}/v1/notifications?dossierId=${dossier.id}`, { headers: await officerHeaders(OPS_DESK) })).json()) as { items: { status: string }[] };
        return answer.items[0]?.status === 'sent';
      },
      { timeoutMs: 30_000, what: 'the receipt SMS to be sent' },
    );
    await settled();
  });

  afterAll(async () => {
    for (const service of [...running.values()].reverse()) await service.stop();
    await bus?.close();
    await store?.close();
    await shutdownTracing();
    process.env = savedEnv;
  });

  it('when a dossier has been received and assigned, then tracking counts it once, at its centre, in processing, and none overdue', async () => {
    const samples = await scrape('tracking');

    expect(samplesOf(samples, MetricNames.dossiers).reduce((sum, s) => sum + s.value, 0)).toBe(1);
    expect(value(samples, MetricNames.dossiers, { service: 'tracking', centre: centreId, state: 'IN_PROCESSING' })).toBe(1);
    expect(samplesOf(samples, MetricNames.dossiersOverdue)).toEqual([]);
  });

  it('when the pipeline has drained, then every service shows an empty outbox and no lag on any of its topics', async () => {
    for (const service of running.keys()) {
      const samples = await scrape(service);
      expect(value(samples, MetricNames.outboxBacklog, { service })).toBe(0);
      const lag = samplesOf(samples, MetricNames.consumerLag, { service, consumer_group: service });
      expect(lag.length).toBeGreaterThan(0);
      expect(lag.map((s) => s.value)).toEqual(lag.map(() => 0));
    }
  });

  it('when each port is scraped, then it shows its own service’s series only, and the process figures', async () => {
    for (const service of running.keys()) {
      const samples = await scrape(service);
      const labelled = samples.filter((s) => s.labels['service'] !== undefined);
      expect(new Set(labelled.map((s) => s.labels['service']))).toEqual(new Set([service]));
      expect(samplesOf(samples, 'process_cpu_user_seconds_total')).toHaveLength(1);
    }
  });

  it('when events were handled, then each consumer group’s handler histogram counted each of them once, by event type', async () => {
    const tracking = await scrape('tracking');
    // tracking reads every business topic, so it handled everything the services published.
    const trackingTypes = published.map((e) => e.type);
    for (const type of new Set(trackingTypes)) {
      expect(value(tracking, `${MetricNames.handlerDuration}_count`, { consumer_group: 'tracking', event_type: type, outcome: 'ok' })).toBe(trackingTypes.filter((t) => t === type).length);
    }
    const received = published.filter((e) => e.subject === dossier.id && e.type === 'vn.motcua.intake.DossierReceived.v1');
    expect(received).toHaveLength(1);
    expect(value(await scrape('processing'), `${MetricNames.handlerDuration}_count`, { consumer_group: 'processing', event_type: 'vn.motcua.intake.DossierReceived.v1', outcome: 'ok' })).toBe(1);
  });

  it('when a dossier was submitted over HTTP, then intake’s request histogram counted it under its route pattern and status', async () => {
    const samples = await scrape('intake');
    expect(value(samples, `${MetricNames.httpRequestDuration}_count`, { service: 'intake', method: 'POST', route: '/v1/dossiers', status_code: '201' })).toBe(1);
  });

  it('when the receipt SMS was sent, then the notifier counts one notification at the centre, outcome sent', async () => {
    const samples = await scrape('notifier');
    expect(samplesOf(samples, MetricNames.notifications).reduce((sum, s) => sum + s.value, 0)).toBe(1);
    expect(value(samples, MetricNames.notifications, { service: 'notifier', centre: centreId, outcome: 'sent' })).toBe(1);
  });

  it('when a dossier is flagged overdue, then tracking counts it overdue at its centre', async () => {
    const overdue = createEvent({
      name: 'DossierOverdue',
      data: { dossierId: dossier.id, dossierCode: dossier.code, centreId, workItemId: 'w-overdue', appointmentAt: new Date().toISOString(), detectedAt: new Date().toISOString() },
    });
    await bus.publish([{ topic: Topics.processing, envelope: overdue }]);
    await settled();

    expect(value(await scrape('tracking'), MetricNames.dossiersOverdue, { service: 'tracking', centre: centreId })).toBe(1);
  });

  it('when the notifier is stopped and dossiers come in, then the pipeline shows its lag as the number of events published on its topics, and 0 once it is back', async () => {
    await (running.get('notifier') as RunningService).stop();
    running.delete('notifier');
    const before = published.length;

    await submit('0912345679');
    await submit('0912345680');
    const view = await settled(['notifier']);

    const notifierTopics = [Topics.intake, Topics.processing, Topics.signing, Topics.return];
    const since = published.slice(before).filter((e) => notifierTopics.includes(topicOfType(e.type) as (typeof notifierTopics)[number]));
    expect(since.length).toBeGreaterThanOrEqual(2);
    const notifier = lagOf(view, 'notifier');
    expect(notifier.map((row) => row.topic)).toEqual(notifierTopics);
    for (const { topic, lag } of notifier) expect(lag).toBe(since.filter((e) => topicOfType(e.type) === topic).length);
    expect(notifier.reduce((sum, row) => sum + (row.lag ?? 0), 0)).toBe(since.length);
    // Its outbox lives in its own store: with the notifier out of this process, tracking tries its /metrics and says why it could not read it.
    expect(view.outboxBacklog.find((o) => o.service === 'notifier')).toMatchObject({ source: expect.stringMatching(/\/metrics$/), error: expect.stringContaining('not reachable') });
    expect(view.outboxBacklog.find((o) => o.service === 'intake')).toEqual({ service: 'intake', source: 'in-process', backlog: 0 });
    expect(Date.parse(view.readAt)).not.toBeNaN();

    await start(notifierModule);
    const after = await settled();
    expect(lagOf(after, 'notifier').map((row) => row.lag)).toEqual([0, 0, 0, 0]);
    expect(after.totals).toMatchObject({ lag: 0, outboxBacklog: 0 });
  });

  it('when a poison message reaches the intake topic, then each group reading it has one dead letter, pending until ops discard it', async () => {
    await bus.publishRaw(Topics.intake, [{ key: 'poison', value: Buffer.from('not an event'), headers: {} }]);
    const readers = ['processing', 'signing', 'return', 'notifier', 'tracking'];

    const view = await waitFor(
      async () => {
        const current = await pipeline();
        return readers.every((group) => deadLettersOf(current, group)?.count === 1) && current;
      },
      { timeoutMs: 30_000, what: 'a dead letter in every group reading the intake topic' },
    );
    expect(deadLettersOf(view, 'intake')).toEqual({ group: 'intake', service: 'intake', count: 0, pending: 0 });
    for (const group of readers) expect(deadLettersOf(view, group)).toEqual({ group, service: group, count: 1, pending: 1 });
    expect(view.totals.deadLettersPending).toBe(5);
    expect(value(await scrape('processing'), MetricNames.deadLetters, { service: 'processing', consumer_group: 'processing' })).toBe(1);
    expect(value(await scrape('tracking'), MetricNames.deadLettersPending, { service: 'tracking', consumer_group: 'signing' })).toBe(1);

    const { items } = (await (await fetch(`${url('tracking')}/v1/dead-letters?group=signing`, { headers: await officerHeaders('hue-ops-1') })).json()) as { items: { partition: number; offset: string }[] };
    const [letter] = items;
    const discard = await fetch(`${url('tracking')}/v1/dead-letters/signing/${letter?.partition}/${letter?.offset}/discard`, {
      method: 'POST',
      headers: { ...(await officerHeaders('hue-ops-1')), 'content-type': 'application/json' },
      body: JSON.stringify({ reason: 'garbage from a test tool' }),
    });
    expect(discard.status).toBe(200);
    expect(deadLettersOf(await pipeline(), 'signing')).toMatchObject({ count: 1, pending: 0 });
    expect(value(await scrape('tracking'), MetricNames.deadLettersPending, { service: 'tracking', consumer_group: 'signing' })).toBe(0);
  });

  it('when tracking restarts, then its figures are the same as before', async () => {
    const figures = (samples: ScrapedSample[]) => [...samplesOf(samples, MetricNames.dossiers), ...samplesOf(samples, MetricNames.dossiersOverdue), ...samplesOf(samples, MetricNames.deadLettersPending)];
    const before = figures(await scrape('tracking'));
    await (running.get('tracking') as RunningService).stop();
    await start(trackingModule);

    expect(figures(await scrape('tracking'))).toEqual(before);
    expect(samplesOf(before, MetricNames.dossiers).reduce((sum, s) => sum + s.value, 0)).toBe(3);
  });
});
