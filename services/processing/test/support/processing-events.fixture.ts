/** The events processing consumes, as their producers emit them, for one dossier; override what a test needs. */
import { createEvent, type Actor, type TypedEnvelope } from '@motcua/contracts';
import { dossierReceived, type DossierReceivedData } from '@motcua/testing';

export type DossierRef = { dossierId: string; dossierCode: string; centreId: string };

const ref = (dossier: DossierRef) => ({ dossierId: dossier.dossierId, dossierCode: dossier.dossierCode, centreId: dossier.centreId });

export const courier: Actor = { role: 'courier', id: 'pdn-courier-1' };
export const reception: Actor = { role: 'reception', id: 'pdn-reception-1' };

/** A DossierReceived for dossier `n` of the test (ids and codes differ per dossier). */
export function received(n: number, overrides: Partial<DossierReceivedData> = {}): TypedEnvelope<'DossierReceived'> {
  return dossierReceived({ dossierId: `d-${n}`, dossierCode: `PDN-261125-${String(n).padStart(4, '0')}`, ...overrides });
}

export function inTransit(dossier: DossierRef, at: Date): TypedEnvelope<'DossierInTransit'> {
  return createEvent({ name: 'DossierInTransit', data: { ...ref(dossier), actor: courier, receptionPointId: 'pdn-phong-my', roundId: 'r-1', departedAt: at.toISOString() } });
}

export function arrived(dossier: DossierRef, at: Date): TypedEnvelope<'DossierArrived'> {
  return createEvent({ name: 'DossierArrived', data: { ...ref(dossier), actor: courier, receptionPointId: 'pdn-phong-my', arrivedAt: at.toISOString() } });
}

export function supplementProvidedEvent(dossier: DossierRef, at: Date): TypedEnvelope<'SupplementProvided'> {
  return createEvent({
    name: 'SupplementProvided',
    data: { ...ref(dossier), actor: reception, documents: [{ code: 'GCS', name: 'Giấy chứng sinh' }], providedAt: at.toISOString() },
  });
}

export function withdrawn(dossier: DossierRef, at: Date): TypedEnvelope<'DossierWithdrawn'> {
  return createEvent({ name: 'DossierWithdrawn', data: { ...ref(dossier), actor: reception, reason: 'Công dân rút hồ sơ', withdrawnAt: at.toISOString() } });
}

export function signed(dossier: DossierRef, at: Date): TypedEnvelope<'DocumentSigned'> {
  return createEvent({
    name: 'DocumentSigned',
    data: {
      ...ref(dossier),
      signatureRequestId: 'sr-1',
      documentId: 'doc-1',
      documentSha256: 'a'.repeat(64),
      signatureKind: 'sha256-digest-record',
      signer: { id: 'pdn-leader-1' },
      returnChannel: { type: 'counter' },
      signedAt: at.toISOString(),
    },
  });
}

export function declined(dossier: DossierRef, workItemId: string, at: Date): TypedEnvelope<'SignatureDeclined'> {
  return createEvent({
    name: 'SignatureDeclined',
    data: { ...ref(dossier), actor: { role: 'leader', id: 'pdn-leader-1' }, signatureRequestId: 'sr-1', workItemId, reason: 'Sai họ tên', declinedAt: at.toISOString() },
  });
}
