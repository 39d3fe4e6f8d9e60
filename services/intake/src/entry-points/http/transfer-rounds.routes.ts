/**
 * Courier rounds over HTTP: a satellite point's rounds of a day, one round's manifest
 * (JSON, or a printable sheet with `?format=html`), and the courier's two
 * confirmations — pickup at the satellite point, arrival at the main centre. Both
 * confirmations are officer actions (`x-officer-id`) and idempotent.
 */
import { Router } from 'express';
import { Type } from '@sinclair/typebox';
import { Id } from '@motcua/contracts';
import { documentContentSecurityPolicy } from '@motcua/documents';
import { parseBody, parseQuery } from '@motcua/runtime';
import { localDateOf } from '@motcua/working-time';
import { confirmArrival, confirmPickup, roundsOfPoint, transferRound } from '../../domain/transfer-round.use-cases';
import type { IntakeRouteDeps } from './dossiers.routes';
import { officerCallerOf } from './identity';
import { renderManifestHtml } from './manifest.html';

export const RoundsQuery = Type.Object(
  { receptionPointId: Type.String({ minLength: 1, maxLength: 64 }), date: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' })) },
  { additionalProperties: false },
);
export const RoundQuery = Type.Object({ format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('html')])) }, { additionalProperties: false });
const Ids = Type.Array(Id, { maxItems: 500 });
export const PickupBody = Type.Object({ dossierIds: Type.Optional(Ids), resultIds: Type.Optional(Ids) }, { additionalProperties: false });
export const ArrivalBody = Type.Object({ dossierIds: Type.Optional(Ids) }, { additionalProperties: false });

export function transferRoundRoutes({ run, reads, ctx }: IntakeRouteDeps): Router {
  const router = Router();

  router.get('/v1/transfer-rounds', async (req, res) => {
    const query = parseQuery(RoundsQuery, req.query);
    const date = query.date ?? localDateOf(ctx.clock());
    res.json({ receptionPointId: query.receptionPointId, date, ...(await roundsOfPoint(reads, ctx, query.receptionPointId, date)) });
  });

  router.get('/v1/transfer-rounds/:id', async (req, res) => {
    const { format } = parseQuery(RoundQuery, req.query);
    const round = await transferRound(run, reads, ctx, req.params.id);
    if (format === 'html') {
      res.set('content-security-policy', documentContentSecurityPolicy).type('text/html; charset=utf-8').send(renderManifestHtml(ctx.catalogue, round));
      return;
    }
    res.json(round);
  });

  router.post('/v1/transfer-rounds/:id/pickup', async (req, res) => {
    const selection = parseBody(PickupBody, req.body);
    res.json(await confirmPickup(run, ctx, req.params.id, selection, officerCallerOf(ctx.catalogue, req)));
  });

  router.post('/v1/transfer-rounds/:id/arrival', async (req, res) => {
    const selection = parseBody(ArrivalBody, req.body);
    res.json(await confirmArrival(run, ctx, req.params.id, selection, officerCallerOf(ctx.catalogue, req)));
  });

  return router;
}
