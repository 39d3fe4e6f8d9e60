/**
 * The DeadLetterStore port: how operations read a consumer group's dead-letter topic
 * (`motcua.dlq.<group>`) without consuming it as a group, and how a dead letter is turned
 * back into the message its consumer group failed on, for a replay.
 *
 * Reading never commits anything and never moves a consumer group: the embedded log is
 * queried directly, Kafka is read by a short-lived consumer in a throwaway group up to
 * the high-water marks taken when the read began. The two adapters answer alike,
 * proven by one contract suite (test/component/dead-letter-store.contract.ts).
 */
import { dlqTopic, type WireMessage } from '@motcua/contracts';
import { AppError, ErrorCodes } from '@motcua/errors';
import { DlqHeaders } from './event-bus.port';

/** One message of a dead-letter topic, as written: the original key, value and headers plus the DlqHeaders. */
export interface DeadLetter {
  /** The dead-letter topic, `motcua.dlq.<group>`. */
  topic: string;
  partition: number;
  /** Decimal string, like Kafka offsets. */
  offset: string;
  key: string | null;
  value: Buffer;
  headers: Record<string, string>;
}

export interface DeadLetterListOptions {
  /** At most this many letters, the first ones by partition then offset. Default 1000. */
  limit?: number;
}

export interface DeadLetterStore {
  readonly kind: 'kafka' | 'embedded';
  /** Groups that have a dead-letter topic (which may be empty on Kafka), sorted. */
  groups(): Promise<string[]>;
  /** The dead letters of `group` by partition, then offset; none when the group never dead-lettered anything. */
  list(group: string, options?: DeadLetterListOptions): Promise<DeadLetter[]>;
  /** One dead letter by position, or undefined when there is none there. */
  get(group: string, partition: number, offset: string): Promise<DeadLetter | undefined>;
  close(): Promise<void>;
}

export const DEFAULT_DEAD_LETTER_LIMIT = 1000;

/** Headers a replayed message carries, so its consumers and its traces show where it came from. */
export const ReplayHeaders = {
  /** `<dlq topic>/<partition>/<offset>` of the dead letter that was replayed. */
  replayedFrom: 'motcua_replayed_from',
  replayId: 'motcua_replay_id',
} as const;

/** Why and where a message was dead-lettered, read from its DlqHeaders; absent headers are undefined. */
export interface DeadLetterFacts {
  reason: string | undefined;
  code: string | undefined;
  attempts: number | undefined;
  consumerGroup: string | undefined;
  originalTopic: string | undefined;
  originalPartition: number | undefined;
  originalOffset: string | undefined;
  failedAt: string | undefined;
}

function integerOrUndefined(text: string | undefined): number | undefined {
  if (text === undefined || !/^[0-9]+$/.test(text)) return undefined;
  return Number(text);
}

export function deadLetterFacts(letter: Pick<DeadLetter, 'headers'>): DeadLetterFacts {
  const h = letter.headers;
  return {
    reason: h[DlqHeaders.reason],
    code: h[DlqHeaders.code],
    attempts: integerOrUndefined(h[DlqHeaders.attempts]),
    consumerGroup: h[DlqHeaders.consumerGroup],
    originalTopic: h[DlqHeaders.originalTopic],
    originalPartition: integerOrUndefined(h[DlqHeaders.originalPartition]),
    originalOffset: h[DlqHeaders.originalOffset],
    failedAt: h[DlqHeaders.failedAt],
  };
}

/** `<dlq topic>/<partition>/<offset>`: names a dead letter in logs, audit entries and the replay header. */
export function deadLetterPosition(letter: Pick<DeadLetter, 'topic' | 'partition' | 'offset'>): string {
  return `${letter.topic}/${letter.partition}/${letter.offset}`;
}

const dlqHeaderNames = new Set<string>(Object.values(DlqHeaders));

/**
 * The message to publish again: the original topic, key, value and headers (CloudEvents
 * attributes and trace context included), without the DlqHeaders, marked with where it
 * was replayed from. Throws a permanent AppError when the letter does not say its
 * original topic (written by hand, or by another tool).
 */
export function replayOf(letter: DeadLetter, replayId: string): { topic: string; message: WireMessage } {
  const { originalTopic } = deadLetterFacts(letter);
  if (!originalTopic) {
    throw new AppError(ErrorCodes.CONTRACT_INVALID_EVENT, 'permanent', `dead letter ${deadLetterPosition(letter)} has no ${DlqHeaders.originalTopic} header: nowhere to replay it`, {
      retryable: false,
    });
  }
  const headers = Object.fromEntries(Object.entries(letter.headers).filter(([name]) => !dlqHeaderNames.has(name)));
  headers[ReplayHeaders.replayedFrom] = deadLetterPosition(letter);
  headers[ReplayHeaders.replayId] = replayId;
  return { topic: originalTopic, message: { key: letter.key ?? '', value: letter.value, headers } };
}

/** The dead-letter topic of `group`; an unusable group name is a validation error (400), not a crash. */
export function deadLetterTopicOf(group: string): string {
  try {
    return dlqTopic(group);
  } catch (error) {
    throw new AppError(ErrorCodes.REQUEST_INVALID, 'validation', (error as Error).message, { fields: [{ path: 'group', message: 'not a consumer group name' }] });
  }
}

export function checkLimit(limit: number | undefined): number {
  const value = limit ?? DEFAULT_DEAD_LETTER_LIMIT;
  if (!Number.isInteger(value) || value < 1) throw new AppError(ErrorCodes.REQUEST_INVALID, 'validation', `limit must be a positive integer, got ${value}`);
  return value;
}
