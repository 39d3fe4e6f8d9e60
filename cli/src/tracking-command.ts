/**
 * `motcua tracking rebuild`: projects every business topic again, from the first
 * message, into an empty copy of tracking's read model and replaces the read model
 * with it. Uses the same settings as tracking itself (MOTCUA_BUS, MOTCUA_STORE, the
 * SQLite file or Kafka and MongoDB), so it works on the embedded edition's file and
 * on the cluster shape alike; the services may keep running meanwhile.
 */
import { createLogger } from '@motcua/observability';
import { createInfrastructure, loadRuntimeConfig } from '@motcua/runtime';
import { rebuildReadModel, type RebuildReport } from '@motcua/tracking';

export interface RebuildArgs {
  quietMs?: number;
  timeoutMs?: number;
  force: boolean;
}

const rebuildUsage = 'usage: motcua tracking rebuild [--quiet-ms <ms>] [--timeout-s <seconds>] [--force]';

/** `--quiet-ms 2000 --timeout-s 600 --force`; throws with the usage on anything else. */
export function parseRebuildArgs(args: string[]): RebuildArgs {
  const parsed: RebuildArgs = { force: false };
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i];
    const number = (name: string): number => {
      const value = Number(args[(i += 1)]);
      if (!Number.isInteger(value) || value < 0) throw new Error(`${name} needs a whole number\n${rebuildUsage}`);
      return value;
    };
    if (arg === '--force') parsed.force = true;
    else if (arg === '--quiet-ms') parsed.quietMs = number(arg);
    else if (arg === '--timeout-s') parsed.timeoutMs = number(arg) * 1000;
    else throw new Error(`unknown option "${arg}"\n${rebuildUsage}`);
  }
  return parsed;
}

export function rebuildSummary(report: RebuildReport): string {
  return [
    `read model rebuilt from the topics (consumer group ${report.groupId}) in ${(report.durationMs / 1000).toFixed(1)} s`,
    `  events read ${report.eventsRead}, projected ${report.eventsProjected}`,
    `  dossiers before ${report.before}, after ${report.after}: ${report.changed} changed, ${report.added} added, ${report.removed} removed, ${report.after - report.changed - report.added} identical`,
    ...(report.lateSteps > 0 ? [`  ${report.lateSteps} step(s) projected live during the rebuild carried over`] : []),
    ...(report.missing > 0 ? [`  ${report.missing} step(s) of the old read model were not in the topics and are gone (--force)`] : []),
  ].join('\n');
}

export async function trackingCommand(args: string[]): Promise<number> {
  const [action, ...rest] = args;
  if (action !== 'rebuild') {
    process.stderr.write(`${rebuildUsage}\n`);
    return 2;
  }
  let options: RebuildArgs;
  try {
    options = parseRebuildArgs(rest);
  } catch (error) {
    process.stderr.write(`motcua tracking: ${(error as Error).message}\n`);
    return 2;
  }
  const config = loadRuntimeConfig();
  const logger = createLogger({ service: 'tracking-rebuild', level: config.LOG_LEVEL });
  // The file tracking itself uses: the shared one on the embedded bus, its own otherwise (see runStandalone).
  const infra = await createInfrastructure(config, logger, config.MOTCUA_BUS === 'embedded' ? 'motcua.db' : 'tracking.db');
  try {
    const report = await rebuildReadModel({
      store: infra.store.forService('tracking'),
      bus: infra.bus,
      force: options.force,
      ...(options.quietMs !== undefined ? { quietMs: options.quietMs } : {}),
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
      retry: { maxAttempts: config.BUS_MAX_ATTEMPTS, initialDelayMs: config.BUS_RETRY_INITIAL_MS, maxDelayMs: config.BUS_RETRY_MAX_MS },
    });
    process.stdout.write(`${rebuildSummary(report)}\n`);
    return 0;
  } catch (error) {
    process.stderr.write(`motcua tracking rebuild failed: ${(error as Error).message}\n`);
    return 1;
  } finally {
    await infra.close();
  }
}
