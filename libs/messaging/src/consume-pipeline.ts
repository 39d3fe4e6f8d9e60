/**
 * The one consumer pipeline both bus adapters run for every fetched message, so that
 * Kafka and the embedded log behave identically: decode and validate the CloudEvent,
 * run the handler in a CONSUMER span that continues the producer's trace, retry
 * transient failures with exponential backoff, and dead-letter what cannot be handled
 * (malformed, permanent error, attempts exhausted) with the reason in headers.
 *
 * The adapter commits the message's offset only when `process` reports `done`; every
 * other outcome leaves the offset where it is so the message is delivered again.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { backOff } from 'exponential-backoff';
import { SpanStatusCode, type Span } from '@opentelemetry/api';
import { decodeEvent, dlqTopic, type EventEnvelope, type WireMessage } from '@motcua/contracts';
import { AppError, ErrorCodes, classify } from '@motcua/errors';
import { SpanKind, extractTraceContext, maskText, withSpan, type Logger } from '@motcua/observability';
import { DlqHeaders, defaultRetryPolicy, type EventBus, type EventHandler, type RetryPolicy, type SubscribeOptions } from './event-bus.port';

/** A message as an adapter fetched it, before any decoding. */
export interface InboundMessage {
  topic: string;
  partition: number;
  offset: string;
  /** Kafka allows a null key; motcua producers always set the dossier id. */
  key: string | null;
  value: Buffer | null;
  headers: Record<string, string>;
}

export type ConsumeOutcome =
  | { done: true; result: 'handled' | 'dead-lettered'; attempts: number }
  /** Not finished: the adapter must not commit, so the message is delivered again. */
  | { done: false; reason: 'stopping' | 'dead-letter-failed' };

export interface ConsumePipelineSettings {
  groupId: string;
  retry?: Partial<RetryPolicy> | undefined;
  handler: EventHandler;
  /** Where dead letters go: the bus the subscription belongs to. */
  deadLetters: Pick<EventBus, 'publishRaw'>;
  logger: Logger;
  /** `messaging.system` on the spans: `kafka`, or `sqlite` for the embedded log. */
  system: string;
  /** Aborted when the subscription stops: retry waits end at once and the message stays uncommitted. */
  signal: AbortSignal;
  /** Kafka needs a heartbeat while a message waits between retries, or the group evicts the consumer. */
  heartbeat?: () => Promise<void>;
  now?: () => Date;
}

export interface ConsumePipeline {
  readonly groupId: string;
  readonly retry: RetryPolicy;
  process(message: InboundMessage): Promise<ConsumeOutcome>;
}

/** Why a message is dead-lettered; becomes the DlqHeaders of the dead letter. */
export interface DeadLetterFailure {
  reason: string;
  code: string;
  /** Handler calls made; 0 when the message never reached the handler (malformed). */
  attempts: number;
}

/** SubscribeOptions.retry merged over the default policy; rejects values that would never deliver or never stop. */
export function resolveRetryPolicy(overrides: Partial<RetryPolicy> = {}): RetryPolicy {
  const defined = Object.fromEntries(Object.entries(overrides).filter(([, value]) => value !== undefined)) as Partial<RetryPolicy>;
  const policy: RetryPolicy = { ...defaultRetryPolicy, ...defined };
  const problems: string[] = [];
  if (!Number.isInteger(policy.maxAttempts) || policy.maxAttempts < 1) problems.push('maxAttempts must be an integer >= 1');
  if (!(policy.initialDelayMs >= 0)) problems.push('initialDelayMs must be >= 0');
  if (!(policy.maxDelayMs >= policy.initialDelayMs)) problems.push('maxDelayMs must be >= initialDelayMs');
  if (problems.length > 0) throw new AppError(ErrorCodes.CONFIG_INVALID, 'validation', `invalid retry policy: ${problems.join('; ')}`);
  return policy;
}

/** The subscription's topics without duplicates; a missing topic or a group name unfit for a dead-letter topic is a configuration error. */
export function checkSubscribeOptions(options: SubscribeOptions): string[] {
  const topics = [...new Set(options.topics)];
  if (topics.length === 0) throw new AppError(ErrorCodes.CONFIG_INVALID, 'validation', `consumer group ${options.groupId} subscribes to no topic`);
  try {
    dlqTopic(options.groupId);
  } catch (error) {
    throw new AppError(ErrorCodes.CONFIG_INVALID, 'validation', classify(error).message, { cause: error });
  }
  return topics;
}

/** The dead letter of `message`: its original key, value and headers, plus why and where it failed. */
export function deadLetterMessage(message: InboundMessage, failure: DeadLetterFailure, groupId: string, failedAt: Date): WireMessage {
  return {
    // WireMessage has no null key; an empty key keeps keyless messages keyless enough to read back.
    key: message.key ?? '',
    value: message.value ?? Buffer.alloc(0),
    headers: {
      ...message.headers,
      [DlqHeaders.reason]: maskText(failure.reason),
      [DlqHeaders.code]: failure.code,
      [DlqHeaders.attempts]: String(failure.attempts),
      [DlqHeaders.consumerGroup]: groupId,
      [DlqHeaders.originalTopic]: message.topic,
      [DlqHeaders.originalPartition]: String(message.partition),
      [DlqHeaders.originalOffset]: message.offset,
      [DlqHeaders.failedAt]: failedAt.toISOString(),
    },
  };
}

type HandlerResult = { ok: true; attempts: number } | { ok: false; attempts: number; error: unknown };

