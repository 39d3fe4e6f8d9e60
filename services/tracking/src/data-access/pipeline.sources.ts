/**
 * Where the pipeline figures come from. Lag and dead letters of every consumer group
 * (libs/contracts `consumerGroups`) are read from the bus tracking runs on, which is
 * the one every service uses: the shared event log in the embedded edition, the
 * cluster with Kafka. That works even while a service is down, which is when lag
 * matters. Outbox backlogs are in each service's own store, so they are read from the
 * service: from its registry when it runs in this process (the embedded edition), from
 * its `/metrics` at the configured URL otherwise.
 */
import { consumerGroups, dlqTopic, services, Topics } from '@motcua/contracts';
import { lagByTopic, messagesIn, type EventBus } from '@motcua/messaging';
import { liveServiceMetrics, MetricNames, readExposition, samplesOf } from '@motcua/observability';
import type { Clock } from '@motcua/runtime';
import type { ServiceStore } from '@motcua/storage';
import { serviceUrls, type TrackingConfig } from '../config';
import type { BacklogReading, ConsumerGroupOfService, PipelineDeps } from '../domain/ops-pipeline.use-case';
import { deadLetterActionsCollection } from './dead-letter-actions.store';

/** Every consumer group of the six services with its topics; each group is named after its service. */
export const pipelineGroups: ConsumerGroupOfService[] = services.map((service) => ({
  group: service,
  service,
  topics: consumerGroups[service].topics.map((emitter) => Topics[emitter]),
}));

export interface PipelineSourceDeps {
  store: ServiceStore;
  bus: EventBus;
  config: TrackingConfig;
  clock: Clock;
}

async function scrapedBacklog(service: string, baseUrl: string, timeoutMs: number): Promise<BacklogReading> {
  const url = `${baseUrl.replace(/\/+$/, '')}/metrics`;
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    if (!response.ok) return { service, source: url, error: `${url} answered ${response.status}` };
    const [sample] = samplesOf(readExposition(await response.text()), MetricNames.outboxBacklog, { service });
    return sample ? { service, source: url, backlog: sample.value } : { service, source: url, error: `${url} shows no ${MetricNames.outboxBacklog} of ${service}` };
  } catch (error) {
    return { service, source: url, error: `${url} not reachable: ${(error as Error).message}` };
  }
}

async function inProcessBacklog(service: string, read: () => Promise<number | undefined>): Promise<BacklogReading> {
  try {
    const backlog = await read();
    return backlog === undefined ? { service, source: 'in-process', error: 'outbox backlog not readable (see the service log)' } : { service, source: 'in-process', backlog };
  } catch (error) {
    return { service, source: 'in-process', error: `outbox backlog not readable: ${(error as Error).message}` };
  }
}

async function backlogOf(service: string, deps: PipelineSourceDeps): Promise<BacklogReading> {
  if (service === 'tracking') return inProcessBacklog(service, () => deps.store.outbox.backlog());
  const local = liveServiceMetrics().find((metrics) => metrics.service === service);
  // The gauge leaves a figure it could not read without a sample (and logs why).
  if (local) return inProcessBacklog(service, async () => (await local.samples(MetricNames.outboxBacklog))[0]?.value);
  const urls: Record<string, string> = serviceUrls(deps.config);
  return scrapedBacklog(service, urls[service] as string, deps.config.TRACKING_SCRAPE_TIMEOUT_MS);
}

export function pipelineSources(deps: PipelineSourceDeps): PipelineDeps {
  const { store, bus } = deps;
  return {
    groups: pipelineGroups,
    lag: async (group, topics) => lagByTopic(await bus.offsets(topics, group)),
    deadLetters: async (group) => messagesIn(await bus.offsets([dlqTopic(group)])),
    handledDeadLetters: (group) => store.read((tx) => tx.collection(deadLetterActionsCollection).count({ group })),
    outboxBacklogs: () => Promise.all(services.map((service) => backlogOf(service, deps))),
    clock: deps.clock,
  };
}
