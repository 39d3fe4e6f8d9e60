/**
 * A valid DossierReceived as intake emits it, for tests of the services that consume
 * it; override any field. One builder, so a schema change is fixed in one place.
 */
import { createEvent, type EventData, type TypedEnvelope } from '@motcua/contracts';

export type DossierReceivedData = EventData<'DossierReceived'>;

export function dossierReceivedData(overrides: Partial<DossierReceivedData> = {}): DossierReceivedData {
  return {
    dossierId: 'd-1',
    dossierCode: 'PDN-261125-0001',
    centreId: 'hue-phong-dien',
    procedureCode: '1.001193',
    procedureName: 'Đăng ký khai sinh',
    receptionPointId: 'pdn-main',
    submissionChannel: 'counter',
    viaSatellite: false,
    receivedAt: '2026-11-25T02:00:00.000Z',
    appointmentAt: '2026-11-25T10:00:00.000Z',
    applicant: { fullName: 'Trần Thị Bình', idNumber: '046190012345', phone: '0912345678' },
    documents: [],
    returnChannel: { type: 'counter' },
    requiresSignature: true,
    ...overrides,
  };
}

export function dossierReceived(
  overrides: Partial<DossierReceivedData> = {},
  envelope: { time?: Date; traceparent?: string } = {},
): TypedEnvelope<'DossierReceived'> {
  return createEvent({ name: 'DossierReceived', data: dossierReceivedData(overrides), ...envelope });
}
