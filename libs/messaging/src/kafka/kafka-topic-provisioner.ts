/**
 * Applies the topic declarations to a Kafka cluster through the kafkajs admin API:
 * reads what the cluster has, plans (topic-plan.ts), creates missing topics, grows
 * partitions when allowed, and sets retention and min.insync.replicas. Idempotent: a
 * second run finds everything in sync and changes nothing.
 *
 * Clusters without the admin API's write side (librdkafka's mock cluster) are a
 * setting, `adminTopics: false`, as for the event bus: the topics and their partitions
 * are still read from the metadata and the plan is still made and reported, but the
 * settings are not read and nothing is written.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { ConfigResourceTypes, Kafka, logLevel, type Admin } from 'kafkajs';
import { AppError, ErrorCodes, classify } from '@motcua/errors';
import type { Logger } from '@motcua/observability';
import { kafkaLogCreator } from './kafka-event-bus';
import { planTopics, type TopicAction, type TopicDeclaration, type TopicPlan, type TopicState } from './topic-plan';

/** Kafka's ConfigSource for a value set on the topic itself (DescribeConfigs v1+). */
const DYNAMIC_TOPIC_CONFIG = 1;

export interface ProvisionTopicsOptions {
  brokers: string[];
  clientId: string;
  logger: Logger;
  topics: readonly TopicDeclaration[];
  /** Read the settings and write changes through the admin API; false for clusters without it (KAFKA_ADMIN_TOPICS). */
  adminTopics: boolean;
  /** Plan only. */
  dryRun?: boolean;
  /** Grow the partitions of existing topics; off by default because it moves keys to other partitions. */
  addPartitions?: boolean;
  /** How long to wait for the cluster to answer with as many brokers as the highest replication factor. */
  timeoutMs?: number;
}

export interface ProvisionReport {
  plan: TopicPlan;
  /** Actions carried out. */
  applied: TopicAction[];
  /** Actions left for later, with the reason. */
  pending: { action: TopicAction; reason: string }[];
  brokers: number;
}

export async function provisionTopics(options: ProvisionTopicsOptions): Promise<ProvisionReport> {
  const kafka = new Kafka({ clientId: options.clientId, brokers: options.brokers, logLevel: logLevel.WARN, logCreator: kafkaLogCreator(options.logger) });
  const admin = kafka.admin();
  try {
    const needed = Math.max(...options.topics.map((topic) => topic.replicationFactor));
    const brokers = await waitForBrokers(admin, needed, options.timeoutMs ?? 120_000, options.logger);
    const plan = planTopics(options.topics, await readTopicStates(admin, options.topics, options.adminTopics));
    const report: ProvisionReport = { plan, applied: [], pending: [], brokers };
    for (const action of plan.actions) {
      const reason = options.dryRun
        ? 'dry run'
        : !options.adminTopics
          ? 'the admin API is switched off (KAFKA_ADMIN_TOPICS=false)'
          : action.kind === 'add-partitions' && !options.addPartitions
            ? 'adding partitions moves keys to other partitions: run again with --add-partitions (docs/operations.md, "Adding partitions")'
            : undefined;
      if (reason) report.pending.push({ action, reason });
      else {
        await apply(admin, action);
        report.applied.push(action);
        options.logger.info({ topic: action.topic, action: action.kind }, 'kafka topic provisioned');
      }
    }
    return report;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/** Connects and waits until the cluster has at least `needed` brokers (a broker of a new cluster may still be starting). */
async function waitForBrokers(admin: Admin, needed: number, timeoutMs: number, logger: Logger): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  for (;;) {
    try {
      await admin.connect();
      const { brokers } = await admin.describeCluster();
      if (brokers.length >= needed) return brokers.length;
      last = `${brokers.length} broker(s), the declarations need ${needed} for their replication factor`;
    } catch (error) {
      last = classify(error).message;
    }
    if (Date.now() >= deadline) {
      throw new AppError(ErrorCodes.BUS_UNAVAILABLE, 'transient', `Kafka was not ready within ${Math.round(timeoutMs / 1000)} s: ${last}`);
    }
    logger.info({ waiting_for: last }, 'waiting for the Kafka cluster');
    await delay(Math.min(2000, Math.max(0, deadline - Date.now())));
  }
}

/**
 * The declared topics the cluster has. Only topics listed by the cluster are asked
 * for by name: a metadata request for a missing topic may create it with the
 * broker's defaults (auto-creation, and always on the mock cluster).
 */
export async function readTopicStates(admin: Admin, topics: readonly TopicDeclaration[], readConfigs: boolean): Promise<Map<string, TopicState>> {
  const listed = await admin.listTopics();
  const present = listed.filter((name) => name.startsWith('motcua.'));
  const declared = new Set(topics.map((topic) => topic.name));
  const states = new Map<string, TopicState>();
  if (present.length === 0) return states;
  const metadata = await admin.fetchTopicMetadata({ topics: present });
  for (const topic of metadata.topics) {
    states.set(topic.name, {
      name: topic.name,
      partitions: topic.partitions.length,
      replicationFactor: Math.max(0, ...topic.partitions.map((partition) => partition.replicas.length)),
    });
  }
  const configurable = present.filter((name) => declared.has(name));
  if (readConfigs && configurable.length > 0) {
    const described = await admin.describeConfigs({ includeSynonyms: false, resources: configurable.map((name) => ({ type: ConfigResourceTypes.TOPIC, name })) });
    for (const resource of described.resources) {
      const state = states.get(resource.resourceName);
      if (!state) continue;
      const effective: Record<string, string> = {};
      const overrides: Record<string, string> = {};
      for (const entry of resource.configEntries) {
        if (entry.configValue === null || entry.isSensitive) continue;
        effective[entry.configName] = entry.configValue;
        if ((entry as { configSource?: number }).configSource === DYNAMIC_TOPIC_CONFIG) overrides[entry.configName] = entry.configValue;
      }
      state.configs = { effective, overrides };
    }
  }
  return states;
}

async function apply(admin: Admin, action: TopicAction): Promise<void> {
  try {
    switch (action.kind) {
      case 'create':
        await admin.createTopics({
          waitForLeaders: true,
          topics: [
            {
              topic: action.topic,
              numPartitions: action.partitions,
              replicationFactor: action.replicationFactor,
              configEntries: Object.entries(action.configs).map(([name, value]) => ({ name, value })),
            },
          ],
        });
        return;
      case 'add-partitions':
        await admin.createPartitions({ topicPartitions: [{ topic: action.topic, count: action.to }] });
        return;
      case 'alter-configs':
        await admin.alterConfigs({
          validateOnly: false,
          resources: [{ type: ConfigResourceTypes.TOPIC, name: action.topic, configEntries: Object.entries(action.configs).map(([name, value]) => ({ name, value })) }],
        });
        return;
    }
  } catch (error) {
    throw new AppError(ErrorCodes.BUS_UNAVAILABLE, 'transient', `could not ${action.kind} ${action.topic}: ${classify(error).message}`, { cause: error });
  }
}
