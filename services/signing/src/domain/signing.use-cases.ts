/**
 * Signing use cases: queue a request per result draft; keep the applicant's name per
 * dossier; a leader of the dossier's centre signs (a PDF with a CMS signature made
 * with their certificate) or declines it; anyone checks a signed PDF.
 */
import { createEvent, dossierRef, type DossierReceived, type DossierWithdrawn, type EventEnvelope, type ResultDrafted } from '@motcua/contracts';
import { assertSameCentre, findCentre, findProcedure, type Catalogue, type Officer } from '@motcua/catalogue';
import { AppError, notFound } from '@motcua/errors';
import { assertCertificateUsable } from './certificate.rules';
import type { Digest, DocumentContents, PdfSignatureCheck, PdfSignatureVerifier, ResultPdf, RunSigningTransaction, Signer, SigningTransaction } from './signing.ports';
import { SigningErrors, type SignatureRequest, type SignedDocument, type SignedPdfDocument } from './signature-request.entity';

/** Consumer of ResultDrafted. A draft already waiting for this dossier is not queued twice. */
export async function requestSignature(tx: SigningTransaction, event: EventEnvelope<ResultDrafted>, newId: () => string, now: Date): Promise<void> {
  const data = event.data;
  if (await tx.requests.findPendingForDossier(data.dossierId)) return;
  await tx.requests.insert({
    id: newId(),
    ...dossierRef(data),
    workItemId: data.workItemId,
    procedureCode: data.procedureCode,
    status: 'PENDING',
    result: data.result,
    returnChannel: data.returnChannel,
    createdAt: now.toISOString(),
    ...(event.traceparent ? { traceparent: event.traceparent } : {}),
  });
}

/** Consumer of DossierWithdrawn: a request still waiting for the leader is closed, so a withdrawn dossier is never signed. */
export async function closeForWithdrawal(tx: SigningTransaction, event: EventEnvelope<DossierWithdrawn>): Promise<void> {
  const pending = await tx.requests.findPendingForDossier(event.data.dossierId);
  if (!pending) return;
  await tx.requests.save({ ...pending, status: 'WITHDRAWN', decidedAt: event.data.withdrawnAt, declineReason: event.data.reason });
}

/** Consumer of DossierReceived: the result names its holder, and ResultDrafted does not carry the applicant. */
export async function rememberApplicant(tx: SigningTransaction, event: EventEnvelope<DossierReceived>): Promise<void> {
  await tx.applicants.put({ id: event.data.dossierId, fullName: event.data.applicant.fullName });
}

/** Everything signing a result needs besides the transaction. */
export interface SigningContext {
  catalogue: Catalogue;
  signer: Signer;
  pdf: ResultPdf;
  contents: DocumentContents;
  digest: Digest;
  clock: () => Date;
  newId: () => string;
  /** The public verification page of a document, as a citizen's phone reaches it. */
  verifyUrl(documentId: string): string;
}

async function load(tx: SigningTransaction, id: string): Promise<SignatureRequest> {
  const request = await tx.requests.get(id);
  if (!request) throw notFound(SigningErrors.REQUEST_NOT_FOUND, `no signature request ${id}`);
  return request;
}

const decided = (request: SignatureRequest) => new AppError(SigningErrors.REQUEST_DECIDED, 'conflict', `signature request ${request.id} is ${request.status}`);

/** Only a leader of the dossier's own centre decides on its result. */
function assertMayDecide(officer: Officer, request: SignatureRequest): void {
  if (officer.role !== 'leader') throw new AppError(SigningErrors.NOT_A_LEADER, 'forbidden', `officer ${officer.id} is a ${officer.role}: only a leader signs or declines results`);
  assertSameCentre(officer, request.centreId);
}

async function signedAlready(tx: SigningTransaction, request: SignatureRequest): Promise<SignedDocument | undefined> {
  return request.status === 'SIGNED' && request.documentId ? tx.documents.get(request.documentId) : undefined;
}

/**
 * Signing is idempotent: signing a signed request returns the first signed document.
 * The PDF is made and signed outside the transaction (it takes a while and calls the
 * signer); the record is written only if the request is still pending then, so two
 * leaders signing at once yield one document, and the loser's bytes are never on record.
 */
