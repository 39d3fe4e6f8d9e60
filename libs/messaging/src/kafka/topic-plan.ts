/**
 * The Kafka topics motcua needs, as declared in infra/kafka/topics.json, and the plan
 * that brings a cluster in line with them. Pure: reading the cluster and applying the
 * plan is kafka-topic-provisioner.ts.
 *
 * The file's topic names must be exactly the business topics and the dead-letter topic
 * of every consumer group in libs/contracts, so the declaration cannot drift from the
 * code: a topic the services use and nobody provisioned would be created by the first
 * service with the bus's defaults.
 */
import Ajv from 'ajv';
import { Type, type Static } from '@sinclair/typebox';
import { businessTopics, consumerGroups, dlqTopic, type ServiceName } from '@motcua/contracts';
import { AppError, ErrorCodes } from '@motcua/errors';

export const TopicDeclarationSchema = Type.Object(
  {
    name: Type.String({ pattern: '^motcua\\.[a-z0-9._-]+$' }),
    /** `business`: a service's events, replayed by the read-model rebuild; `dead-letter`: one consumer group's dead letters. */
    kind: Type.Union([Type.Literal('business'), Type.Literal('dead-letter')]),
    /** Partitions bound how many replicas of a consumer group share the work; they can grow, never shrink. */
    partitions: Type.Integer({ minimum: 1, maximum: 1000 }),
    replicationFactor: Type.Integer({ minimum: 1, maximum: 10 }),
    /** Replicas that must have a write before it is acknowledged (producers use acks=all). */
    minInsyncReplicas: Type.Integer({ minimum: 1, maximum: 10 }),
    /** How long Kafka keeps a message; -1 keeps it for ever. */
    retentionDays: Type.Union([Type.Literal(-1), Type.Integer({ minimum: 1, maximum: 36500 })]),
  },
  { additionalProperties: false },
);
export type TopicDeclaration = Static<typeof TopicDeclarationSchema>;

export const TopicsFileSchema = Type.Object(
  { description: Type.Optional(Type.String()), topics: Type.Array(TopicDeclarationSchema, { minItems: 1 }) },
  { additionalProperties: false },
);

const checkFile = new Ajv({ allErrors: true, strict: true }).compile<Static<typeof TopicsFileSchema>>(TopicsFileSchema);

const invalid = (source: string, problems: string[]): AppError =>
  new AppError(ErrorCodes.CONFIG_INVALID, 'validation', `${source}: ${problems.join('; ')}`, { details: { file: source, problems } });

/** The topics the code uses: every business topic, and the dead-letter topic of every consumer group. */
export function topicsOfContracts(): { name: string; kind: TopicDeclaration['kind'] }[] {
  return [
    ...businessTopics.map((name) => ({ name, kind: 'business' as const })),
    ...(Object.keys(consumerGroups) as ServiceName[]).map((group) => ({ name: dlqTopic(group), kind: 'dead-letter' as const })),
  ];
}

