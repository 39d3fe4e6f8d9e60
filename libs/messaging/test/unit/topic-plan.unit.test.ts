import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { businessTopics, dlqTopic } from '@motcua/contracts';
import { managedConfigs, parseTopicDeclarations, planTopics, withReplicationFactor, type TopicAction, type TopicDeclaration, type TopicState } from '../../src';

const shippedFile = join(__dirname, '..', '..', '..', '..', 'infra', 'kafka', 'topics.json');
const shipped = (): { topics: TopicDeclaration[] } => JSON.parse(readFileSync(shippedFile, 'utf8')) as { topics: TopicDeclaration[] };

const declaration = (name: string, fields: Partial<TopicDeclaration> = {}): TopicDeclaration => ({
  name,
  kind: 'business',
  partitions: 6,
  replicationFactor: 3,
  minInsyncReplicas: 2,
  retentionDays: -1,
  ...fields,
});

/** The cluster as it would be after the plan's actions: what a second run reads. */
function afterApplying(states: Map<string, TopicState>, actions: TopicAction[]): Map<string, TopicState> {
  const next = new Map([...states].map(([name, state]) => [name, structuredClone(state)]));
  for (const action of actions) {
    if (action.kind === 'create') {
      next.set(action.topic, { name: action.topic, partitions: action.partitions, replicationFactor: action.replicationFactor, configs: { effective: { ...action.configs }, overrides: { ...action.configs } } });
    } else if (action.kind === 'add-partitions') {
      (next.get(action.topic) as TopicState).partitions = action.to;
    } else {
      const state = next.get(action.topic) as TopicState;
      state.configs = { effective: { ...state.configs?.effective, ...action.configs }, overrides: { ...action.configs } };
    }
  }
  return next;
}

describe('topic declarations (infra/kafka/topics.json)', () => {
  it('when the shipped file is read, then it declares exactly every business topic and one dead-letter topic per consumer group', () => {
    const topics = parseTopicDeclarations(shipped(), shippedFile);
    expect(topics.filter((t) => t.kind === 'business').map((t) => t.name).sort()).toEqual([...businessTopics].sort());
    expect(topics.filter((t) => t.kind === 'dead-letter').map((t) => t.name).sort()).toEqual(
      ['intake', 'processing', 'signing', 'return', 'notifier', 'tracking'].map(dlqTopic).sort(),
    );
  });

  it('when a consumer group has no dead-letter topic declared, or a topic no service uses is declared, then the file is refused naming both', () => {
    const file = shipped();
    file.topics = file.topics.filter((t) => t.name !== 'motcua.dlq.notifier');
    file.topics.push(declaration('motcua.orders.v1'));
    expect(() => parseTopicDeclarations(file, 'topics.json')).toThrow(/motcua\.dlq\.notifier \(dead-letter\) is used by the services but not declared.*motcua\.orders\.v1 is declared but no service uses it/);
  });

  it('when an entry breaks the schema, then the file is refused with CONFIG.INVALID naming the entry and the field', () => {
    const file = shipped() as unknown as { topics: Record<string, unknown>[] };
    (file.topics[0] as Record<string, unknown>)['partitions'] = 0;
    (file.topics[1] as Record<string, unknown>)['retention'] = '7d';
    let error: unknown;
    try {
      parseTopicDeclarations(file, 'topics.json');
    } catch (caught) {
      error = caught;
    }
    expect(error).toMatchObject({ code: 'CONFIG.INVALID' });
    expect((error as Error).message).toMatch(/\/topics\/0\/partitions must be >= 1/);
    expect((error as Error).message).toMatch(/\/topics\/1 must NOT have additional properties \(retention\)/);
  });

  it('when min.insync.replicas is above the replication factor, or a topic is declared twice, then the file is refused', () => {
    const file = shipped();
    file.topics[0] = { ...(file.topics[0] as TopicDeclaration), minInsyncReplicas: 4 };
    file.topics.push(file.topics[1] as TopicDeclaration);
    expect(() => parseTopicDeclarations(file, 'topics.json')).toThrow(/minInsyncReplicas 4 is above its replicationFactor 3.*declared twice/);
  });

  it('when the replication factor is lowered for a smaller cluster, then min.insync.replicas stays one below it, and at least 1', () => {
    const [three] = withReplicationFactor([declaration('motcua.intake.v1', { replicationFactor: 5, minInsyncReplicas: 3 })], 3);
    const [one] = withReplicationFactor([declaration('motcua.intake.v1')], 1);
    expect(three).toMatchObject({ replicationFactor: 3, minInsyncReplicas: 2 });
    expect(one).toMatchObject({ replicationFactor: 1, minInsyncReplicas: 1 });
  });
});

