/**
 * Behaviour both store implementations share and must not drift apart on: filling
 * in the trace context of queued events, waking outbox relays after a commit, and
 * refusing a unit of work nested inside another.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { EventEnvelope } from '@motcua/contracts';
import { traceparentOf } from '@motcua/observability';
import { nestedUnitOfWorkError } from './store.errors';

/**
 * An envelope built without a trace context gets the active one, so the consumer
 * continues the producer's trace (DESIGN.md §8). One that has it keeps it: it may
 * deliberately carry the dossier's own trace.
 */
export function withTraceContext(envelope: EventEnvelope): EventEnvelope {
  if (envelope.traceparent) return envelope;
  return { ...envelope, ...traceparentOf() };
}

/** The in-process listeners of one service's outbox. */
export class CommitListeners {
  private readonly listeners = new Set<() => void>();

  add(listener: () => void): () => void {
    // A wrapper per subscription, so subscribing the same function twice needs two unsubscribes.
    const entry = () => listener();
    this.listeners.add(entry);
    return () => {
      this.listeners.delete(entry);
    };
  }

  /** Called after a commit that queued events. A failing listener must not fail the commit that already happened. */
  notify(): void {
    for (const listener of [...this.listeners]) {
      try {
        listener();
      } catch {
        // The relay polls as well; a broken wake-up only delays publication.
      }
    }
  }
}

/**
 * Knows whether the current async call chain is inside a unit of work of one store.
 * A second unit of work started from inside the first would wait for the first to
 * finish (SQLite: the connection lock) or conflict with it (MongoDB): it fails at
 * once with a message instead of hanging.
 */
export class TransactionScope {
  private readonly storage = new AsyncLocalStorage<true>();

  assertOutside(): void {
    if (this.storage.getStore()) throw nestedUnitOfWorkError();
  }

  run<T>(work: () => Promise<T>): Promise<T> {
    return this.storage.run(true, work);
  }

  /** Runs `work` as if outside any unit of work: for background work that merely got started from inside one. */
  detached<T>(work: () => T): T {
    return this.storage.exit(work);
  }
}