/** Exponential (doubling from initialDelayMs, capped at maxDelayMs) with full jitter, which spreads the retries of many consumers hitting one broken dependency. */
export function retryDelayMs(policy: RetryPolicy, failedAttempts: number): number {
  const ceiling = Math.min(policy.initialDelayMs * 2 ** Math.max(0, failedAttempts - 1), policy.maxDelayMs);
  return Math.round(Math.random() * ceiling);
}

export function createConsumePipeline(settings: ConsumePipelineSettings): ConsumePipeline {
  const { groupId, handler, logger, signal, system } = settings;
  const retry = resolveRetryPolicy(settings.retry);
  const deadLetterTopic = dlqTopic(groupId);
  const now = settings.now ?? (() => new Date());

  /**
   * Calls the handler until it succeeds, fails permanently, runs out of attempts, or the
   * subscription stops. exponential-backoff runs the loop (attempt limit, retry decision),
   * but its own sleep cannot be cancelled (coveooss/exponential-backoff#69), so its delay
   * is zero and the exponential wait happens in the `retry` hook, where a stop ends it at
   * once. A handler already running is never abandoned: graceful stop waits for it.
   */
  async function runHandler(envelope: EventEnvelope, message: InboundMessage, span: Span): Promise<HandlerResult> {
    let attempts = 0;
    const attempt = async (): Promise<void> => {
      attempts += 1;
      await handler({ envelope, topic: message.topic, partition: message.partition, offset: message.offset, attempt: attempts });
    };
    try {
      await backOff(attempt, {
        numOfAttempts: retry.maxAttempts,
        startingDelay: 0,
        retry: async (error: unknown, failedAttempts: number) => {
          if (signal.aborted) return false;
          const failure = classify(error);
          if (!failure.retryable || failedAttempts >= retry.maxAttempts) return false;
          span.addEvent('retry', { 'motcua.attempt': failedAttempts, 'error.code': failure.code });
          logger.warn(
            { group: groupId, topic: message.topic, partition: message.partition, offset: message.offset, dossier_id: envelope.subject, attempt: failedAttempts, code: failure.code, err: error },
            'event handler failed, retrying',
          );
          await settings.heartbeat?.().catch(() => undefined);
          await delay(retryDelayMs(retry, failedAttempts), undefined, { signal }).catch(() => undefined);
          return !signal.aborted;
        },
      });
      return { ok: true, attempts };
    } catch (error) {
      return { ok: false, attempts, error };
    }
  }

  async function deadLetter(message: InboundMessage, failure: DeadLetterFailure, span: Span): Promise<ConsumeOutcome> {
    const letter = deadLetterMessage(message, failure, groupId, now());
    const where = { group: groupId, topic: message.topic, partition: message.partition, offset: message.offset, dlq: deadLetterTopic };
    try {
      // A few quick tries: the bus that just delivered the message is very likely up.
      await backOff(() => settings.deadLetters.publishRaw(deadLetterTopic, [letter]), {
        numOfAttempts: 3,
        startingDelay: 100,
        retry: () => !signal.aborted,
      });
    } catch (error) {
      logger.error({ ...where, err: error }, 'could not publish the dead letter; the message stays uncommitted and comes back');
      span.setStatus({ code: SpanStatusCode.ERROR, message: 'dead letter not published' });
      return { done: false, reason: 'dead-letter-failed' };
    }
    logger.error({ ...where, code: failure.code, attempts: failure.attempts, reason: failure.reason }, 'event dead-lettered');
    span.setAttribute('motcua.outcome', 'dead-lettered');
    span.setStatus({ code: SpanStatusCode.ERROR, message: maskText(`${failure.code}: ${failure.reason}`) });
    return { done: true, result: 'dead-lettered', attempts: failure.attempts };
  }

  async function processMessage(message: InboundMessage): Promise<ConsumeOutcome> {
    if (signal.aborted) return { done: false, reason: 'stopping' };
    const attributes = {
      'messaging.system': system,
      'messaging.operation.type': 'process',
      'messaging.destination.name': message.topic,
      'messaging.destination.partition.id': String(message.partition),
      'messaging.consumer.group.name': groupId,
      'messaging.kafka.offset': message.offset,
      ...(message.headers['ce_id'] ? { 'messaging.message.id': message.headers['ce_id'] } : {}),
      ...(message.headers['ce_type'] ? { 'cloudevents.event_type': message.headers['ce_type'] } : {}),
    };
    const parent = extractTraceContext(message.headers);
    return withSpan(`process ${message.topic}`, { kind: SpanKind.CONSUMER, parent, attributes }, async (span) => {
      let envelope: EventEnvelope;
      try {
        envelope = decodeEvent(message);
      } catch (error) {
        const failure = classify(error);
        return deadLetter(message, { reason: failure.message, code: failure.code, attempts: 0 }, span);
      }
      span.setAttribute('motcua.dossier_id', envelope.subject);

      const result = await runHandler(envelope, message, span);
      span.setAttribute('motcua.attempts', result.attempts);
      if (result.ok) {
        span.setAttribute('motcua.outcome', 'handled');
        return { done: true, result: 'handled', attempts: result.attempts };
      }
      const failure = classify(result.error);
      if (failure.retryable && signal.aborted && result.attempts < retry.maxAttempts) {
        // Stopped before the attempts ran out: the next consumer of the group tries again, no dead letter.
        span.setAttribute('motcua.outcome', 'stopped');
        return { done: false, reason: 'stopping' };
      }
      if (!failure.retryable) return deadLetter(message, { reason: failure.message, code: failure.code, attempts: result.attempts }, span);
      return deadLetter(
        message,
        { reason: `gave up after ${result.attempts} attempts: ${failure.code}: ${failure.message}`, code: ErrorCodes.BUS_RETRIES_EXHAUSTED, attempts: result.attempts },
        span,
      );
    });
  }

  return { groupId, retry, process: processMessage };
}
