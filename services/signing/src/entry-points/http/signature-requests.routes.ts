/** Leader queue: list signature requests, sign or decline as the leader the token names. */
import type { SignatureRequestStatus } from '../../domain/signature-request.entity';
import { Type } from '@sinclair/typebox';
import { anyOfficer, asOfficer, listCentreOf, officerRolesAmong, type Access } from '@motcua/auth';
import { officerFromToken, type Catalogue, type Officer } from '@motcua/catalogue';
import { lifecycleTransitions } from '@motcua/contracts';
import { AppError } from '@motcua/errors';
import { apiRouter, pageQuery } from '@motcua/runtime';
import type { ServiceStore } from '@motcua/storage';
import type { RunSigningTransaction } from '../../domain/signing.ports';
import { declineRequest, signRequest, type SigningContext } from '../../domain/signing.use-cases';
import { findSignatureRequests } from '../../data-access/signing.store';
import type { SignedDocument } from '../../domain/signature-request.entity';

export const SignatureRequestQuery = Type.Object(
  {
    dossierId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    centreId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    status: Type.Optional(Type.Union([Type.Literal('pending'), Type.Literal('signed'), Type.Literal('declined'), Type.Literal('withdrawn')])),
    ...pageQuery(500),
  },
  { additionalProperties: false },
);
const Identifier = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9._:-]+$' });
/** `signerId` is accepted from older callers only when it names the signed-in officer: who signs is the token's officer. */
export const SignBody = Type.Object({ signerId: Type.Optional(Identifier) }, { additionalProperties: false });
export const DeclineBody = Type.Object({ reason: Type.String({ minLength: 1, maxLength: 500 }), leaderId: Type.Optional(Identifier) }, { additionalProperties: false });

export const SIGNER_MISMATCH = 'SIGNING.SIGNER_MISMATCH';

function assertNamesOfficer(officer: Officer, named: string | undefined, field: string): void {
  if (named !== undefined && named !== officer.id) {
    throw new AppError(SIGNER_MISMATCH, 'validation', `${field} ${named} is not the officer ${officer.id} signed in: a leader signs only as themselves`, {
      fields: [{ path: field, message: `must be ${officer.id} or left out` }],
    });
  }
}

export function documentSummary(document: SignedDocument): Record<string, unknown> {
  return document.kind === 'pades-cms'
    ? { id: document.id, kind: document.kind, mediaType: document.mediaType, sha256: document.sha256, byteLength: document.byteLength, signer: document.signer, signedAt: document.signedAt }
    : { id: document.id, kind: document.kind, sha256: document.sha256, signedAt: document.signedAt };
}

export function signingRoutes(deps: { store: ServiceStore; transaction: RunSigningTransaction; catalogue: Catalogue; signing: SigningContext }) {
  const api = apiRouter();
  const leaders: Access = { officers: officerRolesAmong(lifecycleTransitions.sign.roles) };
  const leaderOf = (principal: Parameters<typeof asOfficer>[0]): Officer => officerFromToken(deps.catalogue, asOfficer(principal));
  /** An officer sees their own centre's queue; ops every centre's. */
  api.get(
    { path: '/v1/signature-requests', summary: 'The leaders\' signing queue', access: { officers: anyOfficer }, query: SignatureRequestQuery, responses: { 200: { description: '`items`' } } },
    async ({ query, principal, res }) => {
      const status = query.status ? (query.status.toUpperCase() as SignatureRequestStatus) : undefined;
      const centreId = listCentreOf(principal, query.centreId);
      res.json({ items: await findSignatureRequests(deps.store, { ...query, centreId, status }) });
    },
  );
  api.post(
    { path: '/v1/signature-requests/:id/sign', summary: 'Sign the result (PAdES, with the leader\'s certificate)', access: leaders, body: SignBody, responses: { 200: { description: 'the request, signed, with its document' } } },
    async ({ params, body, principal, res }) => {
      const officer = leaderOf(principal);
      assertNamesOfficer(officer, body.signerId, 'signerId');
      const { request, document } = await signRequest(deps.transaction, deps.signing, params.id, officer);
      res.json({ ...request, document: documentSummary(document) });
    },
  );
  api.post(
    { path: '/v1/signature-requests/:id/decline', summary: 'Decline to sign, with a reason (back to processing)', access: leaders, body: DeclineBody, responses: { 200: { description: 'the request, declined' } } },
    async ({ params, body, principal, res }) => {
      const officer = leaderOf(principal);
      assertNamesOfficer(officer, body.leaderId, 'leaderId');
      res.json(await declineRequest(deps.transaction, params.id, officer, body.reason, deps.signing.clock));
    },
  );
  return api.router;
}
