/**
 * The cluster edition's EventBus on Apache Kafka through kafkajs 2.2.4.
 *
 * Publishing: one producer, acks from all in-sync replicas, one request in flight so a
 * retried batch can never overtake the next (per-key order), idempotent when the
 * cluster supports it; each event gets a PRODUCER span whose context rides in the
 * `traceparent` header.
 * Consuming: one kafkajs consumer per subscription, offsets committed by hand (offset+1)
 * only after the shared consume pipeline finished the message, partitions of one
 * consumer processed concurrently but each partition strictly in order.
 *
 * What differs between a real cluster and the librdkafka mock cluster the tests may use
 * (no admin API, no idempotent producer) is switched by `adminTopics` / `idempotent`.
 */
import { setTimeout as delay } from 'node:timers/promises';
import {
  Kafka,
  Partitioners,
  logLevel,
  type Admin,
  type Consumer,
  type ConsumerCrashEvent,
  type EachBatchPayload,
  type IHeaders,
  type KafkaMessage,
  type Message,
  type Producer,
  type logCreator,
} from 'kafkajs';
import { businessTopics, dlqTopic, type WireMessage } from '@motcua/contracts';
import { AppError, ErrorCodes, classify } from '@motcua/errors';
import type { Logger } from '@motcua/observability';
import { checkSubscribeOptions, createConsumePipeline, retryDelayMs, type ConsumePipeline, type InboundMessage } from '../consume-pipeline';
import type { BusHealth, EventBus, EventHandler, PartitionOffsets, PublishRequest, RetryPolicy, SubscribeOptions, Subscription } from '../event-bus.port';
import { startPublishSpans } from '../publish-tracing';

export interface KafkaEventBusOptions {
  brokers: string[];
  clientId: string;
  logger: Logger;
  /** Create business topics and each group's dead-letter topic through the admin API; off for clusters without one (the librdkafka mock). */
  adminTopics?: boolean;
  /** Idempotent producer; off for clusters that do not support it with kafkajs (the librdkafka mock). */
  idempotent?: boolean;
  /** Partitions of topics this bus creates. */
  partitions?: number;
  replicationFactor?: number;
  sessionTimeoutMs?: number;
  /** Default: a third of the session timeout, at most 3 s. */
  heartbeatIntervalMs?: number;
  /** Partitions one consumer processes at the same time (each partition stays sequential). */
  partitionsConsumedConcurrently?: number;
  /** How long a fetch waits for new data; also bounds how long `stop()` waits for an idle fetch. */
  fetchMaxWaitMs?: number;
  healthTimeoutMs?: number;
  /**
   * Called when a crashed consumer could not be restarted. Default: log and exit the
   * process, so a supervisor restarts the service rather than it silently consuming nothing.
   */
  onFatal?: (error: Error) => void;
}

interface Settings {
  adminTopics: boolean;
  partitions: number;
  replicationFactor: number;
  sessionTimeoutMs: number;
  heartbeatIntervalMs: number;
  partitionsConsumedConcurrently: number;
  fetchMaxWaitMs: number;
  healthTimeoutMs: number;
  onFatal: (error: Error) => void;
}

/** kafkajs logs through ours: only warnings and errors, tagged with the kafkajs namespace. */
export function kafkaLogCreator(logger: Logger): logCreator {
  return () =>
    ({ namespace, level, log }) => {
      const { message, timestamp: _timestamp, logger: _name, ...fields } = log as { message: string; timestamp?: unknown; logger?: unknown } & Record<string, unknown>;
      const context = { kafkajs: namespace, ...fields };
      if (level === logLevel.ERROR) logger.error(context, message);
      else if (level === logLevel.WARN) logger.warn(context, message);
      else if (level === logLevel.INFO) logger.info(context, message);
      else logger.debug(context, message);
    };
}

/** Pauses between replacing a crashed consumer, and how many crashes in a row are tolerated. */
const RESTART_POLICY: RetryPolicy = { maxAttempts: 5, initialDelayMs: 1000, maxDelayMs: 30_000 };
/** Within a long batch, handled messages' offsets are committed at least this often. */
const COMMIT_INTERVAL_MS = 1000;

