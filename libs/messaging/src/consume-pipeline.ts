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
import { backOff } from 'exponential-backoff';
import { SpanStatusCode, type Span } from '@opentelemetry/api';
import { decodeEvent, dlqTopic, type EventEnvelope, type WireMessage } from '@motcua/contracts';
import { AppError, ErrorCodes, classify } from '@motcua/errors';
import { SpanKind, extractTraceContext, maskText, withSpan, type Logger } from '@motcua/observability';
import { DlqHeaders, defaultRetryPolicy, type EventBus, type EventHandler, type RetryPolicy } from './event-bus.port';

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

/** Thrown into exponential-backoff to end its loop when the subscription stops; never leaves this module. */
class StopRequested extends Error {
  constructor() {
    super('subscription stopping');
  }
}

type HandlerResult = { ok: true; attempts: number } | { ok: false; attempts: number; error: unknown } | { ok: false; stopped: true };

export function createConsumePipeline(settings: ConsumePipelineSettings): ConsumePipeline {
  const { groupId, handler, logger, signal, system } = settings;
  const retry = resolveRetryPolicy(settings.retry);
  const deadLetterTopic = dlqTopic(groupId);
  const now = settings.now ?? (() => new Date());

  /**
   * Calls the handler until it succeeds, fails permanently, runs out of attempts, or the
   * subscription stops while waiting. exponential-backoff 3.x cannot cancel its delay
   * (coveooss/exponential-backoff#69), so a stop is raced against it: the pipeline
   * returns at once, and the orphaned timer later calls a request that ends the loop
   * without touching the handler.
   */
  async function runHandler(envelope: EventEnvelope, message: InboundMessage, span: Span): Promise<HandlerResult> {
    let attempts = 0;
    let inHandler = false;
    let releaseStopped: () => void = () => undefined;
    const stopped = new Promise<{ ok: false; stopped: true }>((resolve) => {
      releaseStopped = () => resolve({ ok: false, stopped: true });
    });
    // A running handler is never abandoned (graceful stop waits for it); only a wait is.
    const onAbort = (): void => {
      if (!inHandler) releaseStopped();
    };
    signal.addEventListener('abort', onAbort, { once: true });

    const attempt = async (): Promise<void> => {
      if (signal.aborted) throw new StopRequested();
      attempts += 1;
      inHandler = true;
      try {
        await handler({ envelope, topic: message.topic, partition: message.partition, offset: message.offset, attempt: attempts });
      } finally {
        inHandler = false;
      }
    };

    const retrying = backOff(attempt, {
      numOfAttempts: retry.maxAttempts,
      startingDelay: retry.initialDelayMs,
      maxDelay: retry.maxDelayMs,
      timeMultiple: 2,
      // Full jitter spreads the retries of many consumers hitting the same broken dependency.
      jitter: 'full',
      retry: async (error: unknown, nextAttempt: number) => {
        if (error instanceof StopRequested || signal.aborted) return false;
        const failure = classify(error);
        if (!failure.retryable) return false;
        if (nextAttempt < retry.maxAttempts) {
          span.addEvent('retry', { 'motcua.attempt': attempts, 'error.code': failure.code });
          logger.warn(
            { group: groupId, topic: message.topic, partition: message.partition, offset: message.offset, dossier_id: envelope.subject, attempt: attempts, code: failure.code, err: error },
            'event handler failed, retrying',
          );
          await settings.heartbeat?.().catch(() => undefined);
        }
        return true;
      },
    }).then(
      (): HandlerResult => ({ ok: true, attempts }),
      (error: unknown): HandlerResult => (error instanceof StopRequested ? { ok: false, stopped: true } : { ok: false, attempts, error }),
    );

    try {
      return await Promise.race([retrying, stopped]);
    } finally {
      signal.removeEventListener('abort', onAbort);
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
      if (result.ok) {
        span.setAttribute('motcua.attempts', result.attempts);
        span.setAttribute('motcua.outcome', 'handled');
        return { done: true, result: 'handled', attempts: result.attempts };
      }
      if ('stopped' in result) {
        span.setAttribute('motcua.outcome', 'stopped');
        return { done: false, reason: 'stopping' };
      }
      const failure = classify(result.error);
      span.setAttribute('motcua.attempts', result.attempts);
      if (failure.retryable && signal.aborted) {
        // The last attempt ran while stopping: the next consumer tries again, no dead letter.
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
