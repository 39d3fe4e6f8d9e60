/**
 * What return does with the facts other services report: the applicant's identity
 * from intake's receipt, a signed result or a rejection letter to route by its
 * channel, and intake's courier bringing a result to a satellite point.
 */
import { findCentre } from '@motcua/catalogue';
import { applyAction, finalStates, rolesFor, type DocumentSigned, type DossierReceived, type DossierRejected, type DossierWithdrawn, type EventEnvelope, type ResultTransferred } from '@motcua/contracts';
import { AppError } from '@motcua/errors';
import { hashIdNumber } from './recipient.rules';
import { resultEvent, systemActor } from './return.events';
import type { ReturnContext, ReturnTransaction } from './return.ports';
import { routeResult } from './result-routing.rules';
import { ReturnErrors, type Result } from './result.entity';

/** Consumer of DossierReceived: remembers who may collect the result, never the id number itself. */
export async function rememberApplicant(tx: ReturnTransaction, event: EventEnvelope<DossierReceived>): Promise<void> {
  const d = event.data;
  await tx.applicants.upsert({
    id: d.dossierId,
    dossierCode: d.dossierCode,
    centreId: d.centreId,
    fullName: d.applicant.fullName,
    idNumberSha256: hashIdNumber(d.dossierId, d.applicant.idNumber),
    idNumberLast4: d.applicant.idNumber.slice(-4),
  });
}

/**
 * Consumer of DossierWithdrawn: remembered so that a result signed afterwards is not
 * made ready; a result already waiting is closed as WITHDRAWN (a fact from intake,
 * recorded in its history) and can no longer be handed over.
 */
export async function dossierWithdrawn(tx: ReturnTransaction, event: EventEnvelope<DossierWithdrawn>): Promise<void> {
  const data = event.data;
  const known = await tx.applicants.get(data.dossierId);
  if (known) await tx.applicants.upsert({ ...known, withdrawnAt: data.withdrawnAt });
  const result = await tx.results.findByDossier(data.dossierId);
  if (!result || finalStates.includes(result.state)) return;
  const role = data.actor?.role ?? 'citizen';
  const closed = applyAction(result, 'withdraw', { role: rolesFor('withdraw').includes(role) ? role : 'citizen', ...(data.actor?.id ? { id: data.actor.id } : {}) }, new Date(data.withdrawnAt), {
    reason: data.reason,
    traceparent: event.traceparent,
  });
  await tx.results.save(closed);
}

export type Outcome = { event: EventEnvelope<DocumentSigned>; kind: 'result' } | { event: EventEnvelope<DossierRejected>; kind: 'rejection' };

/**
 * A signed result becomes collectable (`markReady`: SIGNED → RESULT_READY); a
 * rejection letter stays REJECTED, which the table hands over from. Either way
 * ResultReady says so. The lifecycle has no state for a result in transit: it stays
 * SIGNED (or REJECTED) with status AWAITING_TRANSFER until then.
 */
function markReady(result: Result, now: Date): Result {
  const moved = result.kind === 'result' ? applyAction(result, 'markReady', systemActor, now, { traceparent: result.traceparent }) : result;
  return { ...moved, status: 'READY', readyAt: now.toISOString() };
}

function readyEvent(ready: Result, now: Date, cause: Pick<EventEnvelope, 'id' | 'correlationid'>): EventEnvelope {
  return resultEvent(
    'ResultReady',
    ready,
    systemActor,
    { kind: ready.kind, returnChannel: ready.returnChannel, ...(ready.documentId ? { documentId: ready.documentId } : {}), readyAt: ready.readyAt as string },
    now,
    cause,
  );
}

/** Consumer of DocumentSigned and DossierRejected: one result per dossier, routed by the channel chosen at intake. */
export async function prepareResult(tx: ReturnTransaction, ctx: ReturnContext, outcome: Outcome): Promise<void> {
  const data = outcome.event.data;
  if (await tx.results.findByDossier(data.dossierId)) return;
  // Signed or rejected after the citizen withdrew (the decision crossed the withdrawal): nothing to hand back.
  if ((await tx.applicants.get(data.dossierId))?.withdrawnAt) return;
  const now = ctx.clock();
  const routing = routeResult(data.returnChannel, findCentre(ctx.catalogue, data.centreId));
  const result: Result = {
    id: ctx.newId(),
    dossierId: data.dossierId,
    dossierCode: data.dossierCode,
    centreId: data.centreId,
    kind: outcome.kind,
    returnChannel: data.returnChannel,
    ...(routing.receptionPointId ? { receptionPointId: routing.receptionPointId } : {}),
    ...(outcome.kind === 'result' ? { documentId: outcome.event.data.documentId } : {}),
    state: outcome.kind === 'result' ? 'SIGNED' : 'REJECTED',
    history: [],
    status: routing.route === 'transfer' ? 'AWAITING_TRANSFER' : 'READY',
    createdAt: now.toISOString(),
    ...(outcome.event.traceparent ? { traceparent: outcome.event.traceparent } : {}),
  };
  if (routing.route === 'ready') {
    const ready = markReady(result, now);
    await tx.results.insert(ready);
    await tx.emit(readyEvent(ready, now, outcome.event));
    return;
  }
  // Intake puts it on the next round's manifest for that point and reports ResultTransferred once it is there.
  const dispatched: Result = { ...result, dispatchedAt: now.toISOString() };
  await tx.results.insert(dispatched);
  await tx.emit(resultEvent('ResultDispatched', dispatched, systemActor, { returnChannel: dispatched.returnChannel, dispatchedAt: now.toISOString() }, now, outcome.event));
}

/** Consumer of ResultTransferred: the round brought the result to its satellite point, where it is now ready. */
export async function resultTransferred(tx: ReturnTransaction, ctx: ReturnContext, event: EventEnvelope<ResultTransferred>): Promise<void> {
  const data = event.data;
  const result = await tx.results.get(data.resultId);
  // Intake only learns result ids from ResultDispatched, emitted with the result: an unknown one is a bad event.
  if (!result) throw new AppError(ReturnErrors.RESULT_NOT_FOUND, 'permanent', `ResultTransferred names result ${data.resultId}, which return does not have`);
  if (result.status !== 'AWAITING_TRANSFER') return;
  if (result.receptionPointId !== data.receptionPointId) {
    throw new AppError(ReturnErrors.TRANSFER_MISMATCH, 'permanent', `result ${result.id} was sent to ${result.receptionPointId ?? '?'} but reported arrived at ${data.receptionPointId}`, {
      details: { resultId: result.id, expected: result.receptionPointId, reported: data.receptionPointId },
    });
  }
  const now = ctx.clock();
  const ready = markReady({ ...result, transferredAt: data.arrivedAt, transferRoundId: data.roundId }, now);
  await tx.results.save(ready);
  await tx.emit(readyEvent(ready, now, event));
}
