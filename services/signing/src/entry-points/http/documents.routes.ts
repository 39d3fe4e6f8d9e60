/** A signed document's bytes, openly or through an expiring link of the electronic return channel. */
import { Type } from '@sinclair/typebox';
import { anyOfficer, assertCentre, authorize, unauthenticated, type Access } from '@motcua/auth';
import type { Catalogue } from '@motcua/catalogue';
import { AppError, notFound } from '@motcua/errors';
import { apiRouter, verifyLink } from '@motcua/runtime';
import type { ServiceStore } from '@motcua/storage';
import type { DocumentContents } from '../../domain/signing.ports';
import { findDocument } from '../../data-access/signing.store';
import { DocumentLinkErrors, SigningErrors } from '../../domain/signature-request.entity';

/** Loose on purpose: a malformed link is refused by verifyLink with the link's own 403, not as a bad query. */
export const DownloadLinkQuery = Type.Object(
  { expires: Type.Optional(Type.String({ maxLength: 20, description: 'Unix seconds' })), signature: Type.Optional(Type.String({ maxLength: 200, description: 'base64url HMAC-SHA256' })) },
  { additionalProperties: false },
);

/**
 * A request carrying `expires` or `signature` is an expiring download link (issued by
 * return for electronic results) and must check out; it is refused with 403 before the
 * document is even looked up, so a forged link learns nothing.
 *
 * A request with neither must come from an officer of the document's centre (ops: any
 * centre) or the portal with a key scoped to it: the signed link is the citizen's only
 * way in without credentials.
 */
function checkDownloadLink(secret: string, documentId: string, query: { expires?: string; signature?: string }, now: Date): boolean {
  if (query.expires === undefined && query.signature === undefined) return false;
  const check = verifyLink(secret, `/v1/documents/${encodeURIComponent(documentId)}`, query.expires, query.signature, now);
  if (check.valid) return true;
  if (check.reason === 'expired') throw new AppError(DocumentLinkErrors.LINK_EXPIRED, 'forbidden', 'this download link has expired: ask for a new one');
  throw new AppError(DocumentLinkErrors.LINK_INVALID, 'forbidden', 'this download link is not valid');
}

/** Who reads a document without a link. */
const documentReaders: Access = { officers: anyOfficer, integrators: 'dossiers:read' };

export function documentRoutes(deps: { store: ServiceStore; contents: DocumentContents; clock: () => Date; resultLinkSecret: string; catalogue: Catalogue }) {
  const api = apiRouter();
  api.get(
    {
      path: '/v1/documents/:id',
      summary: 'A signed document: the PDF, or the digest record of an unsigned-PDF result',
      description: 'Through an expiring download link (`expires` and `signature`, issued by return) for the citizen, or for an officer of the document\'s centre.',
      access: { ...documentReaders, anonymousWhen: 'the request is an expiring download link (`expires` and `signature`)' },
      query: DownloadLinkQuery,
      responses: { 200: { description: 'the signed bytes exactly, or the digest record', contentTypes: ['application/pdf', 'application/json'], headers: { 'x-content-sha256': 'SHA-256 of the bytes' } } },
    },
    async ({ params, query, principal, res }) => {
      const throughLink = checkDownloadLink(deps.resultLinkSecret, params.id, query, deps.clock());
      const reader = throughLink ? undefined : authorize(documentReaders, principal);
      if (!throughLink && !reader) throw unauthenticated();
      const document = await findDocument(deps.store, params.id);
      if (!document) throw notFound(SigningErrors.DOCUMENT_NOT_FOUND, `no document ${params.id}`);
      if (reader && document.kind === 'pades-cms') assertCentre(reader, document.centreId, 'read');
      // A citizen's copy fetched through a link stays out of shared caches.
      if (throughLink) res.set('cache-control', 'private, no-store');
      if (document.kind === 'sha256-digest-record') {
        res.json(document);
        return;
      }
      const bytes = await deps.contents.get(document.sha256);
      if (!bytes) throw new AppError(SigningErrors.DOCUMENT_CONTENT_MISSING, 'internal', `the bytes of document ${document.id} (${document.sha256}) are missing from the document store`);
      // Exactly the signed bytes: any change, even a re-encoding, would break the signature.
      res.status(200);
      res.set('content-type', 'application/pdf');
      res.set('content-length', String(bytes.length));
      res.set('content-disposition', `inline; filename="${document.dossierCode.replace(/[^A-Za-z0-9._-]/g, '_')}.pdf"`);
      res.set('x-content-sha256', document.sha256);
      res.end(bytes);
    },
  );
  return api.router;
}
