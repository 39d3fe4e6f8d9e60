/** Leader queue: list signature requests, sign or decline; read a signed document, openly or through an expiring link. */
import { Router } from 'express';
import { createHash } from 'node:crypto';
import { Type } from '@sinclair/typebox';
import { AppError, notFound } from '@motcua/errors';
import { parseBody, parseQuery, verifyLink } from '@motcua/runtime';
import type { ServiceStore } from '@motcua/storage';
import type { RunSigningTransaction } from '../../domain/signing.ports';
import { declineRequest, signRequest } from '../../domain/signing.use-cases';
import { findDocument, findSignatureRequests } from '../../data-access/signing.store';
import { DocumentLinkErrors } from '../../domain/signature-request.entity';

export const SignatureRequestQuery = Type.Object(
  {
    dossierId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    centreId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    status: Type.Optional(Type.Union([Type.Literal('pending'), Type.Literal('signed'), Type.Literal('declined')])),
    limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
    offset: Type.Integer({ minimum: 0, default: 0 }),
  },
  { additionalProperties: false },
);
const Identifier = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9._:-]+$' });
export const SignBody = Type.Object({ signerId: Type.Optional(Identifier) }, { additionalProperties: false });
export const DeclineBody = Type.Object({ reason: Type.String({ minLength: 1, maxLength: 500 }), leaderId: Type.Optional(Identifier) }, { additionalProperties: false });

const sha256 = (content: string): string => createHash('sha256').update(content, 'utf8').digest('hex');

const queryText = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/**
 * A request carrying `expires` or `signature` is an expiring download link (issued by
 * return for electronic results) and must check out; it is refused with 403 before the
 * document is even looked up, so a forged link learns nothing.
 *
 * A request with neither is served as before: the document route is still open to
 * anyone who knows the document id (a SHA-256, not guessable but not secret either).
 * Issue 7 (authentication) closes it to officers and integrators, leaving signed
 * links as the citizen's only way in.
 */
function checkDownloadLink(secret: string, documentId: string, query: Record<string, unknown>, now: Date): boolean {
  if (!('expires' in query) && !('signature' in query)) return false;
  // A repeated parameter arrives as an array: not text, so the link is invalid.
  const check = verifyLink(secret, `/v1/documents/${encodeURIComponent(documentId)}`, queryText(query['expires']), queryText(query['signature']), now);
  if (check.valid) return true;
  if (check.reason === 'expired') throw new AppError(DocumentLinkErrors.LINK_EXPIRED, 'forbidden', 'this download link has expired: ask for a new one');
  throw new AppError(DocumentLinkErrors.LINK_INVALID, 'forbidden', 'this download link is not valid');
}

export function signingRoutes(deps: { store: ServiceStore; transaction: RunSigningTransaction; clock: () => Date; resultLinkSecret: string }): Router {
  const router = Router();
  router.get('/v1/signature-requests', async (req, res) => {
    const query = parseQuery(SignatureRequestQuery, req.query);
    const status = query.status ? (query.status.toUpperCase() as 'PENDING' | 'SIGNED' | 'DECLINED') : undefined;
    res.json({ items: await findSignatureRequests(deps.store, { ...query, status }) });
  });
  // Leader identity comes from the JWT once authentication lands; until then the body may name the signer.
  router.post('/v1/signature-requests/:id/sign', async (req, res) => {
    const body = parseBody(SignBody, req.body);
    const { request, document } = await signRequest(deps.transaction, req.params.id, body.signerId ?? 'leader', sha256, deps.clock);
    res.json({ ...request, document: { id: document.id, kind: document.kind, sha256: document.sha256, signedAt: document.signedAt } });
  });
  router.post('/v1/signature-requests/:id/decline', async (req, res) => {
    const body = parseBody(DeclineBody, req.body);
    res.json(await declineRequest(deps.transaction, req.params.id, body.leaderId ?? 'leader', body.reason, deps.clock));
  });
  router.get('/v1/documents/:id', async (req, res) => {
    const throughLink = checkDownloadLink(deps.resultLinkSecret, req.params.id, req.query as Record<string, unknown>, deps.clock());
    const document = await findDocument(deps.store, req.params.id);
    if (!document) throw notFound('SIGNING.DOCUMENT_NOT_FOUND', `no document ${req.params.id}`);
    // A citizen's copy fetched through a link stays out of shared caches.
    if (throughLink) res.set('cache-control', 'private, no-store');
    res.json(document);
  });
  return router;
}
