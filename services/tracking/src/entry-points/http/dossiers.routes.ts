/** Status, timeline, tracking slip and filtered lists of dossiers, from the tracking read model. */
import { Router } from 'express';
import { Type } from '@sinclair/typebox';
import { documentContentSecurityPolicy, renderDocumentHtml } from '@motcua/documents';
import { notFound } from '@motcua/errors';
import { parseQuery, type Clock } from '@motcua/runtime';
import type { ServiceStore } from '@motcua/storage';
import { findViewByCode, listViews } from '../../data-access/tracking.store';
import { dossierStatuses, type DossierStatus, type DossierView } from '../../domain/dossier-view.entity';
import { trackingSlipOf, type SlipNames } from '../../domain/tracking-slip.builder';
import { withTraceLinks } from './trace-link.mapper';

export const TrackingErrors = { DOSSIER_NOT_FOUND: 'TRACKING.DOSSIER_NOT_FOUND' } as const;

/**
 * `status` takes several values comma-separated (`status=RECEIVED,IN_PROCESSING`), not
 * repeated: one parameter keeps console URLs short, and the pattern names every value.
 */
const statusList = `(${dossierStatuses.join('|')})`;
export const DossierListQuerySchema = Type.Object(
  {
    centreId: Type.Optional(Type.String({ minLength: 1 })),
    status: Type.Optional(Type.String({ pattern: `^${statusList}(,${statusList})*$` })),
    overdue: Type.Optional(Type.Boolean()),
    dueBefore: Type.Optional(Type.String({ format: 'date-time' })),
    limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
    offset: Type.Integer({ minimum: 0, default: 0 }),
  },
  { additionalProperties: false },
);

/** Printable documents answer HTML by default (a browser prints it) and their data with `?format=json`. */
export const DocumentQuerySchema = Type.Object({ format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('html')])) }, { additionalProperties: false });

export interface TrackingRouteOptions {
  /** Trace viewer URL with `{traceId}`; empty for no links. */
  traceViewerUrlTemplate: string;
  /** Centre, reception point and officer names for the tracking slip. */
  names: SlipNames;
  /** When a slip is issued. */
  clock: Clock;
}

/**
 * A view without its timeline: what lists and the status endpoint answer. The
 * applicant's name and phone digits stay out: these answers are read by code, and codes
 * are guessable.
 */
function summaryOf({ timeline, applicantName: _applicantName, phoneLast4: _phoneLast4, ...view }: DossierView) {
  return { ...view, steps: timeline.length };
}

export function trackingRoutes(store: ServiceStore, options: TrackingRouteOptions): Router {
  const router = Router();
  const load = async (code: string) => {
    const view = await findViewByCode(store, code);
    if (!view) throw notFound(TrackingErrors.DOSSIER_NOT_FOUND, `no dossier with code ${code}`);
    return view;
  };
  router.get('/v1/dossiers', async (req, res) => {
    const { status, ...query } = parseQuery(DossierListQuerySchema, req.query);
    const statuses = status === undefined ? undefined : (status.split(',') as DossierStatus[]);
    const page = await listViews(store, { ...query, ...(statuses ? { statuses } : {}) });
    res.json({ items: page.items.map(summaryOf), total: page.total, limit: query.limit, offset: query.offset });
  });
  router.get('/v1/dossiers/:code', async (req, res) => {
    res.json(summaryOf(await load(req.params.code)));
  });
  router.get('/v1/dossiers/:code/timeline', async (req, res) => {
    const view = await load(req.params.code);
    res.json({ dossierId: view.id, code: view.code, items: withTraceLinks(options.traceViewerUrlTemplate, view.timeline) });
  });
  router.get('/v1/dossiers/:code/tracking-slip', async (req, res) => {
    const { format } = parseQuery(DocumentQuerySchema, req.query);
    const slip = trackingSlipOf(await load(req.params.code), options.names, options.clock());
    if (format === 'json') {
      res.json(slip);
      return;
    }
    res.set('content-security-policy', documentContentSecurityPolicy).type('text/html; charset=utf-8').send(renderDocumentHtml(slip));
  });
  return router;
}
