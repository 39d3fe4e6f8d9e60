/** Specialist queue: list work items, approve with a result draft, reject with a reason. */
import { Router } from 'express';
import { Type } from '@sinclair/typebox';
import { ResultDraft } from '@motcua/contracts';
import { parseBody, parseQuery } from '@motcua/runtime';
import type { ServiceStore } from '@motcua/storage';
import type { RunProcessingTransaction } from '../../domain/processing.ports';
import { approveWorkItem, rejectWorkItem } from '../../domain/work-item.use-cases';
import { findWorkItems } from '../../data-access/processing.store';

export const WorkItemQuery = Type.Object(
  {
    dossierId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    centreId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    status: Type.Optional(Type.Union([Type.Literal('OPEN'), Type.Literal('AWAITING_SIGNATURE'), Type.Literal('REJECTED'), Type.Literal('DONE')])),
    limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
    offset: Type.Integer({ minimum: 0, default: 0 }),
  },
  { additionalProperties: false },
);
export const ApproveBody = Type.Object({ result: ResultDraft }, { additionalProperties: false });
export const RejectBody = Type.Object({ reason: Type.String({ minLength: 1, maxLength: 500 }) }, { additionalProperties: false });

export function workItemRoutes(deps: { store: ServiceStore; transaction: RunProcessingTransaction; clock: () => Date }): Router {
  const router = Router();
  // Officer identity arrives with the authentication issue; until then actions are recorded as the specialist role.
  const actor = { role: 'specialist' as const };
  router.get('/v1/work-items', async (req, res) => {
    const query = parseQuery(WorkItemQuery, req.query);
    res.json({ items: await findWorkItems(deps.store, query) });
  });
  router.post('/v1/work-items/:id/approve', async (req, res) => {
    const body = parseBody(ApproveBody, req.body);
    res.json(await approveWorkItem(deps.transaction, req.params.id, body.result, actor, deps.clock));
  });
  router.post('/v1/work-items/:id/reject', async (req, res) => {
    const body = parseBody(RejectBody, req.body);
    res.json(await rejectWorkItem(deps.transaction, req.params.id, body.reason, actor, deps.clock));
  });
  return router;
}
