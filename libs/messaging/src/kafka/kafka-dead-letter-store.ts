/**
 * Dead letters on Kafka: the high-water marks of `motcua.dlq.<group>` are taken first
 * (admin ListOffsets, which the librdkafka mock cluster answers too), then a short-lived
 * consumer in a throwaway group reads each partition from the beginning up to that mark
 * and disconnects. It never commits, so the throwaway group keeps no offsets and the
 * broker forgets it; letters written after the marks were taken wait for the next read.
 *
 * kafkajs has no manual partition assignment, so every read pays one group join
 * (about 3 s on a real broker's initial rebalance delay and on the mock cluster):
 * fine for an operations screen, not for a hot path.
 */
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, type Admin, type KafkaMessage } from 'kafkajs';
import { DLQ_PREFIX } from '@motcua/contracts';
import { AppError, ErrorCodes, classify } from '@motcua/errors';
import type { Logger } from '@motcua/observability';
import { checkLimit, deadLetterTopicOf, type DeadLetter, type DeadLetterListOptions, type DeadLetterStore } from '../dead-letter-store.port';
import { kafkaLogCreator } from './kafka-event-bus';

export interface KafkaDeadLetterStoreOptions {
  brokers: string[];
  clientId: string;
  logger: Logger;
  /** The throwaway consumer's session; a short one keeps its join short. Default 10 s. */
  sessionTimeoutMs?: number;
  heartbeatIntervalMs?: number;
  fetchMaxWaitMs?: number;
  /** A read that has not reached the high-water marks by then fails as BUS.UNAVAILABLE. Default 30 s. */
  timeoutMs?: number;
}

/** Groups of the throwaway readers; recognisable in the broker's group list. */
export const DEAD_LETTER_READER_GROUP_PREFIX = 'motcua-dlq-reader-';

export function createKafkaDeadLetterStore(options: KafkaDeadLetterStoreOptions): DeadLetterStore {
  return new KafkaDeadLetterStore(options);
}

/** What to read of one partition: offsets [from, high), at most `limit` messages. */
interface PartitionRead {
  partition: number;
  from: bigint;
  high: bigint;
  limit: number;
}

function unavailable(message: string, cause?: unknown): AppError {
  return new AppError(ErrorCodes.BUS_UNAVAILABLE, 'transient', cause === undefined ? message : `${message}: ${classify(cause).message}`, { cause });
}

function isUnknownTopic(error: unknown): boolean {
  const seen = [error, (error as { cause?: unknown }).cause, (error as { originalError?: unknown }).originalError];
  return seen.some((e) => typeof e === 'object' && e !== null && (e as { type?: unknown }).type === 'UNKNOWN_TOPIC_OR_PARTITION');
}

class KafkaDeadLetterStore implements DeadLetterStore {
  readonly kind = 'kafka' as const;
  private readonly kafka: Kafka;
  private readonly admin: Admin;
  private adminConnected: Promise<void> | undefined;
  private readonly sessionTimeoutMs: number;
  private readonly heartbeatIntervalMs: number;
  private readonly fetchMaxWaitMs: number;
  private readonly timeoutMs: number;
  private readonly logger: Logger;

  constructor(options: KafkaDeadLetterStoreOptions) {
    this.logger = options.logger;
    this.kafka = new Kafka({ clientId: options.clientId, brokers: options.brokers, logLevel: logLevel.WARN, logCreator: kafkaLogCreator(options.logger) });
    this.admin = this.kafka.admin();
    this.sessionTimeoutMs = options.sessionTimeoutMs ?? 10_000;
    this.heartbeatIntervalMs = options.heartbeatIntervalMs ?? Math.min(3000, Math.floor(this.sessionTimeoutMs / 3));
    this.fetchMaxWaitMs = options.fetchMaxWaitMs ?? 500;
    this.timeoutMs = options.timeoutMs ?? 30_000;
  }

  async groups(): Promise<string[]> {
    const admin = await this.connectedAdmin();
    try {
      const topics = await admin.listTopics();
      return topics.filter((topic) => topic.startsWith(DLQ_PREFIX)).map((topic) => topic.slice(DLQ_PREFIX.length)).sort();
    } catch (error) {
      throw unavailable('could not list the dead-letter topics', error);
    }
  }

  async list(group: string, options: DeadLetterListOptions = {}): Promise<DeadLetter[]> {
    const topic = deadLetterTopicOf(group);
    const limit = checkLimit(options.limit);
    const marks = await this.watermarks(topic);
    // Each partition's first `limit` letters are enough for the first `limit` by partition then offset.
    const reads = marks.filter((mark) => mark.high > mark.low).map((mark) => ({ partition: mark.partition, from: mark.low, high: mark.high, limit }));
    const letters = await this.read(topic, reads);
    return letters.sort(byPosition).slice(0, limit);
  }

