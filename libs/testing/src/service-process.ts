/**
 * Runs motcua services as real child processes for the journeys and the chaos run:
 * one service per process (the cluster shape) or the whole embedded edition
 * (`motcua start`), with their output kept in a log file for when something fails.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, type WriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { startKafkaMockCluster, type MockCluster } from './kafka-mock-cluster';
import type { KafkaPeer } from './peers';
import { waitFor } from './wait-for';
import { loadRuntimeConfig, openApiKeys } from '@motcua/runtime';
import { portalKey, registerIntegratorKey, testAuthEnv } from './test-auth';

/** The repository root, found from here whether this runs from src (jest) or dist. */
function findRepoRoot(from: string): string {
  for (let dir = from; dir !== dirname(dir); dir = dirname(dir)) if (existsSync(join(dir, 'bin', 'motcua.js'))) return dir;
  throw new Error(`no motcua repository above ${from}`);
}

export const repoRoot = findRepoRoot(__dirname);
export const serviceNames = ['intake', 'processing', 'signing', 'return', 'notifier', 'tracking'] as const;
export type ServiceName = (typeof serviceNames)[number];

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `motcua-${prefix}-`));
}

/** The portal key of each key store (data directory or MongoDB prefix) the test process has started editions on. */
const portalKeys = new Map<string, Promise<string>>();

export class ManagedProcess {
  private child: ChildProcess | undefined;
  private log: WriteStream;
  private output = '';
  readonly urls = new Map<string, string>();

  constructor(
    readonly name: string,
    private readonly args: string[],
    private readonly env: Record<string, string>,
    readonly logFile: string,
  ) {
    this.log = createWriteStream(logFile, { flags: 'a' });
  }