export async function signRequest(run: RunSigningTransaction, context: SigningContext, id: string, leader: Officer): Promise<{ request: SignatureRequest; document: SignedDocument }> {
  const before = await run(async (tx) => {
    const request = await load(tx, id);
    assertMayDecide(leader, request);
    const existing = await signedAlready(tx, request);
    if (existing) return { request, existing };
    if (request.status !== 'PENDING') throw decided(request);
    return { request, applicant: await tx.applicants.get(request.dossierId) };
  });
  if (before.existing) return { request: before.request, document: before.existing };
  const request = before.request;
  if (!before.applicant) {
    throw new AppError(SigningErrors.APPLICANT_UNKNOWN, 'conflict', `the reception of dossier ${request.dossierCode} has not reached signing yet; try again in a moment`, { retryable: true });
  }

  const now = context.clock();
  const signing = await context.signer.certificateOf(leader.id);
  if (!signing) throw new AppError(SigningErrors.CERT_MISSING, 'conflict', `leader ${leader.id} has no signing certificate`);
  assertCertificateUsable(signing.certificate, now, signing.revokedSerials);

  const documentId = context.newId();
  const bytes = await context.pdf.signed(
    {
      centreName: findCentre(context.catalogue, request.centreId)?.name ?? request.centreId,
      procedureCode: request.procedureCode,
      procedureName: findProcedure(context.catalogue, request.procedureCode)?.name ?? request.procedureCode,
      dossierCode: request.dossierCode,
      applicantName: before.applicant.fullName,
      title: request.result.title,
      body: request.result.body,
      signerName: leader.name,
      signedAt: now.toISOString(),
      verifyUrl: context.verifyUrl(documentId),
    },
    (signedBytes, signingTime) => context.signer.sign(leader.id, signedBytes, signingTime),
    now,
    signing.certificate.subjectCommonName,
  );
  const sha256 = context.digest(bytes);
  // Content-addressed, so writing before the commit is safe: an unused file is never referenced.
  await context.contents.put(sha256, bytes);
  const document: SignedPdfDocument = {
    id: documentId,
    ...dossierRef(request),
    procedureCode: request.procedureCode,
    signatureRequestId: request.id,
    kind: 'pades-cms',
    mediaType: 'application/pdf',
    sha256,
    byteLength: bytes.length,
    signer: { id: leader.id, name: signing.certificate.subjectCommonName, certificateSerial: signing.certificate.serialNumber, certificateIssuer: signing.certificate.issuerCommonName },
    signedAt: now.toISOString(),
  };

  return run(async (tx) => {
    const current = await load(tx, id);
    const existing = await signedAlready(tx, current);
    if (existing) return { request: current, document: existing };
    if (current.status !== 'PENDING') throw decided(current);
    const signed: SignatureRequest = { ...current, status: 'SIGNED', decidedAt: now.toISOString(), documentId, documentSha256: sha256, signerId: leader.id };
    await tx.documents.insert(document);
    await tx.requests.save(signed);
    await tx.emit(
      createEvent({
        name: 'DocumentSigned',
        traceparent: current.traceparent,
        time: now,
        data: {
          ...dossierRef(current),
          actor: { role: 'leader', id: leader.id },
          signatureRequestId: current.id,
          documentId,
          documentSha256: sha256,
          signatureKind: 'pades-cms',
          signer: { id: leader.id, name: leader.name },
          returnChannel: current.returnChannel,
          signedAt: now.toISOString(),
        },
      }),
    );
    return { request: signed, document };
  });
}

export function declineRequest(run: RunSigningTransaction, id: string, leader: Officer, reason: string, clock: () => Date): Promise<SignatureRequest> {
  return run(async (tx) => {
    const request = await load(tx, id);
    assertMayDecide(leader, request);
    if (request.status !== 'PENDING') throw decided(request);
    const now = clock();
    const declined: SignatureRequest = { ...request, status: 'DECLINED', decidedAt: now.toISOString(), declineReason: reason, signerId: leader.id };
    await tx.requests.save(declined);
    await tx.emit(
      createEvent({
        name: 'SignatureDeclined',
        traceparent: request.traceparent,
        time: now,
        data: {
          ...dossierRef(request),
          actor: { role: 'leader', id: leader.id },
          signatureRequestId: request.id,
          workItemId: request.workItemId,
          reason,
          declinedAt: now.toISOString(),
        },
      }),
    );
    return declined;
  });
}

/** What a public check of an uploaded PDF says. Names no applicant: anyone may ask. */
export interface VerificationReport extends PdfSignatureCheck {
  /** Signed, intact, covering the whole file, by a certificate this service trusts. */
  valid: boolean;
  sha256: string;
  /** The uploaded bytes are exactly a document signing has on record. */
  matchesRecord: boolean;
  document?: PublicDocumentRecord;
}

/** The facts of a signed document anyone holding it (or its QR link) may see. */
export interface PublicDocumentRecord {
  id: string;
  dossierCode: string;
  centreId: string;
  procedureCode?: string;
  kind: SignedDocument['kind'];
  sha256: string;
  signerName?: string;
  signedAt: string;
}

export function publicRecord(document: SignedDocument): PublicDocumentRecord {
  if (document.kind === 'sha256-digest-record') {
    const content = JSON.parse(document.content) as { dossierCode?: string; centreId?: string; procedureCode?: string };
    return { id: document.id, dossierCode: content.dossierCode ?? '', centreId: content.centreId ?? '', kind: document.kind, sha256: document.sha256, signedAt: document.signedAt };
  }
  return {
    id: document.id,
    dossierCode: document.dossierCode,
    centreId: document.centreId,
    procedureCode: document.procedureCode,
    kind: document.kind,
    sha256: document.sha256,
    signerName: document.signer.name,
    signedAt: document.signedAt,
  };
}

export async function verifyDocument(
  run: RunSigningTransaction,
  deps: { verifier: PdfSignatureVerifier; digest: Digest },
  pdf: Buffer,
): Promise<VerificationReport> {
  const check = await deps.verifier.check(pdf);
  const sha256 = deps.digest(pdf);
  const record = await run((tx) => tx.documents.findBySha256(sha256));
  const valid = check.signed && check.intact && check.coversWholeDocument && check.trusted;
  return { valid, ...check, sha256, matchesRecord: record !== undefined, ...(record ? { document: publicRecord(record) } : {}) };
}
