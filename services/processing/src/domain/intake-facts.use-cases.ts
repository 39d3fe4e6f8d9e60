/**
 * What intake tells processing: a dossier received (a work item opens), a satellite
 * dossier on its way and arrived, a supplement handed in (the clock runs again), a
 * withdrawal (the item closes). Each runs in the consumer's unit of work, once per event.
 */
import type { DossierArrived, DossierReceived, DossierWithdrawn, EventEnvelope, SupplementProvided, TypedEnvelope } from '@motcua/contracts';
import { findProcedure } from '@motcua/catalogue';
import { permanent } from '@motcua/errors';
import { restartClock, resumeClock } from '@motcua/working-time';
import { assignAutomatically } from './assign-work-item.use-case';
import { applyFact } from './fact.projection';
import { ProcessingErrors } from './processing.errors';
import type { ProcessingContext, ProcessingTransaction } from './processing.ports';
import { systemActor, workItemEvent } from './processing.events';
import { act, toDeadlineClock, withClock, type WorkItem } from './work-item.entity';

/**
 * Opens the dossier's work item. A dossier taken in at the main counter or the portal
 * enters processing at once and is assigned; one taken in at a satellite point waits
 * (RECEIVED, then IN_TRANSIT) until it arrives. The clock runs from the receipt either
 * way, with the appointment intake computed and printed on the receipt, so the overdue
 * timer is set now: a dossier still on the road can fall due.
 */
export async function openWorkItem(tx: ProcessingTransaction, ctx: ProcessingContext, event: EventEnvelope<DossierReceived>): Promise<void> {
  const data = event.data;
  if (await tx.workItems.findByDossier(data.dossierId)) return;
  const procedure = findProcedure(ctx.catalogue, data.procedureCode);
  if (!procedure) {
    throw permanent(ProcessingErrors.UNKNOWN_PROCEDURE, `procedure ${data.procedureCode} of dossier ${data.dossierCode} is not in the catalogue`, { procedureCode: data.procedureCode });
  }
  const now = ctx.clock();
  let item: WorkItem = {
    id: ctx.newId(),
    dossierId: data.dossierId,
    dossierCode: data.dossierCode,
    centreId: data.centreId,
    receptionPointId: data.receptionPointId,
    viaSatellite: data.viaSatellite,
    procedureCode: data.procedureCode,
    procedureName: procedure.name,
    rules: { deadline: procedure.deadline, supplementClock: procedure.supplementClock, sector: procedure.sector },
    applicantName: data.applicant.fullName,
    returnChannel: data.returnChannel,
    receivedAt: data.receivedAt,
    clock: { state: 'running', appointmentAt: data.appointmentAt },
    appointmentAt: data.appointmentAt,
    overdue: false,
    supplementRequests: [],
    extensions: [],
    state: 'RECEIVED',
    history: [],
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
    ...(event.traceparent ? { traceparent: event.traceparent } : {}),
  };
  if (!data.viaSatellite) {
    item = await assignAutomatically(tx, ctx, act(item, 'forward', systemActor, now), now, event);
  }
  await tx.workItems.insert(item);
  await tx.overdueTimers.schedule(item);
}

async function itemOf(tx: ProcessingTransaction, ctx: ProcessingContext, dossierId: string, event: EventEnvelope): Promise<WorkItem | undefined> {
  const item = await tx.workItems.findByDossier(dossierId);
  // Intake emits DossierReceived first on the same keyed topic, so a missing item means it was never opened (unknown procedure): nothing to follow.
  if (!item) ctx.log.warn({ dossierId, eventType: event.type, eventId: event.id }, 'no work item for this dossier: event skipped');
  return item;
}

export async function dossierInTransit(tx: ProcessingTransaction, ctx: ProcessingContext, event: TypedEnvelope<'DossierInTransit'>): Promise<void> {
  const item = await itemOf(tx, ctx, event.data.dossierId, event);
  if (!item) return;
  const moved = applyFact(item, 'dispatch', event.data.actor, ctx.clock(), ctx.log);
  if (moved) await tx.workItems.save(moved);
}

/** The satellite dossier reached the main centre: it enters processing and is assigned; a timer that fired on the road is set again. */
export async function dossierArrived(tx: ProcessingTransaction, ctx: ProcessingContext, event: EventEnvelope<DossierArrived>): Promise<void> {
  const item = await itemOf(tx, ctx, event.data.dossierId, event);
  if (!item) return;
  const now = ctx.clock();
  const arrived = applyFact(item, 'arrive', event.data.actor, now, ctx.log);
  if (!arrived) return;
  const assigned = await assignAutomatically(tx, ctx, arrived, now, event);
  await tx.workItems.save(assigned);
  await tx.overdueTimers.schedule(assigned);
}

/**
 * The citizen completed the dossier: the clock runs again from the hand-in, with the
 * office time that was left (`resume`) or a fresh deadline (`restart`), as the
 * procedure says. New appointment, new overdue timer.
 */
export async function supplementProvided(tx: ProcessingTransaction, ctx: ProcessingContext, event: EventEnvelope<SupplementProvided>): Promise<void> {
  const item = await itemOf(tx, ctx, event.data.dossierId, event);
  if (!item) return;
  const now = ctx.clock();
  const provided = applyFact(item, 'provideSupplement', event.data.actor, now, ctx.log);
  if (!provided) return;
  const paused = toDeadlineClock(item.clock);
  if (paused.state !== 'paused') throw permanent(ProcessingErrors.CLOCK_NOT_PAUSED, `work item ${item.id} awaits a supplement but its clock runs`);
  // The hand-in time is intake's; never before the pause (clocks of two machines may disagree by a little).
  const at = new Date(Math.max(Date.parse(event.data.providedAt), paused.pausedAt.getTime()));
  const rule = item.rules.supplementClock;
  const clock = rule === 'restart' ? restartClock(ctx.calendar, paused, at, item.rules.deadline) : resumeClock(ctx.calendar, paused, at);
  const resumed = withClock(provided, clock);
  await tx.workItems.save(resumed);
  await tx.overdueTimers.schedule(resumed);
  await tx.emit(
    workItemEvent('ProcessingResumed', resumed, systemActor, { clockRule: rule, appointmentAt: resumed.appointmentAt, resumedAt: at.toISOString() }, now, event),
  );
}

/** Withdrawn at intake: the item closes whatever it was doing, and its timer goes. */
export async function dossierWithdrawn(tx: ProcessingTransaction, ctx: ProcessingContext, event: EventEnvelope<DossierWithdrawn>): Promise<void> {
  const item = await itemOf(tx, ctx, event.data.dossierId, event);
  if (!item) return;
  const withdrawn = applyFact(item, 'withdraw', event.data.actor, ctx.clock(), ctx.log, event.data.reason);
  if (!withdrawn) return;
  await tx.workItems.save(withdrawn);
  await tx.overdueTimers.cancel(withdrawn);
}
