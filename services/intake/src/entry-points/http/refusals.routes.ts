/** Refusal at intake: record why a dossier was not taken in, and print the refusal slip (form 03). */
import { Router } from 'express';
import { Type } from '@sinclair/typebox';
import { Applicant, DocumentRef, ShortText } from '@motcua/contracts';
import { parseBody, parseQuery } from '@motcua/runtime';
import { refusalSlipOf } from '../../domain/intake.documents';
import { refusalNotFound } from '../../domain/intake.errors';
import type { Refusal } from '../../domain/refusal.entity';
import { refuseAtIntake } from '../../domain/refuse-at-intake.use-case';
import { DocumentQuery, type IntakeRouteDeps } from './dossiers.routes';
import { callerOf, sendDocument } from './identity';

export const RefusalBody = Type.Object(
  {
    procedureCode: Type.String({ minLength: 1, maxLength: 32 }),
    centreId: Type.String({ minLength: 1, maxLength: 64 }),
    receptionPointId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    applicant: Applicant,
    documents: Type.Array(DocumentRef, { maxItems: 50 }),
    reason: ShortText,
  },
  { additionalProperties: false },
);

/** The record without the full id number: the slip prints its last four digits too. */
export const refusalView = (r: Refusal) => ({
  ...r,
  applicant: { fullName: r.applicant.fullName, idNumberLast4: r.applicant.idNumber.slice(-4) },
});

export function refusalRoutes({ run, reads, ctx }: IntakeRouteDeps): Router {
  const router = Router();

  router.post('/v1/refusals', async (req, res) => {
    const body = parseBody(RefusalBody, req.body);
    const refusal = await refuseAtIntake(run, ctx, { ...body, actor: callerOf(ctx.catalogue, req) });
    res.status(201).location(`/v1/refusals/${refusal.id}`).json(refusalView(refusal));
  });

  router.get('/v1/refusals/:id', async (req, res) => {
    const refusal = await reads.refusal(req.params.id);
    if (!refusal) throw refusalNotFound(req.params.id);
    res.json(refusalView(refusal));
  });

  router.get('/v1/refusals/:id/slip', async (req, res) => {
    const { format } = parseQuery(DocumentQuery, req.query);
    const refusal = await reads.refusal(req.params.id);
    if (!refusal) throw refusalNotFound(req.params.id);
    sendDocument(res, format, refusalSlipOf(ctx.catalogue, refusal));
  });

  return router;
}
