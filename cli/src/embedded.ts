/**
 * `motcua start`: the embedded edition — all six services in one process on one
 * SQLite file (store and event log), nothing else installed. Restarting keeps all
 * data; on a first start with an empty store a demo dossier is submitted so there
 * is something to look at. Nothing runs open: it prints development credentials
 * (officer tokens, a portal API key) to use it with.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { intakeModule } from '@motcua/intake';
import { processingModule } from '@motcua/processing';
import { signingModule } from '@motcua/signing';
import { returnModule } from '@motcua/return';
import { notifierModule } from '@motcua/notifier';
import { trackingModule } from '@motcua/tracking';
import { loadCatalogue } from '@motcua/catalogue';
import { createLogger, shutdownTracing } from '@motcua/observability';
import { startDemoTraffic, type DemoTraffic } from './demo-traffic';
import { createAuth, createInfrastructure, loadRuntimeConfig, startOptionsFrom, startService, type RunningService, type ServiceModule } from '@motcua/runtime';
import { seedDemo } from './demo-command';
import { describeCredentials, developmentCredentials } from './dev-credentials';

export const modules: ServiceModule[] = [intakeModule, processingModule, signingModule, returnModule, notifierModule, trackingModule];

/**
 * Settings that name another service's address, and the service: unset, they point at
 * the default port, so in one process they are set to where the service really
 * listens (a port taken, or `<NAME>_PORT=0` in tests) before the next module reads them.
 */
const peerAddresses = { SIGNING_PUBLIC_URL: 'signing', TRACKING_RETURN_URL: 'return' } as const;

function addressesOfStarted(running: RunningService[]): void {
  for (const [variable, service] of Object.entries(peerAddresses)) {
    const started = running.find((s) => s.name === service);
    if (started && !process.env[variable]) process.env[variable] = started.url;
  }
}

export interface StartOptions {
  /** Submit one demo dossier on the first start with an empty store. */
  demo: boolean;
  /** Keep simulated citizens and officers working dossiers (`--demo`), a new citizen this often. */
  trafficEveryMs?: number;
}

export async function startEmbedded(options: StartOptions): Promise<void> {
  const config = loadRuntimeConfig();
  const logger = createLogger({ service: 'motcua', level: config.LOG_LEVEL });
  const infra = await createInfrastructure(config, logger, 'motcua.db');
  const auth = await createAuth(config, infra.store);
  const isEmpty = (await infra.store.forService('intake').read((tx) => tx.collection({ name: 'dossiers' }).count({}))) === 0;
  const running: RunningService[] = [];
  try {
    for (const module of modules) {
      addressesOfStarted(running);
      running.push(
        await startService(module, startOptionsFrom(config, infra, auth, createLogger({ service: module.name, level: config.LOG_LEVEL }), module.name)),
      );
    }
  } catch (error) {
    for (const service of running.reverse()) await service.stop();
    await auth.close();
    await infra.close();
    throw error;
  }

  const url = (name: string) => running.find((s) => s.name === name)?.url as string;
  const catalogue = loadCatalogue();
  // An embedded edition given an RS256 key (AUTH_JWT_PUBLIC_KEY…) trusts that identity provider and mints nothing itself.
  const credentials = auth.signingKey ? await developmentCredentials(config, auth, catalogue) : undefined;
  const lines = [
    '',
    `motcua embedded edition: bus=${config.MOTCUA_BUS} store=${config.MOTCUA_STORE}${infra.sqlitePath ? ` file=${infra.sqlitePath}` : ''}`,
    ...running.map((s) => `  ${s.name.padEnd(11)} ${s.url}   (${s.url}/healthz, ${s.url}/readyz, ${s.url}/metrics)`),
    '',
    `  procedures: ${url('intake')}/v1/procedures`,
    `  centres:    ${url('intake')}/v1/centres`,
  ];
  if (options.demo && isEmpty && credentials) {
    const demo = await seedDemo(url('intake'), { 'x-api-key': credentials.apiKey });
    lines.push(`  demo dossier ${demo.code}: open ${url('tracking')}/console#search/${demo.code}`);
  }
  const caFile = join(resolve(config.MOTCUA_DATA_DIR), 'signing', 'ca.crt.pem');
  if (existsSync(caFile)) {
    lines.push(`  signed results: trust the local CA ${caFile} in your PDF reader; check any result at ${url('signing')}/verify`);
  }
  let traffic: DemoTraffic | undefined;
  if (options.trafficEveryMs !== undefined && credentials) {
    traffic = startDemoTraffic({ url, catalogue, credentials: credentials.traffic, everyMs: options.trafficEveryMs, logger: createLogger({ service: 'demo', level: config.LOG_LEVEL }) });
    lines.push(`  live demo: simulated citizens and officers, a new dossier every ${options.trafficEveryMs / 1000} s (sample data)`);
  }
  lines.push(`  ops console: ${url('tracking')}/console   citizen lookup: ${url('tracking')}/tra-cuu`);
  if (credentials) lines.push('', ...describeCredentials(credentials, `${url('tracking')}/console`));
  else lines.push('  officers sign in with tokens of the configured identity provider (AUTH_JWT_*); integrators with keys from `motcua keys create`');
  lines.push('', 'Press Ctrl+C to stop. Data stays in the file for the next start.', '');
  process.stdout.write(`${lines.join('\n')}\n`);

  let stopping = false;
  const shutdown = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    const timer = setTimeout(() => process.exit(1), 20_000);
    timer.unref();
    await traffic?.stop();
    for (const service of [...running].reverse()) await service.stop();
    await auth.close();
    await infra.close();
    await shutdownTracing();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown());
  process.once('SIGTERM', () => void shutdown());
}
