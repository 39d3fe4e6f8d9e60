/**
 * The outbox relay: publishes a service's committed outbox rows to the event bus,
 * oldest first, and marks them sent only once the bus has acknowledged them.
 *
 * Delivery is at least once: if the process dies between the bus's ack and
 * markSent, the rows go out again after restart, and the consumers' inbox makes
 * the repeat harmless. A bus outage keeps the rows where they are; the relay backs
 * off (exponentially, capped) and resumes in order when the bus is back.
 *
 * It wakes at once when a unit of work of this process commits events
 * (`outbox.onCommit`), and also polls, for rows committed by another replica or
 * before a restart.
 */
import type { OutboxRecord, OutboxStore } from '@motcua/storage';
import type { Logger } from '@motcua/observability';
import type { EventBus } from './event-bus.port';

export interface OutboxRelayRetry {
  initialDelayMs: number;
  maxDelayMs: number;
}

export interface OutboxRelayOptions {
  outbox: OutboxStore;
  bus: EventBus;
  logger: Logger;
  /** Rows per bus.publish call. */
  batchSize?: number;
  /** How often to look for rows nobody woke the relay for. */
  pollIntervalMs?: number;
  /** Delays between attempts while publishing fails. */
  retry?: Partial<OutboxRelayRetry>;
}

const defaultRetry: OutboxRelayRetry = { initialDelayMs: 200, maxDelayMs: 30_000 };

/** A wait that stop() (and, when allowed, a commit) can cut short. */
interface Pause {
  wakeOnCommit: boolean;
  end(): void;
}

export class OutboxRelay {
  private readonly outbox: OutboxStore;
  private readonly bus: EventBus;
  private readonly logger: Logger;
  private readonly batchSize: number;
  private readonly pollIntervalMs: number;
  private readonly retry: OutboxRelayRetry;

  private running = false;
  /** Bumped by start(): a loop still finishing after stop() must not carry on beside a new one. */
  private generation = 0;
  private loop: Promise<void> | undefined;
  private unsubscribe: (() => void) | undefined;
  private pause: Pause | undefined;
  /** A commit arrived while a batch was in flight: look again before sleeping. */
  private commitSeen = false;
  private consecutiveFailures = 0;
  /** The batch in flight, whoever started it (the loop or flush()): never two at once. */
  private batches: Promise<unknown> = Promise.resolve();

  constructor(options: OutboxRelayOptions) {
    this.outbox = options.outbox;
    this.bus = options.bus;
    this.logger = options.logger;
    this.batchSize = options.batchSize ?? 100;
    this.pollIntervalMs = options.pollIntervalMs ?? 1000;
    this.retry = { ...defaultRetry, ...options.retry };
    if (!Number.isInteger(this.batchSize) || this.batchSize < 1) throw new RangeError(`batchSize must be a positive integer, got ${this.batchSize}`);
  }

  /** Starts publishing in the background: what is pending now, then whatever commits later. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.commitSeen = false;
    this.unsubscribe = this.outbox.onCommit(() => this.onCommit());
    this.generation += 1;
    this.loop = this.run(this.generation);
  }

  /** Stops after the batch in flight (if any) is published and marked, or abandons a wait. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.pause?.end();
    const loop = this.loop;
    await loop;
    if (this.loop === loop) this.loop = undefined;
  }

  /**
   * Publishes everything pending now, batch after batch, and resolves when the
   * outbox is empty; rejects with the bus's error if it fails (the rows stay).
   * Graceful shutdown calls it before stop(); tests call it instead of waiting.
   */
  async flush(): Promise<void> {
    for (;;) {
      const published = await this.publishBatch();
      if (published < this.batchSize) return;
    }
  }

  backlog(): Promise<number> {
    return this.outbox.backlog();
  }

  private async run(generation: number): Promise<void> {
    const current = () => this.running && this.generation === generation;
    while (current()) {
      let waitMs: number;
      let wakeOnCommit = true;
      try {
        const published = await this.publishBatch();
        if (this.consecutiveFailures > 0) this.logger.info({ failedAttempts: this.consecutiveFailures }, 'outbox relay: publishing again');
        this.consecutiveFailures = 0;
        // A full batch means more may be waiting; otherwise rest until a commit or the next poll.
        waitMs = published === this.batchSize ? 0 : this.pollIntervalMs;
      } catch (error) {
        this.consecutiveFailures += 1;
        waitMs = this.backoffMs(this.consecutiveFailures);
        // During a backoff new commits do not hurry the relay: the bus is what it waits for.
        wakeOnCommit = false;
        this.logger.warn({ err: error, attempt: this.consecutiveFailures, retryInMs: waitMs }, 'outbox relay: publishing failed; the rows stay in the outbox');
      }
      if (wakeOnCommit && this.commitSeen) waitMs = 0;
      this.commitSeen = false;
      if (waitMs > 0 && current()) await this.sleep(waitMs, wakeOnCommit);
    }
  }

  /** One batch: read the oldest rows, publish them, then mark them sent. Returns how many. */
  private publishBatch(): Promise<number> {
    const batch = this.batches.then(async () => {
      const rows = await this.outbox.pending(this.batchSize);
      if (rows.length === 0) return 0;
      await this.bus.publish(rows.map((row: OutboxRecord) => ({ topic: row.topic, envelope: row.envelope })));
      // Only now: the bus has acknowledged every message of the batch.
      await this.outbox.markSent(rows.map((row) => row.id));
      this.logger.debug({ count: rows.length, lastId: rows[rows.length - 1]?.id }, 'outbox relay: batch published');
      return rows.length;
    });
    this.batches = batch.catch(() => undefined);
    return batch;
  }

  /** Exponential from initialDelayMs, capped at maxDelayMs, with jitter so replicas do not retry in step. */
  private backoffMs(failures: number): number {
    const exponential = Math.min(this.retry.maxDelayMs, this.retry.initialDelayMs * 2 ** Math.min(failures - 1, 30));
    return Math.round(exponential / 2 + (Math.random() * exponential) / 2);
  }

  private onCommit(): void {
    if (this.pause?.wakeOnCommit) this.pause.end();
    else this.commitSeen = true;
  }

  private sleep(ms: number, wakeOnCommit: boolean): Promise<void> {
    return new Promise((resolve) => {
      const pause: Pause = {
        wakeOnCommit,
        end: () => {
          clearTimeout(timer);
          if (this.pause === pause) this.pause = undefined;
          resolve();
        },
      };
      const timer = setTimeout(pause.end, ms);
      // The relay alone must not keep alive a process that is otherwise done.
      timer.unref();
      this.pause = pause;
    });
  }
}
