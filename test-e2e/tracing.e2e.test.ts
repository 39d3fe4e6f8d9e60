/**
 * One dossier, one trace, across processes: the services run as child processes with
 * their real OpenTelemetry start-up (`--require @motcua/observability/register`) and
 * export OTLP/JSON to a receiver this test hosts. A dossier goes from submission to
 * ResultReturned — on the six-process cluster over Kafka, then on the embedded
 * edition's one process and SQLite event log — and the spans must form one trace:
 * intake's request span is its root, every publish and process span of every hop
 * hangs in it, so do the officers' requests (they carry the dossier's traceparent, as
 * a client continuing the trace does), the SMS sends and, where Kannel is installed,
 * the delivery reports Kannel calls back with.
 */
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, kafkaPeer, type KafkaPeer, type KannelFixture, officerHeaders, smsPeer, type SmsPeer, startKannel, testAuthEnv, waitFor } from '@motcua/testing';
import { ManagedProcess, clusterKafka, serviceNames, startSeparateProcesses, tempDir, type ClusterKafka, type ClusterShape } from './support/service-process';
import { birthRegistration, businessSteps, completedTimeline, expectCompleteJourney, get, submit, type TimelineItem, type UrlOf } from './support/journey';
import { OtlpSpanKind, startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from './support/otlp-receiver';

const deadline = { timeoutMs: 60_000, intervalMs: 100 };
const DLR_SECRET = 'e2e-tracing-dlr-secret';

/** A span id the test stands for as the client: the parent it sends in `traceparent`. */
const clientSpanId = (): string => randomBytes(8).toString('hex');

interface TracedRequest {
  service: string;
  method: string;
  path: string;
  /** The remote parent the request carried. */
  parentSpanId: string;
}

/**
 * The officers' steps, each request carrying `traceparent` of the dossier's trace with
 * a fresh client span id, as a console that shows the dossier and acts on it would.
 */
class TracedOfficer {
  readonly requests: TracedRequest[] = [];

  constructor(
    private readonly url: UrlOf,
    private readonly traceId: string,
  ) {}

  private async post(service: Parameters<UrlOf>[0], path: string, officer: string, body: unknown): Promise<number> {
    const parentSpanId = clientSpanId();
    this.requests.push({ service, method: 'POST', path, parentSpanId });
    const response = await fetch(`${this.url(service)}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(await officerHeaders(officer)), traceparent: `00-${this.traceId}-${parentSpanId}-01` },
      body: JSON.stringify(body),
    });
    await response.text();
    return response.status;
  }

  async approve(dossierId: string): Promise<void> {
    const item = await waitFor(
      async () => (await get<{ items: { id: string; assigneeId?: string }[] }>(`${this.url('processing')}/v1/work-items?dossierId=${dossierId}`)).body.items.find((i) => i.assigneeId),
      { ...deadline, what: 'the assigned work item' },
    );
    const status = await this.post('processing', `/v1/work-items/${item.id}/approve`, item.assigneeId as string, {
      result: { title: 'Trích lục khai sinh', body: 'Đã đăng ký khai sinh cho con của bà Trần Thị Bình.' },
    });
    expect(status).toBe(200);
  }

  async sign(dossierId: string): Promise<void> {
    const request = await waitFor(
      async () => (await get<{ items: { id: string }[] }>(`${this.url('signing')}/v1/signature-requests?dossierId=${dossierId}&status=pending`)).body.items[0],
      { ...deadline, what: 'the signature request' },
    );
    // 409 (retryable) until signing has heard of the dossier; each try is a request of the trace.
    await waitFor(async () => (await this.post('signing', `/v1/signature-requests/${request.id}/sign`, 'pdn-leader-1', { signerId: 'pdn-leader-1' })) === 200, {
      ...deadline,
      what: 'the leader to sign',
    });
  }

  async handOver(dossierId: string): Promise<void> {
    const result = await waitFor(
      async () => (await get<{ items: { id: string; state: string }[] }>(`${this.url('return')}/v1/results?dossierId=${dossierId}`)).body.items.find((r) => r.state === 'RESULT_READY'),
      { ...deadline, what: 'the result ready' },
    );
    const status = await this.post('return', `/v1/results/${result.id}/handover`, 'pdn-reception-1', { receivedBy: { fullName: 'Trần Thị Bình', idNumber: '046190012345' } });
    expect(status).toBe(200);
  }
}

interface TracedJourney {
  dossierId: string;
  traceId: string;
  timeline: TimelineItem[];
  requests: TracedRequest[];
}

/**
 * Submits (no traceparent: the trace starts at intake), takes the trace id tracking
 * shows, and walks the dossier to ResultReturned; with a gateway that reports back,
 * waits for the three texts' NotificationDelivered too.
 */
async function runTracedJourney(url: UrlOf, deliveryReports: boolean): Promise<TracedJourney> {
  const dossier = await submit(url, birthRegistration());
  const received = await waitFor(
    async () => (await get<{ items: TimelineItem[] }>(`${url('tracking')}/v1/dossiers/${dossier.code}/timeline`)).body?.items?.find((i) => i.name === 'DossierReceived'),
    { ...deadline, what: 'DossierReceived in tracking' },
  );
  const traceId = received.traceId as string;
  expect(traceId).toMatch(/^[0-9a-f]{32}$/);
  const officer = new TracedOfficer(url, traceId);
  await officer.approve(dossier.id);
  await officer.sign(dossier.id);
  await officer.handOver(dossier.id);
  const completed = await completedTimeline(url, dossier.code);
  const timeline = !deliveryReports
    ? completed
    : await waitFor(
        async () => {
          const items = (await get<{ items: TimelineItem[] }>(`${url('tracking')}/v1/dossiers/${dossier.code}/timeline`)).body.items;
          return items.filter((i) => i.name === 'NotificationDelivered').length >= 3 && items;
        },
        { ...deadline, what: 'the three texts delivered' },
      );
  return { dossierId: dossier.id, traceId, timeline, requests: officer.requests };
}

const attr = (span: ReceivedSpan, ...names: string[]): string => String(names.map((n) => span.attributes[n]).find((v) => v !== undefined) ?? '');
const pathOf = (span: ReceivedSpan): string => attr(span, 'url.path', 'http.target').split('?')[0] as string;
const methodOf = (span: ReceivedSpan): string => attr(span, 'http.request.method', 'http.method');
const isServer = (span: ReceivedSpan): boolean => span.kind === OtlpSpanKind.server && pathOf(span) !== '';
const messageId = (span: ReceivedSpan): string => attr(span, 'messaging.message.id');
const eventType = (span: ReceivedSpan): string => attr(span, 'cloudevents.event_type');
const isPublish = (span: ReceivedSpan): boolean => span.kind === OtlpSpanKind.producer && span.name.startsWith('publish ');
const isProcess = (span: ReceivedSpan): boolean => span.kind === OtlpSpanKind.consumer && span.name.startsWith('process ');
const consumerGroup = (span: ReceivedSpan): string => attr(span, 'messaging.consumer.group.name');

const DLR_PATH = '/v1/sms/delivery-reports/kannel';
const isSubmission = (span: ReceivedSpan): boolean => isServer(span) && methodOf(span) === 'POST' && pathOf(span) === '/v1/dossiers';

/** What has to have arrived before the trace is judged: every hop's both ends, every request, every SMS (and its report). */
function arrived(spans: ReceivedSpan[], journey: TracedJourney, withReports: boolean): boolean {
  const byParent = new Set(spans.map((s) => s.parentSpanId));
  const published = new Set(spans.filter(isPublish).map(messageId));
  const processedByTracking = new Set(spans.filter((s) => isProcess(s) && consumerGroup(s) === 'tracking').map(messageId));
  const ids = new Set(spans.map((s) => s.spanId));
  const inTrace = spans.filter((s) => s.traceId === journey.traceId);
  return (
    spans.some(isSubmission) &&
    journey.requests.every((r) => byParent.has(r.parentSpanId)) &&
    journey.timeline.every((i) => published.has(i.eventId) && processedByTracking.has(i.eventId)) &&
    (!withReports || spans.filter((s) => isServer(s) && pathOf(s) === DLR_PATH).length >= 3) &&
    // Parents end after their children: wait until every parent in the trace is in too.
    inTrace.every((s) => !s.parentSpanId || ids.has(s.parentSpanId) || journey.requests.some((r) => r.parentSpanId === s.parentSpanId))
  );
}

/** The trace-shape assertions both editions share; returns the dossier's trace. */
function expectOneTrace(spans: ReceivedSpan[], journey: TracedJourney): ReceivedSpan[] {
  const trace = spans.filter((s) => s.traceId === journey.traceId);
  const ids = new Set(trace.map((s) => s.spanId));
  const remoteParents = new Set(journey.requests.map((r) => r.parentSpanId));

  // The trace starts at the submission: intake's request span is its only root.
  const roots = trace.filter((s) => !s.parentSpanId);
  expect(roots.map((s) => [s.service, methodOf(s), pathOf(s)])).toEqual([[roots[0]?.service, 'POST', '/v1/dossiers']]);
  expect(roots[0] && isServer(roots[0])).toBe(true);

  // Every other span's parent is in the trace, or is the client span an officer's request carried.
  const orphans = trace.filter((s) => s.parentSpanId && !ids.has(s.parentSpanId) && !remoteParents.has(s.parentSpanId));
  expect(orphans.map((s) => `${s.service} ${s.name} ← ${s.parentSpanId}`)).toEqual([]);

  // Every span about this dossier is in this trace (none started a trace of its own).
  const aboutDossier = spans.filter((s) => attr(s, 'motcua.dossier_id') === journey.dossierId);
  expect(aboutDossier.filter((s) => s.traceId !== journey.traceId).map((s) => `${s.service} ${s.name} ${eventType(s)}`)).toEqual([]);

  // Each officer request's server span continues the traceparent it was sent with.
  for (const request of journey.requests) {
    const server = trace.find((s) => isServer(s) && s.parentSpanId === request.parentSpanId);
    expect(server && [methodOf(server), pathOf(server)]).toEqual([request.method, request.path]);
  }

  // Every event on the timeline: its publish span and tracking's process span, the consumer under the producer.
  for (const item of journey.timeline) {
    expect(item.traceId).toBe(journey.traceId);
    const publish = trace.filter((s) => isPublish(s) && messageId(s) === item.eventId);
    expect(publish.map(eventType)).toEqual([expect.stringContaining(`.${item.name}.`)]);
    const processed = trace.filter((s) => isProcess(s) && consumerGroup(s) === 'tracking' && messageId(s) === item.eventId);
    expect(processed.map((s) => s.parentSpanId)).toEqual([publish[0]?.spanId]);
  }
  // …and every process span in the trace, whoever consumed, hangs under a publish span of the same event.
  const spanById = new Map(trace.map((s) => [s.spanId, s]));
  for (const processed of trace.filter(isProcess)) {
    const parent = spanById.get(processed.parentSpanId ?? '');
    expect([parent && isPublish(parent), parent && messageId(parent)]).toEqual([true, messageId(processed)]);
  }

  // The SMS sends: one NotificationSent per citizen text, published by the notifier in this trace.
  expect(trace.filter((s) => isPublish(s) && eventType(s).endsWith('.NotificationSent.v1'))).toHaveLength(3);
  return trace;
}

/** What the delivery reports cause: each text's NotificationDelivered, published by the notifier in the dossier's trace. */
function expectDeliveredInTrace(spans: ReceivedSpan[], journey: TracedJourney): void {
  const delivered = spans.filter((s) => isPublish(s) && eventType(s).endsWith('.NotificationDelivered.v1') && attr(s, 'motcua.dossier_id') === journey.dossierId);
  expect(delivered.map((s) => s.traceId)).toEqual([journey.traceId, journey.traceId, journey.traceId]);
}

/**
 * Kannel's callback requests themselves (one per report: accepted by the SMSC, then
 * delivered to the phone). Kannel sends no traceparent, so their server spans join
 * the dossier's trace only if the notifier carries the trace context in the dlr-url
 * and the callback continues it.
 */
function expectReportRequestsInTrace(spans: ReceivedSpan[], journey: TracedJourney): void {
  const reports = spans.filter((s) => isServer(s) && pathOf(s) === DLR_PATH);
  expect(reports.length).toBeGreaterThanOrEqual(3);
  expect(reports.filter((s) => s.traceId !== journey.traceId).map((s) => `${s.service} ${s.name} in trace ${s.traceId}`)).toEqual([]);
}

async function collectTrace(receiver: OtlpReceiver, journey: TracedJourney, withReports: boolean, dumpTo: string): Promise<ReceivedSpan[]> {
  // On a timeout the assertions below say what is missing; the dump keeps every span for a look.
  await waitFor(() => arrived(receiver.spans(), journey, withReports), { ...deadline, what: 'the spans of the journey' }).catch(() => undefined);
  const spans = receiver.spans();
  writeFileSync(dumpTo, JSON.stringify(spans, null, 1));
  expect(receiver.rejected()).toBe(0);
  return spans;
}

/** Kannel with a fake SMSC when installed: the notifier sends through it and its delivery reports come back over HTTP. */
async function smsSettings(peer: SmsPeer | undefined): Promise<{ kannel?: KannelFixture; env: Record<string, string> }> {
  if (!peer) return { env: {} };
  const kannel = await startKannel(peer);
  // The gateway must know the notifier's address before it starts, so its port is fixed.
  const notifierPort = await freePort();
  return {
    kannel,
    env: {
      NOTIFIER_SMS_PROVIDERS: 'kannel',
      KANNEL_SENDSMS_URL: kannel.sendsmsUrl,
      KANNEL_USERNAME: kannel.username,
      KANNEL_PASSWORD: kannel.password,
      KANNEL_FROM: 'MOTCUA',
      NOTIFIER_PORT: String(notifierPort),
      NOTIFIER_PUBLIC_URL: `http://127.0.0.1:${notifierPort}`,
      NOTIFIER_DLR_SECRET: DLR_SECRET,
    },
  };
}

/**
 * The embedded edition as embeddedProcess starts it, except that the settings given
 * win over its free ports: Kannel must know the notifier's address before it starts.
 */
function embeddedEdition(dataDir: string, settings: Record<string, string>): ManagedProcess {
  const env: Record<string, string> = { MOTCUA_DATA_DIR: dataDir, OUTBOX_POLL_MS: '200', BUS_RETRY_INITIAL_MS: '50', BUS_RETRY_MAX_MS: '500', ...testAuthEnv() };
  for (const name of serviceNames) env[`${name.toUpperCase()}_PORT`] = '0';
  return new ManagedProcess('motcua', ['bin/motcua.js', 'start', '--no-demo'], { ...env, ...settings }, join(dataDir, 'motcua.log'));
}

const tracingEnv = (receiver: OtlpReceiver): Record<string, string> => ({ OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint, OTEL_BSP_SCHEDULE_DELAY: '200' });

const sms = smsPeer();
const itWithSms = sms ? it : it.skip;
const kafka = kafkaPeer();
const describeKafka = kafka ? describe : describe.skip;

describeKafka('one trace per dossier across six processes on Kafka', () => {
  let receiver: OtlpReceiver;
  let bus: ClusterKafka | undefined;
  let cluster: ClusterShape;
  let kannel: KannelFixture | undefined;
  let dataDir: string;
  let journey: TracedJourney;
  let spans: ReceivedSpan[];

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    bus = await clusterKafka(kafka as KafkaPeer);
    const settings = await smsSettings(sms);
    kannel = settings.kannel;
    dataDir = tempDir('tracing-cluster');
    cluster = await startSeparateProcesses({ kafka: bus, dataDir, extraEnv: { ...tracingEnv(receiver), ...settings.env } });
  }, 120_000);

  afterAll(async () => {
    await cluster?.stopAll();
    await bus?.stop();
    await kannel?.stop();
    await receiver?.close();
  }, 60_000);

  it('when a dossier goes from submission to ResultReturned, then its requests, every publish and process span and the SMS sends form one trace from intake’s request span, with spans from all six services', async () => {
    journey = await runTracedJourney(cluster.url, sms !== undefined);
    expectCompleteJourney(journey.timeline);
    expect(journey.timeline.map((i) => i.name)).toEqual(expect.arrayContaining(businessSteps));

    spans = await collectTrace(receiver, journey, sms !== undefined, join(dataDir, 'spans.json'));
    const trace = expectOneTrace(spans, journey);
    expect(new Set(trace.map((s) => s.service))).toEqual(new Set(serviceNames.map((name) => `motcua-${name}`)));
    // Each hop's producer is the service that owns the event, its consumers the services that listen.
    const root = trace.find((s) => !s.parentSpanId) as ReceivedSpan;
    expect(root.service).toBe('motcua-intake');
    expect(new Set(trace.filter((s) => isPublish(s) && eventType(s).endsWith('.NotificationSent.v1')).map((s) => s.service))).toEqual(new Set(['motcua-notifier']));
    // Every service consumed its share of the hops, each under its own consumer group.
    expect(new Set(trace.filter(isProcess).map((s) => s.service))).toEqual(new Set(serviceNames.map((name) => `motcua-${name}`)));
    expect(trace.filter(isProcess).filter((s) => s.service !== `motcua-${consumerGroup(s)}`)).toEqual([]);
  }, 240_000);

  itWithSms('when Kannel reports the texts delivered, then each NotificationDelivered is published in the dossier’s trace', () => {
    expectDeliveredInTrace(spans, journey);
  });

  itWithSms('when Kannel calls back with a delivery report, then the callback’s request span is in the dossier’s trace', () => {
    expectReportRequestsInTrace(spans, journey);
  });
});

