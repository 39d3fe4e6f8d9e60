/**
 * What officers do to a work item over HTTP: claim it, reassign it, request a
 * supplement, approve it with a result draft, reject it, extend its appointment.
 * Each checks, in this order and before writing anything: that the officer works at
 * the dossier's centre, that the lifecycle table allows the action for the officer's
 * role in the item's state, then the action's own rules. The state change, the timer
 * and the event commit together.
 */
import type { ResultDraft } from '@motcua/contracts';
import { assertSameCentre, findOfficer, type Officer } from '@motcua/catalogue';
import { AppError } from '@motcua/errors';
import { extendClock, pauseClock } from '@motcua/working-time';
import { ProcessingErrors, workItemNotFound } from './processing.errors';
import type { ProcessingContext, ProcessingTransaction, RunProcessingTransaction } from './processing.ports';
import { actorOf, officerRef, workItemEvent } from './processing.events';
import { act, toDeadlineClock, withClock, type WorkItem } from './work-item.entity';

export interface SupplementRequest {
  reason: string;
  documents: { code: string; name: string }[];
}

export interface Extension {
  reason: string;
  newAppointmentAt: string;
}

async function itemForOfficer(tx: ProcessingTransaction, id: string, officer: Officer): Promise<WorkItem> {
  const item = await tx.workItems.get(id);
  if (!item) throw workItemNotFound(id);
  assertSameCentre(officer, item.centreId);
  return item;
}

/** A specialist takes an unassigned item of their centre's queue (a leader reassigns one that is someone else's). */
export function claimWorkItem(run: RunProcessingTransaction, ctx: ProcessingContext, id: string, officer: Officer): Promise<WorkItem> {
  return run(async (tx) => {
    const item = await itemForOfficer(tx, id, officer);
    const now = ctx.clock();
    const claimed: WorkItem = { ...act(item, 'claim', actorOf(officer), now), assigneeId: officer.id };
    if (item.assigneeId === officer.id) return item;
    if (item.assigneeId) {
      throw new AppError(ProcessingErrors.ALREADY_ASSIGNED, 'conflict', `work item ${id} is assigned to ${item.assigneeId}: a leader reassigns it`, {
        details: { assigneeId: item.assigneeId },
      });
    }
    await tx.workItems.save(claimed);
    await tx.emit(workItemEvent('DossierAssigned', claimed, actorOf(officer), { assigneeId: officer.id, assignedAt: now.toISOString() }, now));
    return claimed;
  });
}

/** A leader gives the item to another specialist of the centre. */
export function reassignWorkItem(
  run: RunProcessingTransaction,
  ctx: ProcessingContext,
  id: string,
  change: { assigneeId: string; reason: string },
  officer: Officer,
): Promise<WorkItem> {
  return run(async (tx) => {
    const item = await itemForOfficer(tx, id, officer);
    const now = ctx.clock();
    const reassigned: WorkItem = { ...act(item, 'reassign', actorOf(officer), now, change.reason), assigneeId: change.assigneeId };
    const assignee = findOfficer(ctx.catalogue, change.assigneeId);
    if (!assignee || assignee.role !== 'specialist' || assignee.centreId !== item.centreId) {
      throw new AppError(ProcessingErrors.INVALID_ASSIGNEE, 'validation', `${change.assigneeId} is not a specialist of centre ${item.centreId}`, {
        status: 422,
        fields: [{ path: 'body/assigneeId', message: 'must be a specialist of the dossier’s centre' }],
      });
    }
    await tx.workItems.save(reassigned);
    await tx.emit(workItemEvent('DossierAssigned', reassigned, actorOf(officer), { assigneeId: assignee.id, assignedAt: now.toISOString() }, now));
    return reassigned;
  });
}

