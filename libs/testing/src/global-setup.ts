/**
 * jest global setup: finds or starts the peers once for the whole run (DESIGN.md §6)
 * and passes them to the test workers through environment variables.
 *   Kafka: KAFKA_BROKERS, else a testcontainers broker when Docker runs, else the
 *          librdkafka mock cluster through kcat.
 *   MongoDB: MONGO_URL, else a testcontainers replica set when Docker runs.
 */
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { PeerEnv } from './peers';
import { startKafkaMockCluster } from './kafka-mock-cluster';

type Stopper = () => Promise<unknown>;
const stoppers: Stopper[] = [];
(globalThis as { __motcuaPeerStoppers?: Stopper[] }).__motcuaPeerStoppers = stoppers;

function dockerRuns(): boolean {
  if (!process.env['DOCKER_HOST'] && !existsSync('/var/run/docker.sock')) return false;
  try {
    execFileSync('docker', ['info'], { stdio: 'ignore', timeout: 5000 });
    return true;
  } catch {
    return false;
  }
}

function kcatInstalled(): boolean {
  try {
    execFileSync('kcat', ['-V'], { stdio: 'ignore', timeout: 5000 });
    return true;
  } catch {
    return false;
  }
}

async function discoverKafka(docker: boolean): Promise<void> {
  if (process.env['KAFKA_BROKERS']) {
    process.env[PeerEnv.kafkaBrokers] = process.env['KAFKA_BROKERS'];
    process.env[PeerEnv.kafkaKind] = 'external';
    return;
  }
  if (docker) {
    try {
      const { KafkaContainer } = await import('@testcontainers/kafka');
      const container = await new KafkaContainer('confluentinc/cp-kafka:7.6.1').withKraft().start();
      stoppers.push(() => container.stop());
      process.env[PeerEnv.kafkaBrokers] = `${container.getHost()}:${container.getMappedPort(9093)}`;
      process.env[PeerEnv.kafkaKind] = 'container';
      return;
    } catch (error) {
      process.stdout.write(`kafka container failed to start (${(error as Error).message}); trying the kcat mock cluster\n`);
    }
  }
  if (kcatInstalled()) {
    const cluster = await startKafkaMockCluster({ brokers: 3 });
    stoppers.push(() => cluster.stop());
    process.env[PeerEnv.kafkaBrokers] = cluster.brokers.join(',');
    process.env[PeerEnv.kafkaKind] = 'mock';
    return;
  }
  process.env[PeerEnv.kafkaMissing] = 'KAFKA_BROKERS unset, no Docker engine, and kcat is not installed (apt-get install kcat)';
}

async function discoverMongo(docker: boolean): Promise<void> {
  if (process.env['MONGO_URL']) {
    process.env[PeerEnv.mongoUrl] = process.env['MONGO_URL'];
    process.env[PeerEnv.mongoKind] = 'external';
    return;
  }
  if (docker) {
    try {
      const { MongoDBContainer } = await import('@testcontainers/mongodb');
      const container = await new MongoDBContainer('mongo:7.0').start();
      stoppers.push(() => container.stop());
      process.env[PeerEnv.mongoUrl] = `${container.getConnectionString()}?directConnection=true`;
      process.env[PeerEnv.mongoKind] = 'container';
      return;
    } catch (error) {
      process.env[PeerEnv.mongoMissing] = `MongoDB container failed to start: ${(error as Error).message}`;
      return;
    }
  }
  process.env[PeerEnv.mongoMissing] = 'MONGO_URL unset and no Docker engine for testcontainers';
}

module.exports = async function globalSetup(): Promise<void> {
  const docker = dockerRuns();
  await Promise.all([discoverKafka(docker), discoverMongo(docker)]);
  const line = [
    `kafka: ${process.env[PeerEnv.kafkaKind] ? `${process.env[PeerEnv.kafkaKind]} ${process.env[PeerEnv.kafkaBrokers]}` : `missing (${process.env[PeerEnv.kafkaMissing]})`}`,
    `mongo: ${process.env[PeerEnv.mongoKind] ?? `missing (${process.env[PeerEnv.mongoMissing]})`}`,
  ];
  process.stdout.write(`\npeers: ${line.join('; ')}\n`);
};