describe('topic plan', () => {
  const intake = declaration('motcua.intake.v1', { partitions: 12 });
  const dlq = declaration('motcua.dlq.intake', { kind: 'dead-letter', partitions: 3, retentionDays: 90 });

  it('when the cluster has none of the topics, then the plan creates each with its partitions, replicas and settings', () => {
    const plan = planTopics([intake, dlq], new Map());
    expect(plan.actions).toEqual([
      { kind: 'create', topic: 'motcua.intake.v1', partitions: 12, replicationFactor: 3, configs: { 'cleanup.policy': 'delete', 'retention.ms': '-1', 'min.insync.replicas': '2' } },
      { kind: 'create', topic: 'motcua.dlq.intake', partitions: 3, replicationFactor: 3, configs: { 'cleanup.policy': 'delete', 'retention.ms': '7776000000', 'min.insync.replicas': '2' } },
    ]);
    expect(plan.problems).toEqual([]);
  });

  it('when a topic has fewer partitions and other settings, then the plan grows it and sets only the managed settings, keeping the others set on the topic', () => {
    const state: TopicState = {
      name: 'motcua.intake.v1',
      partitions: 6,
      replicationFactor: 3,
      configs: { effective: { 'cleanup.policy': 'delete', 'retention.ms': '604800000', 'min.insync.replicas': '2', 'max.message.bytes': '2097152' }, overrides: { 'max.message.bytes': '2097152' } },
    };
    const plan = planTopics([intake], new Map([[state.name, state]]));
    expect(plan.actions).toEqual([
      { kind: 'add-partitions', topic: 'motcua.intake.v1', from: 6, to: 12 },
      {
        kind: 'alter-configs',
        topic: 'motcua.intake.v1',
        changes: [{ name: 'retention.ms', from: '604800000', to: '-1' }],
        configs: { 'max.message.bytes': '2097152', ...managedConfigs(intake) },
      },
    ]);
  });

  it('when a topic has more partitions or another replication factor than declared, then the plan reports conflicts and changes neither', () => {
    const state: TopicState = { name: 'motcua.intake.v1', partitions: 24, replicationFactor: 1 };
    const plan = planTopics([intake], new Map([[state.name, state]]));
    expect(plan.actions).toEqual([]);
    expect(plan.problems.map((p) => p.message)).toEqual([
      'has 24 partitions, more than the 12 declared; Kafka cannot remove partitions: declare 24',
      'has replication factor 1, 3 declared; change it with kafka-reassign-partitions.sh',
    ]);
    expect(plan.inSync).toEqual([]);
  });

  it('when the settings could not be read, then only partitions and replicas are compared and the plan says so', () => {
    const plan = planTopics([intake], new Map([['motcua.intake.v1', { name: 'motcua.intake.v1', partitions: 12, replicationFactor: 3 }]]));
    expect(plan).toMatchObject({ actions: [], inSync: ['motcua.intake.v1'], configsChecked: false });
  });

  it('when the plan has been applied, then planning again finds every topic in sync (idempotent)', () => {
    const before = new Map<string, TopicState>([
      ['motcua.intake.v1', { name: 'motcua.intake.v1', partitions: 4, replicationFactor: 3, configs: { effective: { 'retention.ms': '1' }, overrides: {} } }],
      ['motcua.dlq.tracking-rebuild-1', { name: 'motcua.dlq.tracking-rebuild-1', partitions: 6, replicationFactor: 3 }],
    ]);
    const first = planTopics([intake, dlq], before);
    const second = planTopics([intake, dlq], afterApplying(before, first.actions));
    expect(first.actions.map((a) => a.kind)).toEqual(['add-partitions', 'alter-configs', 'create']);
    expect(second).toEqual({ actions: [], problems: [], inSync: ['motcua.intake.v1', 'motcua.dlq.intake'], undeclared: ['motcua.dlq.tracking-rebuild-1'], configsChecked: true });
  });
});
