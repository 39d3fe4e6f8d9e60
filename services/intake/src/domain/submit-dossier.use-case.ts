/**
 * Receives a dossier at a counter or from the portal: checks it against the
 * procedure and the centre, gives it its code and appointment, flags it when it looks
 * like a resubmission, and records DossierReceived with it in one transaction. A
 * dossier taken in at the main counter or from the portal goes to processing at once;
 * one taken in at a satellite point waits there for the courier.
 */
import { applyAction, createEvent, type Applicant, type DocumentRef, type ReturnChannel } from '@motcua/contracts';
import {
  dossierCodeTemplateOf,
  dossierSequenceName,
  findCentre,
  findProcedure,
  formatDossierCode,
  mainReceptionPoint,
  type Catalogue,
} from '@motcua/catalogue';
import { MAX_DUPLICATES_NAMED, duplicateWindowStart, submissionFingerprint } from './duplicate.rules';
import type { Dossier } from './dossier.entity';
import { actorRef, assertActsAt, systemActor, type IntakeActor } from './intake.actor';
import { IntakeErrors, refused, roleNotAllowed } from './intake.errors';
import type { IntakeContext, RunIntakeTransaction } from './intake.ports';

export interface SubmitDossierCommand {
  procedureCode: string;
  centreId: string;
  receptionPointId?: string | undefined;
  submissionChannel: 'counter' | 'portal';
  applicant: Applicant;
  documents: DocumentRef[];
  returnChannel: ReturnChannel;
  actor: IntakeActor;
  /** The submitting request's trace context: it becomes the dossier's trace. */
  traceparent?: string | undefined;
  /** The request's `Idempotency-Key`, when it has one, and since when it stands for this submission. */
  idempotency?: { key: string; since: string } | undefined;
}

/** Who may take a dossier in: a reception officer, or an integrator for the portal. */
const SUBMITTING_ROLES = ['reception', 'integrator', 'citizen'];

/** The procedure, centre and reception point a submission or refusal names; 422 when one is unknown. */
export function resolveReception(catalogue: Catalogue, names: { procedureCode: string; centreId: string; receptionPointId?: string | undefined }) {
  const procedure = findProcedure(catalogue, names.procedureCode);
  if (!procedure) throw refused(IntakeErrors.UNKNOWN_PROCEDURE, `unknown procedure ${names.procedureCode}`, [{ path: 'body/procedureCode', message: 'unknown procedure' }]);
  const centre = findCentre(catalogue, names.centreId);
  if (!centre) throw refused(IntakeErrors.UNKNOWN_CENTRE, `unknown centre ${names.centreId}`, [{ path: 'body/centreId', message: 'unknown centre' }]);
  const point = names.receptionPointId ? centre.receptionPoints.find((p) => p.id === names.receptionPointId) : mainReceptionPoint(centre);
  if (!point) {
    throw refused(IntakeErrors.UNKNOWN_RECEPTION_POINT, `centre ${centre.id} has no reception point ${names.receptionPointId ?? '(main)'}`, [
      { path: 'body/receptionPointId', message: 'unknown reception point' },
    ]);
  }
  return { procedure, centre, point };
}

function check(command: SubmitDossierCommand, catalogue: Catalogue, isPostalPoint: (code: string) => boolean) {
  const { procedure, centre, point } = resolveReception(catalogue, command);
  const handedIn = new Set(command.documents.map((d) => d.code));
  const missing = procedure.requiredDocuments.filter((d) => !handedIn.has(d.code));
  if (missing.length > 0) {
    throw refused(
      IntakeErrors.MISSING_DOCUMENTS,
      `required documents missing: ${missing.map((d) => d.code).join(', ')}`,
      missing.map((d) => ({ path: 'body/documents', message: `missing ${d.code} (${d.name})` })),
    );
  }
  if (!procedure.returnChannels.includes(command.returnChannel.type)) {
    throw refused(IntakeErrors.RETURN_CHANNEL_NOT_ALLOWED, `procedure ${procedure.code} does not return by ${command.returnChannel.type}`, [
      { path: 'body/returnChannel/type', message: `allowed: ${procedure.returnChannels.join(', ')}` },
    ]);
  }
  const channel = command.returnChannel;
  if (channel.type === 'postal_point' && !channel.postalPointId) throw refused(IntakeErrors.RETURN_CHANNEL_INCOMPLETE, 'postal_point return needs postalPointId', [{ path: 'body/returnChannel/postalPointId', message: 'required for postal_point' }]);
  if (channel.type === 'postal_point' && channel.postalPointId && !isPostalPoint(channel.postalPointId)) {
    throw refused(IntakeErrors.UNKNOWN_POSTAL_POINT, `no public postal point ${channel.postalPointId}`, [{ path: 'body/returnChannel/postalPointId', message: 'not in the postal points registry' }]);
  }
  if (channel.type === 'postal_home' && !channel.address) throw refused(IntakeErrors.RETURN_CHANNEL_INCOMPLETE, 'postal_home return needs address', [{ path: 'body/returnChannel/address', message: 'required for postal_home' }]);
  if (channel.type === 'counter' && channel.receptionPointId && !centre.receptionPoints.some((p) => p.id === channel.receptionPointId)) {
    throw refused(IntakeErrors.UNKNOWN_RECEPTION_POINT, `centre ${centre.id} has no reception point ${channel.receptionPointId} to return the result at`, [
      { path: 'body/returnChannel/receptionPointId', message: 'not a reception point of the centre' },
    ]);
  }
  return { procedure, centre, point };
}

