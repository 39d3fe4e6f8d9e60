/** The daily briefing: `GET /v1/briefings?date=&centreId=&view=start|end&format=json|csv|html`. */
import { Type } from '@sinclair/typebox';
import { notFound } from '@motcua/errors';
import { anyOfficer, listCentreOf } from '@motcua/auth';
import { apiRouter } from '@motcua/runtime';
import type { ServiceStore } from '@motcua/storage';
import { viewsForBriefing } from '../../data-access/tracking.store';
import { computeBriefing, vietnamDayStart, type BriefingCentre } from '../../domain/daily-briefing.rules';
import { briefingContentSecurityPolicy, briefingCsv, briefingHtml } from './briefing.renderers';

export const BriefingErrors = { CENTRE_NOT_FOUND: 'TRACKING.CENTRE_NOT_FOUND' } as const;

export const BriefingQuerySchema = Type.Object(
  {
    date: Type.String({ format: 'date', maxLength: 10 }),
    centreId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    view: Type.Union([Type.Literal('start'), Type.Literal('end')], { default: 'end' }),
    format: Type.Union([Type.Literal('json'), Type.Literal('csv'), Type.Literal('html')], { default: 'json' }),
  },
  { additionalProperties: false },
);

export interface BriefingRouteOptions {
  /** Every centre, in the order the briefing lists them. */
  centres: BriefingCentre[];
  /** The calendar's next working day after a `YYYY-MM-DD` date; throws an invalid-input AppError for a bad date. */
  nextWorkingDay: (date: string) => string;
}

export function briefingRoutes(store: ServiceStore, options: BriefingRouteOptions) {
  const api = apiRouter();
  api.get(
    {
      path: '/v1/briefings',
      summary: 'The start-of-day or end-of-day briefing, city-wide (ops) or for one centre',
      access: { officers: anyOfficer },
      query: BriefingQuerySchema,
      responses: { 200: { description: 'the briefing as data, a spreadsheet or a printable page', contentTypes: ['application/json', 'text/csv; charset=utf-8', 'text/html; charset=utf-8'] } },
    },
    async ({ query: asked, principal, res }) => {
      const centreId = listCentreOf(principal, asked.centreId);
      const query = { ...asked, ...(centreId ? { centreId } : {}) };
      const centres = centreId === undefined ? options.centres : options.centres.filter((c) => c.id === centreId);
      if (centres.length === 0) throw notFound(BriefingErrors.CENTRE_NOT_FOUND, `no centre with id ${centreId}`);
      const nextWorkingDay = options.nextWorkingDay(query.date);
      const views = await viewsForBriefing(store, vietnamDayStart(query.date), centreId);
      const briefing = computeBriefing(views, { date: query.date, view: query.view, centres, nextWorkingDay });
      const fileName = `bao-cao-${query.view === 'start' ? 'dau' : 'cuoi'}-ngay-${query.date}${query.centreId ? `-${query.centreId}` : ''}`;
      if (query.format === 'csv') {
        res.type('text/csv; charset=utf-8').set('content-disposition', `attachment; filename="${fileName}.csv"`).send(briefingCsv(briefing));
        return;
      }
      if (query.format === 'html') {
        res.set('content-security-policy', briefingContentSecurityPolicy).type('text/html; charset=utf-8').send(briefingHtml(briefing));
        return;
      }
      res.json(briefing);
    },
  );
  return api.router;
}
