/** Signing use cases: queue a request per result draft; a leader signs or declines it. */
import { createEvent, dossierRef, type EventEnvelope, type ResultDrafted } from '@motcua/contracts';
import { AppError, notFound } from '@motcua/errors';
import type { Digest, RunSigningTransaction, SigningTransaction } from './signing.ports';
import { SigningErrors, type SignatureRequest, type SignedDocument } from './signature-request.entity';

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

/** The document content that is digested: stable key order, so the same draft always digests the same. */
export function documentContent(request: SignatureRequest, signedAt: string): string {
  return JSON.stringify({
    dossierCode: request.dossierCode,
    centreId: request.centreId,
    procedureCode: request.procedureCode,
    title: request.result.title,
    body: request.result.body,
    signedAt,
  });
}

async function load(tx: SigningTransaction, id: string): Promise<SignatureRequest> {
  const request = await tx.requests.get(id);
  if (!request) throw notFound(SigningErrors.REQUEST_NOT_FOUND, `no signature request ${id}`);
  return request;
}

/** Signing is idempotent: signing a signed request returns the first signed document. */
export function signRequest(run: RunSigningTransaction, id: string, signerId: string, digest: Digest, clock: () => Date): Promise<{ request: SignatureRequest; document: SignedDocument }> {
  return run(async (tx) => {
    const request = await load(tx, id);
    if (request.status === 'SIGNED' && request.documentId) {
      const existing = await tx.documents.get(request.documentId);
      if (existing) return { request, document: existing };
    }
    if (request.status !== 'PENDING') throw new AppError(SigningErrors.REQUEST_DECIDED, 'conflict', `signature request ${id} is ${request.status}`);
    const now = clock();
    const content = documentContent(request, now.toISOString());
    const sha256 = digest(content);
    const document: SignedDocument = {
      id: sha256,
      dossierId: request.dossierId,
      signatureRequestId: request.id,
      kind: 'sha256-digest-record',
      mediaType: 'application/json',
      content,
      sha256,
      signerId,
      signedAt: now.toISOString(),
    };
    const signed: SignatureRequest = { ...request, status: 'SIGNED', decidedAt: now.toISOString(), documentId: document.id, documentSha256: sha256, signerId };
    await tx.documents.insert(document);
    await tx.requests.save(signed);
    await tx.emit(
      createEvent({
        name: 'DocumentSigned',
        traceparent: request.traceparent,
        time: now,
        data: {
          ...dossierRef(request),
          actor: { role: 'leader', id: signerId },
          signatureRequestId: request.id,
          documentId: document.id,
          documentSha256: sha256,
          signatureKind: 'sha256-digest-record',
          signer: { id: signerId },
          returnChannel: request.returnChannel,
          signedAt: now.toISOString(),
        },
      }),
    );
    return { request: signed, document };
  });
}

export function declineRequest(run: RunSigningTransaction, id: string, leaderId: string, reason: string, clock: () => Date): Promise<SignatureRequest> {
  return run(async (tx) => {
    const request = await load(tx, id);
    if (request.status !== 'PENDING') throw new AppError(SigningErrors.REQUEST_DECIDED, 'conflict', `signature request ${id} is ${request.status}`);
    const now = clock();
    const declined: SignatureRequest = { ...request, status: 'DECLINED', decidedAt: now.toISOString(), declineReason: reason, signerId: leaderId };
    await tx.requests.save(declined);
    await tx.emit(
      createEvent({
        name: 'SignatureDeclined',
        traceparent: request.traceparent,
        time: now,
        data: {
          ...dossierRef(request),
          actor: { role: 'leader', id: leaderId },
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