  async get(group: string, partition: number, offset: string): Promise<DeadLetter | undefined> {
    const topic = deadLetterTopicOf(group);
    if (!/^[0-9]+$/.test(offset)) return undefined;
    const wanted = BigInt(offset);
    const mark = (await this.watermarks(topic)).find((m) => m.partition === partition);
    if (!mark || wanted < mark.low || wanted >= mark.high) return undefined;
    const [letter] = await this.read(topic, [{ partition, from: wanted, high: wanted + 1n, limit: 1 }]);
    return letter?.offset === offset ? letter : undefined;
  }

  async close(): Promise<void> {
    if (this.adminConnected) await this.admin.disconnect().catch(() => undefined);
    this.adminConnected = undefined;
  }

  private connectedAdmin(): Promise<Admin> {
    this.adminConnected ??= this.admin.connect().catch((error: unknown) => {
      this.adminConnected = undefined;
      throw unavailable('could not connect to Kafka', error);
    });
    return this.adminConnected.then(() => this.admin);
  }

  /** Low and high offsets per partition; a topic that does not exist has none. */
  private async watermarks(topic: string): Promise<{ partition: number; low: bigint; high: bigint }[]> {
    const admin = await this.connectedAdmin();
    try {
      const offsets = await admin.fetchTopicOffsets(topic);
      return offsets.map((o) => ({ partition: o.partition, low: BigInt(o.low), high: BigInt(o.high) }));
    } catch (error) {
      if (isUnknownTopic(error)) return [];
      throw unavailable(`could not read the offsets of ${topic}`, error);
    }
  }

  /** Reads the given ranges with a consumer of its own throwaway group; resolves when every range is read. */
  private async read(topic: string, reads: PartitionRead[]): Promise<DeadLetter[]> {
    if (reads.length === 0) return [];
    const pending = new Map(reads.map((read) => [read.partition, { ...read, count: 0 }]));
    const letters: DeadLetter[] = [];
    const groupId = `${DEAD_LETTER_READER_GROUP_PREFIX}${randomUUID()}`;
    const consumer = this.kafka.consumer({
      groupId,
      sessionTimeout: this.sessionTimeoutMs,
      heartbeatInterval: this.heartbeatIntervalMs,
      maxWaitTimeInMs: this.fetchMaxWaitMs,
      allowAutoTopicCreation: false,
    });
    let finish = (): void => undefined;
    const finished = new Promise<void>((resolve) => (finish = resolve));
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(unavailable(`reading ${topic} did not reach its end within ${this.timeoutMs} ms`)), this.timeoutMs);
    });
    try {
      await consumer.connect();
      await consumer.subscribe({ topics: [topic], fromBeginning: true });
      await consumer.run({
        autoCommit: false,
        eachBatch: async ({ batch }) => {
          const read = pending.get(batch.partition);
          if (!read) return;
          for (const message of batch.messages) {
            const offset = BigInt(message.offset);
            if (offset < read.from) continue;
            if (offset < read.high) {
              letters.push(toDeadLetter(topic, batch.partition, message));
              read.count += 1;
            }
            if (offset >= read.high - 1n || read.count >= read.limit) {
              pending.delete(batch.partition);
              break;
            }
          }
          if (pending.size === 0) finish();
        },
      });
      // Ranges that do not start at the beginning (one letter by position) jump straight there.
      for (const read of reads) consumer.seek({ topic, partition: read.partition, offset: read.from.toString() });
      await Promise.race([finished, deadline]);
      return letters;
    } catch (error) {
      throw error instanceof AppError ? error : unavailable(`could not read ${topic}`, error);
    } finally {
      clearTimeout(timer);
      await consumer.disconnect().catch((error: unknown) => this.logger.warn({ group: groupId, err: error }, 'dead-letter reader did not disconnect cleanly'));
    }
  }
}

function byPosition(a: DeadLetter, b: DeadLetter): number {
  if (a.partition !== b.partition) return a.partition - b.partition;
  const difference = BigInt(a.offset) - BigInt(b.offset);
  return difference < 0n ? -1 : difference > 0n ? 1 : 0;
}

function toDeadLetter(topic: string, partition: number, message: KafkaMessage): DeadLetter {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    const last = Array.isArray(value) ? value[value.length - 1] : value;
    if (last !== undefined) headers[name] = typeof last === 'string' ? last : last.toString('utf8');
  }
  return { topic, partition, offset: message.offset, key: message.key ? message.key.toString('utf8') : null, value: message.value ?? Buffer.alloc(0), headers };
}
