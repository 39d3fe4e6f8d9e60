/**
 * Metrics in the cluster shape: six services as separate processes on Kafka (the
 * librdkafka mock cluster here) and one SQLite file each. Each process's `/metrics`
 * shows its own service, and tracking's pipeline view reads every group's lag from
 * Kafka and each other service's outbox backlog from that service's `/metrics`.
 */
import { kafkaPeer, waitFor } from '@motcua/testing';
import { readExposition, samplesOf } from '@motcua/observability';
import { clusterKafka, serviceNames, startSeparateProcesses, tempDir, type ClusterKafka, type ClusterShape, type ServiceName } from './support/service-process';
import { get, submit } from './support/journey';

interface PipelineView {
  readAt: string;
  consumerLag: { group: string; topic?: string; lag?: number; error?: string }[];
  deadLetters: { group: string; count?: number; pending?: number; error?: string }[];
  outboxBacklog: { service: string; source: string; backlog?: number; error?: string }[];
  totals: { lag: number; deadLettersPending: number; outboxBacklog: number };
}

const peer = kafkaPeer();
const describeKafka = peer ? describe : describe.skip;

describeKafka('metrics across six processes on Kafka + SQLite', () => {
  let others: ClusterShape;
  let tracking: ClusterShape;
  let kafka: ClusterKafka | undefined;

  const url = (service: ServiceName) => (service === 'tracking' ? tracking : others).url(service);

  beforeAll(async () => {
    if (!peer) return;
    kafka = await clusterKafka(peer);
    const dataDir = tempDir('metrics');
    others = await startSeparateProcesses({ kafka, dataDir, services: serviceNames.filter((name) => name !== 'tracking') });
    // Tracking learns where the others answer, as a deployment would configure it.
    const urls = Object.fromEntries(serviceNames.filter((name) => name !== 'tracking').map((name) => [`TRACKING_${name.toUpperCase()}_URL`, others.url(name)]));
    tracking = await startSeparateProcesses({ kafka, dataDir, services: ['tracking'], extraEnv: urls });
  }, 120_000);

  afterAll(async () => {
    await tracking?.stopAll();
    await others?.stopAll();
    await kafka?.stop();
  }, 60_000);

  it('when a dossier has gone through, then the pipeline shows every outbox empty (read from each process’s /metrics) and no group behind on Kafka', async () => {
    const dossier = await submit(url);
    await waitFor(async () => (await get<{ items: { status: string }[] }>(`${url('notifier')}/v1/notifications?dossierId=${dossier.id}`)).body.items[0]?.status === 'sent', {
      timeoutMs: 60_000,
      what: 'the receipt SMS',
    });

    const view = await waitFor(
      async () => {
        const current = (await get<PipelineView>(`${url('tracking')}/v1/ops/pipeline`)).body;
        return current.consumerLag.every((row) => row.lag === 0) && current.outboxBacklog.every((o) => o.backlog === 0) && current;
      },
      { timeoutMs: 90_000, intervalMs: 500, what: 'the pipeline to drain' },
    );

    for (const service of serviceNames) {
      const outbox = view.outboxBacklog.find((o) => o.service === service);
      expect(outbox).toEqual({ service, source: service === 'tracking' ? 'in-process' : `${url(service)}/metrics`, backlog: 0 });
      expect(view.consumerLag.filter((row) => row.group === service).length).toBeGreaterThan(0);
      expect(view.deadLetters.find((row) => row.group === service)).toMatchObject({ count: 0, pending: 0 });
    }
    expect(view.totals).toEqual({ lag: 0, deadLettersPending: 0, outboxBacklog: 0 });
  }, 180_000);

  it('when each process is scraped, then it shows its own service’s series, with the figures of what it did', async () => {
    for (const service of serviceNames) {
      const samples = readExposition(await (await fetch(`${url(service)}/metrics`)).text());
      const labelled = samples.filter((s) => s.labels['service'] !== undefined);
      expect(new Set(labelled.map((s) => s.labels['service']))).toEqual(new Set([service]));
      expect(samplesOf(samples, 'motcua_consumer_lag', { service }).every((s) => s.value === 0)).toBe(true);
    }
    const tracked = readExposition(await (await fetch(`${url('tracking')}/metrics`)).text());
    expect(samplesOf(tracked, 'motcua_dossiers').reduce((sum, s) => sum + s.value, 0)).toBe(1);
    const notified = readExposition(await (await fetch(`${url('notifier')}/metrics`)).text());
    expect(samplesOf(notified, 'motcua_notifications', { outcome: 'sent' }).map((s) => s.value)).toEqual([1]);
    const intake = readExposition(await (await fetch(`${url('intake')}/metrics`)).text());
    expect(samplesOf(intake, 'motcua_http_request_duration_seconds_count', { method: 'POST', route: '/v1/dossiers', status_code: '201' }).map((s) => s.value)).toEqual([1]);
  });
});
