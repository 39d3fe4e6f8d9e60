/**
 * The series every service has, whatever it does: its outbox backlog, and for each of
 * its consumer groups the lag on each topic and the letters in its dead-letter topic
 * (all read from the store and the bus when scraped), and how long its event handlers
 * take. Services add their own series through `ServiceDeps.metrics`.
 */
import { dlqTopic } from '@motcua/contracts';
import { lagByTopic, messagesIn, type ConsumedEvent, type EventBus } from '@motcua/messaging';
import { MetricNames, type ServiceMetrics } from '@motcua/observability';
import type { ServiceStore } from '@motcua/storage';

export interface ConsumerGroupTopics {
  groupId: string;
  topics: readonly string[];
}

/** Lag per topic of each group; a topic nobody published to yet reads 0, so every series exists from the start. */
export async function consumerLagSamples(bus: Pick<EventBus, 'offsets'>, groups: readonly ConsumerGroupTopics[]) {
  const samples = [];
  for (const { groupId, topics } of groups) {
    const lag = lagByTopic(await bus.offsets(topics, groupId));
    for (const topic of topics) samples.push({ labels: { consumer_group: groupId, topic }, value: lag.get(topic) ?? 0 });
  }
  return samples;
}

/** Letters in each group's dead-letter topic (`motcua.dlq.<group>`), replayed or not: the log keeps them all. */
export async function deadLetterSamples(bus: Pick<EventBus, 'offsets'>, groupIds: readonly string[]) {
  const samples = [];
  for (const groupId of groupIds) samples.push({ labels: { consumer_group: groupId }, value: messagesIn(await bus.offsets([dlqTopic(groupId)])) });
  return samples;
}

export function registerPipelineMetrics(metrics: ServiceMetrics, deps: { store: ServiceStore; bus: EventBus; consumers: readonly ConsumerGroupTopics[] }): void {
  const { store, bus, consumers } = deps;
  metrics.gaugeFrom(MetricNames.outboxBacklog, 'Events committed to the outbox of this service and not yet acknowledged by the bus.', [], async () => [
    { labels: {}, value: await store.outbox.backlog() },
  ]);
  metrics.gaugeFrom(MetricNames.consumerLag, 'Messages of a topic a consumer group of this service has still to process (log end minus committed position).', ['consumer_group', 'topic'], () =>
    consumerLagSamples(bus, consumers),
  );
  metrics.gaugeFrom(MetricNames.deadLetters, "Messages in a consumer group's dead-letter topic, replayed or discarded ones included.", ['consumer_group'], () =>
    deadLetterSamples(
      bus,
      consumers.map((c) => c.groupId),
    ),
  );
}

/** The handler, timed: one observation per attempt, with its outcome. */
export function timedHandler(metrics: ServiceMetrics, groupId: string, handle: (event: ConsumedEvent) => Promise<void>): (event: ConsumedEvent) => Promise<void> {
  return async (event) => {
    const stop = metrics.handlerDuration.startTimer({ consumer_group: groupId, event_type: event.envelope.type });
    try {
      await handle(event);
      stop({ outcome: 'ok' });
    } catch (error) {
      stop({ outcome: 'error' });
      throw error;
    }
  };
}