function unavailable(message: string, cause: unknown): AppError {
  return new AppError(ErrorCodes.BUS_UNAVAILABLE, 'transient', `${message}: ${classify(cause).message}`, { cause });
}

export async function createKafkaEventBus(options: KafkaEventBusOptions): Promise<EventBus> {
  const sessionTimeoutMs = options.sessionTimeoutMs ?? 30_000;
  const logger = options.logger;
  const settings: Settings = {
    adminTopics: options.adminTopics ?? true,
    partitions: options.partitions ?? 6,
    replicationFactor: options.replicationFactor ?? 1,
    sessionTimeoutMs,
    heartbeatIntervalMs: options.heartbeatIntervalMs ?? Math.min(3000, Math.floor(sessionTimeoutMs / 3)),
    partitionsConsumedConcurrently: options.partitionsConsumedConcurrently ?? 3,
    fetchMaxWaitMs: options.fetchMaxWaitMs ?? 1000,
    healthTimeoutMs: options.healthTimeoutMs ?? 3000,
    onFatal:
      options.onFatal ??
      ((error: Error) => {
        logger.fatal({ err: error }, 'kafka consumer cannot be restarted; exiting so the supervisor restarts the service');
        process.exit(1);
      }),
  };
  const kafka = new Kafka({ clientId: options.clientId, brokers: options.brokers, logLevel: logLevel.WARN, logCreator: kafkaLogCreator(logger) });
  const idempotent = options.idempotent ?? true;
  const producer = kafka.producer({
    idempotent,
    // One request in flight: required for idempotence, and without it a retried batch may overtake the next one.
    maxInFlightRequests: 1,
    // Java-compatible murmur2: a key lands in the same partition whatever client produced it.
    createPartitioner: Partitioners.DefaultPartitioner,
    // With the admin API every topic is created on purpose; never let a typo create one with broker defaults.
    allowAutoTopicCreation: !settings.adminTopics,
  });
  const admin = kafka.admin();
  const bus = new KafkaEventBus(kafka, producer, admin, settings, logger);
  await bus.connect();
  return bus;
}

class KafkaEventBus implements EventBus {
  readonly kind = 'kafka' as const;
  private readonly knownTopics = new Set<string>();
  private readonly subscriptions = new Set<KafkaSubscription>();
  private topicCreation: Promise<void> = Promise.resolve();
  private adminConnected: Promise<void> | undefined;
  private closed = false;
  private closing: Promise<void> | undefined;

  constructor(
    private readonly kafka: Kafka,
    private readonly producer: Producer,
    private readonly admin: Admin,
    private readonly settings: Settings,
    private readonly logger: Logger,
  ) {}

  async connect(): Promise<void> {
    try {
      await this.producer.connect();
      await this.ensureTopics(businessTopics);
    } catch (error) {
      await this.producer.disconnect().catch(() => undefined);
      await this.admin.disconnect().catch(() => undefined);
      throw error instanceof AppError ? error : unavailable('could not connect to Kafka', error);
    }
  }

  async publish(messages: PublishRequest[]): Promise<void> {
    if (messages.length === 0) return;
    this.ensureOpen();
    await this.ensureTopics(messages.map((m) => m.topic));
    const traced = startPublishSpans('kafka', messages);
    const byTopic = new Map<string, Message[]>();
    for (const { topic, message } of traced.messages) {
      const list = byTopic.get(topic) ?? [];
      list.push(toKafkaMessage(message));
      byTopic.set(topic, list);
    }
    try {
      await this.producer.sendBatch({ acks: -1, topicMessages: [...byTopic].map(([topic, list]) => ({ topic, messages: list })) });
      traced.end();
    } catch (error) {
      traced.end(error);
      throw unavailable('Kafka did not acknowledge the events', error);
    }
  }

  async publishRaw(topic: string, messages: WireMessage[]): Promise<void> {
    if (messages.length === 0) return;
    this.ensureOpen();
    await this.ensureTopics([topic]);
    try {
      await this.producer.send({ topic, acks: -1, messages: messages.map(toKafkaMessage) });
    } catch (error) {
      throw unavailable(`Kafka did not acknowledge the messages for ${topic}`, error);
    }
  }

