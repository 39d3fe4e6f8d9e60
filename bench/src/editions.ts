/**
 * The two shapes the benchmark measures, started the way the end-to-end journeys start
 * them: the embedded edition (`motcua start`, one process, one SQLite file) and the
 * six services as separate processes on the Kafka mock cluster (kcat) with one SQLite
 * file each.
 */
import { join } from 'node:path';
import { embeddedProcess, serviceNames, startOnMockKafka, tempDir, type ServiceName } from '@motcua/testing';

export type EditionName = 'embedded' | 'kafka';
export const editionNames: readonly EditionName[] = ['embedded', 'kafka'];

export interface RunningEdition {
  name: EditionName;
  /** What runs, for the report. */
  shape: string;
  dataDir: string;
  url(service: ServiceName): string;
  /** Kafka brokers when the edition runs on Kafka. */
  brokers?: string[];
  stop(): Promise<void>;
}

/**
 * Settings of a pilot installation, except where a benchmark would measure a limit it
 * sets itself: the notifier's per-centre SMS rate and daily cap are lifted (hundreds of
 * dossiers a minute at one centre would be held back on purpose), and logs keep
 * warnings only, so the run measures the pipeline rather than log writing.
 */
export const benchSettings: Record<string, string> = {
  LOG_LEVEL: 'warn',
  NOTIFIER_SMS_PROVIDERS: 'log',
  NOTIFIER_RATE_PER_MINUTE_PER_CENTRE: '100000',
  NOTIFIER_DAILY_CAP_PER_CENTRE: '10000000',
};

/** `cpuProfileDir`: every service process writes a V8 CPU profile there when it stops (node --cpu-prof). */
export async function startEdition(name: EditionName, cpuProfileDir?: string): Promise<RunningEdition> {
  const dataDir = tempDir(`bench-${name}`);
  // Node 20 refuses --cpu-prof in NODE_OPTIONS: a preloaded module records the profile instead.
  const profiling = { NODE_OPTIONS: `--require ${join(__dirname, '..', 'cpu-profile.cjs')}`, MOTCUA_BENCH_CPU_PROFILE_DIR: cpuProfileDir ?? '' };
  const settings = cpuProfileDir ? { ...benchSettings, ...profiling } : benchSettings;
  if (name === 'embedded') {
    const motcua = embeddedProcess(dataDir, settings);
    await motcua.start([...serviceNames]);
    return { name, shape: 'embedded edition: one process, one SQLite file (store + event log)', dataDir, url: (service) => motcua.url(service), stop: async () => void (await motcua.stop()) };
  }
  const services = await startOnMockKafka({ dataDir, extraEnv: settings });
  return {
    name,
    shape: 'six service processes on the Kafka mock cluster (librdkafka via kcat, 3 brokers) + one SQLite file each',
    dataDir,
    url: services.url,
    brokers: services.brokers,
    stop: () => services.stopAll(),
  };
}
