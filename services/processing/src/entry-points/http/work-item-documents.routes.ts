/**
 * The letters a work item issued (forms 02, 03 and 04): printable Vietnamese HTML by
 * default, their data with `?format=json`. Tracking links here from the timeline.
 */
import { Router } from 'express';
import { Type } from '@sinclair/typebox';
import type { Catalogue } from '@motcua/catalogue';
import { documentContentSecurityPolicy, renderDocumentHtml } from '@motcua/documents';
import { parseQuery } from '@motcua/runtime';
import type { ServiceStore } from '@motcua/storage';
import { getWorkItem } from '../../data-access/processing.store';
import { workItemNotFound } from '../../domain/processing.errors';
import { processingDocument, processingDocumentKinds, type ProcessingDocumentKind } from '../../domain/work-item.documents';

export const DocumentQuerySchema = Type.Object({ format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('html')])) }, { additionalProperties: false });

export function workItemDocumentRoutes(store: ServiceStore, catalogue: Catalogue): Router {
  const router = Router();
  for (const kind of processingDocumentKinds) {
    router.get(`/v1/work-items/:id/documents/${kind}`, async (req, res) => {
      const { format } = parseQuery(DocumentQuerySchema, req.query);
      const item = await getWorkItem(store, req.params.id);
      if (!item) throw workItemNotFound(req.params.id);
      const document = processingDocument(catalogue, item, kind satisfies ProcessingDocumentKind);
      if (format === 'json') {
        res.json(document);
        return;
      }
      res.set('content-security-policy', documentContentSecurityPolicy).type('text/html; charset=utf-8').send(renderDocumentHtml(document));
    });
  }
  return router;
}