  async subscribe(options: SubscribeOptions, handler: EventHandler): Promise<Subscription> {
    this.ensureOpen();
    const topics = checkSubscribeOptions(options);
    await this.ensureTopics([...topics, dlqTopic(options.groupId)]);
    const subscription = new KafkaSubscription({
      kafka: this.kafka,
      bus: this,
      settings: this.settings,
      logger: this.logger,
      groupId: options.groupId,
      topics,
      retry: options.retry,
      handler,
      onStopped: (self) => this.subscriptions.delete(self),
    });
    this.subscriptions.add(subscription);
    try {
      await subscription.start();
    } catch (error) {
      await subscription.stop();
      throw unavailable(`could not start consumer group ${options.groupId}`, error);
    }
    this.logger.info({ group: options.groupId, topics }, 'kafka consumer group started');
    return subscription;
  }

  /**
   * Log bounds from ListOffsets and the group's position from OffsetFetch, both of which
   * the librdkafka mock cluster answers. Topics are looked up first: kafkajs retries an
   * unknown topic for seconds, and a scrape should not wait for a topic nobody wrote to.
   */
  async offsets(topics: readonly string[], groupId?: string): Promise<PartitionOffsets[]> {
    this.ensureOpen();
    const result: PartitionOffsets[] = [];
    try {
      const admin = await this.connectedAdmin();
      const existing = new Set(await admin.listTopics());
      for (const topic of new Set(topics)) {
        if (!existing.has(topic)) continue;
        const marks = await admin.fetchTopicOffsets(topic);
        const committed = new Map<number, number>();
        if (groupId !== undefined) {
          const [positions] = await admin.fetchOffsets({ groupId, topics: [topic] });
          // -1: the group committed nothing on that partition.
          for (const { partition, offset } of positions?.partitions ?? []) if (Number(offset) >= 0) committed.set(partition, Number(offset));
        }
        for (const mark of marks.sort((a, b) => a.partition - b.partition)) {
          const position = committed.get(mark.partition);
          result.push({ topic, partition: mark.partition, low: Number(mark.low), high: Number(mark.high), ...(position === undefined ? {} : { committed: position }) });
        }
      }
    } catch (error) {
      throw unavailable(`could not read the offsets of ${topics.join(', ')}`, error);
    }
    return result;
  }

  /** A metadata round trip with a deadline: cheap, and fails when no broker answers. */
  async health(): Promise<BusHealth> {
    if (this.closed) return { ok: false, detail: 'closed' };
    const deadline = new AbortController();
    try {
      const cluster = await Promise.race([
        this.connectedAdmin().then((admin) => admin.describeCluster()),
        delay(this.settings.healthTimeoutMs, undefined, { signal: deadline.signal }).then(() => {
          throw new Error(`no answer within ${this.settings.healthTimeoutMs} ms`);
        }),
      ]);
      return { ok: true, detail: `${cluster.brokers.length} brokers` };
    } catch (error) {
      return { ok: false, detail: classify(error).message };
    } finally {
      deadline.abort();
    }
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      this.closed = true;
      await Promise.allSettled([...this.subscriptions].map((subscription) => subscription.stop()));
      await Promise.allSettled([this.producer.disconnect(), this.admin.disconnect()]);
    })();
    return this.closing;
  }

  /** Creates missing topics once each (business topics, and each group's dead-letter topic). */
  private async ensureTopics(topics: readonly string[]): Promise<void> {
    if (!this.settings.adminTopics) return;
    const missing = [...new Set(topics)].filter((topic) => !this.knownTopics.has(topic));
    if (missing.length === 0) return;
    // Serialised: two publishes racing to create the same topic would make one of them fail.
    const creation = this.topicCreation.then(async () => {
      const still = missing.filter((topic) => !this.knownTopics.has(topic));
      if (still.length === 0) return;
      try {
        this.adminConnected ??= this.admin.connect();
        await this.adminConnected;
        await this.admin.createTopics({
          waitForLeaders: true,
          topics: still.map((topic) => ({ topic, numPartitions: this.settings.partitions, replicationFactor: this.settings.replicationFactor })),
        });
      } catch (error) {
        this.adminConnected = undefined;
        throw unavailable(`could not create topics ${still.join(', ')}`, error);
      }
      for (const topic of still) this.knownTopics.add(topic);
    });
    this.topicCreation = creation.catch(() => undefined);
    await creation;
  }

  private connectedAdmin(): Promise<Admin> {
    this.adminConnected ??= this.admin.connect().catch((error: unknown) => {
      this.adminConnected = undefined;
      throw error;
    });
    return this.adminConnected.then(() => this.admin);
  }

  private ensureOpen(): void {
    if (this.closed) throw new AppError(ErrorCodes.BUS_UNAVAILABLE, 'transient', 'the Kafka event bus is closed');
  }
}

