/**
 * The outbox relay: publishes a service's committed outbox rows to the event bus,
 * in order, marking them sent only after the bus acknowledged them.
 */
import type { OutboxStore } from '@motcua/storage';
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
  batchSize?: number;
  pollIntervalMs?: number;
  retry?: Partial<OutboxRelayRetry>;
}

export class OutboxRelay {
  constructor(private readonly options: OutboxRelayOptions) {}

  start(): void {
    throw new Error('not implemented yet');
  }

  async stop(): Promise<void> {
    await Promise.resolve();
  }

  async flush(): Promise<void> {
    await Promise.resolve();
  }

  backlog(): Promise<number> {
    return this.options.outbox.backlog();
  }
}
