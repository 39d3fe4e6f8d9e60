/**
 * The cluster shape: six services as separate processes on Kafka (the librdkafka
 * mock cluster here, a real broker with admin topic creation and idempotent producers
 * where KAFKA_BROKERS or Docker give one), with one SQLite file each and, the same
 * suite again, on MongoDB when a replica set is there (MONGO_URL or Docker). One
 * dossier goes all the way through the public HTTP endpoints.
 */
import { Kafka, logLevel } from 'kafkajs';
import { describeWithPeer, kafkaPeer, mongoPeer, waitFor, type KafkaPeer } from '@motcua/testing';
import { clusterKafka, startSeparateProcesses, tempDir, type ClusterKafka, type ClusterShape } from './support/service-process';
import { approve, completedTimeline, expectCompleteJourney, get, handOver, runJourney, sign, submit } from './support/journey';
import { kafkaDeadLetters } from './support/dead-letters';

const peer = kafkaPeer();

function journeySuite(title: string, peer: KafkaPeer, mongoUrl?: string): void {
  describe(title, () => {
    let cluster: ClusterShape;
    let kafka: ClusterKafka;
    let brokers: string[];

    beforeAll(async () => {
      kafka = await clusterKafka(peer);
      brokers = kafka.brokers;
      cluster = await startSeparateProcesses({ kafka, dataDir: tempDir('cluster'), ...(mongoUrl ? { mongoUrl } : {}) });
    }, 120_000);

    afterAll(async () => {
      await cluster?.stopAll();
      await kafka?.stop();
    }, 60_000);

    it('when a dossier is submitted, approved, signed and handed over, then tracking shows every step in order in one trace', async () => {
      const { dossier, timeline } = await runJourney(cluster.url);
      expectCompleteJourney(timeline);
      const status = await get<{ status: string }>(`${cluster.url('tracking')}/v1/dossiers/${dossier.code}`);
      expect(status.body.status).toBe('RETURNED');
      const notifications = await get<{ items: { template: string; status: string; to: string }[] }>(`${cluster.url('notifier')}/v1/notifications?dossierId=${dossier.id}`);
      expect(notifications.body.items.map((n) => n.template).sort()).toEqual(['receipt', 'result_ready', 'returned']);
      expect(notifications.body.items.every((n) => n.status === 'sent' && !n.to.includes('12345678'))).toBe(true);
    }, 180_000);

    it('when a malformed event is put on a topic, then it lands in the dead-letter topic with its reason and the next dossier still completes', async () => {
      const kafka = new Kafka({ clientId: 'e2e-poison', brokers, logLevel: logLevel.NOTHING });
      const producer = kafka.producer({ allowAutoTopicCreation: true });
      await producer.connect();
      await producer.send({
        topic: 'motcua.intake.v1',
        messages: [{ key: 'poison-1', value: '{"not":"a dossier"', headers: { ce_specversion: '1.0', ce_id: 'poison-1', ce_type: 'vn.motcua.intake.DossierReceived.v1' } }],
      });
      await producer.disconnect();

      const letter = await waitFor(() => kafkaDeadLetters(brokers, 'motcua.dlq.processing').find((m) => m.key === 'poison-1'), { timeoutMs: 60_000, what: 'the dead letter' });
      expect(letter.headers['motcua_dlq_code']).toBe('CONTRACT.INVALID_EVENT');
      expect(letter.headers['motcua_dlq_reason']).toMatch(/missing CloudEvents headers/);
      expect(letter.headers['motcua_dlq_original_topic']).toBe('motcua.intake.v1');
      expect(letter.headers['motcua_dlq_original_offset']).toMatch(/^[0-9]+$/);
      expect(letter.value).toBe('{"not":"a dossier"');

      const { timeline } = await runJourney(cluster.url);
      expectCompleteJourney(timeline);
    }, 180_000);

    it('when services are killed mid-journey and restarted, then the dossier completes with no step lost or doubled', async () => {
      const processes = cluster.processes;
      const dossier = await submit(cluster.url);
      await approve(cluster.url, dossier.id);
      // kill -9 return and tracking while signing's DocumentSigned is about to reach them.
      await processes.get('return')?.kill();
      await processes.get('tracking')?.kill();
      await sign(cluster.url, dossier.id);
      await processes.get('return')?.start(['return']);
      await processes.get('tracking')?.start(['tracking']);
      // …and kill the notifier after it has sent the receipt, then bring it back.
      await processes.get('notifier')?.kill();
      await processes.get('notifier')?.start(['notifier']);
      await handOver(cluster.url, dossier.id);

      const timeline = await completedTimeline(cluster.url, dossier.code);
      expectCompleteJourney(timeline);
      const notifications = await get<{ items: { template: string }[] }>(`${cluster.url('notifier')}/v1/notifications?dossierId=${dossier.id}`);
      expect(notifications.body.items.map((n) => n.template).sort()).toEqual(['receipt', 'result_ready', 'returned']);
    }, 240_000);
  });
}

describeWithPeer(peer, 'cluster journeys on Kafka', (kafka) => {
  journeySuite('journey across six processes on Kafka + SQLite', kafka);
});
const mongo = peer ? mongoPeer() : undefined;
describeWithPeer(peer && mongo ? { kafka: peer, mongo } : undefined, 'cluster journeys on Kafka + MongoDB', ({ kafka, mongo }) => {
  journeySuite('journey across six processes on Kafka + MongoDB', kafka, mongo.url);
});
