/** Status, timeline, tracking slip and filtered lists of dossiers, from the tracking read model. */
import { Type } from '@sinclair/typebox';
import { anyOfficer, assertCentre, listCentreOf, type Access, type Principal } from '@motcua/auth';
import { documentContentSecurityPolicy, renderDocumentHtml } from '@motcua/documents';
import { notFound } from '@motcua/errors';
import { apiRouter, DocumentFormatQuery, pageQuery, printableResponse, type Clock } from '@motcua/runtime';
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
    centreId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    status: Type.Optional(Type.String({ pattern: `^${statusList}(,${statusList})*$`, maxLength: 500 })),
    overdue: Type.Optional(Type.Boolean()),
    dueBefore: Type.Optional(Type.String({ format: 'date-time', maxLength: 40 })),
    ...pageQuery(200),
  },
  { additionalProperties: false },
);


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

/** A dossier code as printed on the receipt (`PDN-251124-0007`): guessable, so what it answers carries no personal data. */
const ByCode = Type.Object({ code: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9._:-]+$' }) }, { additionalProperties: false });

/** Any officer reads their centre's dossiers (ops every centre's); the portal the ones of its key's centres. */
const readers: Access = { officers: anyOfficer, integrators: 'dossiers:read' };

export function trackingRoutes(store: ServiceStore, options: TrackingRouteOptions) {
  const api = apiRouter();
  const load = async (code: string, principal: Principal) => {
    const view = await findViewByCode(store, code);
    if (!view) throw notFound(TrackingErrors.DOSSIER_NOT_FOUND, `no dossier with code ${code}`);
    assertCentre(principal, view.centreId, 'read');
    return view;
  };
  api.get({ path: '/v1/dossiers', summary: 'Dossiers by centre, status, overdue flag or due time', access: readers, query: DossierListQuerySchema, responses: { 200: { description: '`items` (summaries), `total`, `limit`, `offset`' } } }, async ({ query: { status, ...query }, principal, res }) => {
    const statuses = status === undefined ? undefined : (status.split(',') as DossierStatus[]);
    const centreId = listCentreOf(principal, query.centreId);
    const page = await listViews(store, { ...query, ...(centreId ? { centreId } : {}), ...(statuses ? { statuses } : {}) });
    res.json({ items: page.items.map(summaryOf), total: page.total, limit: query.limit, offset: query.offset });
  });
  api.get({ path: '/v1/dossiers/:code', summary: 'A dossier\'s status, by its code', access: readers, params: ByCode, responses: { 200: { description: 'the status summary' } } }, async ({ params, principal, res }) => {
    res.json(summaryOf(await load(params.code, principal)));
  });
  api.get({ path: '/v1/dossiers/:code/timeline', summary: 'A dossier\'s timeline, each step linked to its trace', access: readers, params: ByCode, responses: { 200: { description: '`items`: the steps' } } }, async ({ params, principal, res }) => {
    const view = await load(params.code, principal);
    res.json({ dossierId: view.id, code: view.code, items: withTraceLinks(options.traceViewerUrlTemplate, view.timeline) });
  });
  api.get(
    { path: '/v1/dossiers/:code/tracking-slip', summary: 'The processing-tracking slip', access: readers, params: ByCode, query: DocumentFormatQuery, responses: { 200: printableResponse('the slip') } },
    async ({ params, query, principal, res }) => {
      const slip = trackingSlipOf(await load(params.code, principal), options.names, options.clock());
      if (query.format === 'json') {
        res.json(slip);
        return;
      }
      res.set('content-security-policy', documentContentSecurityPolicy).type('text/html; charset=utf-8').send(renderDocumentHtml(slip));
    },
  );
  return api.router;
}
