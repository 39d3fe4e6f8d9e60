/** The events return emits, built from a result so each names its dossier and continues its trace. */
import { createEvent, dossierRef, type Actor, type EventData, type EventEnvelope, type HistoryActor } from '@motcua/contracts';
import type { Result } from './result.entity';

type ReturnEventName = 'ResultReady' | 'ResultDispatched' | 'ResultReturned';
type OwnData<N extends ReturnEventName> = Omit<EventData<N>, 'dossierId' | 'dossierCode' | 'centreId' | 'actor' | 'resultId'>;

export const systemActor: HistoryActor = { role: 'system' };

export function resultEvent<N extends ReturnEventName>(
  name: N,
  result: Result,
  actor: HistoryActor,
  data: OwnData<N>,
  at: Date,
  cause?: Pick<EventEnvelope, 'id' | 'correlationid'>,
): EventEnvelope {
  const eventActor: Actor = { role: actor.role, ...(actor.id ? { id: actor.id } : {}) };
  return createEvent({
    name,
    cause,
    traceparent: result.traceparent,
    time: at,
    data: { ...dossierRef(result), actor: eventActor, resultId: result.id, ...data } as unknown as EventData<N>,
  });
}
