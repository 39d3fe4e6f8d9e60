/**
 * Courier rounds over HTTP: a satellite point's rounds of a day, one round's manifest
 * (JSON, or a printable sheet with `?format=html`), and the courier's two
 * confirmations — pickup at the satellite point, arrival at the main centre. Both
 * confirmations are officer actions (courier or reception of the centre) and idempotent.
 */
import { Type } from '@sinclair/typebox';
import { anyOfficer, assertCentre, type Access } from '@motcua/auth';
import { Id } from '@motcua/contracts';
import { apiRouter, DocumentFormatQuery, printableResponse } from '@motcua/runtime';
import { localDateOf } from '@motcua/working-time';
import { confirmArrival, confirmPickup, roundsOfPoint, transferRound } from '../../domain/transfer-round.use-cases';
import type { IntakeRouteDeps } from './dossiers.routes';
import { callerOf } from './identity';
import { manifestContentSecurityPolicy, renderManifestHtml } from './manifest.html';

export const RoundsQuery = Type.Object(
  { receptionPointId: Type.String({ minLength: 1, maxLength: 64 }), date: Type.Optional(Type.String({ format: 'date', maxLength: 10, description: 'YYYY-MM-DD; today in Vietnam when left out' })) },
  { additionalProperties: false },
);
const Ids = Type.Array(Id, { maxItems: 500 });
export const PickupBody = Type.Object({ dossierIds: Type.Optional(Ids), resultIds: Type.Optional(Ids) }, { additionalProperties: false });
export const ArrivalBody = Type.Object({ dossierIds: Type.Optional(Ids) }, { additionalProperties: false });

/** The courier confirms; reception may confirm an arrival at the main counter. */
const couriers: Access = { officers: ['courier', 'reception'] };
const roundReaders: Access = { officers: anyOfficer };

export function transferRoundRoutes({ run, reads, ctx }: IntakeRouteDeps) {
  const api = apiRouter();

  api.get({ path: '/v1/transfer-rounds', summary: 'A satellite point\'s courier rounds of a day', access: roundReaders, query: RoundsQuery, responses: { 200: { description: 'the rounds' } } }, async ({ query, principal, res }) => {
    const centre = ctx.catalogue.centres.find((c) => c.receptionPoints.some((p) => p.id === query.receptionPointId));
    if (centre) assertCentre(principal, centre.id, 'read');
    const date = query.date ?? localDateOf(ctx.clock());
    res.json({ receptionPointId: query.receptionPointId, date, ...(await roundsOfPoint(reads, ctx, query.receptionPointId, date)) });
  });

  api.get(
    { path: '/v1/transfer-rounds/:id', summary: 'One round\'s manifest (JSON by default, a printable sheet with `?format=html`)', access: roundReaders, query: DocumentFormatQuery, responses: { 200: printableResponse('the manifest') } },
    async ({ params, query, principal, res }) => {
      const round = await transferRound(run, reads, ctx, params.id);
      assertCentre(principal, round.centreId, 'read');
      if (query.format === 'html') {
        res.set('content-security-policy', manifestContentSecurityPolicy).type('text/html; charset=utf-8').send(renderManifestHtml(ctx.catalogue, round));
        return;
      }
      res.json(round);
    },
  );

  api.post(
    { path: '/v1/transfer-rounds/:id/pickup', summary: 'The courier picked the round up at the satellite point', access: couriers, body: PickupBody, responses: { 200: { description: 'the round' } } },
    async ({ params, body, principal, res }) => {
      res.json(await confirmPickup(run, ctx, params.id, body, callerOf(ctx.catalogue, principal)));
    },
  );

  api.post(
    { path: '/v1/transfer-rounds/:id/arrival', summary: 'The round arrived at the main centre', access: couriers, body: ArrivalBody, responses: { 200: { description: 'the round' } } },
    async ({ params, body, principal, res }) => {
      res.json(await confirmArrival(run, ctx, params.id, body, callerOf(ctx.catalogue, principal)));
    },
  );

  return api.router;
}