/** The dossier is incomplete: the clock stops (keeping the office time left) until the citizen hands the papers in. */
export function requestSupplement(run: RunProcessingTransaction, ctx: ProcessingContext, id: string, request: SupplementRequest, officer: Officer): Promise<WorkItem> {
  return run(async (tx) => {
    const item = await itemForOfficer(tx, id, officer);
    const now = ctx.clock();
    const requested = act(item, 'requestSupplement', actorOf(officer), now, request.reason);
    const paused = withClock(requested, pauseClock(ctx.calendar, toDeadlineClock(item.clock), now));
    const recorded: WorkItem = {
      ...paused,
      supplementRequests: [
        ...item.supplementRequests,
        { reason: request.reason, documents: request.documents, requestedAt: now.toISOString(), requestedBy: officerRef(officer), appointmentAt: item.appointmentAt },
      ],
    };
    await tx.workItems.save(recorded);
    await tx.overdueTimers.cancel(recorded);
    await tx.emit(
      workItemEvent('SupplementRequested', recorded, actorOf(officer), { reason: request.reason, requestedDocuments: request.documents, requestedAt: now.toISOString() }, now),
    );
    return recorded;
  });
}

/** Approved with the result's text: the item awaits the leader's signature (signing consumes ResultDrafted). */
export function approveWorkItem(run: RunProcessingTransaction, ctx: ProcessingContext, id: string, result: ResultDraft, officer: Officer): Promise<WorkItem> {
  return run(async (tx) => {
    const item = await itemForOfficer(tx, id, officer);
    const now = ctx.clock();
    const approved: WorkItem = { ...act(item, 'approve', actorOf(officer), now), result };
    await tx.workItems.save(approved);
    await tx.emit(
      workItemEvent(
        'ResultDrafted',
        approved,
        actorOf(officer),
        { procedureCode: approved.procedureCode, result, returnChannel: approved.returnChannel, draftedAt: now.toISOString() },
        now,
      ),
    );
    return approved;
  });
}

/** Refused with a reason (also when the requested supplement never came): the item leaves processing. */
export function rejectWorkItem(run: RunProcessingTransaction, ctx: ProcessingContext, id: string, reason: string, officer: Officer): Promise<WorkItem> {
  return run(async (tx) => {
    const item = await itemForOfficer(tx, id, officer);
    const now = ctx.clock();
    const rejected: WorkItem = {
      ...act(item, 'reject', actorOf(officer), now, reason),
      rejection: { reason, rejectedAt: now.toISOString(), rejectedBy: officerRef(officer) },
    };
    await tx.workItems.save(rejected);
    await tx.overdueTimers.cancel(rejected);
    await tx.emit(workItemEvent('DossierRejected', rejected, actorOf(officer), { reason, returnChannel: rejected.returnChannel, rejectedAt: now.toISOString() }, now));
    return rejected;
  });
}

/**
 * A later appointment, given with an apology letter (form 04) that states the reason.
 * It must be later than the current appointment and than now: an extension never
 * shortens the wait and never sets an appointment that has already passed.
 */
export function extendWorkItem(run: RunProcessingTransaction, ctx: ProcessingContext, id: string, extension: Extension, officer: Officer): Promise<WorkItem> {
  return run(async (tx) => {
    const item = await itemForOfficer(tx, id, officer);
    const now = ctx.clock();
    const extended = act(item, 'extend', actorOf(officer), now, extension.reason);
    const newAppointment = new Date(extension.newAppointmentAt);
    const notBefore = Math.max(now.getTime(), Date.parse(item.appointmentAt));
    if (!(newAppointment.getTime() > notBefore)) {
      throw new AppError(ProcessingErrors.EXTENSION_NOT_LATER, 'validation', `the new appointment must be later than ${new Date(notBefore).toISOString()}`, {
        status: 422,
        fields: [{ path: 'body/newAppointmentAt', message: 'must be later than the current appointment and than now' }],
      });
    }
    const moved = withClock(extended, extendClock(toDeadlineClock(item.clock), newAppointment));
    const recorded: WorkItem = {
      ...moved,
      overdue: false,
      extensions: [
        ...item.extensions,
        {
          reason: extension.reason,
          previousAppointmentAt: item.appointmentAt,
          newAppointmentAt: moved.appointmentAt,
          issuedAt: now.toISOString(),
          issuedBy: officerRef(officer),
        },
      ],
    };
    await tx.workItems.save(recorded);
    await tx.overdueTimers.schedule(recorded);
    await tx.emit(
      workItemEvent(
        'DossierExtended',
        recorded,
        actorOf(officer),
        { previousAppointmentAt: item.appointmentAt, newAppointmentAt: recorded.appointmentAt, reason: extension.reason },
        now,
      ),
    );
    return recorded;
  });
}