interface KafkaSubscriptionParts {
  kafka: Kafka;
  /** Where the pipeline publishes dead letters. */
  bus: EventBus;
  settings: Settings;
  logger: Logger;
  groupId: string;
  topics: string[];
  retry: SubscribeOptions['retry'];
  handler: EventHandler;
  onStopped: (subscription: KafkaSubscription) => void;
}

/**
 * One consumer group membership. Owns its kafkajs consumer, and replaces it when it
 * crashes with an error kafkajs does not restart from by itself.
 */
class KafkaSubscription implements Subscription {
  readonly groupId: string;
  private readonly kafka: Kafka;
  private readonly settings: Settings;
  private readonly logger: Logger;
  private readonly topics: string[];
  private readonly onStopped: (subscription: KafkaSubscription) => void;
  private readonly controller = new AbortController();
  private readonly pipeline: ConsumePipeline;
  private consumer: Consumer | undefined;
  private heartbeat: (() => Promise<void>) | undefined;
  private stopping: Promise<void> | undefined;
  private restarting: Promise<void> | undefined;
  /** Crashes since the last message this subscription finished. */
  private crashesInARow = 0;

  constructor(parts: KafkaSubscriptionParts) {
    this.groupId = parts.groupId;
    this.kafka = parts.kafka;
    this.settings = parts.settings;
    this.logger = parts.logger;
    this.topics = parts.topics;
    this.onStopped = parts.onStopped;
    this.pipeline = createConsumePipeline({
      groupId: parts.groupId,
      retry: parts.retry,
      handler: parts.handler,
      deadLetters: parts.bus,
      logger: parts.logger,
      system: 'kafka',
      signal: this.controller.signal,
      // The latest batch's heartbeat: any of them keeps this member alive in the group.
      heartbeat: () => this.heartbeat?.() ?? Promise.resolve(),
    });
  }

  /** Resolves once the consumer joined the group (kafkajs `run` resolves after join and sync). */
  async start(): Promise<void> {
    const consumer = this.kafka.consumer({
      groupId: this.groupId,
      sessionTimeout: this.settings.sessionTimeoutMs,
      heartbeatInterval: this.settings.heartbeatIntervalMs,
      maxWaitTimeInMs: this.settings.fetchMaxWaitMs,
      allowAutoTopicCreation: !this.settings.adminTopics,
    });
    this.consumer = consumer;
    consumer.on(consumer.events.CRASH, (event: ConsumerCrashEvent) => this.onCrash(consumer, event));
    await consumer.connect();
    // A new group starts at the beginning: events published before its first start are not lost.
    await consumer.subscribe({ topics: this.topics, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.settings.partitionsConsumedConcurrently,
      eachBatch: (payload) => this.eachBatch(payload),
    });
  }

  stop(): Promise<void> {
    this.stopping ??= (async () => {
      // First end any retry or restart wait, so kafkajs's stop only waits for a handler actually running.
      this.controller.abort();
      await this.restarting;
      await this.consumer?.disconnect().catch((error: unknown) => this.logger.warn({ group: this.groupId, err: error }, 'kafka consumer did not disconnect cleanly'));
      this.onStopped(this);
      this.logger.info({ group: this.groupId }, 'kafka consumer group stopped');
    })();
    return this.stopping;
  }

