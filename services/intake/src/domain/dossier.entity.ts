/** A dossier as intake received it. Intake owns reception; later states belong to other services. */
import type { Applicant, DocumentRef, ReturnChannel } from '@motcua/contracts';

export type IntakeStatus = 'RECEIVED' | 'IN_TRANSIT' | 'FORWARDED' | 'WITHDRAWN';

export interface Dossier {
  id: string;
  code: string;
  centreId: string;
  procedureCode: string;
  receptionPointId: string;
  submissionChannel: 'counter' | 'portal';
  applicant: Applicant;
  documents: DocumentRef[];
  returnChannel: ReturnChannel;
  status: IntakeStatus;
  receivedAt: string;
  appointmentAt: string;
  /** The dossier's trace: every later step continues it. */
  traceparent?: string;
}
