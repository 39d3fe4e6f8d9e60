/** A signed document's bytes, openly or through an expiring link of the electronic return channel. */
import { Router } from 'express';
import { OFFICER_HEADER, assertSameCentre, officerFromHeader, type Catalogue } from '@motcua/catalogue';
import { AppError, notFound } from '@motcua/errors';
import { verifyLink } from '@motcua/runtime';
import type { ServiceStore } from '@motcua/storage';
import type { DocumentContents } from '../../domain/signing.ports';
import { findDocument } from '../../data-access/signing.store';
import { DocumentLinkErrors, SigningErrors } from '../../domain/signature-request.entity';

const queryText = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/**
 * A request carrying `expires` or `signature` is an expiring download link (issued by
 * return for electronic results) and must check out; it is refused with 403 before the
 * document is even looked up, so a forged link learns nothing.
 *
 * A request with neither must come from an officer of the document's centre (or ops),
 * through the interim officer header until authentication (issue 7) replaces it: the
 * signed link is the citizen's only way in.
 */
function checkDownloadLink(secret: string, documentId: string, query: Record<string, unknown>, now: Date): boolean {
  if (!('expires' in query) && !('signature' in query)) return false;
  // A repeated parameter arrives as an array: not text, so the link is invalid.
  const check = verifyLink(secret, `/v1/documents/${encodeURIComponent(documentId)}`, queryText(query['expires']), queryText(query['signature']), now);
  if (check.valid) return true;
  if (check.reason === 'expired') throw new AppError(DocumentLinkErrors.LINK_EXPIRED, 'forbidden', 'this download link has expired: ask for a new one');
  throw new AppError(DocumentLinkErrors.LINK_INVALID, 'forbidden', 'this download link is not valid');
}

export function documentRoutes(deps: { store: ServiceStore; contents: DocumentContents; clock: () => Date; resultLinkSecret: string; catalogue: Catalogue }): Router {
  const router = Router();
  router.get('/v1/documents/:id', async (req, res) => {
    const throughLink = checkDownloadLink(deps.resultLinkSecret, req.params.id, req.query as Record<string, unknown>, deps.clock());
    const officer = throughLink ? undefined : officerFromHeader(deps.catalogue, req.header(OFFICER_HEADER));
    const document = await findDocument(deps.store, req.params.id);
    if (!document) throw notFound(SigningErrors.DOCUMENT_NOT_FOUND, `no document ${req.params.id}`);
    if (officer && document.kind === 'pades-cms') assertSameCentre(officer, document.centreId);
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
  });
  return router;
}
