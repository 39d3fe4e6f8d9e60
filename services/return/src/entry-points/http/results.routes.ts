/**
 * The counter's view of results and their handover, and download links for
 * electronic results. Officers see their own centre's results (ops every centre's);
 * the portal's key reads the results of the centres it is scoped to.
 */
import { Type } from '@sinclair/typebox';
import { anyOfficer, asOfficer, assertCentre, listCentreOf, officerRolesAmong, type Access } from '@motcua/auth';
import { officerFromToken } from '@motcua/catalogue';
import { Applicant, dossierStates, lifecycleTransitions } from '@motcua/contracts';
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

const resultReaders: Access = { officers: anyOfficer, integrators: 'dossiers:read' };
const handOverRoles = officerRolesAmong(lifecycleTransitions.handOver.roles);

const resultAnswer = { description: 'the result, its channel without address or e-mail' };

export function resultRoutes(deps: { store: ServiceStore; transaction: RunReturnTransaction; context: ReturnContext }) {
  const api = apiRouter();
  const { catalogue } = deps.context;

  api.get({ path: '/v1/results', summary: 'Results and where they are', access: resultReaders, query: ResultQuery, responses: { 200: { description: '`items`, `limit`, `offset`' } } }, async ({ query, principal, res }) => {
    const centreId = listCentreOf(principal, query.centreId);
    res.json({ items: (await findResults(deps.store, { ...query, ...(centreId ? { centreId } : {}) })).map(view), limit: query.limit, offset: query.offset });
  });

  api.get({ path: '/v1/results/:id', summary: 'One result', access: resultReaders, responses: { 200: resultAnswer } }, async ({ params, principal, res }) => {
    const result = await getResult(deps.store, params.id);
    if (!result) throw resultNotFound(params.id);
    assertCentre(principal, result.centreId, 'read');
    res.json(view(result));
  });

  api.post(
    { path: '/v1/results/:id/handover', summary: 'Hand the result over at the counter', access: { officers: handOverRoles }, body: HandoverBody, responses: { 200: resultAnswer } },
    async ({ params, body, principal, res }) => {
      const officer = officerFromToken(catalogue, asOfficer(principal));
      res.json(view(await handOverAtCounter(deps.transaction, deps.context, params.id, body, officer)));
    },
  );

  /** An officer of the result's centre, or the portal (its key scoped to the centre) for the citizen's download. */
  api.post(
    {
      path: '/v1/results/:id/download-link',
      summary: 'An expiring download link for an electronic result',
      access: { officers: handOverRoles, integrators: 'dossiers:read' },
      body: DownloadLinkBody,
      responses: { 200: { description: '`url` and `expiresAt`' } },
    },
    async ({ params, principal, res }) => {
      if (principal.kind === 'integrator') {
        const result = await getResult(deps.store, params.id);
        if (!result) throw resultNotFound(params.id);
        assertCentre(principal, result.centreId, 'read');
      }
      const officer = principal.kind === 'officer' ? officerFromToken(catalogue, principal) : undefined;
      const link = await issueDownloadLink(deps.transaction, deps.context, params.id, officer);
      res.json({ url: link.url, expiresAt: link.expiresAt });
    },
  );
  return api.router;
}
