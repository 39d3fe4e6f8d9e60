/**
 * The embedded edition's EventBus: a durable event log in SQLite, so `npm start` needs
 * nothing else installed. It keeps Kafka's model so services cannot tell the two
 * apart: topics split into partitions by key (per-key order), dense offsets per
 * topic-partition, consumer groups that commit the next offset only after the shared
 * consume pipeline finished a message, and the same retry / dead-letter behaviour.
 *
 * The file may be shared with the storage library's tables (one file per installation),
 * so everything here lives in `bus_*` tables. Consumers in this process are woken by an
 * in-process signal on every append; a slow poll of `PRAGMA data_version` notices
 * appends made by another process through its own connection.
 *
 * A consumer group is owned by one subscription at a time (the embedded edition runs
 * one copy of each service): a second subscribe with a group already active on the
 * same file in this process is refused instead of silently processing every message
 * twice. Nothing guards two processes running the same group on one file.
 */
import { EventEmitter, once, setMaxListeners } from 'node:events';
import { resolve as resolvePath } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import Database from 'better-sqlite3';
import type { WireMessage } from '@motcua/contracts';
import { withSqliteWriteLock } from '@motcua/storage';
import { AppError, ErrorCodes, classify } from '@motcua/errors';
import type { Logger } from '@motcua/observability';
import { checkSubscribeOptions, createConsumePipeline, type ConsumePipeline, type InboundMessage } from '../consume-pipeline';
import type { BusHealth, EventBus, EventHandler, PartitionOffsets, PublishRequest, SubscribeOptions, Subscription } from '../event-bus.port';
import { startPublishSpans } from '../publish-tracing';
import { partitionForKey } from './key.partitioner';

export interface EmbeddedEventBusOptions {
  /** The SQLite file; created when missing. */
  path: string;
  logger: Logger;
  /** Partitions of a topic created by this bus; a topic keeps the count it was created with. */
  partitions?: number;
  /** How often to look for appends made by another process. */
  pollIntervalMs?: number;
  /** How long a write waits for another connection's lock before failing as BUS.UNAVAILABLE. */
  busyTimeoutMs?: number;
  /** Messages read per query by a partition consumer. */
  fetchSize?: number;
}

/** Refused subscribe: the consumer group already has an active subscription in this bus. */
export const EMBEDDED_GROUP_ACTIVE = 'BUS.GROUP_ACTIVE';

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS bus_topics (
    topic      TEXT PRIMARY KEY,
    partitions INTEGER NOT NULL,
    created_at INTEGER NOT NULL
  );
  CREATE TABLE IF NOT EXISTS bus_messages (
    topic       TEXT    NOT NULL,
    "partition" INTEGER NOT NULL,
    "offset"    INTEGER NOT NULL,
    key         TEXT,
    value       BLOB    NOT NULL,
    headers     TEXT    NOT NULL,
    timestamp   INTEGER NOT NULL,
    PRIMARY KEY (topic, "partition", "offset")
  );
  CREATE TABLE IF NOT EXISTS bus_group_offsets (
    group_id     TEXT    NOT NULL,
    topic        TEXT    NOT NULL,
    "partition"  INTEGER NOT NULL,
    next_offset  INTEGER NOT NULL,
    committed_at INTEGER NOT NULL,
    PRIMARY KEY (group_id, topic, "partition")
  );