describe('one trace per dossier in the embedded edition', () => {
  let receiver: OtlpReceiver;
  let motcua: ManagedProcess;
  let kannel: KannelFixture | undefined;
  let dataDir: string;
  let journey: TracedJourney;
  let spans: ReceivedSpan[];

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    const settings = await smsSettings(sms);
    kannel = settings.kannel;
    dataDir = tempDir('tracing-embedded');
    motcua = embeddedEdition(dataDir, { ...tracingEnv(receiver), ...settings.env });
    await motcua.start([...serviceNames]);
  }, 120_000);

  afterAll(async () => {
    await motcua?.stop();
    await kannel?.stop();
    await receiver?.close();
  }, 60_000);

  it('when a dossier goes from submission to ResultReturned, then the same trace holds on the SQLite event log, with every service taking part', async () => {
    journey = await runTracedJourney((service) => motcua.url(service), sms !== undefined);
    expectCompleteJourney(journey.timeline);

    spans = await collectTrace(receiver, journey, sms !== undefined, join(dataDir, 'spans.json'));
    const trace = expectOneTrace(spans, journey);
    // One process, one service.name: the services show as the consumer groups and the request paths.
    expect(new Set(trace.filter(isProcess).map(consumerGroup))).toEqual(new Set(serviceNames));
    const requestsServed = trace.filter(isServer).map((s) => `${methodOf(s)} ${pathOf(s)}`);
    expect(requestsServed).toEqual(expect.arrayContaining(['POST /v1/dossiers', ...journey.requests.map((r) => `${r.method} ${r.path}`)]));
  }, 240_000);

  itWithSms('when Kannel reports the texts delivered, then each NotificationDelivered is published in the dossier’s trace', () => {
    expectDeliveredInTrace(spans, journey);
  });

  itWithSms('when Kannel calls back with a delivery report, then the callback’s request span is in the dossier’s trace', () => {
    expectReportRequestsInTrace(spans, journey);
  });
});
