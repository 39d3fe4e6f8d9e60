/**
 * Intake HTTP API: submit a dossier (counter or portal), read it back, list the
 * built-in procedures and centres. Routes parse, call one use case, map the result.
 */
import { Router } from 'express';
import { Type } from '@sinclair/typebox';
import { Applicant, DocumentRef, ReturnChannel } from '@motcua/contracts';
import { parseBody } from '@motcua/runtime';
import { notFound } from '@motcua/errors';
import { traceparentOf } from '@motcua/observability';
import type { Catalogue } from '../../domain/catalogue';
import type { Dossier } from '../../domain/dossier.entity';
import { IntakeErrors } from '../../domain/intake.errors';
import type { DossierRepository } from '../../domain/intake.ports';
import { submitDossier, type SubmitDossierDeps } from '../../domain/submit-dossier.use-case';

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

export const DossierView = (d: Dossier) => ({
  id: d.id,
  code: d.code,
  status: d.status,
  centreId: d.centreId,
  procedureCode: d.procedureCode,
  receptionPointId: d.receptionPointId,
  receivedAt: d.receivedAt,
  appointmentAt: d.appointmentAt,
  returnChannel: { type: d.returnChannel.type },
});

export function dossierRoutes(deps: SubmitDossierDeps & { reads: Pick<DossierRepository, 'get' | 'findByCode'> }): Router {
  const router = Router();
  router.post('/v1/dossiers', async (req, res) => {
    const body = parseBody(SubmitDossierBody, req.body);
    const dossier = await submitDossier(
      {
        ...body,
        submissionChannel: body.submissionChannel ?? 'counter',
        actor: { role: body.submissionChannel === 'portal' ? 'integrator' : 'reception' },
        traceparent: traceparentOf().traceparent,
      },
      deps,
    );
    res.status(201).location(`/v1/dossiers/${dossier.id}`).json(DossierView(dossier));
  });
  router.get('/v1/dossiers/:id', async (req, res) => {
    const dossier = (await deps.reads.get(req.params.id)) ?? (await deps.reads.findByCode(req.params.id));
    if (!dossier) throw notFound(IntakeErrors.DOSSIER_NOT_FOUND, `no dossier ${req.params.id}`);
    res.json(DossierView(dossier));
  });
  return router;
}

export function catalogueRoutes(catalogue: Catalogue): Router {
  const router = Router();
  router.get('/v1/procedures', (_req, res) => {
    res.json({ items: catalogue.procedures });
  });
  router.get('/v1/centres', (_req, res) => {
    res.json({ items: catalogue.centres, sample: catalogue.sampleCentres });
  });
  return router;
}
