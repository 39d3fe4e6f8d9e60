/** Ops API for dead letters: list per consumer group, replay one or all, discard with a reason, and the audit log. */
import { randomUUID } from 'node:crypto';
import { Router, type Request } from 'express';
import { Type } from '@sinclair/typebox';
import { OFFICER_HEADER, officerFromHeader, type Catalogue, type Officer } from '@motcua/catalogue';
import { maskText } from '@motcua/observability';
import { parseBody, parseQuery, type Clock } from '@motcua/runtime';
import {
  assertOps,
  deadLetterStatuses,
  discardDeadLetter,
  listDeadLetters,
  replayAllDeadLetters,
  replayDeadLetter,
  type DeadLetterDeps,
} from '../../domain/dead-letters.use-cases';
import { deadLetterView } from './dead-letter.mapper';

/** A consumer group name as a dead-letter topic accepts it (contracts' dlqTopic). */
const GroupName = Type.String({ pattern: '^[a-z0-9][a-z0-9._-]*$', maxLength: 200 });

export const DeadLetterListQuerySchema = Type.Object(
  {
    group: Type.Optional(GroupName),
    status: Type.Union(deadLetterStatuses.map((status) => Type.Literal(status)), { default: 'pending' }),
  },
  { additionalProperties: false },
);

export const DeadLetterPositionSchema = Type.Object({ group: GroupName, partition: Type.Integer({ minimum: 0 }), offset: Type.String({ pattern: '^[0-9]{1,19}$' }) });
export const DeadLetterGroupSchema = Type.Object({ group: GroupName });
export const DiscardBodySchema = Type.Object({ reason: Type.String({ minLength: 3, maxLength: 1000 }) }, { additionalProperties: false });
export const AuditQuerySchema = Type.Object(
  {
    group: Type.Optional(GroupName),
    limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
    offset: Type.Integer({ minimum: 0, default: 0 }),
  },
  { additionalProperties: false },
);

export interface DeadLetterRouteDeps {
  catalogue: Catalogue;
  useCases: Omit<DeadLetterDeps, 'clock' | 'newId'>;
  clock: Clock;
}

export function deadLetterRoutes(deps: DeadLetterRouteDeps): Router {
  const router = Router();
  const useCases: DeadLetterDeps = { ...deps.useCases, clock: deps.clock, newId: randomUUID };
  const ops = (req: Request): Officer => {
    const officer = officerFromHeader(deps.catalogue, req.header(OFFICER_HEADER));
    assertOps(officer);
    return officer;
  };

  router.get('/v1/dead-letters', async (req, res) => {
    ops(req);
    const query = parseQuery(DeadLetterListQuerySchema, req.query);
    const items = (await listDeadLetters(useCases, query)).map(deadLetterView);
    res.json({ items, total: items.length, status: query.status, ...(query.group ? { group: query.group } : {}) });
  });
  router.get('/v1/dead-letters/audit', async (req, res) => {
    ops(req);
    const query = parseQuery(AuditQuerySchema, req.query);
    const page = await useCases.actions.page(query);
    res.json({ ...page, limit: query.limit, offset: query.offset });
  });
  router.post('/v1/dead-letters/:group/replay-all', async (req, res) => {
    const officer = ops(req);
    const { group } = parseQuery(DeadLetterGroupSchema, req.params);
    res.json(await replayAllDeadLetters(useCases, officer, group));
  });
  router.post('/v1/dead-letters/:group/:partition/:offset/replay', async (req, res) => {
    const officer = ops(req);
    const { group, partition, offset } = parseQuery(DeadLetterPositionSchema, req.params);
    res.json(await replayDeadLetter(useCases, officer, group, partition, offset));
  });
  router.post('/v1/dead-letters/:group/:partition/:offset/discard', async (req, res) => {
    const officer = ops(req);
    const { group, partition, offset } = parseQuery(DeadLetterPositionSchema, req.params);
    const { reason } = parseBody(DiscardBodySchema, req.body);
    // Free text typed by a person: masked before it is stored, like everything else on ops screens.
    res.json(await discardDeadLetter(useCases, officer, group, partition, offset, maskText(reason)));
  });
  return router;
}
