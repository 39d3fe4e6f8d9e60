/**
 * The embedded edition in this process on a fresh temporary data directory: all six
 * services on one SQLite file, on ports the system picks, with the defaults of every
 * setting. What `motcua openapi` documents, and what the API tests run against.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ServiceName } from '@motcua/contracts';
import { createLogger } from '@motcua/observability';
import { createAuth, createInfrastructure, loadRuntimeConfig, startOptionsFrom, startService, type AuthSetup, type Clock, type RunningService } from '@motcua/runtime';
import { loadCatalogue } from '@motcua/catalogue';
import { developmentCredentials, type DevelopmentCredentials } from './dev-credentials';
import { modules } from './embedded';

export interface ThrowawayEdition {
  services: RunningService[];
  /** Its authentication: development tokens are minted with `auth.signingKey`, API keys created in `auth.apiKeys`. */
  auth: AuthSetup;
  /** The development credentials `motcua start` would print. */
  credentials: DevelopmentCredentials;
  /** Headers of a sample officer (by id), or of the development portal key without one. */
  as(officer?: string): Promise<Record<string, string>>;
  url(name: ServiceName): string;
  dataDir: string;
  /** The one SQLite file holding every service's store and the event log. */
  sqlitePath: string;
  /** Stops the services, removes the data directory and gives the environment back. */
  stop(): Promise<void>;
}

/** The settings the editions read from the environment are set for the start and restored by stop(). */
export async function startThrowawayEdition(options: { logLevel?: string; clock?: Clock; env?: Record<string, string> } = {}): Promise<ThrowawayEdition> {
  const savedEnv = { ...process.env };
  const dataDir = mkdtempSync(join(tmpdir(), 'motcua-throwaway-'));
  Object.assign(process.env, { MOTCUA_DATA_DIR: dataDir, MOTCUA_STORE: 'sqlite', MOTCUA_BUS: 'embedded', ...options.env });
  for (const name of ['MOTCUA_SQLITE_PATH', 'MOTCUA_CLOCK_FILE']) delete process.env[name];
  const config = loadRuntimeConfig();
  const level = options.logLevel ?? 'silent';
  const infra = await createInfrastructure(config, createLogger({ service: 'motcua', level }), 'motcua.db');
  const auth = await createAuth(config, infra.store);
  const services: RunningService[] = [];
  const stop = async (): Promise<void> => {
    for (const service of [...services].reverse()) await service.stop();
    await auth.close();
    await infra.close();
    rmSync(dataDir, { recursive: true, force: true });
    process.env = savedEnv;
  };
  try {
    for (const module of modules) {
      const logger = createLogger({ service: module.name, level });
      services.push(await startService(module, { ...startOptionsFrom(config, infra, auth, logger, module.name), port: 0, host: '127.0.0.1', ...(options.clock ? { clock: options.clock } : {}) }));
    }
  } catch (error) {
    await stop();
    throw error;
  }
  const credentials = await developmentCredentials(config, auth, loadCatalogue());
  return {
    services,
    auth,
    credentials,
    as: (officer) => (officer ? credentials.traffic.officer(officer) : credentials.traffic.portal()),
    url: (name) => services.find((s) => s.name === name)!.url,
    dataDir,
    sqlitePath: infra.sqlitePath ?? join(dataDir, 'motcua.db'),
    stop,
  };
}
