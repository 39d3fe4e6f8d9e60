/**
 * A leader's signature request for one result draft, and the signed document it
 * yields: a PDF carrying a detached CMS signature (PAdES-compatible, `pades-cms`) made
 * with the leader's certificate. Records from before real signatures are kept as
 * they were (`sha256-digest-record`, content inline) and still served.
 */
import type { ResultDraft, ReturnChannel } from '@motcua/contracts';

/** WITHDRAWN: the citizen withdrew the dossier before the leader decided; it can no longer be signed. */
export type SignatureRequestStatus = 'PENDING' | 'SIGNED' | 'DECLINED' | 'WITHDRAWN';

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

/** Who signed, as the certificate says. */
export interface DocumentSigner {
  id: string;
  name: string;
  certificateSerial: string;
  certificateIssuer: string;
}

export interface SignedPdfDocument {
  /** Stable id, printed in the document's QR link; not the digest, which the QR code is part of. */
  id: string;
  dossierId: string;
  dossierCode: string;
  centreId: string;
  procedureCode: string;
  signatureRequestId: string;
  kind: 'pades-cms';
  mediaType: 'application/pdf';
  /** Content address of the signed bytes: where they are kept and how an upload is matched to the record. */
  sha256: string;
  byteLength: number;
  signer: DocumentSigner;
  signedAt: string;
}

/** A record made before real signatures: a digest of a JSON text kept inline. */
export interface DigestRecordDocument {
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

export type SignedDocument = SignedPdfDocument | DigestRecordDocument;

export const SigningErrors = {
  REQUEST_NOT_FOUND: 'SIGNING.REQUEST_NOT_FOUND',
  REQUEST_DECIDED: 'SIGNING.REQUEST_ALREADY_DECIDED',
  NOT_A_LEADER: 'SIGNING.NOT_A_LEADER',
  APPLICANT_UNKNOWN: 'SIGNING.APPLICANT_UNKNOWN',
  CERT_MISSING: 'SIGNING.CERT_MISSING',
  CERT_EXPIRED: 'SIGNING.CERT_EXPIRED',
  CERT_NOT_YET_VALID: 'SIGNING.CERT_NOT_YET_VALID',
  CERT_REVOKED: 'SIGNING.CERT_REVOKED',
  DOCUMENT_NOT_FOUND: 'SIGNING.DOCUMENT_NOT_FOUND',
  DOCUMENT_CONTENT_MISSING: 'SIGNING.DOCUMENT_CONTENT_MISSING',
  VERIFY_NOT_A_PDF: 'SIGNING.VERIFY_NOT_A_PDF',
} as const;

/** Refusals of an expiring download link (see the document route): 403, with the reason as the code. */
export const DocumentLinkErrors = {
  LINK_EXPIRED: 'DOCUMENT.LINK_EXPIRED',
  LINK_INVALID: 'DOCUMENT.LINK_INVALID',
} as const;
