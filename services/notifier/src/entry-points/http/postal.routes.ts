/**
 * The postal operator's status callbacks (`POST /v1/postal/callbacks`, signed), a
 * dossier's pickups for the counter and ops, and — only while the simulator is the
 * operator — `POST /v1/postal/simulator/{trackingCode}/{status}`, which makes the
 * simulator send the signed callback a real operator would. Late and duplicate
 * callbacks are answered 200 and logged: the operator must not keep retrying them.
 */
import { Router } from 'express';
import { Type } from '@sinclair/typebox';
import { AppError } from '@motcua/errors';
import type { Logger } from '@motcua/observability';
import { parseBody, parseQuery } from '@motcua/runtime';
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

export function postalRoutes(deps: PostalRouteDeps): Router {
  const router = Router();

  router.post('/v1/postal/callbacks', async (req, res) => {
    const body = parseBody(PostalCallbackBody, req.body);
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
  });

  router.get('/v1/postal/pickups', async (req, res) => {
    const query = parseQuery(PickupQuery, req.query);
    // The pickup code is the citizen's to show at the point: never served back.
    res.json({ items: (await findPickups(deps.store, query.dossierId)).map(({ pickupCode: _secret, ...pickup }) => pickup) });
  });

  if (deps.simulator) {
    router.post('/v1/postal/simulator/:trackingCode/:status', async (req, res) => {
      const { detail } = parseBody(SimulatorBody, req.body ?? {});
      const fields = parseBody(PostalCallbackBody, { trackingCode: req.params.trackingCode, status: req.params.status, at: deps.ctx.clock().toISOString(), ...(detail ? { detail } : {}) });
      const timestamp = String(Math.floor(deps.ctx.clock().getTime() / 1000));
      const response = await fetch(`${req.protocol}://${req.get('host') ?? 'localhost'}/v1/postal/callbacks`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: signCallback(deps.secret, timestamp, fields), [TIMESTAMP_HEADER]: timestamp },
        body: JSON.stringify(fields),
      });
      res.status(response.status).type(response.headers.get('content-type') ?? 'application/json').send(await response.text());
    });
  }
  return router;
}
