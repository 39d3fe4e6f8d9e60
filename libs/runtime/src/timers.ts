/**
 * Durable timers: "do this at that time" stored with the service's state, so a timer
 * set in a unit of work survives a crash and fires once after a restart. The poller
 * asks the store only for timers already due (an index on `dueAt`), never scans the
 * service's entities; firing runs the handler and deletes the timer in one unit of
 * work, so two replicas polling together still fire it once.
 */
import type { Logger } from '@motcua/observability';
import type { CollectionSpec, ServiceStore, Tx } from '@motcua/storage';
import type { Clock } from './clock';

export const timersCollection: CollectionSpec = { name: 'timers', indexes: [{ fields: ['dueAt'] }, { fields: ['kind'] }] };

/** A timer that failed this many times is parked (kept, never fired again) for ops to look at. */
const MAX_ATTEMPTS = 10;
const PARKED_AT = '9999-12-31T00:00:00.000Z';

export interface Timer {
  /** Chosen by the caller so a timer can be replaced or cancelled, e.g. `overdue:<workItemId>`. */
  id: string;
  kind: string;
  dueAt: string;
  payload: Record<string, unknown>;
  attempts?: number;
  lastError?: string;
}

export type TimerHandler = (tx: Tx, timer: Timer) => Promise<void>;

/** Sets (or moves) a timer inside the caller's unit of work. */
export async function setTimer(tx: Pick<Tx, 'collection'>, timer: Timer): Promise<void> {
  await tx.collection<Timer>(timersCollection).upsert({ ...timer, attempts: 0 });
}

export async function cancelTimer(tx: Pick<Tx, 'collection'>, id: string): Promise<void> {
  await tx.collection<Timer>(timersCollection).delete(id);
}

export interface TimerPollerOptions {
  store: ServiceStore;
  clock: Clock;
  logger: Logger;
  handlers: Record<string, TimerHandler>;
  pollMs: number;
  batchSize?: number;
}

export class TimerPoller {
  private interval: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(private readonly options: TimerPollerOptions) {}

  start(): void {
    this.interval = setInterval(() => void this.tick(), this.options.pollMs);
    void this.tick();
  }

  async stop(): Promise<void> {
    if (this.interval) clearInterval(this.interval);
    this.interval = undefined;
    await this.running;
  }

  /** Fires every timer due now; overlapping calls share one pass. Returns how many fired. */
  tick(): Promise<void> {
    this.running ??= this.fireDue().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async fireDue(): Promise<void> {
    const now = this.options.clock().toISOString();
    let due: Timer[];
    try {
      due = await this.options.store.read((tx) =>
        tx.collection<Timer>(timersCollection).find({ dueAt: { lte: now } }, { sort: [{ field: 'dueAt', direction: 'asc' }], limit: this.options.batchSize ?? 100 }),
      );
    } catch (error) {
      this.options.logger.warn({ err: error }, 'timers not polled: store unavailable');
      return;
    }
    for (const timer of due) await this.fire(timer.id, now);
  }

  private async fire(id: string, now: string): Promise<void> {
    const timers = (tx: Pick<Tx, 'collection'>) => tx.collection<Timer>(timersCollection);
    try {
      await this.options.store.unitOfWork.run(async (tx) => {
        // Read again inside the unit of work: another replica may have fired or moved it.
        const timer = await timers(tx).get(id);
        if (!timer || timer.dueAt > now) return;
        const handler = this.options.handlers[timer.kind];
        if (!handler) throw new Error(`no handler for timer kind "${timer.kind}"`);
        await handler(tx, timer);
        // The handler may have set the same id again (a new due time): only delete what fired.
        const after = await timers(tx).get(id);
        if (after && after.dueAt === timer.dueAt) await timers(tx).delete(id);
      });
    } catch (error) {
      await this.recordFailure(id, error as Error);
    }
  }

  private async recordFailure(id: string, error: Error): Promise<void> {
    try {
      await this.options.store.unitOfWork.run(async (tx) => {
        const collection = tx.collection<Timer>(timersCollection);
        const timer = await collection.get(id);
        if (!timer) return;
        const attempts = (timer.attempts ?? 0) + 1;
        const parked = attempts >= MAX_ATTEMPTS;
        const retryAt = new Date(this.options.clock().getTime() + Math.min(60_000, 1000 * 2 ** attempts)).toISOString();
        await collection.replace({ ...timer, attempts, lastError: error.message.slice(0, 500), dueAt: parked ? PARKED_AT : retryAt });
        const log = { timerId: id, kind: timer.kind, attempts, err: error };
        if (parked) this.options.logger.error(log, 'timer failed too often and is parked');
        else this.options.logger.warn(log, 'timer failed; it will be retried');
      });
    } catch (recordError) {
      this.options.logger.warn({ timerId: id, err: recordError }, 'timer failure not recorded; it fires again at the next poll');
    }
  }
}
