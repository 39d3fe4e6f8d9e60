/**
 * `motcua kafka provision`: creates and adjusts the Kafka topics declared in
 * infra/kafka/topics.json (partitions, replication factor, retention, one dead-letter
 * topic per consumer group) through the admin API. Safe to run again and again: the
 * second run finds everything in sync. Docker Compose and Kubernetes run it once
 * before the services start.
 *
 * Exit codes: 0 in sync; 3 changes left pending (--dry-run, KAFKA_ADMIN_TOPICS=false,
 * or partitions to add without --add-partitions); 4 conflicts only an operator can
 * resolve; 1 failure; 2 bad usage.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describePlan, parseTopicDeclarations, provisionTopics, withReplicationFactor, type ProvisionReport, type TopicDeclaration } from '@motcua/messaging';
import { createLogger } from '@motcua/observability';
import { loadRuntimeConfig } from '@motcua/runtime';

/** The declarations shipped with motcua: infra/kafka/topics.json from the repository (or image) root. */
export const defaultTopicsFile = join(__dirname, '..', '..', 'infra', 'kafka', 'topics.json');

export interface ProvisionArgs {
  file: string;
  replicationFactor?: number;
  dryRun: boolean;
  addPartitions: boolean;
  timeoutMs?: number;
}

const provisionUsage =
  'usage: motcua kafka provision [--file <topics.json>] [--replication-factor <n>] [--dry-run] [--add-partitions] [--timeout-s <seconds>]';

export function parseProvisionArgs(args: string[]): ProvisionArgs {
  const parsed: ProvisionArgs = { file: defaultTopicsFile, dryRun: false, addPartitions: false };
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i];
    const value = (): string => {
      const next = args[(i += 1)];
      if (next === undefined) throw new Error(`${arg} needs a value\n${provisionUsage}`);
      return next;
    };
    const whole = (min: number, max: number): number => {
      const text = value();
      const number = Number(text);
      if (!/^[0-9]+$/.test(text) || number < min || number > max) throw new Error(`${arg} needs a whole number from ${min} to ${max}\n${provisionUsage}`);
      return number;
    };
    if (arg === '--dry-run') parsed.dryRun = true;
    else if (arg === '--add-partitions') parsed.addPartitions = true;
    else if (arg === '--file') parsed.file = resolve(value());
    else if (arg === '--replication-factor') parsed.replicationFactor = whole(1, 10);
    else if (arg === '--timeout-s') parsed.timeoutMs = whole(1, 3600) * 1000;
    else throw new Error(`unknown option "${arg}"\n${provisionUsage}`);
  }
  return parsed;
}

/** The file's declarations, checked against the contracts, with the replication factor override applied. */
export function readDeclarations(args: Pick<ProvisionArgs, 'file' | 'replicationFactor'>): TopicDeclaration[] {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(args.file, 'utf8'));
  } catch (error) {
    throw new Error(`${args.file}: ${(error as Error).message}`);
  }
  const topics = parseTopicDeclarations(data, args.file);
  return args.replicationFactor === undefined ? topics : withReplicationFactor(topics, args.replicationFactor);
}

export function provisionSummary(report: ProvisionReport): { text: string; exitCode: number } {
  const lines = [`Kafka: ${report.brokers} broker(s)`, ...describePlan(report.plan).map((line) => `  ${line}`)];
  if (report.applied.length > 0) lines.push(`applied ${report.applied.length} change(s)`);
  const pendingByReason = new Map<string, number>();
  for (const { reason } of report.pending) pendingByReason.set(reason, (pendingByReason.get(reason) ?? 0) + 1);
  for (const [reason, count] of pendingByReason) lines.push(`not applied: ${count} change(s): ${reason}`);
  const exitCode = report.plan.problems.length > 0 ? 4 : report.pending.length > 0 ? 3 : 0;
  lines.push(exitCode === 0 ? 'topics in sync' : exitCode === 3 ? 'changes pending' : 'conflicts need an operator (see above)');
  return { text: `${lines.join('\n')}\n`, exitCode };
}

export async function kafkaCommand(args: string[]): Promise<number> {
  const [action, ...rest] = args;
  if (action !== 'provision') {
    process.stderr.write(`${provisionUsage}\n`);
    return 2;
  }
  let options: ProvisionArgs;
  try {
    options = parseProvisionArgs(rest);
  } catch (error) {
    process.stderr.write(`motcua kafka: ${(error as Error).message}\n`);
    return 2;
  }
  const config = loadRuntimeConfig();
  if (!config.KAFKA_BROKERS) {
    process.stderr.write('motcua kafka provision: KAFKA_BROKERS is not set (comma-separated host:port list)\n');
    return 2;
  }
  const logger = createLogger({ service: 'kafka-provision', level: config.LOG_LEVEL });
  try {
    const report = await provisionTopics({
      brokers: config.KAFKA_BROKERS.split(','),
      clientId: config.KAFKA_CLIENT_ID,
      logger,
      topics: readDeclarations(options),
      adminTopics: config.KAFKA_ADMIN_TOPICS,
      dryRun: options.dryRun,
      addPartitions: options.addPartitions,
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    });
    const { text, exitCode } = provisionSummary(report);
    process.stdout.write(text);
    return exitCode;
  } catch (error) {
    process.stderr.write(`motcua kafka provision failed: ${(error as Error).message}\n`);
    return 1;
  }
}
