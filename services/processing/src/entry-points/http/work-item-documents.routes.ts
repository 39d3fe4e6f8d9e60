/**
 * The letters a work item issued (forms 02, 03 and 04): printable Vietnamese HTML by
 * default, their data with `?format=json`. Tracking links here from the timeline.
 */
import { anyOfficer, assertCentre } from '@motcua/auth';
import type { Catalogue } from '@motcua/catalogue';
import { documentContentSecurityPolicy, renderDocumentHtml } from '@motcua/documents';
import { apiRouter, DocumentFormatQuery, printableResponse } from '@motcua/runtime';
import type { ServiceStore } from '@motcua/storage';
import { getWorkItem } from '../../data-access/processing.store';
import { workItemNotFound } from '../../domain/processing.errors';
import { processingDocument, processingDocumentKinds, type ProcessingDocumentKind } from '../../domain/work-item.documents';

export function workItemDocumentRoutes(store: ServiceStore, catalogue: Catalogue) {
  const api = apiRouter();
  for (const kind of processingDocumentKinds) {
    api.get(
      {
        path: `/v1/work-items/:id/documents/${kind}`,
        summary: `The ${kind} letter the work item issued`,
        access: { officers: anyOfficer, integrators: 'dossiers:read' },
        query: DocumentFormatQuery,
        responses: { 200: printableResponse('the letter') },
      },
      async ({ params, query, principal, res }) => {
        const item = await getWorkItem(store, params.id);
        if (!item) throw workItemNotFound(params.id);
        assertCentre(principal, item.centreId, 'read');
        const document = processingDocument(catalogue, item, kind satisfies ProcessingDocumentKind);
        if (query.format === 'json') {
          res.json(document);
          return;
        }
        res.set('content-security-policy', documentContentSecurityPolicy).type('text/html; charset=utf-8').send(renderDocumentHtml(document));
      },
    );
  }
  return api.router;
}
