/**
 * The EventBus port: publish CloudEvents, and consume them as a consumer group
 * with at-least-once delivery, per-key order, retry with backoff and a dead-letter
 * topic per group. Kafka and the embedded SQLite log implement it with the same
 * behaviour, proven by one contract suite (test/component/bus.contract.ts).
 */
import type { EventEnvelope, WireMessage } from '@motcua/contracts';

export interface PublishRequest {
  topic: string;
  envelope: EventEnvelope;
}

export interface ConsumedEvent {
  envelope: EventEnvelope;
  topic: string;
  partition: number;
  offset: string;
  /** 1 on first delivery to the handler, then 2, 3, … on retries. */
  attempt: number;
}

export type EventHandler = (event: ConsumedEvent) => Promise<void>;

export interface RetryPolicy {
  /** Attempts before the message is dead-lettered (first delivery included). */
  maxAttempts: number;
  initialDelayMs: number;
  maxDelayMs: number;
}

export const defaultRetryPolicy: RetryPolicy = { maxAttempts: 5, initialDelayMs: 200, maxDelayMs: 10_000 };

export interface SubscribeOptions {
  groupId: string;
  topics: string[];
  retry?: Partial<RetryPolicy>;
}

export interface Subscription {
  readonly groupId: string;
  /** Stops fetching, lets the in-flight message finish (or abandons a retry wait without committing), then resolves. */
  stop(): Promise<void>;
}

/**
 * One partition of a topic as the log and one consumer group see it. Offsets are
 * numbers: a partition would need 2^53 messages for that to lose precision.
 */
export interface PartitionOffsets {
  topic: string;
  partition: number;
  /** The first offset still in the log (0 until retention removes anything). */
  low: number;
  /** The offset the next message will get: the log end. */
  high: number;
  /** The group's committed position (the next offset it will process); absent when it has committed nothing there. */
  committed?: number;
}

export interface BusHealth {
  ok: boolean;
  detail?: string;
}

/** Headers added to a dead-lettered message, next to its original key, value and headers. */
export const DlqHeaders = {
  reason: 'motcua_dlq_reason',
  code: 'motcua_dlq_code',
  attempts: 'motcua_dlq_attempts',
  consumerGroup: 'motcua_dlq_consumer_group',
  originalTopic: 'motcua_dlq_original_topic',
  originalPartition: 'motcua_dlq_original_partition',
  originalOffset: 'motcua_dlq_original_offset',
  failedAt: 'motcua_dlq_failed_at',
} as const;

export interface EventBus {
  readonly kind: 'kafka' | 'embedded';
  /**
   * Resolves once the bus has durably acknowledged every message; rejects with a
   * retryable AppError (BUS.UNAVAILABLE) otherwise. Messages with the same key keep
   * their order. The envelope's traceparent is carried in the headers.
   */
  publish(messages: PublishRequest[]): Promise<void>;
  /** Publishes already-encoded messages without validation: dead letters, replays, poison tests. */
  publishRaw(topic: string, messages: WireMessage[]): Promise<void>;
  subscribe(options: SubscribeOptions, handler: EventHandler): Promise<Subscription>;
  health(): Promise<BusHealth>;
  /**
   * Every partition of `topics` with its log bounds and, when `groupId` is given, that
   * group's committed position: what consumer lag and dead-letter counts are computed
   * from. Read-only: it moves no group and creates no topic; a topic that does not
   * exist yet has no partitions.
   */
  offsets(topics: readonly string[], groupId?: string): Promise<PartitionOffsets[]>;
  /** Stops every subscription, flushes and disconnects. */
  close(): Promise<void>;
}
