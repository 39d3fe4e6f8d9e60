/** Leader queue: list signature requests, sign or decline as the officer named by `x-officer-id`. */
import type { SignatureRequestStatus } from '../../domain/signature-request.entity';
import { Type } from '@sinclair/typebox';
import { OFFICER_HEADER, officerFromHeader, officerHeaderDoc, type Catalogue, type Officer } from '@motcua/catalogue';
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
/** `signerId` is accepted from older callers only when it names the officer in the header: who signs is the header's officer. */
export const SignBody = Type.Object({ signerId: Type.Optional(Identifier) }, { additionalProperties: false });
export const DeclineBody = Type.Object({ reason: Type.String({ minLength: 1, maxLength: 500 }), leaderId: Type.Optional(Identifier) }, { additionalProperties: false });

export const SIGNER_MISMATCH = 'SIGNING.SIGNER_MISMATCH';

function assertNamesOfficer(officer: Officer, named: string | undefined, field: string): void {
  if (named !== undefined && named !== officer.id) {
    throw new AppError(SIGNER_MISMATCH, 'validation', `${field} ${named} is not the officer ${officer.id} named by ${OFFICER_HEADER}: a leader signs only as themselves`, {
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
  const leader = [officerHeaderDoc(true, 'the leader signing or declining, as themselves')];
  /**
   * A leader naming themselves in the header sees their own centre's queue; without the
   * header the list stays open as before until authentication (issue 7).
   */
  api.get(
    { path: '/v1/signature-requests', summary: 'The leaders\' signing queue', headers: [officerHeaderDoc(false)], query: SignatureRequestQuery, responses: { 200: { description: '`items`' } } },
    async ({ query, req, res }) => {
      const status = query.status ? (query.status.toUpperCase() as SignatureRequestStatus) : undefined;
      let centreId = query.centreId;
      if (req.headers[OFFICER_HEADER] !== undefined) {
        const officer = officerFromHeader(deps.catalogue, req.headers[OFFICER_HEADER]);
        if (officer.role !== 'ops') {
          if (centreId && centreId !== officer.centreId) throw new AppError('AUTH.WRONG_CENTRE', 'forbidden', `officer ${officer.id} works at ${officer.centreId}, not ${centreId}`);
          centreId = officer.centreId;
        }
      }
      res.json({ items: await findSignatureRequests(deps.store, { ...query, centreId, status }) });
    },
  );
  api.post(
    { path: '/v1/signature-requests/:id/sign', summary: 'Sign the result (PAdES, with the leader\'s certificate)', headers: leader, body: SignBody, responses: { 200: { description: 'the request, signed, with its document' } } },
    async ({ params, body, req, res }) => {
      const officer = officerFromHeader(deps.catalogue, req.headers[OFFICER_HEADER]);
      assertNamesOfficer(officer, body.signerId, 'signerId');
      const { request, document } = await signRequest(deps.transaction, deps.signing, params.id, officer);
      res.json({ ...request, document: documentSummary(document) });
    },
  );
  api.post(
    { path: '/v1/signature-requests/:id/decline', summary: 'Decline to sign, with a reason (back to processing)', headers: leader, body: DeclineBody, responses: { 200: { description: 'the request, declined' } } },
    async ({ params, body, req, res }) => {
      const officer = officerFromHeader(deps.catalogue, req.headers[OFFICER_HEADER]);
      assertNamesOfficer(officer, body.leaderId, 'leaderId');
      res.json(await declineRequest(deps.transaction, params.id, officer, body.reason, deps.signing.clock));
    },
  );
  return api.router;
}
