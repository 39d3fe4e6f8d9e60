/**
 * Automatic assignment when a work item enters processing: to the least-loaded
 * specialist of the centre able to handle the procedure's sector (assignment.rules.ts).
 * With no such specialist the item stays unassigned in the centre's queue, where a
 * specialist can claim it or a leader assign it; DossierAssigned still goes out, with
 * no assignee, so everyone sees the dossier has entered the centre's queue.
 */
import type { EventEnvelope } from '@motcua/contracts';
import { eligibleSpecialists, leastLoaded } from './assignment.rules';
import type { ProcessingContext, ProcessingTransaction } from './processing.ports';
import { systemActor, workItemEvent } from './processing.events';
import { act, type WorkItem } from './work-item.entity';

export async function assignAutomatically(
  tx: ProcessingTransaction,
  ctx: ProcessingContext,
  item: WorkItem,
  at: Date,
  cause?: Pick<EventEnvelope, 'id' | 'correlationid'>,
): Promise<WorkItem> {
  const candidates = eligibleSpecialists(ctx.catalogue, item.centreId, item.rules.sector);
  const loads = new Map<string, number>();
  for (const candidate of candidates) loads.set(candidate.id, await tx.workItems.countOpenAssignedTo(candidate.id));
  const chosen = leastLoaded(candidates, (candidate) => loads.get(candidate.id) ?? 0);
  if (!chosen) {
    ctx.log.warn(
      { workItemId: item.id, dossierId: item.dossierId, centreId: item.centreId, sector: item.rules.sector },
      'no specialist of the centre handles this sector: the work item waits unassigned in the queue',
    );
    const queued = act(item, 'assign', systemActor, at);
    await tx.emit(workItemEvent('DossierAssigned', queued, systemActor, { assignedAt: at.toISOString() }, at, cause));
    return queued;
  }
  const assigned: WorkItem = { ...act(item, 'assign', systemActor, at), assigneeId: chosen.id };
  await tx.emit(workItemEvent('DossierAssigned', assigned, systemActor, { assigneeId: chosen.id, assignedAt: at.toISOString() }, at, cause));
  return assigned;
}
