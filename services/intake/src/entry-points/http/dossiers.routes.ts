/**
 * Intake's dossier API: submit a dossier (counter or portal), read it back with its
 * history, print its receipt slip, withdraw it, hand in a supplement. Routes parse,
 * call one use case, map the result.
 */
import { Type } from '@sinclair/typebox';
import { anyOfficer, assertCentre, type Access } from '@motcua/auth';
import { Applicant, DocumentRef, dossierStates, Id, IsoDateTime, ReturnChannel, returnChannelTypes, ShortText } from '@motcua/contracts';
import { apiRouter, DocumentFormatQuery, idempotentRequestOf, printableResponse, type ResponseSpec } from '@motcua/runtime';
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

/** What a dossier answer holds (dossierView below); open to fields added later. */
export const DossierViewSchema = Type.Object({
  id: Id,
  code: Type.String(),
  state: Type.Union(dossierStates.map((s) => Type.Literal(s))),
  status: Type.String({ description: 'same as state; kept for clients of the first API version' }),
  centreId: Type.String(),
  procedureCode: Type.String(),
  receptionPointId: Type.String(),
  viaSatellite: Type.Boolean(),
  submissionChannel: Type.Union([Type.Literal('counter'), Type.Literal('portal')]),
  receivedAt: IsoDateTime,
  appointmentAt: IsoDateTime,
  returnChannel: Type.Object({ type: Type.Union(returnChannelTypes.map((t) => Type.Literal(t))), receptionPointId: Type.Optional(Type.String()) }),
  potentialDuplicate: Type.Boolean(),
  duplicateOf: Type.Optional(Type.Array(Type.Object({ dossierId: Type.String(), dossierCode: Type.String() }))),
  transferRoundId: Type.Optional(Type.String()),
  history: Type.Array(Type.Object({}, { additionalProperties: true, description: 'one action: who, role, centre, when, trace id' })),
});
const dossierAnswer: ResponseSpec = { description: 'the dossier, without the applicant\'s personal data', schema: DossierViewSchema };
/** Who submits and acts on a dossier: reception at the counter, or the portal with its API key. */
export const intakeWriters: Access = { officers: ['reception'], integrators: 'dossiers:write' };
/** Who reads a dossier: any officer of its centre (ops: every centre), or a key scoped to its centre. */
export const dossierReaders: Access = { officers: anyOfficer, integrators: 'dossiers:read' };

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

export function dossierRoutes({ run, reads, ctx }: IntakeRouteDeps) {
  const api = apiRouter();

  api.post(
    {
      path: '/v1/dossiers',
      summary: 'Submit a dossier (at the counter or from the portal)',
      description: 'The appointment is computed in working time from the procedure\'s deadline rule. The citizen gets an SMS with the code and the appointment.',
      access: intakeWriters,
      body: SubmitDossierBody,
      responses: { 201: { ...dossierAnswer, description: 'received', headers: { Location: 'the dossier\'s URL' } } },
    },
    async ({ body, principal, req, res }) => {
      const actor = callerOf(ctx.catalogue, principal);
      const dossier = await submitDossier(run, ctx, {
        ...body,
        // An officer registers at the counter; an integrator without one submits from the portal.
        submissionChannel: body.submissionChannel ?? (actor.role === 'integrator' ? 'portal' : 'counter'),
        actor,
        traceparent: traceparentOf().traceparent,
        idempotency: idempotentRequestOf(req, res),
      });
      res.status(201).location(`/v1/dossiers/${dossier.id}`).json(dossierView(dossier));
    },
  );

  api.get({ path: '/v1/dossiers/:id', summary: 'A dossier with its history', access: dossierReaders, responses: { 200: dossierAnswer } }, async ({ params, principal, res }) => {
    const dossier = await reads.dossier(params.id);
    if (!dossier) throw dossierNotFound(params.id);
    assertCentre(principal, dossier.centreId, 'read');
    res.json(dossierView(dossier));
  });

  api.get(
    { path: '/v1/dossiers/:id/receipt', summary: 'The receipt-and-appointment slip', access: dossierReaders, query: DocumentFormatQuery, responses: { 200: printableResponse('the slip (form 01)') } },
    async ({ params, query, principal, res }) => {
      const dossier = await reads.dossier(params.id);
      if (!dossier) throw dossierNotFound(params.id);
      assertCentre(principal, dossier.centreId, 'read');
      sendDocument(res, query.format, receiptSlipOf(ctx.catalogue, dossier, ctx.lookupUrl(dossier.code)));
    },
  );

  api.post({ path: '/v1/dossiers/:id/withdraw', summary: 'Withdraw a dossier', access: intakeWriters, body: WithdrawBody, responses: { 200: dossierAnswer } }, async ({ params, body, principal, res }) => {
    res.json(dossierView(await withdrawDossier(run, ctx, params.id, body.reason, callerOf(ctx.catalogue, principal))));
  });

  api.post(
    { path: '/v1/dossiers/:id/supplements', summary: 'Hand in the documents a supplement request asked for', access: intakeWriters, body: SupplementBody, responses: { 200: dossierAnswer } },
    async ({ params, body, principal, res }) => {
      res.json(dossierView(await provideSupplement(run, ctx, params.id, body.documents, callerOf(ctx.catalogue, principal))));
    },
  );

  return api.router;
}
