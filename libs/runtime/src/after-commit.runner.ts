/**
 * Work that must run after a unit of work commits — calling the SMS provider, the
 * postal operator or an integrator's webhook — never inside it (a call to another
 * system is slow and cannot be rolled back). `run` starts it now; `later` starts it
 * once the caller's current unit of work has committed (from a timer handler); `idle`
 * waits for everything in flight, so a stopping service finishes what it started.
 */
import { AsyncResource } from 'node:async_hooks';
import type { Logger } from '@motcua/observability';

export class AfterCommitRunner {
  private readonly inFlight = new Set<Promise<unknown>>();
  /**
   * Bound to the context the runner was made in (start-up), not the timer's unit of
   * work it is called from: the work opens its own transactions after that one commits.
   */
  private readonly detached: (id: string) => void;

  constructor(
    private readonly work: (id: string) => Promise<unknown>,
    logger: Logger,
    /** Logged when detached work fails; its durable timer tries again. */
    failure: { message: string; idField: string },
  ) {
    this.detached = AsyncResource.bind((id: string) => {
      setImmediate(() => {
        this.run(id).catch((error: unknown) => logger.warn({ err: error, [failure.idField]: id }, failure.message));
      });
    });
  }

  run(id: string): Promise<unknown> {
    const running = this.work(id).finally(() => this.inFlight.delete(running));
    this.inFlight.add(running);
    return running;
  }

  later(id: string): void {
    this.detached(id);
  }

  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }
}
