/** Return use cases: a signed result or a rejection becomes ready for its channel; the counter hands it over. */
import { createEvent, dossierRef, type DocumentSigned, type DossierRejected, type EventEnvelope } from '@motcua/contracts';
import { AppError, notFound } from '@motcua/errors';
import type { ReturnTransaction, RunReturnTransaction } from './return.ports';
import { ReturnErrors, type Result } from './result.entity';

type Ready = { event: EventEnvelope<DocumentSigned>; kind: 'result' } | { event: EventEnvelope<DossierRejected>; kind: 'rejection' };

/** Consumer of DocumentSigned and DossierRejected: one result per dossier, routed by the chosen channel. */
export async function prepareResult(tx: ReturnTransaction, ready: Ready, newId: () => string, now: Date): Promise<void> {
  const data = ready.event.data;
  if (await tx.results.findByDossier(data.dossierId)) return;
  const result: Result = {
    id: newId(),
    ...dossierRef(data),
    kind: ready.kind,
    returnChannel: data.returnChannel,
    ...(ready.kind === 'result' ? { documentId: ready.event.data.documentId } : {}),
    status: 'READY',
    readyAt: now.toISOString(),
    ...(ready.event.traceparent ? { traceparent: ready.event.traceparent } : {}),
  };
  await tx.results.insert(result);
  await tx.emit(
    createEvent({
      name: 'ResultReady',
      cause: ready.event,
      traceparent: ready.event.traceparent,
      time: now,
      data: {
        ...dossierRef(result),
        actor: { role: 'system' },
        resultId: result.id,
        kind: result.kind,
        returnChannel: result.returnChannel,
        ...(result.documentId ? { documentId: result.documentId } : {}),
        readyAt: result.readyAt,
      },
    }),
  );
}

export function handOver(run: RunReturnTransaction, id: string, receivedBy: { fullName: string; idNumber: string }, clock: () => Date): Promise<Result> {
  return run(async (tx) => {
    const result = await tx.results.get(id);
    if (!result) throw notFound(ReturnErrors.RESULT_NOT_FOUND, `no result ${id}`);
    if (result.status !== 'READY') throw new AppError(ReturnErrors.ALREADY_RETURNED, 'conflict', `result ${id} was already returned at ${result.returnedAt ?? '?'}`);
    const now = clock();
    const returned: Result = { ...result, status: 'RETURNED', returnedAt: now.toISOString(), receivedByName: receivedBy.fullName };
    await tx.results.save(returned);
    await tx.emit(
      createEvent({
        name: 'ResultReturned',
        traceparent: result.traceparent,
        time: now,
        data: {
          ...dossierRef(result),
          actor: { role: 'reception' },
          resultId: result.id,
          kind: result.kind,
          receivedBy: { fullName: receivedBy.fullName, idNumberLast4: receivedBy.idNumber.slice(-4) },
          returnedAt: now.toISOString(),
        },
      }),
    );
    return returned;
  });
}
