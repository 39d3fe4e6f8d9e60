/** What signing's rules need from the outside. */
import type { Emitter } from '@motcua/contracts';
import type { CertificateFacts } from './certificate.rules';
import type { SignatureRequest, SignedDocument } from './signature-request.entity';

export interface SignatureRequestRepository {
  get(id: string): Promise<SignatureRequest | undefined>;
  findPendingForDossier(dossierId: string): Promise<SignatureRequest | undefined>;
  insert(request: SignatureRequest): Promise<void>;
  save(request: SignatureRequest): Promise<void>;
}

export interface DocumentRepository {
  get(id: string): Promise<SignedDocument | undefined>;
  findBySha256(sha256: string): Promise<SignedDocument | undefined>;
  insert(document: SignedDocument): Promise<void>;
}

/** The applicant's full name per dossier, kept from intake's DossierReceived (the name only: the result names its holder). */
export interface ApplicantRepository {
  get(dossierId: string): Promise<{ id: string; fullName: string } | undefined>;
  put(entry: { id: string; fullName: string }): Promise<void>;
}

export interface SigningTransaction extends Emitter {
  requests: SignatureRequestRepository;
  documents: DocumentRepository;
  applicants: ApplicantRepository;
}

export type RunSigningTransaction = <T>(work: (tx: SigningTransaction) => Promise<T>) => Promise<T>;

/** SHA-256 hex of bytes; a port so the domain stays free of node:crypto wiring choices. */
export type Digest = (content: Uint8Array) => string;

/**
 * Keys and certificates of the people who sign (a local PKCS#12 store, or a remote
 * signing service). `sign` returns a detached CMS SignedData (DER) over `content`,
 * SHA-256, with the signer's certificate and its chain and the signing time.
 */
export interface Signer {
  /** The signer's certificate and whether it is revoked; undefined when the signer has none. */
  certificateOf(signerId: string): Promise<{ certificate: CertificateFacts; revokedSerials: ReadonlySet<string> } | undefined>;
  sign(signerId: string, content: Buffer, signingTime: Date): Promise<Buffer>;
}

/** What the printed result shows. */
export interface ResultDocumentContent {
  centreName: string;
  procedureCode: string;
  procedureName: string;
  dossierCode: string;
  applicantName: string;
  title: string;
  body: string;
  signerName: string;
  signedAt: string;
  /** The public verification page for this document, printed as a QR code. */
  verifyUrl: string;
}

/** Makes the result PDF and signs it in place with the CMS that `signCms` returns for the signed byte ranges. */
export interface ResultPdf {
  signed(content: ResultDocumentContent, signCms: (signedBytes: Buffer, signingTime: Date) => Promise<Buffer>, signingTime: Date, signerName: string): Promise<Buffer>;
}

/** Signed bytes kept by their SHA-256 (files in the embedded edition, a collection on MongoDB). */
export interface DocumentContents {
  put(sha256: string, bytes: Buffer): Promise<void>;
  get(sha256: string): Promise<Buffer | undefined>;
}

/** What a PDF's embedded signature says, checked cryptographically. */
export interface PdfSignatureCheck {
  /** A signature dictionary and a CMS blob were found. */
  signed: boolean;
  /** The CMS signature verifies and its message digest equals the SHA-256 of the signed byte ranges. */
  intact: boolean;
  /** The byte ranges cover the whole file except the signature itself: nothing was appended after signing. */
  coversWholeDocument: boolean;
  /** The signer's certificate chains to a certificate this service trusts (its CA). */
  trusted: boolean;
  signerName?: string;
  certificateSerial?: string;
  signingTime?: string;
  problem?: string;
}

export interface PdfSignatureVerifier {
  check(pdf: Buffer): Promise<PdfSignatureCheck>;
}
