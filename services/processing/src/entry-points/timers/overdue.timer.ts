/** The handler of the durable `overdue` timers (one per work item, due at its appointment). */
import type { TimerHandler } from '@motcua/runtime';
import { processingPorts } from '../../data-access/processing.store';
import type { ProcessingContext } from '../../domain/processing.ports';
import { overdueTimerFired } from '../../domain/overdue.use-case';

export function overdueTimerHandler(ctx: ProcessingContext): TimerHandler {
  return async (tx, timer) => {
    const workItemId = timer.payload['workItemId'];
    if (typeof workItemId !== 'string') throw new Error(`overdue timer ${timer.id} names no work item`);
    await overdueTimerFired(processingPorts(tx), ctx, workItemId);
  };
}
