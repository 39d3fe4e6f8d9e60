/**
 * Entry for one service in its own process (the cluster shape): read config,
 * build bus and store, start, and shut down gracefully on SIGTERM/SIGINT.
 */
import { createLogger, shutdownTracing } from '@motcua/observability';
import { createAuth } from './auth.setup';
import { createInfrastructure, startOptionsFrom } from './infrastructure';
import { loadRuntimeConfig } from './runtime.config';
import { startService, type ServiceModule } from './service-host';

export function runStandalone(module: ServiceModule): void {
  start(module).catch((error: unknown) => {
    createLogger({ service: module.name }).fatal({ err: error }, `${module.name} failed to start: ${(error as Error).message}`);
    process.exit(1);
  });
}

async function start(module: ServiceModule): Promise<void> {
  const bootLogger = createLogger({ service: module.name });
  let config;
  try {
    config = loadRuntimeConfig();
  } catch (error) {
    bootLogger.fatal({ err: error }, (error as Error).message);
    process.exit(78); // EX_CONFIG
  }
  const logger = createLogger({ service: module.name, level: config.LOG_LEVEL });
  const fatal = (error: Error): void => {
    logger.fatal({ err: error }, 'fatal error; exiting so the supervisor restarts the service');
    process.exit(1);
  };
  // The embedded event log only connects services that share its file; with Kafka each service keeps its own SQLite file.
  const fileName = config.MOTCUA_BUS === 'embedded' ? 'motcua.db' : `${module.name}.db`;
  const infra = await createInfrastructure(config, logger, fileName, fatal);
  const auth = await createAuth(config, infra.store);
  const running = await startService(module, startOptionsFrom(config, infra, auth, logger, module.name));
  process.stdout.write(`${module.name} listening on ${running.url}\n`);

  let stopping = false;
  const shutdown = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const timer = setTimeout(() => {
      logger.error('graceful shutdown took too long; exiting');
      process.exit(1);
    }, 20_000);
    timer.unref();
    await running.stop();
    await auth.close();
    await infra.close();
    await shutdownTracing();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}