export async function submitDossier(run: RunIntakeTransaction, ctx: IntakeContext, command: SubmitDossierCommand): Promise<Dossier> {
  const { actor } = command;
  if (!SUBMITTING_ROLES.includes(actor.role)) throw roleNotAllowed(actor.role, 'take a dossier in');
  assertActsAt(actor, command.centreId);
  const { procedure, centre, point } = check(command, ctx.catalogue, (code) => ctx.isPostalPoint(code));
  const receivedAt = ctx.clock();
  const appointmentAt = ctx.calendar.appointmentFor(receivedAt, procedure.deadline);
  // A counter return with no point named means the point the citizen stands at.
  const returnChannel: ReturnChannel =
    command.returnChannel.type === 'counter' && !command.returnChannel.receptionPointId ? { ...command.returnChannel, receptionPointId: point.id } : command.returnChannel;
  const fingerprint = submissionFingerprint({ idNumber: command.applicant.idNumber, procedureCode: procedure.code, documentCodes: command.documents.map((d) => d.code) });
  const viaSatellite = point.kind === 'satellite';

  return run(async (tx) => {
    // The HTTP layer replays a key's recorded answer; this covers a crash after the commit and before that record,
    // when the retry runs the submission again: the same citizen's same submission under the same key is the dossier already taken in.
    const taken = command.idempotency ? await tx.dossiers.findBySubmission(command.idempotency.key, fingerprint, command.idempotency.since) : undefined;
    if (taken) return taken;
    const sequence = await tx.nextSequence(dossierSequenceName(centre.id, receivedAt));
    const code = formatDossierCode(dossierCodeTemplateOf(ctx.catalogue, centre), { centreCode: centre.code, receivedAt, sequence });
    const earlier = await tx.dossiers.findByFingerprint(centre.id, fingerprint, duplicateWindowStart(receivedAt, ctx.duplicateWindowHours), MAX_DUPLICATES_NAMED);
    const duplicateOf = earlier.map((d) => ({ dossierId: d.id, dossierCode: d.code }));
    const received: Dossier = {
      id: ctx.newId(),
      code,
      centreId: centre.id,
      procedureCode: procedure.code,
      receptionPointId: point.id,
      viaSatellite,
      submissionChannel: command.submissionChannel,
      applicant: command.applicant,
      documents: command.documents,
      returnChannel,
      state: 'RECEIVED',
      history: [],
      receivedAt: receivedAt.toISOString(),
      receivedBy: actorRef(actor),
      appointmentAt: appointmentAt.toISOString(),
      fingerprint,
      ...(command.idempotency ? { submissionKey: command.idempotency.key } : {}),
      potentialDuplicate: duplicateOf.length > 0,
      ...(duplicateOf.length > 0 ? { duplicateOf } : {}),
      ...(command.traceparent ? { traceparent: command.traceparent } : {}),
    };
    // The main counter and the portal hand the dossier to processing at once; a satellite point keeps it for the courier.
    const dossier = viaSatellite ? received : applyAction(received, 'forward', systemActor, receivedAt, { traceparent: received.traceparent });
    await tx.dossiers.insert(dossier);
    const ref = { dossierId: dossier.id, dossierCode: dossier.code, centreId: dossier.centreId, actor: actorRef(actor) };
    await tx.emit(
      createEvent({
        name: 'DossierReceived',
        time: receivedAt,
        traceparent: dossier.traceparent,
        data: {
          ...ref,
          procedureCode: procedure.code,
          procedureName: procedure.name,
          receptionPointId: point.id,
          submissionChannel: command.submissionChannel,
          viaSatellite,
          receivedAt: dossier.receivedAt,
          appointmentAt: dossier.appointmentAt,
          applicant: dossier.applicant,
          documents: dossier.documents,
          returnChannel,
          requiresSignature: procedure.requiresSignature,
        },
      }),
    );
    if (duplicateOf.length > 0) {
      await tx.emit(
        createEvent({
          name: 'PotentialDuplicateFlagged',
          time: receivedAt,
          traceparent: dossier.traceparent,
          data: { ...ref, actor: actorRef(systemActor), duplicateOf, windowHours: ctx.duplicateWindowHours, flaggedAt: dossier.receivedAt },
        }),
      );
    }
    return dossier;
  });
}
