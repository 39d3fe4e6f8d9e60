/** Counter handover and result listing. */
import { Router } from 'express';
import { Type } from '@sinclair/typebox';
import { parseBody, parseQuery } from '@motcua/runtime';
import type { ServiceStore } from '@motcua/storage';
import type { RunReturnTransaction } from '../../domain/return.ports';
import { handOver } from '../../domain/return.use-cases';
import { findResults } from '../../data-access/return.store';
import type { Result } from '../../domain/result.entity';

export const ResultQuery = Type.Object(
  {
    dossierId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    centreId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    status: Type.Optional(Type.Union([Type.Literal('READY'), Type.Literal('RETURNED')])),
    limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
    offset: Type.Integer({ minimum: 0, default: 0 }),
  },
  { additionalProperties: false },
);
export const HandoverBody = Type.Object(
  {
    receivedBy: Type.Object(
      { fullName: Type.String({ minLength: 1, maxLength: 200 }), idNumber: Type.String({ pattern: '^[0-9]{9}$|^[0-9]{12}$' }) },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);

/** The channel is shown without the address: that stays with the service that needs it. */
const view = (r: Result) => ({ ...r, returnChannel: { type: r.returnChannel.type, ...(r.returnChannel.postalPointId ? { postalPointId: r.returnChannel.postalPointId } : {}) } });

export function resultRoutes(deps: { store: ServiceStore; transaction: RunReturnTransaction; clock: () => Date }): Router {
  const router = Router();
  router.get('/v1/results', async (req, res) => {
    const query = parseQuery(ResultQuery, req.query);
    res.json({ items: (await findResults(deps.store, query)).map(view) });
  });
  router.post('/v1/results/:id/handover', async (req, res) => {
    const body = parseBody(HandoverBody, req.body);
    res.json(view(await handOver(deps.transaction, req.params.id, body.receivedBy, deps.clock)));
  });
  return router;
}
