/**
 * Intake's dossier API: submit a dossier (counter or portal), read it back with its
 * history, print its receipt slip, withdraw it, hand in a supplement. Routes parse,
 * call one use case, map the result.
 */
import { Router } from 'express';
import { Type } from '@sinclair/typebox';
import { Applicant, DocumentRef, ReturnChannel, ShortText } from '@motcua/contracts';
import { idempotentRequestOf, parseBody, parseQuery } from '@motcua/runtime';
import { traceparentOf } from '@motcua/observability';
import type { Dossier } from '../../domain/dossier.entity';
import { provideSupplement, withdrawDossier } from '../../domain/dossier-actions.use-cases';
import { receiptSlipOf } from '../../domain/intake.documents';
import { dossierNotFound } from '../../domain/intake.errors';
import type { IntakeContext, IntakeReads, RunIntakeTransaction } from '../../domain/intake.ports';
import { submitDossier } from '../../domain/submit-dossier.use-case';
import { callerOf, sendDocument } from './identity';

export const SubmitDossierBody = Type.Object(
  {
    procedureCode: Type.String({ minLength: 1, maxLength: 32 }),
    centreId: Type.String({ minLength: 1, maxLength: 64 }),
    receptionPointId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    submissionChannel: Type.Optional(Type.Union([Type.Literal('counter'), Type.Literal('portal')])),
    applicant: Applicant,
    documents: Type.Array(DocumentRef, { maxItems: 50 }),
    returnChannel: ReturnChannel,
  },
  { additionalProperties: false },
);
export const WithdrawBody = Type.Object({ reason: ShortText }, { additionalProperties: false });
export const SupplementBody = Type.Object({ documents: Type.Array(DocumentRef, { minItems: 1, maxItems: 50 }) }, { additionalProperties: false });
export const DocumentQuery = Type.Object({ format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('html')])) }, { additionalProperties: false });

/** What any caller may read: the applicant's personal data stays out (it is on the printed slip only). */
export const dossierView = (d: Dossier) => ({
  id: d.id,
  code: d.code,
  state: d.state,
  /** Same as `state`; kept for clients of the first API version. */
  status: d.state,
  centreId: d.centreId,
  procedureCode: d.procedureCode,
  receptionPointId: d.receptionPointId,
  viaSatellite: d.viaSatellite,
  submissionChannel: d.submissionChannel,
  receivedAt: d.receivedAt,
  appointmentAt: d.appointmentAt,
  returnChannel: { type: d.returnChannel.type, ...(d.returnChannel.receptionPointId ? { receptionPointId: d.returnChannel.receptionPointId } : {}) },
  potentialDuplicate: d.potentialDuplicate,
  ...(d.duplicateOf ? { duplicateOf: d.duplicateOf } : {}),
  ...(d.transferRoundId ? { transferRoundId: d.transferRoundId } : {}),
  history: d.history,
});

export interface IntakeRouteDeps {
  run: RunIntakeTransaction;
  reads: IntakeReads;
  ctx: IntakeContext;
}

export function dossierRoutes({ run, reads, ctx }: IntakeRouteDeps): Router {
  const router = Router();

  router.post('/v1/dossiers', async (req, res) => {
    const body = parseBody(SubmitDossierBody, req.body);
    const actor = callerOf(ctx.catalogue, req);
    const dossier = await submitDossier(run, ctx, {
      ...body,
      // An officer registers at the counter; an integrator without one submits from the portal.
      submissionChannel: body.submissionChannel ?? (actor.role === 'integrator' ? 'portal' : 'counter'),
      actor,
      traceparent: traceparentOf().traceparent,
      idempotency: idempotentRequestOf(req, res),
    });
    res.status(201).location(`/v1/dossiers/${dossier.id}`).json(dossierView(dossier));
  });

  router.get('/v1/dossiers/:id', async (req, res) => {
    const dossier = await reads.dossier(req.params.id);
    if (!dossier) throw dossierNotFound(req.params.id);
    res.json(dossierView(dossier));
  });

  router.get('/v1/dossiers/:id/receipt', async (req, res) => {
    const { format } = parseQuery(DocumentQuery, req.query);
    const dossier = await reads.dossier(req.params.id);
    if (!dossier) throw dossierNotFound(req.params.id);
    sendDocument(res, format, receiptSlipOf(ctx.catalogue, dossier, ctx.lookupUrl(dossier.code)));
  });

  router.post('/v1/dossiers/:id/withdraw', async (req, res) => {
    const { reason } = parseBody(WithdrawBody, req.body);
    const actor = callerOf(ctx.catalogue, req);
    res.json(dossierView(await withdrawDossier(run, ctx, req.params.id, reason, actor)));
  });

  router.post('/v1/dossiers/:id/supplements', async (req, res) => {
    const { documents } = parseBody(SupplementBody, req.body);
    const actor = callerOf(ctx.catalogue, req);
    res.json(dossierView(await provideSupplement(run, ctx, req.params.id, documents, actor)));
  });

  return router;
}
