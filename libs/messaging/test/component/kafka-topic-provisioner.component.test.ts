/**
 * Topic provisioning against the Kafka peer. On a real broker (KAFKA_BROKERS, or a
 * container) the admin API is on and the topics are created, grown and configured; on
 * the librdkafka mock cluster it is switched off (no CreateTopics, CreatePartitions or
 * DescribeConfigs there), and the same tests check what the mock does support: the
 * topics and partitions read from the metadata, the plan, and that nothing is written.
 */
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { createLogger } from '@motcua/observability';
import { describeWithPeer, kafkaPeer } from '@motcua/testing';
import { kafkaLogCreator, provisionTopics, type TopicDeclaration } from '../../src';

const logger = createLogger({ service: 'provision-test', level: process.env['LOG_LEVEL'] ?? 'silent' });

describeWithPeer(kafkaPeer(), 'kafka topic provisioning', (peer) => {
  const kafka = new Kafka({ clientId: 'provision-test', brokers: peer.brokers, logLevel: logLevel.WARN, logCreator: kafkaLogCreator(logger) });
  let admin: Admin;
  let replicationFactor: number;

  beforeAll(async () => {
    admin = kafka.admin();
    await admin.connect();
    // As many replicas as the cluster has brokers, up to 3: the mock has 3, a test container 1.
    replicationFactor = Math.min(3, (await admin.describeCluster()).brokers.length);
  });
  afterAll(() => admin.disconnect());

  const declarations = (partitions: number): TopicDeclaration[] => {
    const id = randomUUID().slice(0, 8);
    return [
      { name: `motcua.provision-${id}.v1`, kind: 'business', partitions, replicationFactor, minInsyncReplicas: Math.max(1, replicationFactor - 1), retentionDays: -1 },
      { name: `motcua.dlq.provision-${id}`, kind: 'dead-letter', partitions: 1, replicationFactor, minInsyncReplicas: 1, retentionDays: 90 },
    ];
  };
  const provision = (topics: TopicDeclaration[], addPartitions = false) =>
    provisionTopics({ brokers: peer.brokers, clientId: 'provision-test', logger, topics, adminTopics: peer.adminTopics, addPartitions, timeoutMs: 20_000 });
  const partitionsOf = async (topic: string): Promise<number> => (await admin.fetchTopicMetadata({ topics: [topic] })).topics[0]?.partitions.length ?? 0;

  it(`when the declared topics are missing, then the first run plans to create them${peer.adminTopics ? ' and does' : ', writes nothing with the admin API off'}, and a second run applies nothing`, async () => {
    const topics = declarations(4);
    const first = await provision(topics);
    expect(first.plan.actions.map((a) => [a.kind, a.topic])).toEqual(topics.map((t) => ['create', t.name]));
    expect(first.plan.problems).toEqual([]);

    const second = await provision(topics);
    const listed = await admin.listTopics();
    expect(second.applied).toEqual([]);
    if (peer.adminTopics) {
      expect(first.applied).toHaveLength(2);
      expect(await partitionsOf(topics[0]?.name as string)).toBe(4);
      expect(second.plan).toMatchObject({ actions: [], problems: [], inSync: topics.map((t) => t.name), configsChecked: true });
    } else {
      expect(first.applied).toEqual([]);
      expect(first.pending.map((p) => p.reason)).toEqual(topics.map(() => 'the admin API is switched off (KAFKA_ADMIN_TOPICS=false)'));
      expect(listed).not.toContain(topics[0]?.name);
      expect(second.plan).toEqual(first.plan);
    }
  });

  it('when a declared topic exists with fewer partitions, then its partitions are read from the cluster and grown only when adding partitions is allowed', async () => {
    const [topic] = declarations(1) as [TopicDeclaration];
    if (peer.adminTopics) {
      await admin.createTopics({ waitForLeaders: true, topics: [{ topic: topic.name, numPartitions: 2, replicationFactor }] });
    } else {
      // The mock has no CreateTopics: a produce request creates the topic with the mock's default partitions.
      const producer = kafka.producer({ allowAutoTopicCreation: true });
      await producer.connect();
      await producer.send({ topic: topic.name, messages: [{ key: 'D1', value: '{}' }] });
      await producer.disconnect();
    }
    const existing = await partitionsOf(topic.name);
    const wanted = { ...topic, partitions: existing + 2 };

    const held = await provision([wanted]);
    expect(held.plan.actions).toContainEqual({ kind: 'add-partitions', topic: topic.name, from: existing, to: existing + 2 });
    expect(held.pending.find((p) => p.action.kind === 'add-partitions')?.reason).toMatch(peer.adminTopics ? /--add-partitions/ : /KAFKA_ADMIN_TOPICS=false/);
    expect(await partitionsOf(topic.name)).toBe(existing);

    if (peer.adminTopics) {
      const grown = await provision([wanted], true);
      expect(grown.applied).toContainEqual({ kind: 'add-partitions', topic: topic.name, from: existing, to: existing + 2 });
      expect(await partitionsOf(topic.name)).toBe(existing + 2);
      expect((await provision([wanted], true)).plan).toMatchObject({ actions: [], inSync: [topic.name] });
    }
  });
});