/** Checks a parsed topics file against its schema and the contracts; throws CONFIG.INVALID listing every problem. */
export function parseTopicDeclarations(data: unknown, source: string): TopicDeclaration[] {
  if (!checkFile(data)) {
    throw invalid(
      source,
      (checkFile.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}${e.params && 'additionalProperty' in e.params ? ` (${String(e.params['additionalProperty'])})` : ''}`),
    );
  }
  const { topics } = data;
  const problems: string[] = [];
  const seen = new Set<string>();
  topics.forEach((topic, index) => {
    if (seen.has(topic.name)) problems.push(`/topics/${index} ${topic.name} is declared twice`);
    seen.add(topic.name);
    if (topic.minInsyncReplicas > topic.replicationFactor) problems.push(`/topics/${index} ${topic.name}: minInsyncReplicas ${topic.minInsyncReplicas} is above its replicationFactor ${topic.replicationFactor}`);
  });
  const expected = topicsOfContracts();
  for (const { name, kind } of expected) {
    const declared = topics.find((topic) => topic.name === name);
    if (!declared) problems.push(`${name} (${kind}) is used by the services but not declared`);
    else if (declared.kind !== kind) problems.push(`${name} is a ${kind} topic, declared as ${declared.kind}`);
  }
  for (const topic of topics) {
    if (!expected.some((e) => e.name === topic.name)) problems.push(`${topic.name} is declared but no service uses it (libs/contracts: businessTopics, consumerGroups)`);
  }
  if (problems.length > 0) throw invalid(source, problems);
  return topics;
}

/**
 * The declarations for a cluster with fewer brokers (one broker in Docker Compose):
 * every topic gets `replicationFactor`, and min.insync.replicas stays at most one
 * below it so one broker may be down, but at least 1.
 */
export function withReplicationFactor(topics: readonly TopicDeclaration[], replicationFactor: number): TopicDeclaration[] {
  return topics.map((topic) => ({
    ...topic,
    replicationFactor,
    minInsyncReplicas: Math.max(1, Math.min(topic.minInsyncReplicas, replicationFactor - 1)),
  }));
}

/** The topic-level Kafka settings a declaration manages; anything else set on a topic is left as it is. */
export function managedConfigs(topic: TopicDeclaration): Record<string, string> {
  return {
    'cleanup.policy': 'delete',
    'retention.ms': topic.retentionDays === -1 ? '-1' : String(topic.retentionDays * 86_400_000),
    'min.insync.replicas': String(topic.minInsyncReplicas),
  };
}

/** A topic as the cluster has it. */
export interface TopicState {
  name: string;
  partitions: number;
  replicationFactor: number;
  /** Effective values of the managed settings, and the settings set on the topic itself; absent when they could not be read. */
  configs?: { effective: Record<string, string>; overrides: Record<string, string> };
}

export type TopicAction =
  | { kind: 'create'; topic: string; partitions: number; replicationFactor: number; configs: Record<string, string> }
  /** Changes which partition a key goes to: only with the operator's consent (see docs/operations.md, "Adding partitions"). */
  | { kind: 'add-partitions'; topic: string; from: number; to: number }
  /** `configs`: every setting the topic will have set on itself (its other overrides kept), because AlterConfigs replaces them all. */
  | { kind: 'alter-configs'; topic: string; changes: { name: string; from: string | undefined; to: string }[]; configs: Record<string, string> };

export interface TopicPlan {
  actions: TopicAction[];
  /** Differences only an operator can resolve (fewer partitions wanted, another replication factor). */
  problems: { topic: string; message: string }[];
  inSync: string[];
  /** motcua.* topics the cluster has and the file does not declare (e.g. a rebuild's dead-letter topic). */
  undeclared: string[];
  /** False when the settings were not read (no admin API): then only partitions and replicas were compared. */
  configsChecked: boolean;
}

export function planTopics(declared: readonly TopicDeclaration[], existing: ReadonlyMap<string, TopicState>): TopicPlan {
  const plan: TopicPlan = { actions: [], problems: [], inSync: [], undeclared: [], configsChecked: true };
  for (const topic of declared) {
    const desired = managedConfigs(topic);
    const state = existing.get(topic.name);
    if (!state) {
      plan.actions.push({ kind: 'create', topic: topic.name, partitions: topic.partitions, replicationFactor: topic.replicationFactor, configs: desired });
      continue;
    }
    const before = plan.actions.length + plan.problems.length;
    if (state.partitions < topic.partitions) plan.actions.push({ kind: 'add-partitions', topic: topic.name, from: state.partitions, to: topic.partitions });
    if (state.partitions > topic.partitions) {
      plan.problems.push({ topic: topic.name, message: `has ${state.partitions} partitions, more than the ${topic.partitions} declared; Kafka cannot remove partitions: declare ${state.partitions}` });
    }
    if (state.replicationFactor !== topic.replicationFactor) {
      plan.problems.push({
        topic: topic.name,
        message: `has replication factor ${state.replicationFactor}, ${topic.replicationFactor} declared; change it with kafka-reassign-partitions.sh`,
      });
    }
    if (!state.configs) plan.configsChecked = false;
    else {
      const changes = Object.entries(desired)
        .filter(([name, value]) => state.configs?.effective[name] !== value)
        .map(([name, to]) => ({ name, from: state.configs?.effective[name], to }));
      if (changes.length > 0) plan.actions.push({ kind: 'alter-configs', topic: topic.name, changes, configs: { ...state.configs.overrides, ...desired } });
    }
    if (plan.actions.length + plan.problems.length === before) plan.inSync.push(topic.name);
  }
  const names = new Set(declared.map((topic) => topic.name));
  plan.undeclared = [...existing.keys()].filter((name) => name.startsWith('motcua.') && !names.has(name)).sort();
  return plan;
}

/** One line per action, problem and topic in sync, for the command's output. */
export function describePlan(plan: TopicPlan): string[] {
  const lines = plan.actions.map((action) => {
    switch (action.kind) {
      case 'create':
        return `create         ${action.topic}: ${action.partitions} partitions, replication factor ${action.replicationFactor}, ${Object.entries(action.configs).map(([k, v]) => `${k}=${v}`).join(' ')}`;
      case 'add-partitions':
        return `add partitions ${action.topic}: ${action.from} → ${action.to}`;
      case 'alter-configs':
        return `alter configs  ${action.topic}: ${action.changes.map((c) => `${c.name} ${c.from ?? '(unset)'} → ${c.to}`).join(', ')}`;
    }
  });
  return [
    ...lines,
    ...plan.problems.map((p) => `conflict       ${p.topic}: ${p.message}`),
    ...plan.inSync.map((name) => `in sync        ${name}`),
    ...plan.undeclared.map((name) => `not declared   ${name} (left alone)`),
    ...(plan.configsChecked ? [] : ['settings (retention, min.insync.replicas) not compared: the admin API is switched off (KAFKA_ADMIN_TOPICS=false)']),
  ];
}
