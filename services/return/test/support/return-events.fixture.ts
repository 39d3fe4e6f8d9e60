/** The events return consumes, as their producers emit them, for one dossier of a test. */
import { createEvent, type ReturnChannel, type TypedEnvelope } from '@motcua/contracts';
import { dossierReceived, type DossierReceivedData } from '@motcua/testing';

export type DossierRef = { dossierId: string; dossierCode: string; centreId: string };

export const applicant = { fullName: 'Trần Thị Bình', idNumber: '046190012345', phone: '0912345678' };

/** Dossier `n` of a test, at Phong Điền. */
export function dossier(n: number): DossierRef {
  return { dossierId: `d-${n}`, dossierCode: `PDN-261125-${String(n).padStart(4, '0')}`, centreId: 'hue-phong-dien' };
}

export function received(ref: DossierRef, returnChannel: ReturnChannel, overrides: Partial<DossierReceivedData> = {}): TypedEnvelope<'DossierReceived'> {
  return dossierReceived({ ...ref, applicant, returnChannel, ...overrides });
}

export function signed(ref: DossierRef, returnChannel: ReturnChannel, at: Date, documentId = 'a'.repeat(64)): TypedEnvelope<'DocumentSigned'> {
  return createEvent({
    name: 'DocumentSigned',
    data: {
      ...ref,
      actor: { role: 'leader', id: 'pdn-leader-1' },
      signatureRequestId: `sr-${ref.dossierId}`,
      documentId,
      documentSha256: documentId,
      signatureKind: 'sha256-digest-record',
      signer: { id: 'pdn-leader-1' },
      returnChannel,
      signedAt: at.toISOString(),
    },
  });
}

export function rejected(ref: DossierRef, returnChannel: ReturnChannel, at: Date): TypedEnvelope<'DossierRejected'> {
  return createEvent({
    name: 'DossierRejected',
    data: { ...ref, actor: { role: 'specialist', id: 'pdn-specialist-1' }, workItemId: `w-${ref.dossierId}`, reason: 'Không thuộc thẩm quyền', returnChannel, rejectedAt: at.toISOString() },
  });
}

export function transferred(ref: DossierRef, resultId: string, receptionPointId: string, at: Date): TypedEnvelope<'ResultTransferred'> {
  return createEvent({
    name: 'ResultTransferred',
    data: { ...ref, actor: { role: 'courier', id: 'pdn-courier-1' }, resultId, receptionPointId, roundId: `${receptionPointId}:20261125:1530`, arrivedAt: at.toISOString() },
  });
}
