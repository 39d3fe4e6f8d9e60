/**
 * The counter's view of results and their handover, and download links for
 * electronic results. The acting officer is named by the `x-officer-id` header (the
 * interim identity until authentication); role and centre come from the catalogue.
 */
import { Router, type Request } from 'express';
import { Type } from '@sinclair/typebox';
import { assertSameCentre, officerFromHeader, OFFICER_HEADER, type Catalogue, type Officer } from '@motcua/catalogue';
import { Applicant, dossierStates } from '@motcua/contracts';
import { parseBody, parseQuery } from '@motcua/runtime';
import type { ServiceStore } from '@motcua/storage';
import { findResults, getResult } from '../../data-access/return.store';
import { handOverAtCounter, issueDownloadLink } from '../../domain/handover.use-cases';
import type { ReturnContext, RunReturnTransaction } from '../../domain/return.ports';
import { resultNotFound, type Result } from '../../domain/result.entity';

const IdParam = Type.String({ minLength: 1, maxLength: 64 });

export const ResultQuery = Type.Object(
  {
    dossierId: Type.Optional(IdParam),
    centreId: Type.Optional(IdParam),
    /** Counter results collected at this reception point. */
    receptionPointId: Type.Optional(IdParam),
    state: Type.Optional(Type.Union(dossierStates.map((state) => Type.Literal(state)))),
    status: Type.Optional(Type.Union([Type.Literal('AWAITING_TRANSFER'), Type.Literal('READY'), Type.Literal('RETURNED')])),
    limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
    offset: Type.Integer({ minimum: 0, default: 0 }),
  },
  { additionalProperties: false },
);
export const HandoverBody = Type.Object(
  {
    receivedBy: Type.Object({ fullName: Applicant.properties.fullName, idNumber: Applicant.properties.idNumber }, { additionalProperties: false }),
    /** Giấy ủy quyền: when someone other than the applicant collects the result. */
    authorisation: Type.Optional(
      Type.Object(
        { documentNumber: Type.String({ minLength: 1, maxLength: 64 }), issuedBy: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })) },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
export const DownloadLinkBody = Type.Object({}, { additionalProperties: false });

/** The channel is shown without the address or e-mail: those stay with the services that deliver. */
const view = (r: Result) => ({
  ...r,
  returnChannel: {
    type: r.returnChannel.type,
    ...(r.returnChannel.postalPointId ? { postalPointId: r.returnChannel.postalPointId } : {}),
    ...(r.returnChannel.receptionPointId ? { receptionPointId: r.returnChannel.receptionPointId } : {}),
  },
});

const officerOf = (catalogue: Catalogue, req: Request): Officer => officerFromHeader(catalogue, req.header(OFFICER_HEADER));

/** Reads need no identity yet (issue 7); an officer who names themselves sees their own centre's results only, ops all. */
const readerOf = (catalogue: Catalogue, req: Request): Officer | undefined => (req.header(OFFICER_HEADER) === undefined ? undefined : officerOf(catalogue, req));

export function resultRoutes(deps: { store: ServiceStore; transaction: RunReturnTransaction; context: ReturnContext }): Router {
  const router = Router();
  const { catalogue } = deps.context;

  router.get('/v1/results', async (req, res) => {
    const query = parseQuery(ResultQuery, req.query);
    const reader = readerOf(catalogue, req);
    if (reader && reader.role !== 'ops') {
      query.centreId ??= reader.centreId;
      assertSameCentre(reader, query.centreId);
    }
    res.json({ items: (await findResults(deps.store, query)).map(view), limit: query.limit, offset: query.offset });
  });

  router.get('/v1/results/:id', async (req, res) => {
    const result = await getResult(deps.store, req.params.id);
    if (!result) throw resultNotFound(req.params.id);
    const reader = readerOf(catalogue, req);
    if (reader) assertSameCentre(reader, result.centreId);
    res.json(view(result));
  });

  router.post('/v1/results/:id/handover', async (req, res) => {
    const officer = officerOf(catalogue, req);
    const body = parseBody(HandoverBody, req.body);
    res.json(view(await handOverAtCounter(deps.transaction, deps.context, req.params.id, body, officer)));
  });

  /** Without an officer header the caller is taken to be the integrator's portal (no integrator keys until issue 7). */
  router.post('/v1/results/:id/download-link', async (req, res) => {
    const officer = readerOf(catalogue, req);
    parseBody(DownloadLinkBody, req.body);
    const link = await issueDownloadLink(deps.transaction, deps.context, req.params.id, officer);
    res.json({ url: link.url, expiresAt: link.expiresAt });
  });
  return router;
}
