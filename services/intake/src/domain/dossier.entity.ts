/**
 * A dossier as intake knows it. Intake decides reception, the courier rounds,
 * supplements handed in and withdrawal; the later states it keeps (SUPPLEMENT_REQUESTED,
 * REJECTED, RETURNED) are projected from other services' events so that its own
 * actions are checked against the right state.
 */
import type { Actor, Applicant, DocumentRef, DossierState, HistoryEntry, ReturnChannel } from '@motcua/contracts';

export interface SupplementHandIn {
  documents: DocumentRef[];
  providedAt: string;
  providedBy: Actor;
}

export interface Dossier {
  id: string;
  code: string;
  centreId: string;
  procedureCode: string;
  receptionPointId: string;
  /** True when received at a satellite point: it waits there for a courier round. */
  viaSatellite: boolean;
  submissionChannel: 'counter' | 'portal';
  applicant: Applicant;
  documents: DocumentRef[];
  returnChannel: ReturnChannel;
  state: DossierState;
  history: HistoryEntry[];
  receivedAt: string;
  /** Who took the dossier in (an officer at the counter, or the integrator for the portal). */
  receivedBy: Actor;
  appointmentAt: string;
  /**
   * SHA-256 of id number, procedure and sorted document codes (see duplicate.rules.ts):
   * indexed so a resubmission is found without ever indexing the id number itself.
   */
  fingerprint: string;
  /** The submitting request's `Idempotency-Key`: a retry that runs again after a crash finds this dossier instead of opening a second. */
  submissionKey?: string;
  potentialDuplicate: boolean;
  duplicateOf?: { dossierId: string; dossierCode: string }[];
  /** The transfer round that carried it from its satellite point, once picked up. */
  transferRoundId?: string;
  supplements?: SupplementHandIn[];
  withdrawal?: { reason: string; at: string; by: Actor };
  /** The dossier's trace: every later step continues it. */
  traceparent?: string;
}
