/**
 * Processing use cases: open a work item for each received dossier, approve it
 * with a result draft (which requests the leader's signature) or reject it, and
 * follow what signing decided. HTTP and event consumers call these same functions.
 */
import { createEvent, dossierRef, type DossierReceived, type EventEnvelope, type ResultDraft, type Role } from '@motcua/contracts';
import { notFound } from '@motcua/errors';
import type { ProcessingTransaction, RunProcessingTransaction } from './processing.ports';
import { ProcessingErrors, transition, type WorkItem } from './work-item.entity';

export interface Actor {
  role: Role;
  id?: string | undefined;
}

const actorField = (actor: Actor) => ({ role: actor.role, ...(actor.id ? { id: actor.id } : {}) });

/** Consumer of DossierReceived: one work item per dossier, queued at the dossier's centre. */
export async function openWorkItem(tx: ProcessingTransaction, event: EventEnvelope<DossierReceived>, newId: () => string, now: Date): Promise<void> {
  const data = event.data;
  if (await tx.workItems.findByDossier(data.dossierId)) return;
  const item: WorkItem = {
    id: newId(),
    ...dossierRef(data),
    procedureCode: data.procedureCode,
    status: 'OPEN',
    returnChannel: data.returnChannel,
    receivedAt: data.receivedAt,
    appointmentAt: data.appointmentAt,
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
    ...(event.traceparent ? { traceparent: event.traceparent } : {}),
    history: [],
  };
  await tx.workItems.insert(item);
  await tx.emit(
    createEvent({
      name: 'DossierAssigned',
      cause: event,
      traceparent: event.traceparent,
      time: now,
      data: { ...dossierRef(item), actor: { role: 'system' }, workItemId: item.id, assignedAt: now.toISOString() },
    }),
  );
}

async function load(tx: ProcessingTransaction, id: string): Promise<WorkItem> {
  const item = await tx.workItems.get(id);
  if (!item) throw notFound(ProcessingErrors.WORK_ITEM_NOT_FOUND, `no work item ${id}`);
  return item;
}

export function approveWorkItem(run: RunProcessingTransaction, id: string, result: ResultDraft, actor: Actor, clock: () => Date): Promise<WorkItem> {
  return run(async (tx) => {
    const now = clock();
    const item = { ...transition(await load(tx, id), 'approve', actor, now), result };
    await tx.workItems.save(item);
    await tx.emit(
      createEvent({
        name: 'ResultDrafted',
        traceparent: item.traceparent,
        time: now,
        data: {
          ...dossierRef(item),
          actor: actorField(actor),
          workItemId: item.id,
          procedureCode: item.procedureCode,
          result,
          returnChannel: item.returnChannel,
          draftedAt: now.toISOString(),
        },
      }),
    );
    return item;
  });
}

export function rejectWorkItem(run: RunProcessingTransaction, id: string, reason: string, actor: Actor, clock: () => Date): Promise<WorkItem> {
  return run(async (tx) => {
    const now = clock();
    const item = { ...transition(await load(tx, id), 'reject', actor, now), rejectionReason: reason };
    await tx.workItems.save(item);
    await tx.emit(
      createEvent({
        name: 'DossierRejected',
        traceparent: item.traceparent,
        time: now,
        data: {
          ...dossierRef(item),
          actor: actorField(actor),
          workItemId: item.id,
          reason,
          returnChannel: item.returnChannel,
          rejectedAt: now.toISOString(),
        },
      }),
    );
    return item;
  });
}

/** Consumer of DocumentSigned / SignatureDeclined: the work item follows the leader's decision. */
export async function followSignature(tx: ProcessingTransaction, dossierId: string, outcome: 'signed' | 'signatureDeclined', now: Date): Promise<void> {
  const item = await tx.workItems.findByDossier(dossierId);
  if (!item) throw notFound(ProcessingErrors.WORK_ITEM_NOT_FOUND, `no work item for dossier ${dossierId}`);
  await tx.workItems.save(transition(item, outcome, { role: 'system' }, now));
}
