/**
 * The postal operator's status callbacks (`POST /v1/postal/callbacks`, signed), a
 * dossier's pickups for the counter and ops, and — only while the simulator is the
 * operator — `POST /v1/postal/simulator/{trackingCode}/{status}`, which makes the
 * simulator send the signed callback a real operator would. Late and duplicate
 * callbacks are answered 200 and logged: the operator must not keep retrying them.
 */
import { Type } from '@sinclair/typebox';
import { anyOfficer, assertCentre } from '@motcua/auth';
import { AppError } from '@motcua/errors';
import type { Logger } from '@motcua/observability';
import { apiRouter, parseBody } from '@motcua/runtime';
import type { ServiceStore } from '@motcua/storage';
import { callbackStatuses } from '../../domain/postal-pickup.entity';
import { PostalErrors, type RunPostalTransaction } from '../../domain/postal.ports';
import { recordPostalCallback, type PostalContext } from '../../domain/postal-pickup.use-cases';
import { checkCallbackSignature, signCallback, SIGNATURE_HEADER, TIMESTAMP_HEADER } from '../../data-access/postal/postal-callback.signature';
import { findPickups } from '../../data-access/postal/postal-pickup.store';

const TrackingCode = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9._:-]+$' });
const Status = Type.Union(callbackStatuses.map((s) => Type.Literal(s)));

export const PostalCallbackBody = Type.Object(
  { trackingCode: TrackingCode, status: Status, at: Type.String({ format: 'date-time', maxLength: 40 }), detail: Type.Optional(Type.String({ maxLength: 500 })) },
  { additionalProperties: false },
);
export const SimulatorBody = Type.Object({ detail: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false });
export const PickupQuery = Type.Object({ dossierId: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false });

export interface PostalRouteDeps {
  store: ServiceStore;
  run: RunPostalTransaction;
  ctx: PostalContext;
  logger: Logger;
  secret: string;
  toleranceS: number;
  simulator: boolean;
  /** Sends the SMS a callback queued, after commit. */
  dispatch: (notificationId: string) => Promise<unknown>;
}

const outcomeAnswer = { description: '`outcome`: applied (with the new `status`) or ignored (with the `reason`)' };

export function postalRoutes(deps: PostalRouteDeps) {
  const api = apiRouter();

  api.post(
    {
      path: '/v1/postal/callbacks',
      summary: 'The postal operator\'s status callback (signed)',
      description: 'Called by the postal operator, not by integrators: HMAC-SHA256 over the timestamp and the body, in the signature header.',
      access: { public: 'the postal operator\'s callback, authenticated by its HMAC signature instead' },
      headers: [
        { name: SIGNATURE_HEADER, required: true, description: 'HMAC-SHA256 signature' },
        { name: TIMESTAMP_HEADER, required: true, description: 'Unix seconds; refused outside the tolerance' },
      ],
      body: PostalCallbackBody,
      responses: { 200: outcomeAnswer },
    },
    async ({ body, req, res }) => {
      const check = checkCallbackSignature(deps.secret, { signature: req.header(SIGNATURE_HEADER), timestamp: req.header(TIMESTAMP_HEADER) }, body, deps.ctx.clock(), deps.toleranceS);
      if (!check.valid) throw new AppError(PostalErrors.CALLBACK_UNAUTHORIZED, 'unauthorized', `postal callback refused: ${check.reason}`);
      const outcome = await recordPostalCallback(deps.run, body, deps.ctx);
      if (outcome.applied) {
        deps.logger.info({ pickupId: outcome.pickupId, status: outcome.status }, 'postal callback applied');
        if (outcome.notificationId) await deps.dispatch(outcome.notificationId).catch((error: unknown) => deps.logger.warn({ err: error }, 'sms dispatch failed; the sweep tries again'));
        res.json({ outcome: 'applied', status: outcome.status });
      } else {
        deps.logger.info({ trackingCode: body.trackingCode, reported: body.status, reason: outcome.reason }, 'postal callback ignored');
        res.json({ outcome: 'ignored', reason: outcome.reason });
      }
    },
  );

  api.get({ path: '/v1/postal/pickups', summary: 'A dossier\'s postal pickups (without the pickup code)', access: { officers: anyOfficer, integrators: 'dossiers:read' }, query: PickupQuery, responses: { 200: { description: '`items`' } } }, async ({ query, principal, res }) => {
    const pickups = await findPickups(deps.store, query.dossierId);
    for (const pickup of pickups) assertCentre(principal, pickup.centreId, 'read');
    // The pickup code is the citizen's to show at the point: never served back.
    res.json({ items: pickups.map(({ pickupCode: _secret, ...pickup }) => pickup) });
  });

  if (deps.simulator) {
    api.post(
      {
        path: '/v1/postal/simulator/:trackingCode/:status',
        summary: 'Make the postal simulator send the callback a real operator would',
        description: 'Exists only while the simulator is the operator (NOTIFIER_POSTAL_OPERATOR=simulator, the embedded edition\'s default).',
        access: { officers: ['ops', 'reception', 'courier'] },
        params: Type.Object({ trackingCode: TrackingCode, status: Status }, { additionalProperties: false }),
        body: SimulatorBody,
        responses: { 200: outcomeAnswer },
      },
      async ({ params, body, req, res }) => {
        const fields = parseBody(PostalCallbackBody, { ...params, at: deps.ctx.clock().toISOString(), ...(body.detail ? { detail: body.detail } : {}) });
        const timestamp = String(Math.floor(deps.ctx.clock().getTime() / 1000));
        // To this very server, by the address the request came in on: never to the Host header's, which the caller chooses.
        const address = req.socket.localAddress ?? '127.0.0.1';
        const response = await fetch(`http://${address.includes(':') ? `[${address}]` : address}:${req.socket.localPort}/v1/postal/callbacks`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: signCallback(deps.secret, timestamp, fields), [TIMESTAMP_HEADER]: timestamp },
          body: JSON.stringify(fields),
        });
        res.status(response.status).type(response.headers.get('content-type') ?? 'application/json').send(await response.text());
      },
    );
  }
  return api.router;
}
