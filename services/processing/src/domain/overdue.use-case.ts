/**
 * The overdue timer fired. The appointment may have moved since it was set (an
 * extension, a supplement) or the item may have left processing, so everything is
 * checked again here; a dossier is flagged once per appointment.
 */
import type { ProcessingContext, ProcessingTransaction } from './processing.ports';
import { systemActor, workItemEvent } from './processing.events';
import { act, appointmentPassed } from './work-item.entity';

export async function overdueTimerFired(tx: ProcessingTransaction, ctx: ProcessingContext, workItemId: string): Promise<void> {
  const item = await tx.workItems.get(workItemId);
  // Paused (supplement), closed or not arrived yet: whatever changes that sets the timer again.
  if (!item || (item.state !== 'IN_PROCESSING' && item.state !== 'AWAITING_SIGNATURE') || item.clock.state !== 'running') return;
  const now = ctx.clock();
  if (!appointmentPassed(item, now)) {
    await tx.overdueTimers.schedule(item);
    return;
  }
  if (item.overdue) return;
  const flagged = { ...act(item, 'flagOverdue', systemActor, now), overdue: true };
  await tx.workItems.save(flagged);
  await tx.emit(workItemEvent('DossierOverdue', flagged, systemActor, { appointmentAt: flagged.appointmentAt, detectedAt: now.toISOString() }, now));
}
