/**
 * The counter's view of results and their handover, and download links for
 * electronic results. The acting officer is named by the `x-officer-id` header (the
 * interim identity until authentication); role and centre come from the catalogue.
 */
import type { Request } from 'express';
import { Type } from '@sinclair/typebox';
import { assertSameCentre, officerFromHeader, officerHeaderDoc, OFFICER_HEADER, type Catalogue, type Officer } from '@motcua/catalogue';
import { Applicant, dossierStates } from '@motcua/contracts';
import { apiRouter, pageQuery } from '@motcua/runtime';
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
    ...pageQuery(500),
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

const resultAnswer = { description: 'the result, its channel without address or e-mail' };

export function resultRoutes(deps: { store: ServiceStore; transaction: RunReturnTransaction; context: ReturnContext }) {
  const api = apiRouter();
  const { catalogue } = deps.context;
  const reader = [officerHeaderDoc(false)];

  api.get({ path: '/v1/results', summary: 'Results and where they are', headers: reader, query: ResultQuery, responses: { 200: { description: '`items`, `limit`, `offset`' } } }, async ({ query, req, res }) => {
    const officer = readerOf(catalogue, req);
    if (officer && officer.role !== 'ops') {
      query.centreId ??= officer.centreId;
      assertSameCentre(officer, query.centreId);
    }
    res.json({ items: (await findResults(deps.store, query)).map(view), limit: query.limit, offset: query.offset });
  });

  api.get({ path: '/v1/results/:id', summary: 'One result', headers: reader, responses: { 200: resultAnswer } }, async ({ params, req, res }) => {
    const result = await getResult(deps.store, params.id);
    if (!result) throw resultNotFound(params.id);
    const officer = readerOf(catalogue, req);
    if (officer) assertSameCentre(officer, result.centreId);
    res.json(view(result));
  });

  api.post(
    { path: '/v1/results/:id/handover', summary: 'Hand the result over at the counter', headers: [officerHeaderDoc(true)], body: HandoverBody, responses: { 200: resultAnswer } },
    async ({ params, body, req, res }) => {
      const officer = officerOf(catalogue, req);
      res.json(view(await handOverAtCounter(deps.transaction, deps.context, params.id, body, officer)));
    },
  );

  /** Without an officer header the caller is taken to be the integrator's portal (no integrator keys until issue 7). */
  api.post(
    {
      path: '/v1/results/:id/download-link',
      summary: 'An expiring download link for an electronic result',
      headers: [officerHeaderDoc(false, 'an officer of the result\'s centre; without it the caller is the integrator (portal)')],
      body: DownloadLinkBody,
      responses: { 200: { description: '`url` and `expiresAt`' } },
    },
    async ({ params, req, res }) => {
      const link = await issueDownloadLink(deps.transaction, deps.context, params.id, readerOf(catalogue, req));
      res.json({ url: link.url, expiresAt: link.expiresAt });
    },
  );
  return api.router;
}