  /**
   * Offsets are committed once per fetched batch (and at least every
   * COMMIT_INTERVAL_MS within a long one), not after every message: a commit is a
   * broker round trip. A message handled but not committed when the process dies is
   * delivered again, and the consumer's inbox absorbs it (DESIGN.md §6). A batch left
   * early (stopping, a rebalance, a failure) still commits what it finished.
   */
  private async eachBatch({ batch, resolveOffset, heartbeat, commitOffsetsIfNecessary, isRunning, isStale }: EachBatchPayload): Promise<void> {
    this.heartbeat = heartbeat;
    const { topic, partition } = batch;
    let finished: string | undefined;
    let committedAt = Date.now();
    const commit = async (): Promise<void> => {
      if (finished === undefined) return;
      // Committed directly (not through consumer.commitOffsets) so a message finished during stop() is committed too.
      await commitOffsetsIfNecessary({ topics: [{ topic, partitions: [{ partition, offset: finished }] }] });
      finished = undefined;
      committedAt = Date.now();
    };
    let completed = false;
    try {
      for (const message of batch.messages) {
        if (!isRunning() || isStale() || this.controller.signal.aborted) return;
        const outcome = await this.pipeline.process(toInbound(topic, partition, message));
        if (!outcome.done) {
          if (outcome.reason === 'stopping' || this.controller.signal.aborted) return;
          // kafkajs retries the batch from the last resolved offset, then restarts the consumer: the message comes back.
          throw new AppError(ErrorCodes.BUS_UNAVAILABLE, 'transient', `dead letter for ${topic}/${partition}@${message.offset} not published; fetching it again`);
        }
        finished = (BigInt(message.offset) + 1n).toString();
        resolveOffset(message.offset);
        this.crashesInARow = 0;
        if (Date.now() - committedAt >= COMMIT_INTERVAL_MS) await commit();
        await heartbeat();
      }
      completed = true;
    } finally {
      // Left early: keep what was finished if the group still lets us; otherwise it is delivered again.
      if (!completed) await commit().catch((error: unknown) => this.logger.warn({ group: this.groupId, topic, partition, err: error }, 'offsets of handled messages not committed; they will be delivered again'));
    }
    await commit();
  }

  private onCrash(consumer: Consumer, event: ConsumerCrashEvent): void {
    const { error, restart } = event.payload;
    if (this.stopping || consumer !== this.consumer) return;
    if (restart) {
      this.logger.warn({ group: this.groupId, err: error }, 'kafka consumer crashed; kafkajs restarts it');
      return;
    }
    this.replaceAfterCrash(error);
  }

  /**
   * kafkajs gave up on this consumer: start a new one after a growing pause. Crashes
   * that keep coming without a message handled in between mean the service cannot
   * consume (authorisation, a deleted group, a broken cluster); then onFatal.
   */
  private replaceAfterCrash(error: Error): void {
    this.crashesInARow += 1;
    if (this.crashesInARow > RESTART_POLICY.maxAttempts) {
      this.logger.fatal({ group: this.groupId, err: error, crashes: this.crashesInARow }, 'kafka consumer keeps crashing; giving up');
      this.settings.onFatal(error);
      return;
    }
    const pause = retryDelayMs(RESTART_POLICY, this.crashesInARow);
    this.logger.error({ group: this.groupId, err: error, crashes: this.crashesInARow, restart_in_ms: pause }, 'kafka consumer crashed; starting a new one');
    this.restarting = (async () => {
      await delay(pause, undefined, { signal: this.controller.signal }).catch(() => undefined);
      if (this.stopping) return;
      try {
        await this.consumer?.disconnect().catch(() => undefined);
        await this.start();
        // stop() may have run while the new consumer was joining; it must not outlive the subscription.
        if (this.stopping) await this.consumer?.disconnect();
      } catch (startError) {
        if (!this.stopping) this.replaceAfterCrash(startError instanceof Error ? startError : new Error(String(startError)));
      }
    })();
  }
}

function toKafkaMessage(message: WireMessage): Message {
  return { key: message.key, value: message.value, headers: message.headers };
}

function headerText(value: IHeaders[string]): string | undefined {
  const last = Array.isArray(value) ? value[value.length - 1] : value;
  if (last === undefined) return undefined;
  return typeof last === 'string' ? last : last.toString('utf8');
}

function toInbound(topic: string, partition: number, message: KafkaMessage): InboundMessage {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    const text = headerText(value);
    if (text !== undefined) headers[name] = text;
  }
  return { topic, partition, offset: message.offset, key: message.key ? message.key.toString('utf8') : null, value: message.value, headers };
}
