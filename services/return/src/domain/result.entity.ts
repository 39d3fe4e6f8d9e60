/**
 * A result (or a rejection letter) on its way back to the citizen through the
 * channel chosen at intake: the main counter, a satellite point (carried out on the
 * next transfer round), a postal point, postal home delivery, or download.
 *
 * It carries the return part of the dossier's lifecycle state: SIGNED (or REJECTED)
 * while it waits for its transfer round, RESULT_READY once it can be collected, and
 * RETURNED after the handover. A rejection letter stays REJECTED until it is handed
 * over: the lifecycle table hands it over from there.
 */
import type { DossierState, HistoryEntry, ReturnChannel, Tracked } from '@motcua/contracts';
import { notFound, type AppError } from '@motcua/errors';

/** Where the result is on its way, beside the lifecycle state. */
export type ResultStatus = 'AWAITING_TRANSFER' | 'READY' | 'RETURNED';

export interface Authorisation {
  /** Number of the authorisation (giấy ủy quyền) the person collecting it showed. */
  documentNumber: string;
  issuedBy?: string;
}

export interface Receipt {
  fullName: string;
  /** Only the last four digits of the id shown are kept, as on the bus. */
  idNumberLast4: string;
  /** Who collected it: the applicant themselves, someone with an authorisation, or the applicant by download. */
  as: 'applicant' | 'authorised' | 'download' | 'postal';
  authorisation?: Authorisation;
}

export interface Result extends Tracked {
  id: string;
  dossierId: string;
  dossierCode: string;
  centreId: string;
  kind: 'result' | 'rejection';
  returnChannel: ReturnChannel;
  /** Counter results: the reception point where it is collected (the centre's main point when the citizen named none). */
  receptionPointId?: string;
  documentId?: string;
  state: DossierState;
  history: HistoryEntry[];
  status: ResultStatus;
  createdAt: string;
  /** Sent out on the next transfer round to a satellite point. */
  dispatchedAt?: string;
  transferredAt?: string;
  transferRoundId?: string;
  readyAt?: string;
  returnedAt?: string;
  receivedBy?: Receipt;
  /** Postal results: the operator's pickup (= this result's id) and why the channel changed, if it did. */
  channelChanges?: ChannelChange[];
  /** Electronic results: download links issued so far (the first one is the handover). */
  downloadLinksIssued?: number;
  traceparent?: string;
}

/**
 * A change of return channel after the result was ready: the postal delivery failed
 * and the result waits at the main counter instead. Kept beside the lifecycle history
 * because the lifecycle table has no action for it (the state does not change).
 */
export interface ChannelChange {
  from: ReturnChannel;
  to: ReturnChannel;
  at: string;
  role: 'system';
  reason: string;
}

/**
 * What return keeps of the applicant (from DossierReceived) to check the person at
 * the counter: the name, and the id number only as a salted SHA-256 and its last
 * four digits — never the number itself.
 */
export interface ApplicantIdentity {
  /** The dossier id. */
  id: string;
  dossierCode: string;
  centreId: string;
  fullName: string;
  idNumberSha256: string;
  idNumberLast4: string;
  /** Set by DossierWithdrawn: no result is made ready for a withdrawn dossier. */
  withdrawnAt?: string;
}

export const ReturnErrors = {
  RESULT_NOT_FOUND: 'RETURN.RESULT_NOT_FOUND',
  /** Handover at the counter of a postal or electronic result, or a download link for a counter result. */
  WRONG_CHANNEL: 'RETURN.WRONG_CHANNEL',
  /** At a satellite point, before the transfer round brought the result there. */
  AWAITING_TRANSFER: 'RETURN.AWAITING_TRANSFER',
  /** Neither the applicant's id number nor an authorisation. */
  RECIPIENT_MISMATCH: 'RETURN.RECIPIENT_MISMATCH',
  /** The dossier's receipt has not reached return yet, so there is nobody to check against. */
  APPLICANT_UNKNOWN: 'RETURN.APPLICANT_UNKNOWN',
  /** A rejection letter has no signed document to download. */
  NO_DOCUMENT: 'RETURN.NO_DOCUMENT',
  /** Intake reported a result arriving at a point other than the one it was sent to. */
  TRANSFER_MISMATCH: 'RETURN.TRANSFER_MISMATCH',
} as const;

export const resultNotFound = (id: string): AppError => notFound(ReturnErrors.RESULT_NOT_FOUND, `no result ${id}`);
