/**
 * A leader's signature request for one result draft, and the signed document it
 * yields. This walking skeleton records a SHA-256 digest of the result as the
 * "signature" and calls it exactly that (`sha256-digest-record`): it proves the
 * document was not changed since, not who approved it. Real PAdES signatures
 * arrive with the signing issue behind the same use case.
 */
import type { ResultDraft, ReturnChannel } from '@motcua/contracts';

export type SignatureRequestStatus = 'PENDING' | 'SIGNED' | 'DECLINED';

export interface SignatureRequest {
  id: string;
  dossierId: string;
  dossierCode: string;
  centreId: string;
  workItemId: string;
  procedureCode: string;
  status: SignatureRequestStatus;
  result: ResultDraft;
  returnChannel: ReturnChannel;
  createdAt: string;
  decidedAt?: string;
  declineReason?: string;
  documentId?: string;
  documentSha256?: string;
  signerId?: string;
  traceparent?: string;
}

export interface SignedDocument {
  /** Content address: the SHA-256 of `content`. */
  id: string;
  dossierId: string;
  signatureRequestId: string;
  kind: 'sha256-digest-record';
  mediaType: 'application/json';
  content: string;
  sha256: string;
  signerId: string;
  signedAt: string;
}

export const SigningErrors = {
  REQUEST_NOT_FOUND: 'SIGNING.REQUEST_NOT_FOUND',
  REQUEST_DECIDED: 'SIGNING.REQUEST_ALREADY_DECIDED',
} as const;

/** Refusals of an expiring download link (see the document route): 403, with the reason as the code. */
export const DocumentLinkErrors = {
  LINK_EXPIRED: 'DOCUMENT.LINK_EXPIRED',
  LINK_INVALID: 'DOCUMENT.LINK_INVALID',
} as const;