`;

interface MessageRow {
  topic: string;
  partition: number;
  offset: number;
  key: string | null;
  value: Buffer;
  headers: string;
}

/**
 * Append signals shared by every bus instance of this process, keyed by file: services
 * running in one process each open their own bus on the same file, and a consumer in
 * one should see another's append at once rather than at the next poll.
 */
const appended = new EventEmitter().setMaxListeners(0);
const signalName = (file: string, topic: string, partition: number): string => `${file}\u0000${topic}\u0000${partition}`;

/** Consumer groups with an active subscription, per file, across every bus instance of this process. */
const activeGroups = new Set<string>();

function unavailable(message: string, cause: unknown): AppError {
  return new AppError(ErrorCodes.BUS_UNAVAILABLE, 'transient', `${message}: ${classify(cause).message}`, { cause });
}

/** Async like the Kafka factory, so a composition root treats both editions alike. */
export async function createEmbeddedEventBus(options: EmbeddedEventBusOptions): Promise<EventBus> {
  return new EmbeddedEventBus(options);
}

class EmbeddedEventBus implements EventBus {
  readonly kind = 'embedded' as const;
  private readonly db: Database.Database;
  /** Consumer offsets only, on their own connection: see the constructor. */
  private readonly offsetsDb: Database.Database;
  private readonly file: string;
  private readonly logger: Logger;
  private readonly partitions: number;
  private readonly fetchSize: number;
  private readonly retryPauseMs: number;
  private readonly topicPartitions = new Map<string, number>();
  private readonly subscriptions = new Set<EmbeddedSubscription>();
  private readonly poll: NodeJS.Timeout;
  private dataVersion: number;
  private closed = false;
  private closing: Promise<void> | undefined;

  private readonly statements: {
    topicPartitions: Database.Statement<[string], { partitions: number }>;
    registerTopic: Database.Statement<[string, number, number]>;
    nextOffset: Database.Statement<[string, number], { next: number }>;
    append: Database.Statement<[string, number, number, string | null, Buffer, string, number]>;
    fetch: Database.Statement<[string, number, number, number], MessageRow>;
    committed: Database.Statement<[string, string, number], { next_offset: number }>;
    commit: Database.Statement<[string, string, number, number, number]>;
    bounds: Database.Statement<[string], { partition: number; low: number; last: number }>;
    groupPositions: Database.Statement<[string, string], { partition: number; next_offset: number }>;
  };

  constructor(options: EmbeddedEventBusOptions) {
    this.logger = options.logger;
    this.partitions = options.partitions ?? 4;
    this.fetchSize = options.fetchSize ?? 100;
    this.retryPauseMs = options.pollIntervalMs ?? 1000;
    if (!Number.isInteger(this.partitions) || this.partitions < 1) {
      throw new AppError(ErrorCodes.CONFIG_INVALID, 'validation', `embedded bus partitions must be a positive integer, got ${this.partitions}`);
    }
    this.file = options.path === ':memory:' ? `:memory:${Math.random()}` : resolvePath(options.path);
    this.db = new Database(options.path);
    this.db.pragma('journal_mode = WAL');
    // FULL: publish() promises a durable acknowledgement, so each append reaches the disk.
    this.db.pragma('synchronous = FULL');
    this.db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
    this.db.exec(SCHEMA);
    // A consumer offset need not reach the disk before the next message: losing the last
    // commits (power loss only: a crashed process loses nothing the OS has) means those
    // messages are delivered again, which the consumers' inboxes absorb. NORMAL spares a
    // flush per consumed message; appends and the stores' units of work stay FULL.
    // (An in-memory log has one connection: a second would open another, empty database.)
    this.offsetsDb = options.path === ':memory:' ? this.db : new Database(options.path);
    if (this.offsetsDb !== this.db) {
      this.offsetsDb.pragma('synchronous = NORMAL');
      this.offsetsDb.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
    }
    this.statements = {
      topicPartitions: this.db.prepare('SELECT partitions FROM bus_topics WHERE topic = ?'),
      registerTopic: this.db.prepare('INSERT OR IGNORE INTO bus_topics (topic, partitions, created_at) VALUES (?, ?, ?)'),
      nextOffset: this.db.prepare('SELECT COALESCE(MAX("offset") + 1, 0) AS next FROM bus_messages WHERE topic = ? AND "partition" = ?'),
      append: this.db.prepare('INSERT INTO bus_messages (topic, "partition", "offset", key, value, headers, timestamp) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      fetch: this.db.prepare(
        'SELECT topic, "partition" AS partition, "offset" AS offset, key, value, headers FROM bus_messages WHERE topic = ? AND "partition" = ? AND "offset" >= ? ORDER BY "offset" LIMIT ?',
      ),
      committed: this.offsetsDb.prepare('SELECT next_offset FROM bus_group_offsets WHERE group_id = ? AND topic = ? AND "partition" = ?'),
      // Never moves a group backwards: a late commit of an older message must not replay newer ones.
      commit: this.offsetsDb.prepare(
        `INSERT INTO bus_group_offsets (group_id, topic, "partition", next_offset, committed_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (group_id, topic, "partition") DO UPDATE SET next_offset = excluded.next_offset, committed_at = excluded.committed_at
         WHERE excluded.next_offset > bus_group_offsets.next_offset`,
      ),
      bounds: this.db.prepare('SELECT "partition" AS partition, MIN("offset") AS low, MAX("offset") AS last FROM bus_messages WHERE topic = ? GROUP BY "partition"'),
      groupPositions: this.db.prepare('SELECT "partition" AS partition, next_offset FROM bus_group_offsets WHERE group_id = ? AND topic = ?'),
    };
    this.dataVersion = this.readDataVersion();
    this.poll = setInterval(() => this.pollOtherProcesses(), options.pollIntervalMs ?? 1000);
    // The poll only serves consumers; it must not keep a finished process alive.
    this.poll.unref();
  }

  async publish(messages: PublishRequest[]): Promise<void> {
    if (messages.length === 0) return;
    const traced = startPublishSpans('sqlite', messages);
    try {
      await this.append(traced.messages);
      traced.end();
    } catch (error) {
      traced.end(error);
      throw error;
    }
  }

  async publishRaw(topic: string, messages: WireMessage[]): Promise<void> {
    await this.append(messages.map((message) => ({ topic, message })));
  }

  async subscribe(options: SubscribeOptions, handler: EventHandler): Promise<Subscription> {
    this.ensureOpen();
    const topics = checkSubscribeOptions(options);
    const groupKey = `${this.file}\u0000${options.groupId}`;
    if (activeGroups.has(groupKey)) {
      throw new AppError(EMBEDDED_GROUP_ACTIVE, 'conflict', `consumer group ${options.groupId} already has an active subscription on this log`);
    }
    const controller = new AbortController();
    // One listener per partition of every subscribed topic waits on this signal; that is expected, not a leak.
    setMaxListeners(0, controller.signal);
    const pipeline = createConsumePipeline({
      groupId: options.groupId,
      retry: options.retry,
      handler,
      deadLetters: this,
      logger: this.logger,
      system: 'sqlite',
      signal: controller.signal,
    });
    const partitions = topics.flatMap((topic) => {
      const count = this.partitionsOf(topic);
      return Array.from({ length: count }, (_, partition) => ({ topic, partition }));
    });
    const subscription = new EmbeddedSubscription(options.groupId, controller, (self) => {
      this.subscriptions.delete(self);
      activeGroups.delete(groupKey);
    });
    this.subscriptions.add(subscription);
    activeGroups.add(groupKey);
    subscription.start(partitions.map(({ topic, partition }) => this.consumePartition(pipeline, topic, partition, controller.signal)));
    this.logger.info({ group: options.groupId, topics }, 'embedded consumer group started');
    return subscription;
  }

  async health(): Promise<BusHealth> {
    try {
      this.ensureOpen();
      this.db.prepare('SELECT COUNT(*) FROM bus_topics').get();
      return { ok: true };
    } catch (error) {
      return { ok: false, detail: classify(error).message };
    }
  }

  async offsets(topics: readonly string[], groupId?: string): Promise<PartitionOffsets[]> {
    this.ensureOpen();
    const result: PartitionOffsets[] = [];
    for (const topic of new Set(topics)) {
      // Read, not partitionsOf(): asking about a topic must not create it.
      const partitions = this.statements.topicPartitions.get(topic)?.partitions ?? 0;
      const bounds = new Map(this.statements.bounds.all(topic).map((row) => [row.partition, row]));
      const committed = new Map(groupId === undefined ? [] : this.statements.groupPositions.all(groupId, topic).map((row) => [row.partition, row.next_offset]));
      for (let partition = 0; partition < partitions; partition += 1) {
        const range = bounds.get(partition);
        const high = range ? range.last + 1 : 0;
        const position = committed.get(partition);
        result.push({ topic, partition, low: range ? range.low : high, high, ...(position === undefined ? {} : { committed: position }) });
      }
    }
    return result;
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      await Promise.all([...this.subscriptions].map((subscription) => subscription.stop()));
      this.closed = true;
      clearInterval(this.poll);
      if (this.offsetsDb !== this.db) this.offsetsDb.close();
      this.db.close();
    })();
    return this.closing;
  }

  /**
   * One transaction for the whole batch: either every message is in the log or none.
   * Taken under the file's in-process write lock (shared with the SQLite store): a
   * synchronous write must never wait, thread blocked, for a unit of work of this same
   * process that holds SQLite's lock across an await.
   */
  private async append(messages: { topic: string; message: WireMessage }[]): Promise<void> {
    this.ensureOpen();
    const touched = new Set<string>();
    const appendAll = this.db.transaction(() => {
      const now = Date.now();
      for (const { topic, message } of messages) {
        const partition = partitionForKey(message.key, this.partitionsOf(topic));
        const { next } = this.statements.nextOffset.get(topic, partition) as { next: number };
        this.statements.append.run(topic, partition, next, message.key, message.value, JSON.stringify(message.headers), now);
        touched.add(signalName(this.file, topic, partition));
      }
    });
    try {
      // IMMEDIATE takes the write lock first, so two processes never compute the same next offset.
      await withSqliteWriteLock(this.file, () => appendAll.immediate());
    } catch (error) {
      throw unavailable('could not append to the embedded event log', error);
    }
    for (const name of touched) appended.emit(name);
  }

  /** A topic's partition count, fixed when it is first used so keys keep their partition. */
  private partitionsOf(topic: string): number {
    const known = this.topicPartitions.get(topic);
    if (known !== undefined) return known;
    this.statements.registerTopic.run(topic, this.partitions, Date.now());
    const stored = (this.statements.topicPartitions.get(topic) as { partitions: number }).partitions;
    if (stored !== this.partitions) this.logger.warn({ topic, partitions: stored, configured: this.partitions }, 'topic keeps the partition count it was created with');
    this.topicPartitions.set(topic, stored);
    return stored;
  }

  /** One partition of one group: messages strictly in offset order, committed one by one. */
  private async consumePartition(pipeline: ConsumePipeline, topic: string, partition: number, signal: AbortSignal): Promise<void> {
    const { groupId } = pipeline;
    const where = { group: groupId, topic, partition };
    let next = this.statements.committed.get(groupId, topic, partition)?.next_offset ?? 0;
    while (!signal.aborted) {
      let rows: MessageRow[];
      try {
        rows = this.statements.fetch.all(topic, partition, next, this.fetchSize);
      } catch (error) {
        this.logger.error({ ...where, err: error }, 'embedded consumer could not read the log');
        await this.pause(signal);
        continue;
      }
      if (rows.length === 0) {
        // Registered synchronously right after the empty read: an append in this process cannot slip between.
        await this.appendedOrStopped(topic, partition, signal);
        continue;
      }
      for (const row of rows) {
        if (signal.aborted) return;
        const outcome = await pipeline.process(toInbound(row)).catch((error: unknown) => {
          this.logger.error({ ...where, offset: row.offset, err: error }, 'consume pipeline failed unexpectedly');
          return { done: false, reason: 'failed' } as const;
        });
        if (!outcome.done) {
          if (outcome.reason === 'stopping') return;
          // Not finished (dead letter not written, or a bug): read the same message again after a pause.
          await this.pause(signal);
          break;
        }
        try {
          await withSqliteWriteLock(this.file, () => this.statements.commit.run(groupId, topic, partition, row.offset + 1, Date.now()));
          next = row.offset + 1;
        } catch (error) {
          this.logger.error({ ...where, offset: row.offset, err: error }, 'could not commit the consumer offset; the message will be delivered again');
          await this.pause(signal);
          break;
        }
      }
    }
  }

  private async appendedOrStopped(topic: string, partition: number, signal: AbortSignal): Promise<void> {
    try {
      await once(appended, signalName(this.file, topic, partition), { signal });
    } catch {
      // Aborted: the subscription is stopping; the loop condition ends it.
    }
  }

  /** Backs off after a failure before reading the same message again; a stop cuts it short. */
  private async pause(signal: AbortSignal): Promise<void> {
    await delay(this.retryPauseMs, undefined, { signal }).catch(() => undefined);
  }

  private readDataVersion(): number {
    return this.db.pragma('data_version', { simple: true }) as number;
  }

  private pollOtherProcesses(): void {
    if (this.closed || this.subscriptions.size === 0) return;
    try {
      const version = this.readDataVersion();
      if (version === this.dataVersion) return;
      this.dataVersion = version;
    } catch (error) {
      this.logger.warn({ err: error }, 'embedded bus poll failed');
      return;
    }
    // Another connection committed something: wake every waiting consumer of this file to look.
    const prefix = `${this.file}\u0000`;
    for (const name of appended.eventNames()) {
      if (typeof name === 'string' && name.startsWith(prefix)) appended.emit(name);
    }
  }

  private ensureOpen(): void {
    if (this.closed) throw new AppError(ErrorCodes.BUS_UNAVAILABLE, 'transient', 'the embedded event bus is closed');
  }
}

class EmbeddedSubscription implements Subscription {
  private running: Promise<unknown> = Promise.resolve();
  private stopping: Promise<void> | undefined;

  constructor(
    readonly groupId: string,
    private readonly controller: AbortController,
    private readonly onStopped: (subscription: EmbeddedSubscription) => void,
  ) {}

  start(consumers: Promise<void>[]): void {
    this.running = Promise.allSettled(consumers);
  }

  stop(): Promise<void> {
    this.stopping ??= (async () => {
      this.controller.abort();
      await this.running;
      this.onStopped(this);
    })();
    return this.stopping;
  }
}

function toInbound(row: MessageRow): InboundMessage {
  return { topic: row.topic, partition: row.partition, offset: String(row.offset), key: row.key, value: row.value, headers: parseHeaders(row.headers) };
}

/** Headers written by another tool may not be a string map; what is unreadable is dropped and decoding then dead-letters the message. */
function parseHeaders(text: string): Record<string, string> {
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null) return {};
    return Object.fromEntries(Object.entries(parsed).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
  } catch {
    return {};
  }
}
