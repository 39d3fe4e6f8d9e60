/** The events processing emits, built from a work item so every one names its dossier and continues its trace. */
import { createEvent, dossierRef, type Actor, type EventData, type EventEnvelope, type HistoryActor } from '@motcua/contracts';
import type { Officer } from '@motcua/catalogue';
import type { OfficerRef, WorkItem } from './work-item.entity';

export type ProcessingEventName = 'DossierAssigned' | 'SupplementRequested' | 'ProcessingResumed' | 'ResultDrafted' | 'DossierRejected' | 'DossierOverdue' | 'DossierExtended';

type OwnData<N extends ProcessingEventName> = Omit<EventData<N>, 'dossierId' | 'dossierCode' | 'centreId' | 'actor' | 'workItemId'>;

export const systemActor: HistoryActor = { role: 'system' };

export function actorOf(officer: Officer): HistoryActor {
  return { role: officer.role, id: officer.id };
}

export function officerRef(officer: Officer): OfficerRef {
  return { id: officer.id, name: officer.name, role: officer.role };
}

export function eventActor(actor: HistoryActor): Actor {
  return { role: actor.role, ...(actor.id ? { id: actor.id } : {}) };
}

export function workItemEvent<N extends ProcessingEventName>(
  name: N,
  item: WorkItem,
  actor: HistoryActor,
  data: OwnData<N>,
  at: Date,
  cause?: Pick<EventEnvelope, 'id' | 'correlationid'>,
): EventEnvelope {
  return createEvent({
    name,
    cause,
    traceparent: item.traceparent,
    time: at,
    data: { ...dossierRef(item), actor: eventActor(actor), workItemId: item.id, ...data } as unknown as EventData<N>,
  });
}