  /** Starts and resolves once every expected service printed its URL. */
  async start(expected: string[], timeoutMs = 60_000): Promise<void> {
    this.output = '';
    this.urls.clear();
    const child = spawn(process.execPath, this.args, { cwd: repoRoot, env: { ...process.env, ...this.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    const collect = (chunk: Buffer): void => {
      const text = chunk.toString();
      this.output += text;
      this.log.write(text);
      for (const match of text.matchAll(/^\s*(intake|processing|signing|return|notifier|tracking)(?: listening on\s+|\s+)(http:\/\/[^\s]+)/gm)) {
        this.urls.set(match[1] as string, match[2] as string);
      }
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    await waitFor(
      () => {
        if (child.exitCode !== null) throw new Error(`${this.name} exited with ${child.exitCode}; see ${this.logFile}\n${this.output.slice(-3000)}`);
        return expected.every((name) => this.urls.has(name));
      },
      { timeoutMs, what: `${this.name} to print its URLs (log: ${this.logFile})` },
    ).catch((error: unknown) => {
      throw new Error(`${(error as Error).message}\n${this.output.slice(-3000)}`);
    });
    await this.registerIntegratorKey();
  }

  /**
   * The portal's API key in the key store this process reads (created once per store),
   * registered for its URLs so that journeys calling them find it (integratorHeadersFor).
   */
  private async registerIntegratorKey(): Promise<void> {
    const config = loadRuntimeConfig(this.env);
    const where = config.MOTCUA_STORE === 'mongo' ? `${config.MONGO_URL}#${config.MONGO_DB_PREFIX}` : `${config.MOTCUA_DATA_DIR}`;
    let key = portalKeys.get(where);
    if (!key) {
      key = (async () => {
        const { apiKeys, close } = await openApiKeys(config);
        try {
          return (await apiKeys.create(portalKey)).key;
        } finally {
          await close();
        }
      })();
      portalKeys.set(where, key);
    }
    registerIntegratorKey([...this.urls.values()], await key);
  }

  url(service: string): string {
    const url = this.urls.get(service);
    if (!url) throw new Error(`${this.name} has no URL for ${service}`);
    return url;
  }

  /** kill -9: no graceful shutdown, no flush — the crash the outbox and inbox must survive. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }

  /** SIGTERM and wait for the graceful exit. */
  async stop(): Promise<number | null> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return child?.exitCode ?? null;
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    return exited;
  }

  get logs(): string {
    return this.output;
  }
}

export interface ClusterShape {
  processes: Map<ServiceName, ManagedProcess>;
  url(service: ServiceName): string;
  stopAll(): Promise<void>;
}

/** The Kafka a journey runs on, and how the services must treat it. */
export interface ClusterKafka {
  brokers: string[];
  /** Off on the librdkafka mock cluster (no admin API, no idempotent producer with kafkajs); on for a real broker. */
  adminTopics: boolean;
  idempotent: boolean;
  stop(): Promise<void>;
}

/**
 * The Kafka peer for one test file: a real broker as it is (admin topic creation and
 * idempotent producers on), or a private mock cluster so the topics and consumer
 * groups of other test files stay out of the way.
 */
export async function clusterKafka(peer: KafkaPeer): Promise<ClusterKafka> {
  if (peer.kind !== 'mock') return { brokers: peer.brokers, adminTopics: peer.adminTopics, idempotent: peer.idempotent, stop: () => Promise.resolve() };
  const mock = await startKafkaMockCluster({ brokers: 3 });
  return { brokers: mock.brokers, adminTopics: false, idempotent: false, stop: () => mock.stop() };
}

/** The development secrets a service needs on MongoDB, where nothing is generated into a data directory. */
const mongoSecrets = {
  RESULT_LINK_SECRET: 'e2e-result-link-secret-0123456789abcdef',
  SIGNING_P12_PASSPHRASE: 'e2e-p12-passphrase',
  NOTIFIER_POSTAL_CALLBACK_SECRET: 'e2e-postal-callback-secret-0123456789ab',
};

/**
 * The six services as separate processes on Kafka, each with its own SQLite file, or
 * all on MongoDB when `mongoUrl` is given (databases under a prefix of their own).
 */
export async function startSeparateProcesses(options: {
  kafka: Pick<ClusterKafka, 'brokers' | 'adminTopics' | 'idempotent'>;
  dataDir: string;
  mongoUrl?: string;
  extraEnv?: Record<string, string>;
  /** Only these services (default: all six). */
  services?: readonly ServiceName[];
}): Promise<ClusterShape> {
  const store: Record<string, string> = options.mongoUrl
    ? { MOTCUA_STORE: 'mongo', MONGO_URL: options.mongoUrl, MONGO_DB_PREFIX: `e2e_${randomUUID().slice(0, 8)}_`, ...mongoSecrets }
    : { MOTCUA_STORE: 'sqlite' };
  const processes = new Map<ServiceName, ManagedProcess>();
  for (const name of options.services ?? serviceNames) {
    const env = {
      MOTCUA_BUS: 'kafka',
      ...store,
      MOTCUA_DATA_DIR: options.dataDir,
      MOTCUA_SERVICE: name,
      KAFKA_BROKERS: options.kafka.brokers.join(','),
      KAFKA_ADMIN_TOPICS: String(options.kafka.adminTopics),
      KAFKA_IDEMPOTENT: String(options.kafka.idempotent),
      KAFKA_SESSION_TIMEOUT_MS: '6000',
      BUS_RETRY_INITIAL_MS: '50',
      BUS_RETRY_MAX_MS: '500',
      OUTBOX_POLL_MS: '200',
      [`${name.toUpperCase()}_PORT`]: '0',
      LOG_LEVEL: 'info',
      ...testAuthEnv(),
      ...options.extraEnv,
    };
    const args = ['--enable-source-maps', '--require', '@motcua/observability/register', `services/${name}/dist/main.js`];
    processes.set(name, new ManagedProcess(name, args, env, join(options.dataDir, `${name}.log`)));
  }
  await Promise.all([...processes.values()].map((p) => p.start([p.name])));
  return {
    processes,
    url: (service) => (processes.get(service) as ManagedProcess).url(service),
    stopAll: async () => {
      await Promise.all([...processes.values()].map((p) => p.stop()));
    },
  };
}

/**
 * The six services on a private librdkafka mock cluster (kcat, 3 brokers: no admin API,
 * no idempotent producer) with one SQLite file each; stopping them stops the cluster.
 */
export async function startOnMockKafka(options: { dataDir: string; extraEnv?: Record<string, string> }): Promise<ClusterShape & { brokers: string[]; mock: MockCluster }> {
  const mock = await startKafkaMockCluster({ brokers: 3 });
  try {
    const cluster = await startSeparateProcesses({ kafka: { brokers: mock.brokers, adminTopics: false, idempotent: false }, ...options });
    return {
      ...cluster,
      brokers: mock.brokers,
      mock,
      stopAll: async () => {
        await cluster.stopAll();
        await mock.stop();
      },
    };
  } catch (error) {
    await mock.stop();
    throw error;
  }
}

/**
 * The embedded edition exactly as `npm start` runs it (bin/motcua.js start), on free ports.
 * Its officers' tokens come from the test identity provider, unless `developmentAuth`:
 * then it uses its own HS256 development key and prints its development credentials.
 */
export function embeddedProcess(dataDir: string, extraEnv: Record<string, string> = {}, args: string[] = ['--no-demo'], options: { developmentAuth?: boolean } = {}): ManagedProcess {
  const env: Record<string, string> = { MOTCUA_DATA_DIR: dataDir, OUTBOX_POLL_MS: '200', BUS_RETRY_INITIAL_MS: '50', BUS_RETRY_MAX_MS: '500', ...(options.developmentAuth ? {} : testAuthEnv()) };
  for (const name of serviceNames) env[`${name.toUpperCase()}_PORT`] = '0';
  // A port given by the caller wins: the SMS gateway's dlr-url needs the notifier on one port across restarts.
  Object.assign(env, extraEnv);
  return new ManagedProcess('motcua', ['bin/motcua.js', 'start', ...args], env, join(dataDir, 'motcua.log'));
}
