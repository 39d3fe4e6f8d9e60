/**
 * Receives a dossier at a counter or from the portal: checks it against the
 * procedure and the centre, gives it its code and appointment, and records
 * DossierReceived with it in one transaction.
 */
import { createEvent, type Applicant, type DocumentRef, type ReturnChannel } from '@motcua/contracts';
import { AppError } from '@motcua/errors';
import type { WorkingCalendar } from '@motcua/working-time';
import type { Catalogue } from './catalogue';
import type { Dossier } from './dossier.entity';
import { IntakeErrors, refused } from './intake.errors';
import type { IdGenerator, RunIntakeTransaction } from './intake.ports';
import { localDateStamp } from './working-time';

export interface SubmitDossierCommand {
  procedureCode: string;
  centreId: string;
  receptionPointId?: string | undefined;
  submissionChannel: 'counter' | 'portal';
  applicant: Applicant;
  documents: DocumentRef[];
  returnChannel: ReturnChannel;
  actor: { role: 'reception' | 'integrator' | 'citizen'; id?: string | undefined };
  /** The submitting request's trace context: it becomes the dossier's trace. */
  traceparent?: string | undefined;
}

export interface SubmitDossierDeps {
  catalogue: Catalogue;
  transaction: RunIntakeTransaction;
  newId: IdGenerator;
  clock: () => Date;
  /** Working days and office hours, loaded once at start from the calendar data files. */
  calendar: WorkingCalendar;
}

function check(command: SubmitDossierCommand, catalogue: Catalogue) {
  const procedure = catalogue.procedures.find((p) => p.code === command.procedureCode);
  if (!procedure) throw refused(IntakeErrors.UNKNOWN_PROCEDURE, `unknown procedure ${command.procedureCode}`, [{ path: 'body/procedureCode', message: 'unknown procedure' }]);
  const centre = catalogue.centres.find((c) => c.id === command.centreId);
  if (!centre) throw refused(IntakeErrors.UNKNOWN_CENTRE, `unknown centre ${command.centreId}`, [{ path: 'body/centreId', message: 'unknown centre' }]);
  const point = command.receptionPointId
    ? centre.receptionPoints.find((p) => p.id === command.receptionPointId)
    : centre.receptionPoints.find((p) => p.kind === 'main');
  if (!point) throw refused(IntakeErrors.UNKNOWN_RECEPTION_POINT, `centre ${centre.id} has no reception point ${command.receptionPointId ?? '(main)'}`, [{ path: 'body/receptionPointId', message: 'unknown reception point' }]);
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
  if (channel.type === 'postal_home' && !channel.address) throw refused(IntakeErrors.RETURN_CHANNEL_INCOMPLETE, 'postal_home return needs address', [{ path: 'body/returnChannel/address', message: 'required for postal_home' }]);
  return { procedure, centre, point };
}

export async function submitDossier(command: SubmitDossierCommand, deps: SubmitDossierDeps): Promise<Dossier> {
  const { procedure, centre, point } = check(command, deps.catalogue);
  const receivedAt = deps.clock();
  const appointmentAt = deps.calendar.appointmentFor(receivedAt, procedure.deadline);
  const returnChannel: ReturnChannel =
    command.returnChannel.type === 'counter' && !command.returnChannel.receptionPointId ? { ...command.returnChannel, receptionPointId: point.id } : command.returnChannel;

  return deps.transaction(async (tx) => {
    const day = localDateStamp(receivedAt);
    const sequence = await tx.nextSequence(`dossier-code:${centre.id}:${day}`);
    if (sequence > 9999) throw new AppError('INTAKE.SEQUENCE_EXHAUSTED', 'conflict', `centre ${centre.id} reached 9999 dossiers on ${day}`);
    const dossier: Dossier = {
      id: deps.newId(),
      code: `${centre.code}-${day}-${String(sequence).padStart(4, '0')}`,
      centreId: centre.id,
      procedureCode: procedure.code,
      receptionPointId: point.id,
      submissionChannel: command.submissionChannel,
      applicant: command.applicant,
      documents: command.documents,
      returnChannel,
      status: 'RECEIVED',
      receivedAt: receivedAt.toISOString(),
      appointmentAt: appointmentAt.toISOString(),
      ...(command.traceparent ? { traceparent: command.traceparent } : {}),
    };
    await tx.dossiers.insert(dossier);
    await tx.emit(
      createEvent({
        name: 'DossierReceived',
        time: receivedAt,
        traceparent: dossier.traceparent,
        data: {
          dossierId: dossier.id,
          dossierCode: dossier.code,
          centreId: dossier.centreId,
          actor: { role: command.actor.role, ...(command.actor.id ? { id: command.actor.id } : {}) },
          procedureCode: procedure.code,
          procedureName: procedure.name,
          receptionPointId: point.id,
          submissionChannel: command.submissionChannel,
          viaSatellite: point.kind === 'satellite',
          receivedAt: dossier.receivedAt,
          appointmentAt: dossier.appointmentAt,
          applicant: dossier.applicant,
          documents: dossier.documents,
          returnChannel,
          requiresSignature: procedure.requiresSignature,
        },
      }),
    );
    return dossier;
  });
}
